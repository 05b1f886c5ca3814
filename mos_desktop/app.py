"""GUI start-up: QApplication, fonts, one instance per database, logging, crash dialog, main window.

``MOS_DESKTOP_QUIT_AFTER_PAINT=1`` (the start-up benchmark): print ``window-painted <s>`` at the window's
first paint, ``painted <s>`` when the first tab's rows are painted (those kept from the last run, when
there are any: ``views/common/list_cache.py``), ``fresh-painted <s>`` when the rows read from the database
are painted, then quit; ``<s>`` is seconds since the OS created this process.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

QUIT_AFTER_PAINT_ENV = "MOS_DESKTOP_QUIT_AFTER_PAINT"
PAINT_TIMEOUT_MS = 120_000
RELEASE_WORKER_MS = 1_000  # the worker starts at the first paint, or after this at the latest
BACKUP_CHECK_MS = 3_600_000  # hourly look whether the daily backup is due


def _show_problem(message: str) -> None:
    """A start-up problem: to stderr always, and in a message box when there is a screen to show it on."""
    from PySide6.QtWidgets import QMessageBox

    print(message, file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal"):
        return
    QMessageBox.critical(None, "MOS Desktop", message)


def run_gui(db_path: Path) -> int:
    from mos_desktop.views.common.appsetup import make_application, no_screen
    from mos_desktop.views.common.startup import setup_logging

    if no_screen():
        # Offscreen would run an invisible window holding the database lock until killed.
        print(
            "Нет экрана: окно MOS Desktop некуда показать (не задан DISPLAY). Запустите программу в "
            "графическом сеансе; без экрана работают команды (mos-desktop --help) и --self-check.",
            file=sys.stderr,
        )
        return 1
    log_file = setup_logging()
    app = make_application()

    from mos_desktop.errors import DatabaseProblem
    from mos_desktop.instance_lock import InstanceLock

    db_path = Path(db_path).expanduser().resolve()
    if not db_path.parent.is_dir():  # a typo in --db must not quietly start a new empty base elsewhere
        message = (
            f"Папка {db_path.parent} не найдена: проверьте путь в --db. Программа не создаёт папки для "
            "базы сама — создайте папку или укажите существующую."
        )
        log.info("database folder missing: %s", db_path.parent)
        _show_problem(message)
        return 1
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except DatabaseProblem as exc:
        log.info("second instance refused: %s", exc.message)
        _show_problem(exc.message)
        return 1
    try:
        return _run_window(app, db_path, log_file)
    finally:
        lock.release()


def _run_window(app: Any, db_path: Path, log_file: Path) -> int:
    """The window paints at once; the database opens as the worker's first task meanwhile.

    A refused database file (corrupt, foreign, newer schema) closes the window with its message and
    exit code 1, the file untouched.
    """
    from PySide6.QtCore import QTimer

    from mos_desktop.errors import DatabaseProblem
    from mos_desktop.views.common.context import AppContext
    from mos_desktop.views.common.crash import CrashReporter
    from mos_desktop.views.common.startup import FirstPaintProbe, process_age
    from mos_desktop.views.main_window import MainWindow

    ctx = AppContext(db_path)
    reporter = CrashReporter(log_file)
    reporter.install()
    ctx.crash_handler = reporter.report
    refused: list[str] = []

    def open_failed(exc: BaseException) -> None:
        if not isinstance(exc, DatabaseProblem):
            ctx.handle_error(exc)
            return
        log.warning("database refused: %s", exc.message)
        refused.append(exc.message)
        window.hide()
        _show_problem(exc.message)
        app.exit(1)

    ctx.runner.hold()  # the window paints first; then the worker opens the database (see hold())
    ctx.open_database_async(on_error=open_failed)
    window = MainWindow(ctx)
    startup: list[Any] = []  # list_cache.StartupRows
    quit_after_paint = os.environ.get(QUIT_AFTER_PAINT_ENV) == "1"

    def frame_painted() -> None:
        """The first tab's list, with the rows kept from the last run when they are still this database's;
        the worker starts once they are painted (it would share the GIL with that paint) or at once."""
        if quit_after_paint:
            print(f"window-painted {process_age():.3f}", flush=True)
        from mos_desktop.views.common import list_cache  # not before the first paint: it has no use there

        # The file as the last run left it, unless the worker has opened it already (when the window took
        # over RELEASE_WORKER_MS to paint): then the state differs and no kept rows are shown.
        file_state = list_cache.file_state(ctx.db_path)
        view = window.current_tab().current_list()
        kept = list_cache.load(list_cache.folder(), _identity(ctx, view), file_state)
        rows = list_cache.StartupRows(view, kept)
        startup.append(rows)
        if rows.showing_kept:
            FirstPaintProbe(view.table.viewport(), ctx.runner.release).data_ready()
        else:
            ctx.runner.release()
        if quit_after_paint:
            _report_paints(app, view, rows)

    FirstPaintProbe(window, frame_painted).data_ready()
    QTimer.singleShot(RELEASE_WORKER_MS, ctx.runner.release)  # a window that never paints (minimised)
    if quit_after_paint:
        _quit_on_timeout(app)
    else:
        QTimer.singleShot(0, lambda: offer_first_run(ctx, window))
    window.show()
    # Sync starts behind the database open task (the single worker runs tasks in order).
    ctx.runner.submit(lambda: None, lambda _r: None if refused else window.sync.start_later())
    _schedule_daily_backups(ctx, window)
    code = app.exec()
    window.sync.stop()
    ctx.runner.wait()
    if ctx.opened:
        ctx.database.dispose()
        _keep_startup_rows(ctx, startup, refused)
    sys.excepthook = sys.__excepthook__
    return 1 if refused else code


def _identity(ctx: Any, view: Any) -> Any:
    from mos_desktop import __version__
    from mos_desktop.migrations import HEAD
    from mos_desktop.views.common import list_cache

    return list_cache.Identity(ctx.db_path, list_cache.list_key(view), HEAD, __version__)


def _keep_startup_rows(ctx: Any, startup: list[Any], refused: list[str]) -> None:
    """After the database is closed: the start-up list's latest rows for the next start (list_cache)."""
    from datetime import UTC, datetime

    from mos_desktop.views.common import list_cache

    folder = list_cache.folder()
    try:
        if refused or not startup or startup[0].latest is None:
            list_cache.discard(folder, ctx.db_path)
            return
        rows = startup[0]
        list_cache.save(folder, _identity(ctx, rows.view), rows.latest, datetime.now(UTC))
    except OSError as exc:  # a cache: never worth an error at exit
        log.warning("start-up list not kept: %s", exc)


