"""Startup harness: launch a GUI process offscreen, time it to its "painted" line, read its peak RSS.

Wall time is measured from just before ``Popen`` to the moment the ``painted <seconds>`` line is read from
the child's stdout (the outer clock, what a user waits for, including interpreter start). The child's own
figure (seconds since the OS created it) is recorded too. The app also prints ``window-painted`` (its frame,
before any rows) and ``fresh-painted`` (the rows read from the database, when ``painted`` showed the rows
kept from the last run): both are timed the same way when present.

Peak RSS: ``VmHWM`` of /proc/<pid>/status (the high-water mark of the child's own address space), polled
every 10 ms and read once more when "painted" arrives. Not ``ru_maxrss`` from ``os.wait4``: Linux keeps the
largest RSS a process had *before* exec, and a child forked from this harness starts out as a copy of it,
so ``ru_maxrss`` reports at least the harness's own size (kept as ``ru_maxrss_mb``, an upper bound).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Launch:
    wall_s: float | None  # Popen -> "painted" line read
    window_wall_s: float | None  # Popen -> "window-painted" line (the window before its data), if printed
    fresh_wall_s: float | None  # Popen -> "fresh-painted" line (rows from the database), if printed
    inner_s: float | None  # what the child printed
    total_s: float  # Popen -> process reaped
    peak_rss_mb: float  # VmHWM (Linux); ru_maxrss elsewhere
    ru_maxrss_mb: float
    returncode: int
    stderr_tail: str


class HighWater:
    """Polls VmHWM of one process until stopped (Linux); ``peak_kib`` is the largest value seen."""

    def __init__(self, pid: int) -> None:
        self.path = Path(f"/proc/{pid}/status")
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def read(self) -> None:
        try:
            text = self.path.read_text()
        except OSError:
            return
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                self.peak_kib = max(self.peak_kib, int(line.split()[1]))

    def _poll(self) -> None:
        while not self._stop.wait(0.01):
            self.read()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def launch(cmd: list[str], env: dict[str, str], *, workdir: Path, timeout: float = 120.0) -> Launch:
    err_path = workdir / f"stderr-{time.monotonic_ns()}.txt"
    with err_path.open("w+", encoding="utf-8", errors="replace") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, env=env, text=True, cwd=workdir
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        watcher = HighWater(proc.pid)
        wall = inner = window = fresh = None
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if window is None and line.startswith("window-painted"):
                    window = time.perf_counter() - started
                if fresh is None and line.startswith("fresh-painted"):
                    fresh = time.perf_counter() - started
                if wall is None and line.startswith("painted"):
                    wall = time.perf_counter() - started
                    watcher.read()
                    parts = line.split()
                    inner = float(parts[1]) if len(parts) > 1 else None
            watcher.stop()  # before reaping: afterwards the pid may belong to someone else
            watcher.read()
            _pid, status, usage = os.wait4(proc.pid, 0)
            total = time.perf_counter() - started
        finally:
            killer.cancel()
            watcher.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        err.seek(0)
        tail = err.read()[-2000:]
    err_path.unlink(missing_ok=True)
    ru_maxrss_mb = usage.ru_maxrss / 1024.0
    peak = watcher.peak_kib / 1024.0 if watcher.peak_kib else ru_maxrss_mb
    return Launch(wall, window, fresh, inner, total, peak, ru_maxrss_mb, proc.returncode, tail)


def gui_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        MOS_DESKTOP_QUIT_AFTER_PAINT="1",
        MOS_DESKTOP_HOME=str(home),
        PYTHONUNBUFFERED="1",
    )
    return env
