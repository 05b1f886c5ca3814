"""The collection-call keys, shared by every list that shows debtors (Платежи → Обзвон должников, Сегодня).

On the list's table: 1 «не дозвонились», 3 «счёт отправлен повторно», 5 «говорит, что оплатил» log the call
at once; 2 (обещал оплатить) and 4 (спор) open the call dialog with the outcome chosen; Ctrl+Z takes back the
call a key logged last. Ctrl+L (the dialog for any outcome) and Ctrl+D (dial) are the list's ``call`` and
``dial`` actions; the tab calls ``open_call`` and ``dial_phone`` for them.

Which row is a debtor is the tab's business: it hands ``CallKeys`` a function that answers the selected
row's ``Debtor`` or ``None`` (a row that is not a debtor: the keys do nothing; the picker may say why).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.payments.call_dialog import QUICK_OUTCOMES, CallDialog, call_form, dial

NO_DIALER = "У клиента не указан телефон, или в системе нет программы для звонков."


@dataclass(frozen=True)
class Debtor:
    client_id: uuid.UUID
    name: str
    phone: str = ""


Picker = Callable[[], "Debtor | None"]
PhoneFinder = Callable[["Debtor", Callable[["Debtor"], None]], None]  # the debtor with its phone, later


class CallKeys(QObject):
    """The call keys of one list: ``pick`` answers the debtor of the selected row (or None)."""

    def __init__(
        self,
        ctx: AppContext,
        view: ListView,
        pick: Picker,
        owner: ListTab,
        find_phone: PhoneFinder | None = None,
    ) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.view = view
        self.pick = pick
        self.find_phone = find_phone  # a list without a phone column reads it before the dialog opens
        self.owner = owner  # keeps the dialog open (``owner.dialog``)
        self.last_call: Any = None  # the call a quick key logged last: Ctrl+Z takes it back
        for key in QUICK_OUTCOMES:
            shortcut = QShortcut(QKeySequence(key), view.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # digits typed in search stay text
            shortcut.activated.connect(lambda k=key: self.quick_call(k))
        undo = QShortcut(QKeySequence.StandardKey.Undo, view)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.cancel_last_call)

    def open_call(self, outcome: str = "no_answer", debtor: Debtor | None = None) -> None:
        """The call dialog (Ctrl+L, or keys 2 and 4 with their outcome chosen)."""
        debtor = debtor or self.pick()
        if debtor is None:
            return
        if not debtor.phone and self.find_phone is not None:
            self.find_phone(debtor, lambda found: self._open(outcome, found))
        else:
            self._open(outcome, debtor)

    def _open(self, outcome: str, debtor: Debtor) -> None:
        dialog = CallDialog(
            self.ctx, debtor.client_id, debtor.name, debtor.phone, outcome, self.owner.window()
        )
        self.owner.dialog = dialog
        dialog.open()

    def dial_phone(self, phone: str) -> None:
        if not phone or not dial(phone):
            self.ctx.status_message.emit(NO_DIALER)

    def quick_call(self, key: str) -> None:
        from mos_desktop.services.payments.calls import log_call

        debtor = self.pick()
        if debtor is None:
            return
        outcome, at_once = QUICK_OUTCOMES[key]
        if not at_once:
            self.open_call(outcome, debtor)
            return
        CommandOp(self.ctx, log_call, call_form(debtor.client_id, outcome), parent=self.owner).success(
            self._call_logged
        ).failure(self.ctx.status_message.emit).run()

    def _call_logged(self, changes: Any) -> None:
        self.last_call = changes.record_id
        self.ctx.status_message.emit(f"{changes.message} — отменить: Ctrl+Z")

    def cancel_last_call(self) -> None:
        """Ctrl+Z: the call a stray key just logged is taken back (``cancel_call``)."""
        from mos_desktop.services.payments.calls import CancelCallForm, cancel_call

        if self.last_call is None:
            self.ctx.status_message.emit("Отменять нечего: звонков клавишей в этот раз не записано.")
            return
        call_id, self.last_call = self.last_call, None
        CommandOp(self.ctx, cancel_call, CancelCallForm(call_id), parent=self.owner).failure(
            self.ctx.status_message.emit
        ).run()
