"""Logging a collection call (process 2): the outcome, a promised date, a note — through ``log_call``.

In the call list one key logs a call without any dialog: 1 «не дозвонились», 3 «счёт отправлен
повторно», 5 «говорит, что оплатил»; 2 (обещал оплатить) and 4 (спор) open this dialog with the outcome
chosen, since they need a date or a note. Ctrl+L opens it for any outcome.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, combo
from mos_desktop.views.common.record_dialog import EditDialog

# key → (outcome, logged at once without a dialog)
QUICK_OUTCOMES = {
    "1": ("no_answer", True),
    "2": ("promised", False),
    "3": ("invoice_resent", True),
    "4": ("dispute", False),
    "5": ("paid", True),
}
CALL_LABELS = {
    "outcome": "Итог звонка",
    "promise_date": "Обещал оплатить до",
    "promise_amount": "Обещанная сумма, ₽",
    "note": "Заметка",
}


def outcome_items() -> dict[str, str]:
    from mos_desktop.services.labels import CALL_OUTCOME_RU

    return {str(k.value): v for k, v in CALL_OUTCOME_RU.items()}


def call_form(client_id: uuid.UUID, outcome: str, **values: Any) -> Any:
    from mos_desktop.services.payments.calls import CallForm

    return CallForm(outcome=outcome, client_id=client_id, **values)


def dial(phone: str) -> bool:
    """The system dialer (tel:), e.g. a softphone."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return bool(digits) and QDesktopServices.openUrl(QUrl(f"tel:{digits}"))


def phone_header(parent: QWidget, title: str, phone: str) -> QHBoxLayout:
    """A call dialog's top line: whom (bold) and the number, with «Позвонить» (``dial``) when there is one."""
    top = QHBoxLayout()
    top.addWidget(QLabel(f"<b>{title}</b>  {phone}", parent), 1)
    if phone:
        call = QPushButton("Позвонить", parent)
        call.setAutoDefault(False)
        call.clicked.connect(lambda: dial(phone))
        top.addWidget(call)
    return top


class CallDialog(EditDialog):
    def __init__(
        self,
        ctx: AppContext,
        client_id: uuid.UUID,
        client_name: str,
        phone: str = "",
        outcome: str = "no_answer",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.client_id = client_id
        self.phone = phone
        self.setWindowTitle(f"Звонок: {client_name}")
        self.setMinimumWidth(520)
        form = QFormLayout()
        f = self.fields
        f.add(form, "outcome", CALL_LABELS["outcome"], combo(outcome_items()))
        f.add(form, "promise_date", CALL_LABELS["promise_date"], OptionalDateEdit())
        amount = QLineEdit()
        amount.setPlaceholderText("пусто — весь долг")
        f.add(form, "promise_amount", CALL_LABELS["promise_amount"], amount)
        note = QPlainTextEdit()
        note.setTabChangesFocus(True)
        note.setFixedHeight(note.fontMetrics().height() * 3 + 12)
        f.add(form, "note", CALL_LABELS["note"], note)
        self.save_button.setText("Записать звонок")
        layout = QVBoxLayout(self)
        layout.addLayout(phone_header(self, client_name, phone))
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fill({"outcome": outcome})
        f.widgets["outcome"].currentIndexChanged.connect(lambda _i: self._outcome_changed())  # type: ignore[attr-defined]
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        promised = self.fields.get("outcome") == "promised"
        for name in ("promise_date", "promise_amount"):
            self.fields.widgets[name].setEnabled(promised)
        target = "promise_date" if promised else "note"
        self.fields.widgets[target].setFocus()

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.payments.calls import log_call

        v = self.values()
        promised = v["outcome"] == "promised"
        return log_call, call_form(
            self.client_id,
            str(v["outcome"]),
            promise_date=v["promise_date"] if promised else None,
            promise_amount=str(v["promise_amount"] or "") if promised else "",
            note=str(v["note"] or "").strip(),
        )
