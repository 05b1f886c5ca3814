"""A Dostavista balance entry: a top-up or a delivery's charge (``add_dostavista_entry``); a wrong entry
is reversed from the list, never edited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, combo
from mos_desktop.views.common.record_dialog import EditDialog

DOSTAVISTA_LABELS = {
    "kind": "Операция",
    "amount": "Сумма, ₽",
    "on": "Дата",
    "order_number": "Номер заказа Достависты",
    "note": "Заметка",
}
KINDS = {"topup": "Пополнение баланса", "charge": "Списание за доставку"}


class DostavistaDialog(EditDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Баланс Достависты")
        self.setMinimumWidth(460)
        form = QFormLayout()
        f = self.fields
        f.add(form, "kind", DOSTAVISTA_LABELS["kind"], combo(KINDS))
        amount = QLineEdit()
        amount.setPlaceholderText("например 5 000,00")
        f.add(form, "amount", DOSTAVISTA_LABELS["amount"], amount)
        f.add(form, "on", DOSTAVISTA_LABELS["on"], OptionalDateEdit())
        f.add(form, "order_number", DOSTAVISTA_LABELS["order_number"], QLineEdit())
        f.add(form, "note", DOSTAVISTA_LABELS["note"], QLineEdit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fill({"kind": "topup", "on": ctx.today()})
        f.widgets["amount"].setFocus()

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.payments.dostavista import DostavistaForm, add_dostavista_entry

        v = self.values()
        return add_dostavista_entry, DostavistaForm(
            kind=str(v["kind"]),
            amount=str(v["amount"] or ""),
            on=v["on"],
            order_number=str(v["order_number"] or ""),
            note=str(v["note"] or ""),
        )
