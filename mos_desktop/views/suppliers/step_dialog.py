"""«Статус…» of a purchase order: the steps it may take now (``allowed_steps``) and the fields a step needs
(the supplier's invoice number, amount and due date when the invoice arrives; the expected arrival when
it ships), through ``services.purchasing.orders.step_order``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mos_desktop.money import format_rub
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, combo
from mos_desktop.views.common.record_dialog import EditDialog

# the fields each target state asks for (the others are hidden)
STEP_FIELDS = {
    "invoice_received": ("invoice_number", "invoice_amount", "due_on"),
    "shipped": ("expected_on",),
}
OPTIONAL = ("invoice_number", "invoice_amount", "due_on", "expected_on")


class OrderStepDialog(EditDialog):
    def __init__(self, ctx: AppContext, order_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from mos_desktop.services.purchasing.ordering import ORDER_LABELS

        self.order_id = order_id
        self.state: Any = None
        self.setWindowTitle("Статус заказа поставщику")
        self.setMinimumWidth(520)
        self.save_button.setText("Перевести")
        self.save_button.setToolTip("Перевести заказ в выбранный статус (Enter, Ctrl+S)")
        self.summary = QLabel("Загрузка…", self)
        self.summary.setObjectName("orderSummary")
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_layout = form
        f = self.fields
        f.add(form, "status", ORDER_LABELS["status"], combo({}))
        f.add(form, "on", ORDER_LABELS["on"], OptionalDateEdit())
        f.add(form, "invoice_number", ORDER_LABELS["invoice_number"] + " *", QLineEdit())
        f.add(form, "invoice_amount", ORDER_LABELS["invoice_amount"] + " *", QLineEdit())
        f.add(form, "due_on", ORDER_LABELS["due_on"], OptionalDateEdit())
        f.add(form, "expected_on", ORDER_LABELS["expected_on"], OptionalDateEdit())
        f.add(form, "note", ORDER_LABELS["note"], QLineEdit())
        f.widgets["status"].currentIndexChanged.connect(lambda _i: self._status_changed())  # type: ignore[attr-defined]
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addLayout(bottom)
        self.set_enabled(False)
        from mos_desktop.services.purchasing.ordering import order_state

        ctx.run_db(lambda s: order_state(s, order_id), self._loaded, self.load_failed, owner=self)

    def _loaded(self, state: Any) -> None:
        self.state = state
        self.summary.setText(
            f"Заказ {state.number}, «{state.supplier}» на {format_rub(state.total_kop)}.\n"
            f"Сейчас: «{state.status_text}»."
            + ("" if state.steps else " Заказ закрыт или отменён — менять нечего.")
        )
        box = self.fields.widgets["status"]
        box.blockSignals(True)
        for value, text in state.steps:
            box.addItem(text, value)  # type: ignore[attr-defined]
        box.blockSignals(False)
        amount = state.invoice_kop or state.total_kop
        self.fill(
            {
                "status": state.steps[0][0] if state.steps else None,
                "on": self.ctx.today(),
                "invoice_number": state.invoice_number,
                "invoice_amount": format_rub(amount, symbol=False) if amount else "",
                "expected_on": state.expected_on,
            }
        )
        if not state.steps:
            self.set_enabled(False)
        self._status_changed()
        box.setFocus()

    def select_step(self, status: str) -> None:
        self.fields.set("status", status)

    def _status_changed(self) -> None:
        wanted = STEP_FIELDS.get(str(self.fields.get("status") or ""), ())
        for name in OPTIONAL:
            box = self.fields.widgets[name].parentWidget()
            if box is not None:
                self.form_layout.setRowVisible(box, name in wanted)

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.purchasing.orders import OrderStepForm, step_order

        v = self.values()
        status = str(v["status"] or "")
        if not status:
            return None
        wanted = STEP_FIELDS.get(status, ())
        form = OrderStepForm(
            self.order_id,
            status,
            v["on"],
            note=str(v["note"] or ""),
            invoice_number=str(v["invoice_number"] or "") if "invoice_number" in wanted else "",
            invoice_amount=str(v["invoice_amount"] or "") if "invoice_amount" in wanted else "",
            due_on=v["due_on"] if "due_on" in wanted else None,
            expected_on=v["expected_on"] if "expected_on" in wanted else None,
        )
        return step_order, form
