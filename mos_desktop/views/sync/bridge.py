"""The background ``SyncRunner``'s link to the GUI: lifecycle, thread-safe signals, refresh and wake-up.

The runner calls ``on_progress`` / ``on_status`` from its own threads; here they are re-emitted through
queued Qt signals (this object lives in the GUI thread), so widgets are only touched on the GUI thread.
Local saves (``ctx.changes``) wake the runner (it debounces); after a cycle that moved the pull
cursor (changes arrived) the tabs refresh through ``ctx.announce_everything()``, which does not wake it again.
«Синхронизировать сейчас» runs ``sync_now`` in a thread of its own (it blocks; the GUI must not).
Whether a password is known is asked of the OS keyring on the app's secrets thread: a locked keyring (a
KWallet or Secret Service prompt) must hold up neither the window nor the database worker, so ``start``
answers STARTING and the state follows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from mos_desktop import config
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.tasks import TaskRunner

log = logging.getLogger(__name__)

SECRET_NAME = config.PG_PASSWORD_SECRET
RunnerFactory = Callable[..., Any]

NOT_CONFIGURED = "not_configured"
NEEDS_PASSWORD = "needs_password"
STARTING = "starting"  # configured; the keyring is being asked for the password (worker)
RUNNING = "running"


def _default_factory(*args: Any, **kwargs: Any) -> Any:
    from mos_desktop.sync.runner import SyncRunner

    return SyncRunner(*args, **kwargs)


class SyncBridge(QObject):
    progress = Signal(str, int, int)  # phase, done, total (GUI thread)
    status = Signal(object)  # SyncStatus (GUI thread)
    state_changed = Signal(str)  # NOT_CONFIGURED / NEEDS_PASSWORD / RUNNING
    refreshed = Signal()  # pulled changes were announced to the tabs
    _progress_from_runner = Signal(object)
    _status_from_runner = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        runner_factory: RunnerFactory | None = None,
        *,
        poll_interval_s: float = 30.0,
        debounce_s: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._factory = runner_factory or _default_factory
        self._poll_interval_s = poll_interval_s
        self._debounce_s = debounce_s
        self.runner: Any = None
        self.state = NOT_CONFIGURED
        self.last_status: Any = None
        self.last_progress: tuple[str, int, int] | None = None
        self._cursor: int | None = None
        self._generation = 0  # a start answered after stop()/restart() is ignored
        self._refreshing = False
        self._manual = TaskRunner(self._manual_failed, self)
        self._progress_from_runner.connect(self._on_progress)
        self._status_from_runner.connect(self._on_status)
        ctx.changes.connect(self._on_local_change)

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> str:
        """Start the runner when the shared database is configured and a password is known.

        Not configured: NOT_CONFIGURED at once. Otherwise STARTING, and the keyring is asked on the worker;
        ``state_changed`` then brings NEEDS_PASSWORD or RUNNING."""
        from mos_desktop.views.sync import store  # psycopg loads here, after the first paint

        if self.runner is not None or self.state == STARTING:
            return self.state
        if not store.is_configured():
            return self._set_state(NOT_CONFIGURED)
        generation = self._generation
        self.ctx.secrets.submit(
            lambda: store.password_from_env() or bool(config.get_secret(SECRET_NAME)),
            lambda known: self._password_checked(generation, known),
            lambda exc: self._password_check_failed(generation, exc),
            owner=self,
        )
        return self._set_state(STARTING)

    def _password_checked(self, generation: int, known: bool) -> None:
        if generation != self._generation or self.runner is not None:
            return
        if not known:
            self._set_state(NEEDS_PASSWORD)
            return
        from mos_desktop.views.sync import store

        self.runner = self._factory(
            _db_path(self.ctx),
            store.current_dsn,
            poll_interval_s=self._poll_interval_s,
            debounce_s=self._debounce_s,
            on_progress=self._progress_from_runner.emit,
            on_status=self._status_from_runner.emit,
        )
        self.runner.start()
        self._set_state(RUNNING)

    def _password_check_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._set_state(NEEDS_PASSWORD)
        self.ctx.handle_error(exc)

    def stop(self, timeout: float = 5.0) -> None:
        self._generation += 1
        if self.state == STARTING:
            self.state = NOT_CONFIGURED  # a pending keyring answer is ignored; start() asks again
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.stop(timeout)
        self._manual.wait(int(timeout * 1000))

    def restart(self) -> str:
        """After the settings changed: a new runner on the new connection."""
        self.stop()
        return self.start()

    def sync_now(self) -> None:
        """«Синхронизировать сейчас»: one cycle at once, off the GUI thread; status arrives as usual."""
        runner = self.runner
        if runner is None or self._manual.pending:
            return
        self._manual.submit(runner.sync_now, lambda _report: None)

    def _manual_failed(self, exc: BaseException) -> None:
        # SyncError: the runner already reported it through on_status (offline, with the reason)
        from mos_desktop.sync.connection import SyncError

        if not isinstance(exc, SyncError):
            self.ctx.handle_error(exc)

    def _set_state(self, state: str) -> str:
        self.state = state
        self.state_changed.emit(state)
        return state

    # --- from the runner's threads (queued to here) ----------------------------------------------
    @Slot(object)
    def _on_progress(self, progress: Any) -> None:
        phase = str(getattr(progress, "phase", ""))
        done, total = int(getattr(progress, "done", 0)), int(getattr(progress, "total", 0))
        self.last_progress = (phase, done, total)
        self.progress.emit(phase, done, total)

    @Slot(object)
    def _on_status(self, status: Any) -> None:
        self.last_status = status
        self.status.emit(status)
        if not getattr(status, "running", False) and getattr(status, "online", False):
            self._check_pulled()

    def _check_pulled(self) -> None:
        """A finished cycle: refresh the tabs when the pull cursor moved (changes were applied here)."""
        from mos_desktop.sync import commands

        database = self.ctx.database
        self.ctx.runner.submit(
            lambda: commands.sync_status(database)["cursor"], self._cursor_read, owner=self
        )

    def _cursor_read(self, cursor: int) -> None:
        previous, self._cursor = self._cursor, cursor
        if previous is not None and cursor != previous:
            self._refreshing = True
            try:
                self.ctx.announce_everything()
            finally:
                self._refreshing = False
            self.refreshed.emit()

    @Slot(object)
    def _on_local_change(self, _changes: object) -> None:
        if self._refreshing or self.runner is None:
            return
        self.runner.request_sync()


def _db_path(ctx: AppContext) -> Any:
    path = getattr(ctx, "db_path", None)
    return path if path is not None else ctx.database.path
