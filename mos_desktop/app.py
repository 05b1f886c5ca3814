"""GUI start-up: QApplication, fonts, one instance per database, logging, crash dialog, main window.

``MOS_DESKTOP_QUIT_AFTER_PAINT=1``: after the main window's first paint with the first tab's rows,
print ``painted <seconds since the OS created this process>`` and quit (the start-up benchmark).
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
    db_path.parent.mkdir(parents=True, exist_ok=True)
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
    from mos_desktop.views.common.startup import FirstPaintProbe
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
    FirstPaintProbe(window, ctx.runner.release).data_ready()
    QTimer.singleShot(RELEASE_WORKER_MS, ctx.runner.release)  # a window that never paints (minimised)
    exit_code = 0
    if os.environ.get(QUIT_AFTER_PAINT_ENV) == "1":
        exit_code = _quit_after_first_paint(app, window)
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
    sys.excepthook = sys.__excepthook__
    return 1 if refused else (exit_code or code)


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


def _quit_after_first_paint(app: Any, window: Any) -> int:
    from PySide6.QtCore import QTimer

    from mos_desktop.views.common.startup import FirstPaintProbe, process_age

    def painted() -> None:
        print(f"painted {process_age():.3f}", flush=True)
        app.quit()

    def frame_painted() -> None:
        # The frame first (tabs, menus, status bar); the first tab's list is built after it paints, then
        # its rows arrive from the database and are painted.
        print(f"window-painted {process_age():.3f}", flush=True)
        view = window.current_tab().current_list()
        probe = FirstPaintProbe(view.table.viewport(), painted)
        view.loaded.connect(probe.data_ready)
        view.load_failed.connect(lambda _msg: probe.data_ready())
        if view.has_data:
            probe.data_ready()

    FirstPaintProbe(window, frame_painted).data_ready()

    def timeout() -> None:
        print("painted timeout: the first tab's data never arrived", file=sys.stderr, flush=True)
        app.exit(1)

    QTimer.singleShot(PAINT_TIMEOUT_MS, timeout)
    return 0


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
