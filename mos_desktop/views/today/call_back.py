"""A call made from Сегодня to close a line: a missed call called back («Перезвонить»), or the weekly
contact with a client not called for over a week. What was said goes into the client's history
(``services.agenda.contact.log_contact_call``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.payments.call_dialog import dial


class CallBackDialog(EditDialog):
    def __init__(
        self,
        ctx: AppContext,
        title: str,
        *,
        client_id: uuid.UUID | None = None,
        missed_call_id: uuid.UUID | None = None,
        phone: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.client_id = client_id
        self.missed_call_id = missed_call_id
        self.phone = phone
        self.setWindowTitle(("Перезвонить: " if missed_call_id else "Звонок: ") + title)
        self.setMinimumWidth(520)
        form = QFormLayout()
        note = QPlainTextEdit()
        note.setTabChangesFocus(True)
        note.setPlaceholderText("о чём договорились (попадёт в историю клиента)")
        note.setFixedHeight(note.fontMetrics().height() * 3 + 12)
        self.fields.add(form, "note", "Итог разговора", note)
        self.save_button.setText("Перезвонил" if missed_call_id else "Записать звонок")
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{title}</b>  {phone}", self), 1)
        if phone:
            call = QPushButton("Позвонить", self)
            call.setAutoDefault(False)
            call.clicked.connect(lambda: dial(self.phone))
            top.addWidget(call)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fill({})
        note.setFocus()

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.agenda.contact import ContactCallForm, log_contact_call

        form = ContactCallForm(self.client_id, self.missed_call_id, str(self.values()["note"] or ""))
        return log_contact_call, form
