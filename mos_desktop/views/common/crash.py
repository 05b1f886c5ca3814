"""Unexpected errors: logged with the traceback, shown in a non-modal dialog that names the log file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from mos_desktop.views.common.crash_dialog import CrashDialog

log = logging.getLogger("mos_desktop.crash")


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
            from mos_desktop.views.common.crash_dialog import CrashDialog

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
