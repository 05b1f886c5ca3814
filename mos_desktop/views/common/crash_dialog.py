"""The crash dialog: what went wrong, where the log is, a button to open its folder.

Kept apart from ``crash`` so that start-up does not build the dialog classes it almost never needs.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


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
