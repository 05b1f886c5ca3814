"""Unexpected errors: logged with the traceback, shown in a non-modal dialog that names the log file."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger("mos_desktop.crash")


class CrashDialog(QDialog):
    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.setWindowTitle("Непредвиденная ошибка")
        self.setModal(False)
        self.resize(640, 380)
        text = QLabel(
            "В программе произошла ошибка. То, что было сохранено до неё, не потеряно; "
            "последнее действие могло не выполниться.\n"
            f"Подробности записаны в журнал: {log_file}\n"
            "Отправьте этот файл разработчикам.",
            self,
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(self)
        open_button = buttons.addButton("Открыть папку журнала", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))
        )
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def add(self, exc: BaseException) -> None:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
        if self.details.toPlainText():
            self.details.appendPlainText("\n" + "-" * 40 + "\n")
        self.details.appendPlainText("".join(lines))


class CrashReporter:
    """One dialog at a time; later errors are appended to it."""

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.dialog: CrashDialog | None = None

    def report(self, exc: BaseException) -> None:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        if QApplication.instance() is None:
            return
        if self.dialog is None or not self.dialog.isVisible():
            parent = QApplication.activeWindow()
            self.dialog = CrashDialog(self.log_file, parent)
        self.dialog.add(exc)
        self.dialog.show()
        self.dialog.raise_()

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        self.report(exc)

    def install(self) -> None:
        sys.excepthook = self.excepthook
