"""A move document of several lines, keyboard-first: the keeper's receipt, transfer, issue, return and
write-off (``services.stock.moves.post_moves``).

Keys: Tab moves through the fields and into the lines; in the lines, Enter moves to the next cell and
past the last cell opens a new line; after an SKU and Enter the quantity's editor is open. A serial number
sticker scanned into «Товар» becomes its item with the serial filled in (one unit), and the cursor goes
to the next line for the next sticker. Ctrl+S saves; Esc asks before dropping what was typed. Errors of a
line («Строка 2: …») are listed above the lines and the line's cell turns red.

A receipt: choosing «Заказ поставщику» fills «Откуда» (the order's supplier), «Куда» (the warehouse,
when empty) and the lines still expected (``services.stock.drafts.receipt_draft``); the keeper corrects
them to what really came.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import FieldError
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, combo
from mos_desktop.views.common.pickers import RefPicker
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.warehouse.line_table import LineTable, line_buttons

LINE_COLUMNS = ("sku", "quantity", "serials", "defective")

KINDS_FOR_KEEPER = ("receipt", "transfer", "issue", "return", "write_off")


def kind_items() -> dict[str, str]:
    from mos_desktop.services.stock.labels import MOVE_KIND_RU

    return {k: MOVE_KIND_RU[k] for k in KINDS_FOR_KEEPER}


class LocationPicker(RefPicker):
    """A location picker offering only the kinds of place the kind of move connects (a receipt comes from
    a supplier, not from one of the client sites). Loads nothing until told the kinds (``set_kinds``)."""

    kinds: frozenset[str] | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "location", parent)

    def set_kinds(self, kinds: frozenset[str]) -> None:
        if kinds != self.kinds:
            self.kinds = kinds
            self._pending, self.loaded = self.value(), False  # a place set meanwhile waits for the choices
            self.reload()

    def reload(self) -> None:
        from mos_desktop.services.records.options import options

        kinds = self.kinds
        if kinds is not None:  # a chosen place of another kind is dropped when the choices come
            self.ctx.run_db(lambda s: options(s, "location", kinds=kinds), self._fill, owner=self)


def route_kinds(kind: str) -> tuple[frozenset[str], frozenset[str]]:
    """The location kinds a move of ``kind`` may start from and go to (``services.stock.moves.ROUTES``)."""
    from mos_desktop.models import MoveKind
    from mos_desktop.services.stock.moves import ROUTES

    routes = ROUTES[MoveKind(kind)]
    return (
        frozenset(str(k) for source, _target in routes for k in source),
        frozenset(str(k) for _source, target in routes for k in target),
    )


def _place(session: Any, ref: Any) -> tuple[uuid.UUID, str] | None:
    """A location's id and kind by id, code or name (on the worker)."""
    from mos_desktop.services.stock.places import find_location

    found = find_location(session, ref)
    return (found.id, str(found.kind)) if found is not None else None


