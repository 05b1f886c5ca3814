"""Screenshots for the README: demo data (300 clients, seed 1) in a throwaway home, each tab and dialog.

    python scripts/screenshots.py --out docs [--today 2026-11-23]

Writes docs/tab-<key>.png for every main-window tab (1400×860), client-card.png, settings.png,
first-run.png and import-preview.png. Runs offscreen; needs no display.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WINDOW_SIZE = (1400, 860)
SAMPLE_SETTINGS = {
    "company_name": "ООО «Контроль доступа»",
    "company_inn": "7707083893",
    "company_kpp": "773601001",
    "company_address": "117312, г. Москва, ул. Вавилова, д. 19",
    "bank_name": "ПАО Сбербанк",
    "bank_bik": "044525225",
    "bank_corr_account": "30101810400000000225",
    "bank_account": "40702810938000000001",
    "director": "Петров П. П.",
    "accountant": "Сидорова А. В.",
    "vat_mode": "vat_included",
    "user_name": "Иванова М. С.",
    "document_series": "М1",
}


def wait_until(predicate: Callable[[], bool], timeout_s: float = 60.0) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if predicate() or time.monotonic() > deadline else None)
    timer.start(20)
    if not predicate():
        loop.exec()
    timer.stop()
    if not predicate():
        raise TimeoutError("the window did not get its data in time")


def settle() -> None:
    """Let pending layout and paint events run (a script, not app code)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def save(widget: Any, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def sample_csv(folder: Path) -> Path:
    """A client list as Excel in a Russian locale saves it: semicolons, cp1251, one bad ИНН."""
    from mos_desktop.validation import complete_inn

    path = folder / "clients.csv"
    rows = [
        ["Наименование", "ИНН", "Статус", "АП", "Менеджер", "Телефон", "Комментарий"],
        [
            "ЖК Северный парк",
            complete_inn("771234567"),
            "Активный",
            "12 000,00",
            "Иванова М. С.",
            "+7 495 111-22-33",
            "",
        ],
        ["БЦ Нагатино", complete_inn("772345678"), "Пилот", "0", "", "+7 495 222-33-44", "пилот до декабря"],
        ["ТСЖ Лесная 5", "7701234568", "Активный", "4 500,00", "Иванова М. С.", "", "опечатка в ИНН"],
        ["ЖК Речной", complete_inn("773456789"), "Приостановлен", "8 000,00", "Смирнов К. Л.", "", ""],
    ]
    with path.open("w", encoding="cp1251", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="mos-screens-"))
    # A fresh user's home, so the status bar shows the real default place (~/.local/share/...).
    os.environ.pop("MOS_DESKTOP_HOME", None)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ.pop(var, None)
    os.environ["HOME"] = str(home)

    from mos_desktop import config
    from mos_desktop.db import open_database
    from mos_desktop.services.demo import generate_demo
    from mos_desktop.timeutil import today_moscow
    from mos_desktop.views.common.appsetup import make_application

    today = args.today or today_moscow()
    app = make_application()
    database = open_database(config.default_db_path())
    with database.session() as s:
        generate_demo(s, clients=300, months=12, seed=1, today=today)
    settings = config.Settings(**SAMPLE_SETTINGS, first_run_done=True)
    config.save_settings(settings)

    from mos_desktop.views.common.context import AppContext
    from mos_desktop.views.main_window import MainWindow

    ctx = AppContext(database, settings, today=lambda: today)
    window = MainWindow(ctx)
    window.resize(*WINDOW_SIZE)
    window.show()
    for key, tab in window.tabs.items():
        window.show_tab(key)
        view = tab.current_list()
        wait_until(lambda v=view: v.has_data or v.error is not None)
        save(window, out / f"tab-{key}.png")

    portfolio = window.show_tab("portfolio")
    clients = portfolio.current_list()
    clients.table.setCurrentIndex(clients.proxy.index(2, 0))
    card = portfolio.open_card(clients.current_row().id)  # type: ignore[union-attr, attr-defined]
    wait_until(lambda: card.loaded)
    card.adjustSize()
    save(card, out / "client-card.png")
    card.close()

    dialog = window.open_settings()
    dialog.adjustSize()
    save(dialog, out / "settings.png")
    dialog.close()

    first = window.open_first_run()
    first.adjustSize()
    save(first, out / "first-run.png")
    first.close()

    try:
        importer = window.open_import(sample_csv(home))
        wait_until(lambda: importer.preview is not None or importer.error.isVisible())  # type: ignore[attr-defined]
        importer.resize(900, 520)
        save(importer, out / "import-preview.png")
        importer.close()
    except ImportError as exc:
        print(f"import preview skipped: {exc}", file=sys.stderr)

    window.hide()
    ctx.runner.wait()
    database.dispose()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
