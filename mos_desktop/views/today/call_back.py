"""A call made from Сегодня to close a line: a missed call called back («Перезвонить»), or the weekly
contact with a client not called for over a week. What was said goes into the client's history
(``services.agenda.contact.log_contact_call``). A missed call that was not got through is marked «Не
дозвонился»: the attempt is noted on the missed call, which stays on the list.

The note is one line (the history keeps it as one): Enter saves, as in every form; Ctrl+S too."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.payments.call_dialog import phone_header


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
        self.reached = True  # which button saved: «Перезвонил» or «Не дозвонился»
        note = QLineEdit()
        note.setPlaceholderText("о чём договорились или почему не дозвонились (попадёт в историю клиента)")
        self.fields.add(form, "note", "Итог разговора", note)
        self.save_button.setText("Перезвонил" if missed_call_id else "Записать звонок")
        self.save_button.setToolTip("Дозвонились: звонок в историю клиента, строка уходит (Enter, Ctrl+S)")
        self.not_reached_button: QPushButton | None = None
        if missed_call_id:
            self.not_reached_button = self.buttons.addButton(
                "Не дозвонился", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.not_reached_button.setAutoDefault(False)
            self.not_reached_button.setToolTip(
                "Попытка отмечается на пропущенном звонке; он остаётся в списке, пока не дозвонятся"
            )
            self.not_reached_button.clicked.connect(self.save_not_reached)
        layout = QVBoxLayout(self)
        layout.addLayout(phone_header(self, title, phone))
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fill({})
        note.setFocus()

    def save(self) -> None:
        self.reached = True
        super().save()

    def save_not_reached(self) -> None:
        self.reached = False
        super().save()

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        button = getattr(self, "not_reached_button", None)  # None while being built
        if button is not None:
            button.setEnabled(enabled)

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.agenda.contact import ContactCallForm, log_contact_call

        note = str(self.values()["note"] or "")
        return log_contact_call, ContactCallForm(self.client_id, self.missed_call_id, note, self.reached)
