"""Start-up helpers: logging to the log folder, process age (for "painted <s>"), the first-paint probe."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer

from mos_desktop import logsetup

_IMPORTED_AT = time.time()


def setup_logging() -> Path:
    """The GUI's log file (shared with the CLI, see ``mos_desktop.logsetup``); returns its path."""
    return logsetup.setup_logging()[0]


def process_age() -> float:
    """Seconds since this process was created by the OS (so interpreter start-up and imports count).

    Linux: ``starttime`` of /proc/self/stat (clock ticks after boot) against /proc/uptime, both on the
    boot clock, 10 ms resolution. Windows: the process creation time from GetProcessTimes. Elsewhere:
    since this module was imported (an underestimate, said here so nobody trusts it blindly).
    """
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/stat", encoding="ascii") as f:
                after_comm = f.read().rsplit(")", 1)[1].split()
            start_ticks = int(after_comm[19])  # field 22 of stat(5); fields after ")" start at 3
            with open("/proc/uptime", encoding="ascii") as f:
                uptime = float(f.read().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    if sys.platform == "win32":
        try:
            return _windows_process_age()
        except OSError:
            pass
    return time.time() - _IMPORTED_AT


def _windows_process_age() -> float:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
    if not kernel32.GetProcessTimes(
        kernel32.GetCurrentProcess(),
        ctypes.byref(creation),
        ctypes.byref(exit_),
        ctypes.byref(kernel),
        ctypes.byref(user),
    ):
        raise OSError("GetProcessTimes failed")
    kernel32.GetSystemTimeAsFileTime(ctypes.byref(now))

    def ticks(ft: wintypes.FILETIME) -> int:
        return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

    return (ticks(now) - ticks(creation)) / 10_000_000


class FirstPaintProbe(QObject):
    """Calls ``on_painted`` after the first paint of ``viewport`` that happens once data has arrived."""

    def __init__(self, viewport: QObject, on_painted: Callable[[], None]) -> None:
        super().__init__(viewport)
        self._viewport = viewport
        self._on_painted = on_painted
        self._ready = False
        self._done = False
        viewport.installEventFilter(self)

    def data_ready(self) -> None:
        self._ready = True
        update = getattr(self._viewport, "update", None)
        if update is not None:
            update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._ready and not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._on_painted)  # after this paint has finished
        return False
