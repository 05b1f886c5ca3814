"""The Сегодня tab: the day's work, and the actions that close it where its record allows.

- A debtor's line (a call due, a broken promise: a client row with a debt) takes the call list's keys
  (``views.payments.calling``): 1–5 log an outcome, Ctrl+Z takes the last one back, Ctrl+L opens the call
  dialog, Ctrl+D dials. Other lines ignore the digits; digits typed in the search box stay text.
- A missed call: Ctrl+L logs the call back (the line leaves); a client not contacted for a week: Ctrl+L
  logs the call (``services.agenda.contact``). Ctrl+D dials either.
- A payable to pay: Ctrl+T, its next step (as in Платежи → Счета к оплате).
Every line opens its record, or the nearest one with a dialog (a visit, a training, a question, a claim, a
pilot have none of their own yet: they open the client's card).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QWidget

from mos_desktop.services.listing import Row
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.payments.calling import CallKeys, Debtor
from mos_desktop.views.tabs import ListSpec, TabSpec

CALLED = ("client", "interaction")  # the row kinds Ctrl+D and Ctrl+L call
NOTHING_TO_CALL = "На этой строке звонить некому: звонок записывается на должнике, пропущенном звонке или клиенте без контакта."


def is_debtor(view: ListView, row: Row | None) -> bool:
    """A client's line with a debt (a call due or a broken promise): the call list's keys act on it."""
    return row is not None and row.id is not None and row.kind == "client" and bool(view.value(row, "amount"))


class TodayTab(ListTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self.agenda = self.lists["agenda"]
        self.calls = CallKeys(ctx, self.agenda, self._debtor, self, self._debtor_phone)

    def _debtor(self) -> Debtor | None:
        row = self.agenda.current_row()
        if row is None or not is_debtor(self.agenda, row):
            return None  # not a debtor's line: the keys do nothing
        assert row.id is not None
        return Debtor(row.id, str(self.agenda.value(row, "client") or ""))

    def _debtor_phone(self, debtor: Debtor, then: Callable[[Debtor], None]) -> None:
        from mos_desktop.services.agenda.contact import phone_for

        client_id = debtor.client_id
        self.ctx.run_db(
            lambda s: phone_for(s, "client", client_id),
            lambda phone: then(replace(debtor, phone=phone)),
            owner=self,
        )

    def _with_phone(self, row: Row, then: Callable[[str], None]) -> None:
        """The phone of the row's client, read on the worker (the list does not show it as a column)."""
        from mos_desktop.services.agenda.contact import phone_for

        kind, record_id = row.kind, row.id
        assert record_id is not None
        self.ctx.run_db(lambda s: phone_for(s, kind, record_id), then, owner=self)

    def custom_action(self, key: str, view: ListView) -> None:
        row = view.current_row()
        if row is None or row.id is None:
            self.ctx.status_message.emit("Выберите строку в списке.")
            return
        if key == "call":
            self._call(view, row)
        elif key == "dial":
            if row.kind not in CALLED:
                self.ctx.status_message.emit(NOTHING_TO_CALL)
                return
            self._with_phone(row, self.calls.dial_phone)
        elif key == "payable_step":
            if row.kind != "payable":
                self.ctx.status_message.emit("Статус меняется у счёта к оплате: выберите его строку.")
                return
            from mos_desktop.views.payments.payable_step import PayableStepDialog

            title = str(view.value(row, "client") or "")
            self.dialog = PayableStepDialog(self.ctx, row.id, title, "", self.window())
            self.dialog.open()

    def _call(self, view: ListView, row: Row) -> None:
        """Ctrl+L: the call this line asks for: a debtor's call dialog, a missed call called back, the
        weekly call to a client."""
        if row.kind not in CALLED:
            self.ctx.status_message.emit(NOTHING_TO_CALL)
            return
        name = str(view.value(row, "client") or "")
        record_id = row.id
        assert record_id is not None
        if is_debtor(view, row):
            self.calls.open_call()
            return

        def opened(phone: str) -> None:
            from mos_desktop.views.today.call_back import CallBackDialog

            missed = record_id if row.kind == "interaction" else None
            client = record_id if row.kind == "client" else None
            self.dialog = CallBackDialog(
                self.ctx, name, client_id=client, missed_call_id=missed, phone=phone, parent=self.window()
            )
            self.dialog.open()

        self._with_phone(row, opened)

    def action_text(self, spec: ListSpec, key: str) -> str:
        if key == "payable_step":  # «Статус…» alone says nothing among calls and deliveries
            return "Счёт к оплате: статус…"
        return super().action_text(spec, key)