def _schedule_daily_backups(ctx: Any, window: Any) -> None:
    """Opening the database makes the day's backup; a window left open for days makes the next ones."""
    from PySide6.QtCore import QTimer

    def failed(exc: BaseException) -> None:
        log.warning("daily backup failed: %s", exc)
        ctx.status_message.emit(f"Резервная копия базы не сделана: {exc}")

    def backup() -> None:
        # Imported here, on the worker: importing it on the GUI thread while the worker imports SQLAlchemy
        # would wait for the import lock and hold up the first paint.
        from mos_desktop.db import backup_if_due

        backup_if_due(ctx.db_path)

    def check() -> None:
        if ctx.opened:
            ctx.runner.submit(backup, None, failed)

    timer = QTimer(window)
    timer.setInterval(BACKUP_CHECK_MS)
    timer.timeout.connect(check)
    timer.start()


def _report_paints(app: Any, view: Any, rows: Any) -> None:
    """The benchmark's lines after ``window-painted``: the first rows, then the fresh rows; then quit."""
    from mos_desktop.views.common.startup import FirstPaintProbe, process_age

    def fresh_painted() -> None:
        print(f"fresh-painted {process_age():.3f}", flush=True)
        app.quit()

    def painted() -> None:
        print(f"painted {process_age():.3f}", flush=True)
        fresh = FirstPaintProbe(view.table.viewport(), fresh_painted)
        rows.on_fresh(fresh.data_ready)

    probe = FirstPaintProbe(view.table.viewport(), painted)
    if view.has_data:
        probe.data_ready()
    else:
        rows.on_fresh(probe.data_ready)


def _quit_on_timeout(app: Any) -> None:
    from PySide6.QtCore import QTimer

    def timeout() -> None:
        print("painted timeout: the first tab's data never arrived", file=sys.stderr, flush=True)
        app.exit(1)

    QTimer.singleShot(PAINT_TIMEOUT_MS, timeout)


def offer_first_run(ctx: Any, window: Any) -> None:
    """Empty database on the first start: offer empty / import / demo."""
    if ctx.settings.first_run_done:
        return
    today = ctx.today()

    def count(session: Any) -> int:
        from mos_desktop.services.clients import list_clients

        return len(list_clients(session, today=today).rows)

    def counted(n: int) -> None:
        if n == 0:
            window.open_first_run()

    ctx.run_db(count, counted)
