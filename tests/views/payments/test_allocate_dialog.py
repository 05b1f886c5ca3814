"""«Разнести…» for a payer nobody recognised: the search box finds the client's invoices by name, ИНН or
number as you type; Enter there goes to the table, never saves; the payment then belongs to the client."""

from __future__ import annotations

from datetime import date
from typing import Any

from factories import client, invoice, payment
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from viewhelp import TODAY, count_rows, shot

from mos_desktop.models import Payment, PaymentAllocation
from mos_desktop.services.payments.lists import list_payments
from mos_desktop.views.payments.allocate_dialog import AMOUNT, AllocationDialog, row_matches


def shown_numbers(dialog: Any) -> list[str]:
    return [
        dialog.table.item(n, 0).text()
        for n in range(dialog.table.rowCount())
        if not dialog.table.isRowHidden(n)
    ]


def test_row_matches_every_word_case_yo_and_lookalikes() -> None:
    assert row_matches("озерный ОВРАГ", "ТСН ЖК Озёрный овраг", "7707083893", "АП-1")
    assert row_matches("7707", "ЖК", "7707083893", "АП-1")
    assert row_matches("ap-1", "ЖК", "", "АП-1") is False  # «ap» is not a look-alike of «АП»
    assert row_matches("AП-1", "ЖК", "", "АП-1")  # a Latin «A» typed for the Cyrillic one
    assert not row_matches("озерный альфа", "ЖК Озёрный овраг", "", "АП-1")


def test_search_filters_invoices_and_the_payment_shows_under_its_client(
    ctx: Any, qtbot: Any, db: Any
) -> None:
    with db.session() as s:
        names = ("ЖК Альфа", "ЖК Озёрный овраг", "ТСЖ Берёзка", "УК Эталон")
        inns = ("7707083893", "7736207543", "7702070139", "7710140679")
        owners = [client(s, name, inn=inn) for name, inn in zip(names, inns, strict=True)]
        for n, owner in enumerate(owners):
            invoice(s, owner, 4_500, date(2026, 2, 15), number=f"АП-2026-02-{n:04d}")
            invoice(s, owner, 4_500, date(2026, 3, 15), number=f"АП-2026-03-{n:04d}")
        pid = payment(s, 9_000, date(2026, 11, 20), payer_name="ТСН ЖК Озёрный овраг").id
        lake = owners[1].id
    dialog = AllocationDialog(ctx, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.state is not None)
    assert dialog.table.rowCount() == 8 and dialog.shown.text() == "счетов: 8"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search)  # unknown payer: search first
    dialog.search.insert("озерный")  # as typed (QTest cannot type Cyrillic)
    assert shown_numbers(dialog) == ["АП-2026-02-0001", "АП-2026-03-0001"]
    assert dialog.shown.text() == "показано 2 из 8"
    shot(dialog, "allocate_search")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # to the table, not «Разнести»
    assert dialog.isVisible() and count_rows(db, PaymentAllocation) == 0
    assert dialog.table.currentRow() == 1 and dialog.table.currentColumn() == AMOUNT
    dialog.set_amount(1, "4 500")  # АП-2026-02-0001: rows go oldest first, then by number
    dialog.search.setText("7710")  # by ИНН
    assert shown_numbers(dialog) == ["АП-2026-02-0003", "АП-2026-03-0003"]
    dialog.search.setText("03-0001")  # by number
    assert shown_numbers(dialog) == ["АП-2026-03-0001"]
    dialog.search.clear()
    assert len(shown_numbers(dialog)) == 8
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    with db.session() as s:  # shown as the client's whose invoices it paid (the ledger row unchanged)
        row = s.get(Payment, pid)
        assert row is not None and row.client_id is None
        assert [r.id for r in list_payments(s, today=TODAY, client_id=lake).rows] == [pid]


def test_a_payment_shared_between_two_clients_is_saved_only_when_the_user_says_so(
    ctx: Any, qtbot: Any, db: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mos_desktop.views.common.confirm import confirm_button

    with db.session() as s:
        dom = client(s, "УК Домострой", inn="7707083893")
        etalon = client(s, "УК Эталон", inn="7736207543")
        invoice(s, dom, 3_000, date(2026, 10, 15), number="АП-37")
        invoice(s, etalon, 6_000, date(2026, 10, 15), number="АП-66")
        pid = payment(s, 12_100, date(2026, 11, 20), payer_name="ИП Тарасов И. П.").id
    dialog = AllocationDialog(ctx, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.state is not None)
    assert "ИП Тарасов И. П. Не разнесено" in dialog.summary.text()  # no double period
    assert ".." not in dialog.summary.text()
    dialog.set_amount(0, "3000")
    dialog.set_amount(1, "6000")
    assert dialog.clients_shared() == ["УК Домострой", "УК Эталон"]
    dialog.save()
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "Платёж делится между клиентами «УК Домострой» и «УК Эталон» — продолжить?"
    assert box.defaultButton().text() == "Отмена"  # Enter does not split it
    shot(box, "allocate_two_clients")
    box.defaultButton().click()
    assert dialog.isVisible() and count_rows(db, PaymentAllocation) == 0
    dialog.save()
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        confirm_button(dialog.confirm_box).click()
    assert count_rows(db, PaymentAllocation) == 2
    with db.session() as s:
        listing = list_payments(s, today=TODAY)
        (row,) = [r for r in listing.rows if r.id == pid]
        assert listing.value(row, "client") == "несколько клиентов"
