"""Платежи in the window: one key logs a call from the call list, the invoice run previews then creates
(and a second run creates nothing), a bank statement is previewed then imported with its summary."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from factories import client, invoice
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMessageBox
from services.payments.statement_files import document, encode, statement
from sqlalchemy import select
from viewhelp import TODAY, count_rows, shot

from mos_desktop.models import CollectionCall, Invoice, Payment
from mos_desktop.views.common.confirm import confirm_button
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.payments.bank_import import OUTCOME, BankImportDialog
from mos_desktop.views.payments.invoice_run import InvoiceRunDialog


def window_on(ctx: Any, qtbot: Any, tab_key: str, list_key: str) -> tuple[MainWindow, Any, Any]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab(tab_key)
    view = tab.show_list(list_key)
    qtbot.waitUntil(lambda: view.has_data)
    return window, tab, view


def test_one_key_logs_a_call_and_the_client_leaves_the_list_when_it_promised(
    ctx: Any, qtbot: Any, db: Any
) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Должник", phone="+7 495 111-22-33")
        invoice(s, owner, 12_000, date(2026, 10, 15), number="С-10")
    _window, tab, view = window_on(ctx, qtbot, "payments", "calls")
    assert view.total_count() == 1
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    view.table.setFocus()
    with qtbot.waitSignal(ctx.changes, timeout=10000):
        qtbot.keyClick(view.table, Qt.Key.Key_1)  # «не дозвонились», no dialog
    assert count_rows(db, CollectionCall) == 1
    assert tab.last_call is not None
    with qtbot.waitSignal(ctx.changes, timeout=10000):  # a stray key: Ctrl+Z takes the call back
        qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        assert s.scalars(select(CollectionCall)).one().deleted_at is not None
    qtbot.waitUntil(lambda: view.total_count() == 1)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_2)  # «обещал оплатить» needs a date: the dialog opens
    dialog = tab.dialog
    assert dialog.fields.get("outcome") == "promised"
    dialog.fields.set("promise_date", date(2026, 11, 27))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    qtbot.waitUntil(lambda: view.total_count() == 0)  # off the list until the day after the promise
    assert count_rows(db, CollectionCall) == 2  # the cancelled one stays, tombstoned


def test_invoice_run_previews_then_creates_once(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.clients import new_client_card, save_client

    with db.session() as s:
        for n, fee in ((1, "10000"), (2, "5500,50")):
            card = new_client_card()
            card.name, card.inn, card.monthly_fee = f"ЖК {n}", ["7707083893", "7736207543"][n - 1], fee
            card.fee_start_date = date(2026, 1, 1)
            save_client(s, card, user="t", today=TODAY)
    ctx.settings = dataclasses.replace(ctx.settings, invoice_series="Т1")  # the workstation's series
    dialog = InvoiceRunDialog(ctx, month=date(2026, 11, 1))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.table.rowCount() == 2
    assert "15 500,50" in dialog.summary.text().replace("\u00a0", " ")
    assert count_rows(db, Invoice) == 0  # the preview writes nothing
    dialog.month.setFocus()
    qtbot.keyClick(dialog.month, Qt.Key.Key_Return)  # Enter in the month field issues nothing
    assert dialog.confirm_box is None and dialog.isVisible()
    qtbot.waitUntil(dialog.run_button.isEnabled)
    dialog.run_button.click()
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox)
    assert box.text().replace("\u00a0", " ") == "Выставить 2 счёта на сумму 15 500,50 ₽?"
    assert box.defaultButton().text() == "Отмена"
    assert count_rows(db, Invoice) == 0  # nothing before the answer
    confirm_button(box).click()
    qtbot.waitUntil(lambda: count_rows(db, Invoice) == 2 or dialog.error.isVisible(), timeout=10000)
    assert not dialog.error.isVisible(), dialog.error.text()
    assert count_rows(db, Invoice) == 2
    qtbot.waitUntil(lambda: dialog.run_button.text() == "Выставлять нечего")
    assert count_rows(db, Invoice) == 2  # a second run would create nothing


def test_bank_statement_preview_then_import(ctx: Any, qtbot: Any, db: Any, tmp_path: Path) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893")
        invoice(s, owner, 12_000, date(2026, 11, 15), number="С-1")
    path = tmp_path / "kl_to_1c.txt"
    invoice_other = "С-2"
    with db.session() as s:
        invoice(s, s.get(type(owner), owner.id), 3_000, date(2026, 10, 15), number=invoice_other)
    long_purpose = (
        "Оплата по счету № С-1 от 15.11.2026 за абонентское обслуживание систем видеонаблюдения. Без НДС"
    )
    # 1 000 ₽ more than С-1 asks, while С-2 is unpaid: a remainder, not an overpayment
    path.write_bytes(encode(statement(document(amount="13000.00", purpose=long_purpose))))
    dialog = BankImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert "Частично: 1" in dialog.info.text(), dialog.info.text()
    header = dialog.table.horizontalHeader()
    assert header.sectionResizeMode(OUTCOME) == QHeaderView.ResizeMode.Stretch  # «Итог» takes the room
    outcome = dialog.table.item(0, OUTCOME).text().replace("\u00a0", " ")
    assert outcome.startswith("частично: остаток 1 000,00 ₽ не разнесён; у клиента ещё долг 3 000,00 ₽")
    shot(dialog, "statement_preview")
    assert count_rows(db, Payment) == 0
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert "Выписка загружена" in dialog.info.text()
    assert count_rows(db, Payment) == 1


def test_a_broken_statement_names_its_line_and_writes_nothing(
    ctx: Any, qtbot: Any, db: Any, tmp_path: Path
) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(
        "1CClientBankExchange\r\nСекцияДокумент=Платежное поручение\r\nСумма=abc\r\n".encode("cp1251")
    )
    dialog = BankImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "строк" in dialog.error.text().lower()
    assert not dialog.apply_button.isEnabled()
    assert count_rows(db, Payment) == 0


def test_invoice_run_without_a_series_says_so_before_the_button(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.clients import new_client_card, save_client

    with db.session() as s:
        card = new_client_card()
        card.name, card.inn, card.monthly_fee, card.fee_start_date = (
            "ЖК 1",
            "7707083893",
            "10000",
            date(2026, 1, 1),
        )
        save_client(s, card, user="t", today=TODAY)
    dialog = InvoiceRunDialog(ctx, month=date(2026, 11, 1))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.error.isVisible() and "Серия номеров счетов не задана" in dialog.error.text()
    assert "группа «Платежи», поле «Серия номеров счетов АП»" in dialog.error.text()
    assert not dialog.run_button.isEnabled()
