"""Платежи: the call list (one key logs a call: 1 не дозвонились, 2 обещал, 3 счёт повторно, 4 спор,
5 говорит, что оплатил; Ctrl+Z takes the last one back; Ctrl+L any outcome; Ctrl+D dials), the invoice
run (Ctrl+Shift+B), the month's invoices printed in one batch (Ctrl+Shift+P), the bank statement import
(Ctrl+Shift+I), a payment by hand (Ctrl+Shift+N) and its allocation (Ctrl+Shift+D), a payable's next step
(Ctrl+T) and the receivables saved as .xlsx (Ctrl+Shift+X)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.payments.call_dialog import QUICK_OUTCOMES, CallDialog, call_form, dial
from mos_desktop.views.tabs import TabSpec


class PaymentsTab(ListTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self.last_call: Any = None  # the call a quick key logged last: Ctrl+Z takes it back
        calls = self.lists.get("calls")
        if calls is not None:
            for key in QUICK_OUTCOMES:
                shortcut = QShortcut(QKeySequence(key), calls.table)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # digits typed in search stay text
                shortcut.activated.connect(lambda k=key: self.quick_call(k))
            undo = QShortcut(QKeySequence.StandardKey.Undo, calls)
            undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            undo.activated.connect(self.cancel_last_call)

    def custom_action(self, key: str, view: ListView) -> None:
        if key == "resend":
            from mos_desktop.views.payments.resend import InvoiceResend

            row = view.current_row()
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите счёт в списке.")
                return
            self.resend = InvoiceResend(self.ctx, row.id, self.window())
            self.resend.start()
            return
        if key == "invoice_run":
            from mos_desktop.views.payments.invoice_run import InvoiceRunDialog

            self.dialog = InvoiceRunDialog(self.ctx, self.window())
            self.dialog.open()
        elif key == "print_batch":
            from mos_desktop.views.documents.batch_dialog import BatchPrintDialog

            self.dialog = BatchPrintDialog(self.ctx, self.window())
            self.dialog.open()
        elif key == "bank_import":
            from mos_desktop.views.payments.bank_import import BankImportDialog

            self.dialog = BankImportDialog(self.ctx, self.window())
            self.dialog.open()
            self.dialog.choose_file()
        elif key == "figures":
            from mos_desktop.views.payments.figures_dialog import FiguresDialog  # charts: only when asked

            self.dialog = FiguresDialog(self.ctx, self.window())
            self.dialog.open()
        elif key == "payment_new":
            from mos_desktop.views.payments.payment_dialog import PaymentDialog

            self.dialog = PaymentDialog(self.ctx, self.window())
            self.dialog.open()
        elif key == "allocate":
            from mos_desktop.views.payments.allocate_dialog import AllocationDialog

            row = view.current_row()
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите поступление в списке.")
                return
            self.dialog = AllocationDialog(self.ctx, row.id, self.window())
            self.dialog.open()
        elif key == "payable_step":
            from mos_desktop.views.payments.payable_step import PayableStepDialog

            row = view.current_row()
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите счёт к оплате в списке.")
                return
            title = f"{view.value(row, 'counterparty') or ''} № {view.value(row, 'number') or ''}"
            status = str(view.value(row, "status") or "")
            self.dialog = PayableStepDialog(self.ctx, row.id, title, status, self.window())
            self.dialog.open()
        elif key == "export":
            from mos_desktop.views.payments.export import ListExport

            as_of = view.as_of.value() if view.as_of is not None else None
            self.export = ListExport(self.ctx, view.spec.key, as_of, self.window())
            self.export.start()
        elif key == "call":
            self.open_call(view)
        elif key == "dial":
            row = view.current_row()
            phone = str(view.value(row, "phone") or "") if row is not None else ""
            if not phone or not dial(phone):
                self.ctx.status_message.emit(
                    "У клиента не указан телефон, или в системе нет программы для звонков."
                )

    def _selected_client(self, view: ListView) -> tuple[Any, str, str] | None:
        row = view.current_row()
        if row is None or row.id is None:
            self.ctx.status_message.emit("Выберите клиента в списке обзвона.")
            return None
        return row.id, view.row_name(row), str(view.value(row, "phone") or "")

    def open_call(self, view: ListView, outcome: str = "no_answer") -> None:
        chosen = self._selected_client(view)
        if chosen is None:
            return
        client_id, name, phone = chosen
        self.dialog = CallDialog(self.ctx, client_id, name, phone, outcome, self.window())
        self.dialog.open()

    def quick_call(self, key: str) -> None:
        from mos_desktop.services.payments.calls import log_call

        view = self.lists["calls"]
        outcome, at_once = QUICK_OUTCOMES[key]
        if not at_once:
            self.open_call(view, outcome)
            return
        chosen = self._selected_client(view)
        if chosen is None:
            return
        CommandOp(self.ctx, log_call, call_form(chosen[0], outcome), parent=self).success(
            self._call_logged
        ).failure(self.ctx.status_message.emit).run()

    def _call_logged(self, changes: Any) -> None:
        self.last_call = changes.record_id
        self.ctx.status_message.emit(f"{changes.message} — отменить: Ctrl+Z")

    def cancel_last_call(self) -> None:
        """Ctrl+Z on the call list: the call a stray key just logged is taken back (``cancel_call``)."""
        from mos_desktop.services.payments.calls import CancelCallForm, cancel_call

        if self.last_call is None:
            self.ctx.status_message.emit("Отменять нечего: звонков клавишей в этот раз не записано.")
            return
        call_id, self.last_call = self.last_call, None
        CommandOp(self.ctx, cancel_call, CancelCallForm(call_id), parent=self).failure(
            self.ctx.status_message.emit
        ).run()
