"""A stock count (``services.stock.counts``): the keeper picks a location, the sheet fills with what the
ledger expects there, the keeper types or scans what is found (serial items: their serials), «Сохранить»
keeps the count open, «Провести…» posts the differences as adjustments after a confirmation.

A line left without a figure (and without serials) is not counted: it changes nothing. Keys as in the
move document: Enter walks the editable cells and past the last one opens a new line; Ctrl+S saves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import FieldError
from mos_desktop.views.common.confirm import confirm
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.common.pickers import RefPicker
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.warehouse.line_table import LineTable, line_buttons

COLUMNS = ("sku", "name", "expected", "counted", "serials", "difference")
TITLES = {
    "sku": "Товар (артикул)",
    "name": "Наименование",
    "expected": "По учёту",
    "counted": "Фактически",
    "serials": "Серийные номера (найденные)",
    "difference": "Расхождение",
}


def _split(text: str) -> list[str]:
    return [s for s in text.replace(",", " ").replace(";", " ").split() if s]


class CountDialog(EditDialog):
    def __init__(
        self, ctx: AppContext, count_id: uuid.UUID | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        from mos_desktop.services.stock.labels import MOVE_LABELS

        self.count_id = count_id
        self.sheet: Any = None
        self.expected: dict[str, Any] = {}  # lower-case SKU → SheetLine of the loaded sheet
        self.names: dict[str, str] = {}
        self.closed = False
        self.confirm_box: Any = None
        self.setWindowTitle("Инвентаризация" if count_id is None else "Инвентаризация (сохранённая)")
        self.setMinimumWidth(940)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f = self.fields
        f.add(form, "location", MOVE_LABELS["location"] + " *", RefPicker(ctx, "location"))
        f.add(form, "counted_on", MOVE_LABELS["counted_on"], OptionalDateEdit())
        f.add(form, "note", "Примечание", QLineEdit())
        self.state_label = QLabel(self)
        self.state_label.setObjectName("countState")
        self.state_label.setWordWrap(True)

        self.lines = LineTable(
            COLUMNS, TITLES, self, read_only=("name", "expected", "difference"), stretch=("name", "serials")
        )
        self.lines.setObjectName("countLines")
        self.lines.load_items(ctx)  # type-to-search in the item column
        for name, width in (("sku", 150), ("expected", 90), ("counted", 100), ("difference", 110)):
            self.lines.setColumnWidth(COLUMNS.index(name), width)
        self.lines.itemChanged.connect(self._line_changed)
        buttons_row, (self.fill_button, self.add_button) = line_buttons(
            self,
            "Что найдено (пустая строка — не считали):",
            ("Заполнить по учёту", self.load_sheet),
            ("Добавить строку", self.lines.add_line),
        )
        self.fill_button.setToolTip("Строки — всё, что числится в этом месте на дату инвентаризации")

        self.post_button = QPushButton("Провести…", self)
        self.post_button.setAutoDefault(False)
        self.post_button.setToolTip("Провести расхождения корректировками (после подтверждения)")
        self.post_button.clicked.connect(self.ask_post)
        self.save_button.setToolTip("Сохранить, не проводя (Ctrl+S)")
        self.totals = QLabel(self)
        self.totals.setObjectName("countTotals")
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.post_button)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.state_label)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons_row)
        layout.addWidget(self.lines, 1)
        layout.addLayout(bottom)
        self.state_label.hide()

        from mos_desktop.services.purchasing.ordering import item_names

        ctx.run_db(item_names, self._names_loaded, owner=self)
        if count_id is None:
            self.fill({"counted_on": ctx.today()})
            self.fields.widgets["location"].changed.connect(self._location_changed)  # type: ignore[attr-defined]
        else:
            from mos_desktop.services.stock.counts import load_count

            self.set_enabled(False)
            ctx.run_db(lambda s: load_count(s, count_id), self._count_loaded, self.load_failed, owner=self)
        self._update_totals()

    # --- loading --------------------------------------------------------------------------------------
    def _names_loaded(self, names: dict[str, str]) -> None:
        self.names = names
        for row in self.lines.filled_rows():
            self._describe(row)

    def _location_changed(self) -> None:
        if not any(values["counted"] or values["serials"] for values in self.lines.line_values()):
            self.load_sheet()

    def load_sheet(self) -> None:
        from mos_desktop.services.stock.counts import count_sheet

        location = self.fields.get("location")
        if not isinstance(location, uuid.UUID):
            return
        chosen = self.fields.get("counted_on")
        on = chosen if isinstance(chosen, date) else self.ctx.today()
        self.ctx.run_db(
            lambda s: count_sheet(s, location, on), self._sheet_loaded, self.load_failed, owner=self
        )

    def _sheet_loaded(self, sheet: Any) -> None:
        """Lines for what the ledger expects; figures already typed for the same SKU are kept."""
        typed = {v["sku"].casefold(): v for v in self.lines.line_values()}
        self._show_sheet(sheet)
        row = len(sheet.lines)
        for sku, values in typed.items():
            if sku not in self.expected:
                self.lines.set_line(
                    row, sku=values["sku"], counted=values["counted"], serials=values["serials"]
                )
                row += 1
            else:
                index = next(i for i, line in enumerate(sheet.lines) if line.sku.casefold() == sku)
                self.lines.set_line(index, counted=values["counted"], serials=values["serials"])

    def _count_loaded(self, sheet: Any) -> None:
        self.fill({"location": sheet.location_id, "counted_on": sheet.counted_on, "note": sheet.note})
        self._show_sheet(sheet)
        self.closed = sheet.closed
        if sheet.closed:
            self.state_label.setText(
                f"Инвентаризация проведена (документ {sheet.document_ref or 'без корректировок'}): "
                "изменить её нельзя. Новое расхождение — новая инвентаризация."
            )
            self.state_label.show()
            self.set_enabled(False)
            self.lines.setEnabled(True)
            self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.add_button.hide()
            self.cancel_button.setText("Закрыть")
            for row in reversed(range(self.lines.rowCount())):
                if not self.lines.text(row, "sku") and self.lines.rowCount() > 1:
                    self.lines.removeRow(row)
        self.mark_clean()

    def _show_sheet(self, sheet: Any) -> None:
        self.sheet = sheet
        self.expected = {line.sku.casefold(): line for line in sheet.lines}
        self.lines.blockSignals(True)
        self.lines.setRowCount(0)
        self.lines.blockSignals(False)
        for row, line in enumerate(sheet.lines):
            counted = "" if line.counted is None or line.serial_tracked else str(line.counted)
            self.lines.set_line(row, sku=line.sku, counted=counted, serials=line.serials)
        if not sheet.lines:
            self.lines.add_line()
        for row in self.lines.filled_rows():
            self._describe(row)
        self._update_totals()

    # --- lines ----------------------------------------------------------------------------------------
    def _line_changed(self, item: Any) -> None:
        row = item.row()
        if COLUMNS[item.column()] == "sku":
            self._describe(row)
        self._difference(row)
        self._update_totals()

    def _describe(self, row: int) -> None:
        sku = self.lines.text(row, "sku")
        line = self.expected.get(sku.casefold())
        name = line.name if line is not None else self.names.get(sku.casefold(), "")
        if sku and not name and self.names:
            name = "нет такого артикула"
        self.lines.set_text(row, "name", name)
        self.lines.set_text(row, "expected", str(line.expected) if line is not None else ("0" if sku else ""))
        cell = self.lines.cell(row, "expected")
        cell.setToolTip(
            "Числятся: " + " ".join(line.expected_serials)
            if line is not None and line.expected_serials
            else ""
        )
        self._difference(row)

    def _found(self, row: int) -> int | None:
        """Units found on a line; None when it was not counted (or the figure is not a number)."""
        sku = self.lines.text(row, "sku").casefold()
        serials, counted = self.lines.text(row, "serials"), self.lines.text(row, "counted")
        line = self.expected.get(sku)
        if (line is not None and line.serial_tracked) or serials:
            return len(set(_split(serials))) if serials or counted else None
        return int(counted) if counted.isdigit() else None

    def _difference(self, row: int) -> None:
        found = self._found(row)
        if found is None or not self.lines.text(row, "sku"):
            self.lines.set_text(row, "difference", "")
            return
        line = self.expected.get(self.lines.text(row, "sku").casefold())
        diff = found - (line.expected if line is not None else 0)
        self.lines.set_text(row, "difference", f"{diff:+d}" if diff else "0")

    def _diffs(self) -> tuple[int, int, int]:
        """(units short, units over, lines not counted)."""
        short = over = missing = 0
        for row in self.lines.filled_rows():
            found = self._found(row)
            if found is None:
                missing += 1
                continue
            line = self.expected.get(self.lines.text(row, "sku").casefold())
            diff = found - (line.expected if line is not None else 0)
            short += max(0, -diff)
            over += max(0, diff)
        return short, over, missing

    def _update_totals(self) -> None:
        short, over, missing = self._diffs()
        text = f"Недостача: {short} ед., излишек: {over} ед."
        if missing:
            text += f" Не посчитано строк: {missing}."
        self.totals.setText(text)

    # --- values, save and post ------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        values = super().values()
        if hasattr(self, "lines"):
            values["lines"] = tuple(
                (v["sku"], v["counted"], v["serials"])
                for v in self.lines.line_values()
                if v["counted"] or v["serials"]
            )
        return values

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled and not getattr(self, "closed", False))
        if hasattr(self, "post_button"):
            self.post_button.setEnabled(enabled and not self.closed)
            self.fill_button.setEnabled(enabled and not self.closed)

    def count_form(self) -> Any:
        from mos_desktop.services.stock.counts import CountForm, CountLineForm

        v = super().values()
        counted = [(r, v) for r, v in zip(self.lines.filled_rows(), self.lines.line_values(), strict=True)]
        self._sent_rows = [r for r, line in counted if line["counted"] or line["serials"]]
        return CountForm(
            location=v["location"],
            counted_on=v["counted_on"],
            lines=[
                CountLineForm(line["sku"], line["counted"] or "0", line["serials"])
                for _r, line in counted
                if line["counted"] or line["serials"]
            ],
            note=str(v["note"] or ""),
            count_id=self.count_id,
        )

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.stock.counts import save_count

        self.lines.clear_marks()
        return save_count, self.count_form()

    def ask_post(self) -> None:
        short, over, missing = self._diffs()
        where = self.sheet.location if self.sheet is not None else ""
        info = f"Недостача {short} ед. спишется, излишек {over} ед. оприходуется корректировками."
        if missing:
            info += f" Непосчитанные строки ({missing}) ничего не изменят."
        self.confirm_box = confirm(
            self,
            "Провести инвентаризацию",
            f"Провести инвентаризацию «{where}»?" if where else "Провести инвентаризацию?",
            info + " Провести можно один раз.",
            "Провести",
            self.post,
        )

    def post(self) -> None:
        from mos_desktop.services.stock.counts import PostCountForm, post_count

        self.fields.clear_errors()
        self.lines.clear_marks()
        form = PostCountForm(self.count_form(), self.ctx.settings.document_series)
        self.set_enabled(False)
        (
            CommandOp(self.ctx, post_count, form, parent=self)
            .success(self._saved)
            .field_errors(self._field_errors)
            .failure(self._failure)
            .run()
        )

    def _field_errors(self, errors: list[FieldError]) -> None:
        rows = getattr(self, "_sent_rows", [])
        mapped = []
        for error in errors:  # the command numbers the lines it got: back to the rows on screen
            if error.field.startswith("lines[") and "]" in error.field:
                index = int(error.field[6 : error.field.index("]")])
                if index < len(rows):
                    filled = self.lines.filled_rows().index(rows[index])
                    error = FieldError(
                        f"lines[{filled}]{error.field[error.field.index(']') + 1 :]}", error.message
                    )
            mapped.append(error)
        lines, rest = self.lines.mark_errors(mapped)
        super()._field_errors(rest + lines)
