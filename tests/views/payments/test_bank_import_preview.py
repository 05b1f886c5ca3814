"""The statement preview at 1366×768: «Итог» (what the import will do) gets the spare width and reads whole;
«Назначение» and the names are capped, their whole text on hover."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from factories import client, invoice
from services.payments.statement_files import document, encode, statement
from viewhelp import shot

from mos_desktop.views.payments.bank_import import OUTCOME, PURPOSE, BankImportDialog


def test_the_outcome_column_reads_whole_on_a_1366_screen(
    ctx: Any, qtbot: Any, db: Any, tmp_path: Path
) -> None:
    with db.session() as s:
        alley = client(s, "ЖК Горная аллея", inn="7742340173")
        invoice(s, alley, 13_000, date(2026, 9, 15), number="АП-2026-09-0130")
        invoice(s, alley, 13_000, date(2026, 10, 15), number="АП-2026-10-0131")
        etalon = client(s, "УК Эталон-Менеджмент", inn="7742720513")
        invoice(s, etalon, 13_000, date(2026, 11, 15), number="АП-ДЕМО-2612-0240")
    lines = statement(
        document(
            number="901",
            amount="13000.00",
            payer_inn="7714551239",
            payer='ООО "Ромашка-Сервис"',
            purpose="Оплата за услуги видеонаблюдения за ноябрь 2026. Без НДС",
        ),
        document(
            number="902",
            amount="13000.00",
            payer_inn="7742720513",
            payer='ООО "УК Эталон-Менеджмент"',
            purpose="Оплата по счету № АП-ДЕМО-2612-0240 от 15.11.2026. Без НДС",
        ),
        document(
            number="903",
            amount="26000.00",
            payer_inn="7742340173",
            payer='ООО "Горная аллея Сервис"',
            purpose="Оплата по счетам АП-2026-09-0130, АП-2026-10-0131. Без НДС",
        ),
    )
    path = tmp_path / "statement2.txt"
    path.write_bytes(encode(lines))
    dialog = BankImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 620)  # what fits in 1366×768 beside the main window's frame
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    qtbot.wait(100)  # the info's three lines laid out
    shot(dialog, "statement_preview_1100")
    table = dialog.table
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths[OUTCOME] == max(widths), widths  # the outcome is the widest column
    assert widths[PURPOSE] <= 240
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        outcome = table.item(row, OUTCOME).text()
        # whole in at most two lines of its column (it wraps; nothing elided)
        assert metrics.horizontalAdvance(outcome) < 2 * (widths[OUTCOME] - 12), outcome
        purpose = table.item(row, PURPOSE)
        assert purpose.toolTip() == purpose.text()  # the capped purpose whole on hover

    dialog.resize(1240, 620)  # the dialog's own width on a 1366 screen: «Назначение» gets some back
    qtbot.wait(100)
    shot(dialog, "statement_preview_1240")
    assert table.columnWidth(PURPOSE) > widths[PURPOSE]
    assert table.columnWidth(OUTCOME) >= widths[OUTCOME]
