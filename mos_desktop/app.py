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


def _show_problem(message: str) -> None:
    """A start-up problem: to stderr always, and in a message box when there is a screen to show it on."""
    from PySide6.QtWidgets import QMessageBox

    print(message, file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal"):
        return
    QMessageBox.critical(None, "MOS Desktop", message)


def run_gui(db_path: Path) -> int:
    from mos_desktop.views.common.appsetup import ensure_platform, make_application
    from mos_desktop.views.common.startup import setup_logging

    ensure_platform()
    log_file = setup_logging()
    app = make_application()

    from mos_desktop.db import open_database
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
        try:
            database = open_database(db_path)
        except DatabaseProblem as exc:
            log.warning("database refused: %s", exc.message)
            _show_problem(exc.message)
            return 1
        try:
            return _run_window(app, database, log_file)
        finally:
            database.dispose()
    finally:
        lock.release()


def _run_window(app: Any, database: Any, log_file: Path) -> int:
    from PySide6.QtCore import QTimer

    from mos_desktop.views.common.context import AppContext
    from mos_desktop.views.common.crash import CrashReporter
    from mos_desktop.views.main_window import MainWindow

    ctx = AppContext(database)
    reporter = CrashReporter(log_file)
    reporter.install()
    ctx.crash_handler = reporter.report
    window = MainWindow(ctx)
    exit_code = 0
    if os.environ.get(QUIT_AFTER_PAINT_ENV) == "1":
        exit_code = _quit_after_first_paint(app, window)
    else:
        QTimer.singleShot(0, lambda: offer_first_run(ctx, window))
    window.show()
    code = app.exec()
    ctx.runner.wait()
    sys.excepthook = sys.__excepthook__
    return exit_code or code


def _quit_after_first_paint(app: Any, window: Any) -> int:
    from PySide6.QtCore import QTimer

    from mos_desktop.views.common.startup import FirstPaintProbe, process_age

    view = window.current_tab().current_list()

    def painted() -> None:
        print(f"painted {process_age():.3f}", flush=True)
        app.quit()

    probe = FirstPaintProbe(view.table.viewport(), painted)
    view.loaded.connect(probe.data_ready)
    view.load_failed.connect(lambda _msg: probe.data_ready())

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
