"""Baseline for the startup benchmark: a bare PySide6 window with one QTableView.

Prints ``painted <seconds since the OS created this process>`` once the table has been painted for the
first time, then quits: the same protocol as the app's ``MOS_DESKTOP_QUIT_AFTER_PAINT=1``. Deliberately
imports nothing of mos_desktop.
"""

from __future__ import annotations

import os
import sys
import time

STARTED = time.time()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtGui import QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402


def process_age() -> float:
    """Linux: /proc/self/stat starttime against /proc/uptime; elsewhere since this script began."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time() - STARTED


class FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"painted {process_age():.3f}", flush=True)
        self.app.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("baseline")
    table = QTableView(window)
    model = QStandardItemModel(0, 7, table)
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1200, 800)
    watcher = FirstPaint(app)
    table.viewport().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
