"""Screenshots for the README: demo data (300 clients, seed 1) in a throwaway home, each tab and dialog.

    python scripts/screenshots.py --out docs [--today 2026-11-23]

Writes docs/tab-<key>.png for every main-window tab (1400×860), client-card.png (and its contacts page),
tab-warehouse-items.png, record-dialog.png (a new item with a field error), settings.png,
first-run.png, import-preview.png and sync-panel.png (a sync running, with two conflicts and a refused
change written into the demo database as the sync would). Runs offscreen; needs no display.
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


def add_sync_examples(database: Any) -> None:
    """Two conflicts on demo clients and a change the server refused, as the sync engine records them."""
    import json
    import uuid
    from datetime import UTC, datetime

    from sqlalchemy import select

    from mos_desktop.models import Client, Invoice
    from mos_desktop.sync.tables import sync_conflicts

    with database.session() as s:
        clients = s.scalars(select(Client).order_by(Client.name).limit(2)).all()
        invoice = s.scalars(select(Invoice).order_by(Invoice.number).limit(1)).one()
    at = datetime(2026, 11, 23, 7, 42, tzinfo=UTC)
    examples = [
        (clients[0], "phone", "+7 495 111-22-33", "+7 495 765-43-21", "Сидорова А. П."),
        (clients[1], "monthly_fee_kop", 1_500_000, 1_200_000, "Иванов И. И."),
    ]
    with database.engine.begin() as conn:
        for client, column, mine, theirs, who in examples:
            conn.execute(
                sync_conflicts.insert().values(
                    id=uuid.uuid4(),
                    table_name="clients",
                    row_id=client.id,
                    column_name=column,
                    base=json.dumps(None),
                    mine=json.dumps(mine, ensure_ascii=False),
                    theirs=json.dumps(theirs, ensure_ascii=False),
                    mine_by="Иванова М. С.",
                    theirs_by=who,
                    created_at=at,
                )
            )
        conn.exec_driver_sql(
            "INSERT INTO sync_rejected (op_id, table_name, row_id, kind, cols, reason, rejected_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                "invoices",
                invoice.id.hex,
                "update",
                json.dumps({"total_kop": 100}),
                "Сервер отклонил изменение: у вашей учётной записи нет прав на это изменение (роль задаёт "
                "администратор общей базы) (permission denied for table invoices)",
                "2026-11-23 08:05:00",
            ),
        )


def sync_panel(window: Any, database: Any, out: Path) -> None:
    add_sync_examples(database)
    panel = window.sync.open_panel()
    loaded: list[bool] = []
    panel.lists_loaded.connect(lambda: loaded.append(True))
    panel.reload()
    wait_until(lambda: bool(loaded))
    panel.state_label.setText("Идёт синхронизация…")
    panel.show_progress("push", 120, 300)
    panel.conflict_table.selectRow(0)
    panel.resize(1100, 640)
    save(panel, out / "sync-panel.png")
    panel.close()


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
    from mos_desktop.demo import generate_demo
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
    card.pages.setCurrentIndex(1)  # the client's contacts
    related = card.related["contact"][1]
    wait_until(lambda: related.model.rowCount() > 0)
    save(card, out / "client-card-contacts.png")
    card.close()

    warehouse = window.show_tab("warehouse")
    items = warehouse.show_list("items")
    wait_until(lambda: items.has_data)
    save(window, out / "tab-warehouse-items.png")
    from mos_desktop.views.common.record_dialog import RecordDialog

    item_dialog = RecordDialog(ctx, "item", parent=window)
    item_dialog.open()
    wait_until(lambda: item_dialog.loaded)
    item_dialog.fields.set("sku", "RD-100")
    item_dialog.fields.set("name", "Считыватель Mifare, накладной")
    item_dialog.fields.set("min_stock", "пять")
    item_dialog.save()
    wait_until(lambda: bool(item_dialog.fields.error_text("min_stock")))
    item_dialog.adjustSize()
    save(item_dialog, out / "record-dialog.png")
    item_dialog.fields.set("min_stock", "")
    item_dialog._closing = True
    item_dialog.close()

    from mos_desktop.views.warehouse.move_dialog import MoveDialog

    move = MoveDialog(ctx, "transfer", parent=window)
    move.open()
    wait_until(lambda: bool(move.fields.widgets["from_location"].loaded))  # type: ignore[attr-defined]
    move.set_line(0, sku="CTRL-SIGUR", quantity="2", serials="")
    move.set_line(1, sku="BTN-EXIT", quantity="500")
    move.save()
    wait_until(lambda: move.general_error.isVisible() or bool(move.fields.error_text("from_location")))
    save(move, out / "move-dialog.png")
    move._closing = True
    move.close()

    payments = window.show_tab("payments")
    invoices = payments.show_list("invoices")
    wait_until(lambda: invoices.has_data)
    invoices.table.setCurrentIndex(invoices.proxy.index(0, 0))
    row = invoices.current_row()
    if row is not None and row.id is not None:
        from mos_desktop.views.documents.print_dialog import PrintDialog

        printing = PrintDialog(ctx, "invoice", row.id, window)
        printing.open()
        wait_until(lambda: bool(printing.preview_pages) or printing.error.isVisible())
        save(printing, out / "print-dialog.png")
        printing.close()

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

    sync_panel(window, database, out)
    window.hide()
    ctx.runner.wait()
    database.dispose()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
