"""What every view gets: the database (through the worker only), settings, and the app-wide signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from mos_desktop import config
from mos_desktop.errors import UserError
from mos_desktop.timeutil import today_moscow
from mos_desktop.views.common.tasks import Done, Failed, TaskRunner

if TYPE_CHECKING:
    from mos_desktop.changes import Changes
    from mos_desktop.db import Database

log = logging.getLogger(__name__)

BUSY_DELAY_MS = 500


class AppContext(QObject):
    """Shared by the main window and every tab. Tabs talk to each other only through ``changes``."""

    changes = Signal(object)  # ``Changes`` a command returned: lists reload when it touches their areas
    settings_changed = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        database: Database | Path,
        settings: config.Settings | None = None,
        *,
        today: Callable[[], date] = today_moscow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database: Database | None = None
        if isinstance(database, Path):
            self.db_path = database  # opened by ``open_database_async``, the worker's first task
        else:
            self._database = database
            self.db_path = database.path
        self.settings = settings if settings is not None else config.load_settings()
        self.today = today
        self.crash_handler: Callable[[BaseException], None] = _log_crash
        self.runner = TaskRunner(self.handle_error, self)
        # The OS keyring on a thread of its own: an unlock prompt must hold up neither the GUI nor the
        # database work.
        self.secrets = TaskRunner(self.handle_error, self)
        # The network (SMTP) on a thread of its own, owned by the app: a letter in flight finishes and is
        # recorded even when the dialog that sent it has closed meanwhile.
        self.network = TaskRunner(self.handle_error, self)

    @property
    def opened(self) -> bool:
        return self._database is not None

    @property
    def database(self) -> Database:
        """The open database; inside worker tasks it is always there (the open task runs first)."""
        if self._database is None:
            raise RuntimeError("the database is not open yet")
        return self._database

    def open_database_async(self, on_open: Done | None = None, on_error: Failed | None = None) -> int:
        """Open (check, back up, migrate) the database as the worker's first task.

        The window paints while SQLAlchemy and the models load; every later ``run_db`` task queues
        behind this one on the single worker, so it always finds the database open.
        """

        def job() -> Database:
            from mos_desktop.db import open_database

            database = open_database(self.db_path)
            self._database = database  # set in the worker, before the next task starts
            return database

        return self.runner.submit(job, on_open, on_error)

    # --- work in the background ----------------------------------------------------------------
    def run_db(
        self,
        fn: Callable[[Any], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
        busy_text: str | None = None,
        busy_parent: QWidget | None = None,
    ) -> int:
        """Run ``fn(session)`` in one transaction in the worker; callbacks come back on the GUI thread.

        With ``busy_text``, a progress dialog appears if the work takes longer than half a second.
        """

        def job() -> Any:
            with self.database.session() as s:
                return fn(s)

        if busy_text is None:
            return self.runner.submit(job, on_done, on_error, owner=owner)
        busy = DelayedBusy(busy_text, busy_parent)

        def done(result: Any) -> None:
            busy.finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            busy.finish()
            (on_error or self.handle_error)(exc)

        return self.runner.submit(job, done, failed, owner=owner)

    def handle_error(self, exc: BaseException) -> None:
        """Known errors go to the status bar; anything else is a bug for the crash dialog."""
        if isinstance(exc, UserError):
            log.info("user error: %s", exc.message)
            self.status_message.emit(exc.message)
            return
        log.error("unexpected error in background task", exc_info=(type(exc), exc, exc.__traceback__))
        self.crash_handler(exc)

    # --- settings and user ---------------------------------------------------------------------
    def qsettings(self) -> QSettings:
        """UI state (geometry, columns) in the app's config folder; honours MOS_DESKTOP_HOME."""
        return QSettings(str(config.config_dir() / "ui.ini"), QSettings.Format.IniFormat)

    @property
    def user(self) -> str:
        return config.current_user(self.settings)

    def update_settings(self, settings: config.Settings) -> None:
        self.settings = settings
        self.settings_changed.emit()

    def announce(self, changes: Changes) -> None:
        """Tell every list what a command changed (each reloads only if it shows one of the areas), and
        show the command's own line in the status bar."""
        if changes.message:
            self.status_message.emit(changes.message)
        if not changes.empty:
            self.changes.emit(changes)

    def announce_everything(self) -> None:
        """After bulk work (demo data, import, sync pull): every list reloads."""
        from mos_desktop.changes import Changes

        self.changes.emit(Changes.everything())


def _log_crash(exc: BaseException) -> None:
    log.error("unhandled error", exc_info=(type(exc), exc, exc.__traceback__))


class DelayedBusy:
    """A busy dialog that appears only if the work outlasts ``BUSY_DELAY_MS`` (no flicker)."""

    def __init__(self, text: str, parent: QWidget | None) -> None:
        self._text = text
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._timer.start(BUSY_DELAY_MS)

    @property
    def shown(self) -> bool:
        return self._dialog is not None

    def _show(self) -> None:
        from PySide6.QtCore import Qt  # not at module level: start-up paints the window without it

        dialog = QProgressDialog(self._text, "", 0, 0, self._parent)
        dialog.setWindowTitle("MOS Desktop")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        self._dialog = dialog

    def finish(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
