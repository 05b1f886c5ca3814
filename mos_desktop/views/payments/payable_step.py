"""«Статус…» on К оплате: the payable's next step — entered into ПФ, payment task set, paid, or cancelled —
with its date, through ``services.payments.payables.payable_step``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, combo
from mos_desktop.views.common.record_dialog import EditDialog

STEPS = {
    "in_plan": "Внесён в ПФ",
    "task": "Задача на оплату поставлена",
    "paid": "Оплачен",
    "cancel": "Отменён",
}
# the list's status text → the step that usually comes next
NEXT_STEP = {"получен": "in_plan", "в ПФ": "paid"}


class PayableStepDialog(EditDialog):
    def __init__(
        self,
        ctx: AppContext,
        payable_id: uuid.UUID,
        title: str,
        status: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.payable_id = payable_id
        self.setWindowTitle("Статус счёта к оплате")
        self.setMinimumWidth(460)
        summary = QLabel(f"<b>{title}</b>" + (f"<br>Сейчас: {status}" if status else ""), self)
        summary.setWordWrap(True)
        form = QFormLayout()
        f = self.fields
        f.add(form, "step", "Шаг", combo(STEPS))
        f.add(form, "on", "Дата", OptionalDateEdit())
        self.save_button.setText("Записать")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fill({"step": NEXT_STEP.get(status, "in_plan"), "on": ctx.today()})
        f.widgets["step"].setFocus()

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.payments.payables import PayableStepForm, payable_step

        v = self.values()
        return payable_step, PayableStepForm(self.payable_id, str(v["step"]), v["on"])
