"""«Печать счетов за месяц…» (Платежи → Счета): every issued invoice of a month as one PDF or a folder of
PDFs, with a progress dialog and «Отмена».

The batch runs on the database worker (``documents.api.render_batch``: it issues each invoice's document,
so a re-print shows the same numbers, and writes the files there too, off the GUI thread). Its progress
callback, called on the worker, emits a signal; Qt queues it to the GUI thread, where the progress dialog
moves. «Отмена» sets a flag the batch checks before each document: it stops with ``Cancelled``, the worker's
transaction is rolled back and nothing of the half batch stays issued. No event loop is spun by hand.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import general_error_label

MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def month_name(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


class Progress(QObject):
    """Worker → GUI: ``moved(done, total)`` is emitted on the worker and delivered queued."""

    moved = Signal(int, int)


def batch_job(
    session: Any,
    month: date,
    target: Path,
    one_pdf: bool,
    settings: Any,
    today: date,
    user: str,
    progress: Progress,
    cancel: threading.Event,
) -> dict[str, Any]:
    """Worker: issue and render the month's invoices, write the PDF (or the folder's files)."""
    from mos_desktop.documents.api import invoices_of_month, render_batch
    from mos_desktop.errors import UserError, os_reason

    refs = invoices_of_month(session, month)
    if not refs:
        raise UserError(f"Выставленных счетов за {month_name(month)} нет: печатать нечего")
    result = render_batch(
        session,
        "invoice",
        refs,
        settings=settings,
        one_pdf=one_pdf,
        progress=progress.moved.emit,
        cancelled=cancel.is_set,
        today=today,
        user=user,
    )
    try:
        if isinstance(result, bytes):
            target.write_bytes(result)
        else:
            target.mkdir(parents=True, exist_ok=True)
            for name, data in result:
                (target / name).write_bytes(data)
    except OSError as exc:
        raise UserError(f"Файлы не записаны: {os_reason(exc)} — {target}") from None
    return {"count": len(refs), "target": target}


class BatchPrintDialog(QDialog):
    finished_batch = Signal(str)  # the Russian result line

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.progress_dialog: QProgressDialog | None = None
        self.cancel_event = threading.Event()
        self.target: Path | None = None
        self.setWindowTitle("Печать счетов за месяц")
        self.setMinimumWidth(480)
        today = ctx.today()
        self.month_edit = QDateEdit(self)
        self.month_edit.setDisplayFormat("MM.yyyy")
        self.month_edit.setCalendarPopup(False)
        self.month_edit.setDate(QDate(today.year, today.month, 1))
        self.one_pdf = QRadioButton("Одним файлом PDF (для печати пачкой)", self)
        self.folder = QRadioButton("В папку: по файлу PDF на каждый счёт (для отправки)", self)
        self.one_pdf.setChecked(True)
        self.error = general_error_label(self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.open_button = QPushButton("Открыть папку", self)
        self.open_button.setAutoDefault(False)
        self.open_button.hide()
        self.open_button.clicked.connect(self.open_folder)

        form = QFormLayout()
        form.addRow("Месяц счетов", self.month_edit)
        form.addRow("Как сохранить", self.one_pdf)
        form.addRow("", self.folder)
        hint = QLabel(
            "Печатаются выставленные счета месяца; у каждого сохраняется номер и содержание, "
            "повторная печать покажет то же самое.",
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b6b6b;")
        buttons = QDialogButtonBox(self)
        self.start_button = buttons.addButton("Печатать…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.choose_target)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.result_label)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def month(self) -> date:
        chosen = self.month_edit.date()
        return date(chosen.year(), chosen.month(), 1)

    # --- where to -----------------------------------------------------------------------------
    def choose_target(self) -> None:
        month = self.month()
        folder = Path.home()
        if self.one_pdf.isChecked():
            name = f"Счета {month:%Y-%m}.pdf"
            dialog = QFileDialog(self, "Сохранить счета одним PDF", str(folder / name), "PDF (*.pdf)")
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("pdf")
        else:
            dialog = QFileDialog(self, "Папка для счетов", str(folder))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.start(Path(path)))
        dialog.open()
        self.file_dialog = dialog

    # --- the batch ----------------------------------------------------------------------------
    def start(self, target: Path) -> None:
        month, one_pdf = self.month(), self.one_pdf.isChecked()
        if not one_pdf:
            target = target / f"Счета {month:%Y-%m}"
        self.target = target
        settings, today, user = self.ctx.settings, self.ctx.today(), self.ctx.user
        self.error.hide()
        self.result_label.clear()
        self.open_button.hide()
        self.cancel_event = threading.Event()
        progress = Progress(self)
        dialog = QProgressDialog(f"Счета за {month_name(month)}: подготовка…", "Отмена", 0, 0, self)
        dialog.setWindowTitle("Печать счетов")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        progress.moved.connect(self._moved)  # emitted on the worker: delivered queued, here
        self.progress_dialog = dialog
        self.progress = progress
        self.start_button.setEnabled(False)
        dialog.show()
        cancel = self.cancel_event
        self.ctx.run_db(
            lambda s: batch_job(s, month, target, one_pdf, settings, today, user, progress, cancel),
            self._done,
            self._failed,
            owner=self,
        )

    def cancel(self) -> None:
        self.cancel_event.set()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Останавливаю…")

    def _moved(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is None or self.cancel_event.is_set():
            return
        dialog.setMaximum(total)
        dialog.setValue(done)
        month = month_name(self.month())
        if self.one_pdf.isChecked():  # two passes: each invoice prepared, then the PDF put together
            count = total // 2
            step = f"подготовлено {done} из {count}" if done <= count else f"в PDF {done - count} из {count}"
        else:
            step = f"{done} из {total}"
        dialog.setLabelText(f"Счета за {month}: {step}")

    def _finish(self) -> None:
        self.start_button.setEnabled(True)
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog = None

    def _done(self, result: dict[str, Any]) -> None:
        from mos_desktop.changes import Area, Changes
        from mos_desktop.russian import plural_ru

        self._finish()
        count, target = result["count"], result["target"]
        text = f"Напечатано {count} {plural_ru(count, 'счёт', 'счёта', 'счетов')}: {target}"
        self.result_label.setText(text)
        self.open_button.show()
        self.ctx.announce(Changes.of(Area.DOCUMENTS, message=text))
        self.finished_batch.emit(text)

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.documents.api import Cancelled
        from mos_desktop.errors import UserError

        self._finish()
        if not isinstance(exc, UserError):
            self.ctx.handle_error(exc)
            return
        message = exc.message
        if isinstance(exc, Cancelled):
            message = "Печать прервана: ни один счёт не выпущен и не сохранён, можно начать заново"
        self.error.setText(message)
        self.error.show()
        self.finished_batch.emit(message)

    def open_folder(self) -> None:
        if self.target is not None:
            folder = self.target if self.target.is_dir() else self.target.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
