"""«Внести платёж…» on Поступления: a payment typed by hand (a phone notification, cash) through
``record_payment``; with «Разнести по назначению» it goes to the invoices the bank import would match."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit
from mos_desktop.views.common.pickers import RefPicker
from mos_desktop.views.common.record_dialog import EditDialog

PAYMENT_LABELS = {
    "client_id": "Клиент",
    "amount": "Сумма, ₽ *",
    "received_on": "Дата поступления *",
    "payer_name": "Плательщик",
    "payer_inn": "ИНН плательщика",
    "purpose": "Назначение платежа",
    "bank_doc_number": "Номер платёжного поручения",
    "auto_allocate": "Разнести по назначению",
}


class PaymentDialog(EditDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Платёж вручную")
        self.setMinimumWidth(520)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f = self.fields
        f.add(form, "client_id", PAYMENT_LABELS["client_id"], RefPicker(ctx, "client"))
        amount = QLineEdit()
        amount.setPlaceholderText("например 12 000,00")
        f.add(form, "amount", PAYMENT_LABELS["amount"], amount)
        f.add(form, "received_on", PAYMENT_LABELS["received_on"], OptionalDateEdit())
        payer = QLineEdit()
        payer.setPlaceholderText("пусто — название клиента")
        f.add(form, "payer_name", PAYMENT_LABELS["payer_name"], payer)
        inn = QLineEdit()
        inn.setPlaceholderText("пусто — ИНН клиента")
        f.add(form, "payer_inn", PAYMENT_LABELS["payer_inn"], inn)
        purpose = QLineEdit()
        purpose.setPlaceholderText("например «Оплата по счёту № С-15 от 15.11.2026»")
        f.add(form, "purpose", PAYMENT_LABELS["purpose"], purpose)
        f.add(form, "bank_doc_number", PAYMENT_LABELS["bank_doc_number"], QLineEdit())
        auto = QCheckBox("на счета с номером из назначения и совпадающей суммой")
        f.add(form, "auto_allocate", PAYMENT_LABELS["auto_allocate"], auto)
        self.save_button.setText("Записать платёж")
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fill({"received_on": ctx.today(), "auto_allocate": True})
        f.widgets["client_id"].setFocus()

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.payments.allocation import ManualPaymentForm, record_payment

        v = self.values()
        received = v["received_on"]
        return record_payment, ManualPaymentForm(
            received_on=received if received is not None else "",
            amount=str(v["amount"] or ""),
            client_id=v["client_id"],
            payer_inn=str(v["payer_inn"] or ""),
            payer_name=str(v["payer_name"] or ""),
            purpose=str(v["purpose"] or ""),
            bank_doc_number=str(v["bank_doc_number"] or ""),
            auto_allocate=bool(v["auto_allocate"]),
        )
