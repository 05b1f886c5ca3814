"""The purchase-order card: a row of «Заказы поставщикам» (and of the overdue orders) opens it with its
lines and total; «Статус…» from the card records the step and the card shows it; Enter on a line does
not close it or write anything; Esc closes it; a receipt posted from the card shows on it."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import func, select
from viewhelp import TODAY, add_record, shot

from mos_desktop.models import PurchaseOrder, PurchaseOrderStep, PurchaseStatus
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.records import new_record
from mos_desktop.views.suppliers.order_card import OrderCardDialog
from mos_desktop.views.suppliers.order_dialog import OrderDialog
from mos_desktop.views.suppliers.step_dialog import OrderStepDialog


def setup(db: Any) -> Any:
    from mos_desktop.services.purchasing.ordering import OrderForm, OrderLineForm, create_order

    supplier = add_record(db, "supplier", name="ООО Вендор")
    add_record(db, "item", sku="RD-1", name="Считыватель")
    add_record(db, "item", sku="CB-2", name="Кабель")
    add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse")
    with db.session() as s:
        changes = create_order(
            s,
            OrderForm(
                supplier,
                [OrderLineForm("RD-1", "4", "1 500,50"), OrderLineForm("CB-2", "3", "10,01")],
                expected_on=date(2026, 11, 30),
            ),
            user="t",
            today=TODAY,
        )
    return changes.record_id


def cells(card: OrderCardDialog, table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def open_card(qtbot: Any, window: MainWindow, list_key: str) -> OrderCardDialog:
    tab = window.show_tab("suppliers")
    view = tab.show_list(list_key)
    qtbot.waitUntil(lambda: view.total_count() == 1)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("open")
    qtbot.waitUntil(lambda: isinstance(tab.dialog, OrderCardDialog))
    card = tab.dialog
    assert isinstance(card, OrderCardDialog)
    qtbot.waitUntil(lambda: card.card is not None)
    return card


def test_order_row_opens_the_card_and_a_step_shows_on_it(ctx: Any, qtbot: Any, db: Any) -> None:
    order_id = setup(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    card = open_card(qtbot, window, "orders")
    assert card.order_id == order_id
    assert card.windowTitle().startswith("Заказ поставщику ЗП-")
    assert [row[:6] for row in cells(card, card.lines)] == [
        ["RD-1", "Считыватель", "4", "0", "", "4"],
        ["CB-2", "Кабель", "3", "0", "", "3"],
    ]
    assert [row[6:] for row in cells(card, card.lines)] == [
        ["1\u00a0500,50\u00a0₽", "6\u00a0002,00\u00a0₽"],
        ["10,01\u00a0₽", "30,03\u00a0₽"],
    ]
    assert "6\u00a0032,03\u00a0₽" in card.total.text()
    assert card.info["status"].text() == "<b>Черновик</b>"
    assert card.info["invoice"].text() == "счёта ещё нет"
    assert [row[1] for row in cells(card, card.steps)] == ["Черновик"]
    assert card.width() <= 1366 and card.height() <= 768

    # Enter on a line: nothing closes, nothing is written
    card.lines.setFocus()
    card.lines.selectRow(0)
    qtbot.keyClick(card.lines, Qt.Key.Key_Return)
    assert card.isVisible()
    if card.dialog is not None:  # the item's card opened over it: close it unchanged
        qtbot.waitUntil(lambda: getattr(card.dialog, "loaded", True))
        card.dialog.reject()

    # «Статус…» (Ctrl+T) from the card: the same step dialog, the step recorded, the card reloads
    card.step()
    step = card.dialog
    assert isinstance(step, OrderStepDialog)
    qtbot.waitUntil(lambda: step.state is not None)
    step.select_step("invoice_received")
    step.fields.set("invoice_number", "С-77")
    with qtbot.waitSignal(step.saved, timeout=10000):
        step.save()
    qtbot.waitUntil(lambda: card.card.status == PurchaseStatus.INVOICE_RECEIVED)
    assert card.info["status"].text() == "<b>Счёт получен</b>"
    assert card.info["invoice"].text().startswith("№ С-77 на 6\u00a0032,03\u00a0₽")
    assert card.info["payable_status"].text() == "получен"
    assert [row[:2] for row in cells(card, card.steps)] == [
        ["23.11.2026", "Черновик"],
        ["23.11.2026", "Счёт получен"],
    ]
    assert card.pages.tabText(0) == "Ход заказа (2)"
    shot(card, "order_card")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PurchaseOrderStep)) == 2

    # Esc closes the card
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert not card.isVisible()


def test_receipt_from_the_card_and_the_overdue_list(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.views.warehouse.move_dialog import MoveDialog

    order_id = setup(db)
    with db.session() as s:
        order = s.get(PurchaseOrder, order_id)
        assert order is not None
        order.expected_on = date(2026, 11, 20)  # overdue
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    card = open_card(qtbot, window, "overdue_orders")
    assert card.late.isVisibleTo(card) and "20.11.2026" in card.late.text()
    card.receive()
    qtbot.waitUntil(lambda: isinstance(card.dialog, MoveDialog))
    move = card.dialog
    qtbot.waitUntil(lambda: move.fields.widgets["purchase_order_id"].loaded)
    row = 0 if move.line_values()[0]["sku"] == "RD-1" else 1
    move.set_line(row, quantity="3")
    with qtbot.waitSignal(move.saved, timeout=10000):
        move.save()
    qtbot.waitUntil(lambda: card.card.status == PurchaseStatus.PARTIAL)
    assert [(r[0], r[3], r[5]) for r in cells(card, card.lines)] == [("RD-1", "3", "1"), ("CB-2", "3", "")]
    assert card.pages.tabText(1) == "Приходы (1)"
    assert cells(card, card.receipts)[0][2:4] == ["Приход от поставщика", "6"]
    assert "ожидается ещё 1 ед." in card.total.text()


def test_ctrl_n_still_makes_a_new_order(ctx: Any, qtbot: Any) -> None:
    dialog = new_record(ctx, "purchase_order")
    assert isinstance(dialog, OrderDialog)
    qtbot.addWidget(dialog)
    dialog.reject()
