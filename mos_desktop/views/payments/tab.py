"""Платежи: the call list (one key logs a call: 1 не дозвонились, 2 обещал, 3 счёт повторно, 4 спор,
5 говорит, что оплатил; Ctrl+Z takes the last one back; Ctrl+L any outcome; Ctrl+D dials), the invoice
run (Ctrl+Shift+B), the month's invoices printed in one batch (Ctrl+Shift+P), the bank statement import
(Ctrl+Shift+I), a payment by hand (Ctrl+Shift+N) and its allocation (Ctrl+Shift+D), a payable's next step
(Ctrl+T) and the receivables saved as .xlsx (Ctrl+Shift+X)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.payments.calling import CallKeys, Debtor
from mos_desktop.views.tabs import TabSpec


class PaymentsTab(ListTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self.calls: CallKeys | None = None
        view = self.lists.get("calls")
        if view is not None:
            self.calls = CallKeys(ctx, view, partial(self._selected_client, view), self)

    @property
    def last_call(self) -> Any:
        """The call a quick key logged last (Ctrl+Z takes it back)."""
        return self.calls.last_call if self.calls is not None else None

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
        elif key == "call" and self.calls is not None:
            self.calls.open_call()
        elif key == "dial" and self.calls is not None:
            row = view.current_row()
            self.calls.dial_phone(str(view.value(row, "phone") or "") if row is not None else "")

    def _selected_client(self, view: ListView) -> Debtor | None:
        row = view.current_row()
        if row is None or row.id is None:
            self.ctx.status_message.emit("Выберите клиента в списке обзвона.")
            return None
        return Debtor(row.id, view.row_name(row), str(view.value(row, "phone") or ""))
