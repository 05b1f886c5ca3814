"""Background work: one worker thread runs database operations in order and hands results back.

A task is a plain callable; the runner executes it in its own ``QThreadPool`` of one thread (SQLite
likes one writer, and ordering keeps "save, then refresh" consistent), then delivers the result or the
exception to the GUI thread through a queued signal. No ``processEvents`` anywhere.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Pending:
    on_done: Done | None
    on_error: Failed | None
    owner: QObject | None


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread's error handler
            self._runner._finished.emit(self._task_id, None, exc)
        else:
            self._runner._finished.emit(self._task_id, result, None)


class TaskRunner(QObject):
    _finished = Signal(int, object, object)
    busy_changed = Signal(bool)

    def __init__(self, error_handler: Failed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._error_handler = error_handler
        self._held: list[_Job] | None = None
        self._finished.connect(self._deliver)

    def hold(self) -> None:
        """Queue submitted tasks without starting them until ``release`` (start-up: the window paints
        first, then the worker imports SQLAlchemy; both at once would share the GIL and slow the paint)."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the tasks queued since ``hold``, in submission order. Harmless when not held."""
        held, self._held = self._held, None
        for job in held or ():
            self._pool.start(job)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
    ) -> int:
        """Run ``fn`` in the worker; ``on_done(result)`` / ``on_error(exc)`` run in the GUI thread.

        With ``owner`` given, the callbacks are skipped if the owner widget was destroyed meanwhile.
        Without ``on_error`` the failure goes to the app-wide error handler.
        """
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_done, on_error, owner)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        job = _Job(self, task_id, fn)
        if self._held is not None:
            self._held.append(job)
        else:
            self._pool.start(job)
        return task_id

    @property
    def pending(self) -> int:
        return len(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (shutdown and tests; never from a user action)."""
        self.release()
        return self._pool.waitForDone(msecs)

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, error: BaseException | None) -> None:
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if pending is None:
            return
        if pending.owner is not None and not shiboken6.isValid(pending.owner):
            return
        if error is not None:
            if pending.on_error is not None:
                pending.on_error(error)
            else:
                self._error_handler(error)
            return
        if pending.on_done is not None:
            pending.on_done(result)
