"""«Отправить счёт повторно» (process 2: the client asks for the invoice again): whom to send it to (the
client's addresses filled in), then the three steps of ``services.payments.resend`` — the PDF rendered on
the database worker, the letter sent from a thread of its own (the network never holds the database), the
resend counted and logged on the client's history as a command. A failed send says why; nothing is
counted."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QInputDialog, QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.operation import CommandOp


class InvoiceResend:
    def __init__(self, ctx: AppContext, invoice_id: uuid.UUID, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.parent = parent
        self.dialog: QInputDialog | None = None
        self.sent: Any = None
        self.sender = ctx.network

    def start(self) -> None:
        from mos_desktop.services.payments.resend import invoice_addresses

        invoice_id = self.invoice_id
        self.ctx.run_db(lambda s: invoice_addresses(s, invoice_id), self._ask)

    def _ask(self, addresses: list[str]) -> None:
        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle("Отправить счёт повторно")
        dialog.setLabelText("Кому (адреса через запятую):")
        dialog.setTextValue(", ".join(addresses))
        dialog.setOkButtonText("Отправить")
        dialog.setCancelButtonText("Отмена")
        dialog.textValueSelected.connect(self.send)
        dialog.open()
        self.dialog = dialog

    def send(self, to: str) -> None:
        from mos_desktop.services.payments.resend import ResendForm, prepare_resend, send_resend

        form, settings, user, today = (
            ResendForm(self.invoice_id, to),
            self.ctx.settings,
            self.ctx.user,
            self.ctx.today(),
        )

        def prepared(letter: Any) -> None:
            self.ctx.status_message.emit(f"{letter.title}: отправляю…")
            self.sender.submit(
                lambda: send_resend(letter, settings), lambda _r: self._record(letter), self._failed
            )

        self.ctx.run_db(
            lambda s: prepare_resend(s, form, settings=settings, user=user, today=today),
            prepared,
            self._failed,
        )

    def _record(self, letter: Any) -> None:
        from mos_desktop.services.payments.resend import record_resend

        def done(changes: Any) -> None:
            self.sent = changes

        CommandOp(self.ctx, record_resend, letter, parent=self.parent).success(done).run()

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.ctx.status_message.emit(f"Счёт не отправлен: {exc.message}")
        else:
            self.ctx.handle_error(exc)
