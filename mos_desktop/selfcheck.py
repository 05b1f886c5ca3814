"""``mos-desktop --self-check``: build the main window (offscreen where there is no screen), load and
render every list of every tab once, print one line per tab with its row counts, exit 0 or 1.

A support tool and the bundle's smoke test: it proves the Qt plugins, fonts, database, migrations and
every list service work together in this installation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

LOAD_TIMEOUT_MS = 120_000


def run_self_check(db_path: Path, out: TextIO) -> int:
    from mos_desktop.views.common.appsetup import ensure_platform

    ensure_platform()
    from mos_desktop.views.common.appsetup import make_application
    from mos_desktop.views.common.startup import setup_logging

    setup_logging()
    app = make_application()

    from mos_desktop.db import open_database
    from mos_desktop.errors import DatabaseProblem
    from mos_desktop.instance_lock import InstanceLock

    db_path = Path(db_path).expanduser().resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
        database = open_database(db_path)
    except DatabaseProblem as exc:
        print(f"Самопроверка не пройдена: {exc.message}", file=out)
        lock.release()
        return 1
    try:
        return _check_window(app, database, out)
    except Exception as exc:  # a support tool: report, do not crash with a traceback
        import logging

        logging.getLogger(__name__).exception("self-check failed")
        print(f"Самопроверка не пройдена: {exc or 'внутренняя ошибка'} (подробности в журнале)", file=out)
        return 1
    finally:
        database.dispose()
        lock.release()


def _check_window(app: Any, database: Any, out: TextIO) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from mos_desktop.views.common.context import AppContext
    from mos_desktop.views.list_summary import tab_line
    from mos_desktop.views.main_window import MainWindow

    ctx = AppContext(database)
    failures: list[str] = []
    ctx.crash_handler = lambda exc: failures.append(f"{exc or 'внутренняя ошибка'} (подробности в журнале)")
    window = MainWindow(ctx)
    window.resize(1400, 860)
    window.show()
    views = [view for tab in window.tabs.values() for view in tab.lists.values()]

    loop = QEventLoop()
    remaining = {id(v) for v in views}

    def finished(view: Any) -> None:
        remaining.discard(id(view))
        if not remaining:
            loop.quit()

    for view in views:
        view.loaded.connect(lambda v=view: finished(v))
        view.load_failed.connect(lambda _msg, v=view: finished(v))
        view.reload()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(LOAD_TIMEOUT_MS)
    if remaining:
        loop.exec()
    timer.stop()

    ok = not remaining and not failures
    for key, tab in window.tabs.items():
        window.show_tab(key)
        for list_key, view in tab.lists.items():
            tab.show_list(list_key)
            if window.grab().isNull():
                failures.append(f"{tab.spec.title} / {view.spec.title}: окно не отрисовалось")
            if view.error:
                ok = False
        print(tab_line(tab), file=out)
    if remaining:
        print("Самопроверка не пройдена: не все списки загрузились за отведённое время", file=out)
    for failure in failures:
        print(f"Ошибка: {failure}", file=out)
    ok = ok and not failures
    window.hide()
    ctx.runner.wait()
    window.deleteLater()
    print("Самопроверка пройдена" if ok else "Самопроверка не пройдена", file=out)
    return 0 if ok else 1
