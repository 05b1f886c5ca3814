"""A new purchase order (``services.purchasing.ordering.create_order``): the supplier, dates, lines typed
or scanned like the move document, each line's price defaulting to the supplier's current offer, the total.

Keys: Tab walks the fields into the lines; in the lines Enter moves on and past the last cell opens a new
line; Ctrl+S saves; Esc asks before dropping what was typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import FieldError
from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit
from mos_desktop.views.common.pickers import RefPicker
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.warehouse.line_table import LineTable, line_buttons

COLUMNS = ("sku", "name", "quantity", "price", "amount")


class OrderDialog(EditDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from mos_desktop.services.purchasing.ordering import ORDER_LABELS

        labels = {**ORDER_LABELS, "name": "Наименование"}
        self.setWindowTitle("Новый заказ поставщику")
        self.setMinimumWidth(860)
        self.offers: dict[str, int] = {}  # SKU → the supplier's current price, kopecks
        self.names: dict[str, str] = {}  # lower-case SKU → item name
        self.auto_price: set[int] = set()  # rows whose price came from the offer (follow the supplier)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f = self.fields
        f.add(form, "supplier_id", labels["supplier_id"] + " *", RefPicker(ctx, "supplier"))
        f.add(form, "expected_ship_on", labels["expected_ship_on"], OptionalDateEdit())
        f.add(form, "expected_on", labels["expected_on"], OptionalDateEdit())
        f.add(form, "notes", labels["notes"], QLineEdit())
        f.add(form, "non_standard", "", QCheckBox(labels["non_standard"]))
        f.add(form, "remote_acceptance", "", QCheckBox(labels["remote_acceptance"]))
        self.fields.widgets["supplier_id"].changed.connect(self._supplier_changed)  # type: ignore[attr-defined]

        self.lines = LineTable(
            COLUMNS, labels, self, defaults={"quantity": "1"}, read_only=("name", "amount"), stretch=("name",)
        )
        self.lines.setObjectName("orderLines")
        self.lines.load_items(ctx)  # type-to-search in the item column
        for name, width in (("sku", 160), ("quantity", 100), ("price", 120), ("amount", 120)):
            self.lines.setColumnWidth(COLUMNS.index(name), width)
        header = self.lines.horizontalHeaderItem(COLUMNS.index("price"))
        if header is not None:
            header.setToolTip("Пусто — текущая цена этого поставщика")
        self.lines.itemChanged.connect(self._line_changed)
        buttons_row, _buttons = line_buttons(
            self,
            "Строки заказа:",
            ("Добавить строку", self.lines.add_line),
            ("Удалить строку", self._remove_line),
        )
        self.total = QLabel(self)
        self.total.setObjectName("orderTotal")
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons_row)
        layout.addWidget(self.lines, 1)
        layout.addLayout(bottom)
        self.fill({})
        self._update_total()
        from mos_desktop.services.purchasing.ordering import item_names

        ctx.run_db(item_names, self._names_loaded, owner=self)

    def _remove_line(self) -> None:
        self.lines.remove_line()
        self._update_total()

    # --- what the worker tells ----------------------------------------------------------------------
    def _names_loaded(self, names: dict[str, str]) -> None:
        self.names = names
        for row in self.lines.filled_rows():
            self._describe(row)

    def _supplier_changed(self) -> None:
        from mos_desktop.services.purchasing.ordering import supplier_prices

        supplier = self.fields.get("supplier_id")
        if not isinstance(supplier, uuid.UUID):
            self._offers_loaded({})
            return
        today = self.ctx.today()
        self.ctx.run_db(lambda s: supplier_prices(s, supplier, today=today), self._offers_loaded, owner=self)

    def _offers_loaded(self, offers: dict[str, int]) -> None:
        self.offers = {sku.casefold(): price for sku, price in offers.items()}
        for row in self.lines.filled_rows():
            if row in self.auto_price or not self.lines.text(row, "price"):
                self._default_price(row)
        self._update_total()

    # --- lines --------------------------------------------------------------------------------------
    def _line_changed(self, item: Any) -> None:
        row, name = item.row(), COLUMNS[item.column()]
        if name == "sku":
            self._describe(row)
            if row in self.auto_price or not self.lines.text(row, "price"):
                self._default_price(row)
        elif name == "price":
            self.auto_price.discard(row)
        self._update_total()

    def _describe(self, row: int) -> None:
        sku = self.lines.text(row, "sku")
        name = self.names.get(sku.casefold(), "") if sku else ""
        self.lines.set_text(row, "name", name or ("нет такого артикула" if sku and self.names else ""))

    def _default_price(self, row: int) -> None:
        price = self.offers.get(self.lines.text(row, "sku").casefold())
        self.lines.set_text(row, "price", format_rub(price, symbol=False) if price is not None else "")
        if price is not None:
            self.auto_price.add(row)
        else:
            self.auto_price.discard(row)

    def _update_total(self) -> None:
        total = count = 0
        unknown = False
        for row in self.lines.filled_rows():
            count += 1
            try:
                amount = int(self.lines.text(row, "quantity")) * parse_rub(self.lines.text(row, "price"))
            except (ValueError, MoneyFormatError):
                self.lines.set_text(row, "amount", "")
                unknown = True
                continue
            self.lines.set_text(row, "amount", format_rub(amount, symbol=False))
            total += amount
        text = f"Итого: {count} стр. на {format_rub(total)}"
        self.total.setText(text + (" (не у всех строк есть цена и количество)" if unknown else ""))

    # --- values and save ------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        values = super().values()
        if hasattr(self, "lines"):
            values["lines"] = tuple(tuple(sorted(v.items())) for v in self.lines.line_values())
        return values

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.purchasing.ordering import OrderForm, OrderLineForm, create_order

        v = super().values()
        form = OrderForm(
            supplier_id=v["supplier_id"],
            lines=[
                OrderLineForm(line["sku"], line["quantity"], line["price"])
                for line in self.lines.line_values()
            ],
            expected_on=v["expected_on"],
            notes=str(v["notes"] or ""),
            non_standard=bool(v["non_standard"]),
            expected_ship_on=v["expected_ship_on"],
            remote_acceptance=bool(v["remote_acceptance"]),
            series=self.ctx.settings.document_series,
        )
        self.lines.clear_marks()
        return create_order, form

    def _field_errors(self, errors: list[FieldError]) -> None:
        lines, rest = self.lines.mark_errors(errors)
        super()._field_errors(rest + lines)