class MoveDialog(EditDialog):
    def __init__(self, ctx: AppContext, kind: str = "transfer", parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from mos_desktop.services.stock.labels import MOVE_LABELS

        self.labels = MOVE_LABELS
        self.setWindowTitle("Движение товара")
        self.setMinimumWidth(900)
        form = QFormLayout()
        self.form_layout = form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f = self.fields
        f.add(form, "kind", MOVE_LABELS["kind"], combo(kind_items()))
        f.add(form, "from_location", MOVE_LABELS["from_location"], LocationPicker(ctx))
        f.add(form, "to_location", MOVE_LABELS["to_location"], LocationPicker(ctx))
        f.add(form, "moved_on", MOVE_LABELS["moved_on"], OptionalDateEdit())
        f.add(form, "purchase_order_id", MOVE_LABELS["purchase_order_id"], RefPicker(ctx, "purchase_order"))
        f.add(form, "note", MOVE_LABELS["note"], QLineEdit())
        f.add(form, "accepted_by", MOVE_LABELS["accepted_by"], QLineEdit())
        f.add(form, "discrepancy_note", MOVE_LABELS["discrepancy_note"], QLineEdit())
        self.fields.widgets["kind"].currentIndexChanged.connect(lambda _i: self._kind_changed())  # type: ignore[attr-defined]
        self.fields.widgets["purchase_order_id"].changed.connect(self._order_chosen)  # type: ignore[attr-defined]
        self._drafted: tuple[Any, list[tuple[str, str]]] = (
            None,
            [],
        )  # the order drafted, its lines as filled
        self._draft_clean = False  # a draft preset from the order's list: nothing typed yet when it comes

        self.lines = LineTable(
            LINE_COLUMNS,
            MOVE_LABELS,
            self,
            defaults={"quantity": "1", "defective": "0"},
            stretch=("sku", "serials"),
            filled_by=("sku", "serials"),  # serials without an item: the command says what is missing
        )
        self.lines.setObjectName("moveLines")
        self.lines.load_items(ctx)  # type-to-search in the item column
        self.lines.itemChanged.connect(self._line_changed)
        for name, tip in (
            ("sku", "Артикул или часть названия; можно сканером: код и Enter"),
            ("serials", "По одному на единицу, через пробел"),
        ):
            header = self.lines.horizontalHeaderItem(LINE_COLUMNS.index(name))
            if header is not None:
                header.setToolTip(tip)
        buttons_row, _buttons = line_buttons(
            self,
            "Строки документа:",
            ("Добавить строку", self.lines.add_line),
            ("Удалить строку", self.lines.remove_line),
        )

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons_row)
        layout.addWidget(self.lines, 1)
        layout.addLayout(bottom)

        self.fill({"kind": kind, "moved_on": ctx.today()})
        self._kind_changed()

    def preset_order(self, order_id: Any, lines: list[tuple[str, int]]) -> None:
        """A receipt against ``order_id`` with what it still expects filled in: (SKU, units) per line
        (the places follow when the order's draft is read). Nothing counts as typed yet: closing asks
        nothing until the keeper changes something."""
        self.fields.set("kind", "receipt")
        self._draft_clean = True
        self.fields.set("purchase_order_id", order_id)
        filled = [(sku, str(units)) for sku, units in lines]
        for row, (sku, units_text) in enumerate(filled):
            self.set_line(row, sku=sku, quantity=units_text)
        self._drafted = (order_id, filled)
        self.mark_clean()

    def apply_preset(self, preset: dict[str, Any]) -> None:
        """From the selected balance row: its item on the first line and its place (``from_location``: an
        id, code or name) as «Откуда»; a place the kind of move cannot start from (a client's site for a
        transfer) makes it the first kind that can (a return). Nothing counts as typed yet."""
        sku = str(preset.get("sku") or "")
        if sku:
            self.set_line(0, sku=sku)
        self.mark_clean()
        place = preset.get("from_location")
        if place:
            self.ctx.run_db(lambda s: _place(s, place), self._place_found, owner=self)

    def _place_found(self, place: tuple[uuid.UUID, str] | None) -> None:
        if place is None:
            return
        clean = not self.is_dirty()
        location_id, location_kind = place
        if location_kind not in route_kinds(str(self.fields.get("kind")))[0]:
            fits = [k for k in KINDS_FOR_KEEPER if location_kind in route_kinds(k)[0]]
            if fits:
                self.fields.set("kind", fits[0])
        self.fields.set("from_location", location_id)
        if clean:
            self.mark_clean()

    # --- a receipt against an order ------------------------------------------------------------
    def _order_chosen(self) -> None:
        """An order chosen for a receipt: read what it expects (``services.stock.drafts``) and fill in."""
        order_id = self.fields.get("purchase_order_id")
        if self.fields.get("kind") != "receipt" or not isinstance(order_id, uuid.UUID):
            return
        from mos_desktop.services.stock.drafts import receipt_draft

        self.ctx.run_db(
            lambda s: receipt_draft(s, order_id), self._apply_draft, self._draft_failed, owner=self
        )

    def _apply_draft(self, draft: Any) -> None:
        """From the order's supplier (when it has a place yet), to the warehouse when «Куда» is empty, and
        the lines still expected — unless the keeper typed lines of their own (they are kept)."""
        if self.fields.get("purchase_order_id") != draft.order_id:
            return  # another order chosen meanwhile
        if draft.from_location_id is not None:
            self.fields.set("from_location", draft.from_location_id)
        else:  # no place for the supplier yet: the receipt makes it
            self.fields.set("from_location", None)
        if self.fields.get("to_location") is None and draft.to_location_id is not None:
            self.fields.set("to_location", draft.to_location_id)
        typed = [(v["sku"], v["quantity"]) for v in self.line_values()]
        if not typed or typed == self._drafted[1]:
            filled = [(line.sku, str(line.units)) for line in draft.lines]
            self._set_lines(filled)
            self._drafted = (draft.order_id, filled)
        if self._draft_clean:
            self._draft_clean = False
            self.mark_clean()

    def _draft_failed(self, exc: BaseException) -> None:
        errors = getattr(exc, "errors", None)
        if errors:
            self.fields.show_errors(list(errors))
        else:
            self.ctx.status_message.emit(f"Заказ не прочитан: {exc}")

    def _set_lines(self, lines: list[tuple[str, str]]) -> None:
        table = self.lines
        table.blockSignals(True)
        table.setRowCount(0)
        table.blockSignals(False)
        for row, (sku, units) in enumerate(lines):
            self.set_line(row, sku=sku, quantity=units)
        if table.rowCount() == 0:
            table.add_line()

    # --- a scanned serial number -------------------------------------------------------------------
    def _line_changed(self, cell: QTableWidgetItem) -> None:
        """A code in the item cell that is no known SKU may be a serial number sticker: ask the ledger,
        and when it knows the serial, the line becomes one unit of its item with that serial."""
        if cell.column() != LINE_COLUMNS.index("sku"):
            return
        code = cell.text().strip()
        known = {sku.casefold() for sku in self.lines.item_delegate.skus.values()}
        if not code or code.casefold() in known:
            return
        from mos_desktop.services.stock.drafts import scanned_serial

        row = cell.row()
        self.ctx.run_db(
            lambda s: scanned_serial(s, code), lambda hit: self._serial_found(row, code, hit), owner=self
        )

    def _serial_found(self, row: int, code: str, hit: Any) -> None:
        lines = self.lines
        if hit is None or row >= lines.rowCount() or lines.text(row, "sku") != code:
            return
        if lines.state() == lines.State.EditingState and lines.currentRow() == row:
            lines.setCurrentCell(row, LINE_COLUMNS.index("sku"))  # the open cell editor commits first
        lines.cell(row, "sku").setText(hit.sku)
        lines.cell(row, "quantity").setText("1")
        lines.cell(row, "serials").setText(hit.serial)
        if lines.currentRow() == row:  # on to the next line: ready for the next sticker
            lines.setCurrentCell(min(row + 1, lines.rowCount() - 1), LINE_COLUMNS.index("sku"))

    # --- lines ------------------------------------------------------------------------------------
    def set_line(self, row: int, **values: str) -> None:
        self.lines.set_line(row, **values)

    def line_values(self) -> list[dict[str, str]]:
        return self.lines.line_values()

    def _kind_changed(self) -> None:
        kind = self.fields.get("kind")
        receipt = kind == "receipt"
        sources, targets = route_kinds(str(kind))
        self.fields.widgets["from_location"].set_kinds(sources)  # type: ignore[attr-defined]
        self.fields.widgets["to_location"].set_kinds(targets)  # type: ignore[attr-defined]
        for name in ("purchase_order_id", "accepted_by", "discrepancy_note"):
            self.fields.widgets[name].setEnabled(receipt)
            box = self.fields.widgets[name].parentWidget()  # the field with its error line
            if box is not None:
                self.form_layout.setRowVisible(box, receipt)  # receipt-only fields shown for receipts
        self.lines.setColumnHidden(LINE_COLUMNS.index("defective"), not receipt)

    # --- values and save -----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        values = super().values()
        values["lines"] = (
            tuple(tuple(sorted(v.items())) for v in self.line_values()) if hasattr(self, "lines") else ()
        )
        return values

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

        v = super().values()
        receipt = v["kind"] == "receipt"
        form = MoveForm(
            kind=str(v["kind"]),
            from_location=v["from_location"] or None,
            to_location=v["to_location"] or None,
            lines=[
                MoveLineForm(
                    sku=line["sku"],
                    quantity=line["quantity"],
                    serials=line["serials"],
                    defective=line["defective"] if receipt else "0",
                )
                for line in self.line_values()
            ],
            moved_on=v["moved_on"],
            note=str(v["note"] or ""),
            purchase_order_id=v["purchase_order_id"] if receipt and v["purchase_order_id"] else None,
            accepted_by=str(v["accepted_by"] or "") if receipt else "",
            discrepancy_note=str(v["discrepancy_note"] or "") if receipt else "",
            series=self.ctx.settings.document_series,
        )
        self.lines.clear_marks()
        return post_moves, form

    def _field_errors(self, errors: list[FieldError]) -> None:
        """Line errors listed above the lines (their cells tinted); the others under their fields."""
        general, rest = self.lines.mark_errors(errors)
        super()._field_errors(rest + general)
