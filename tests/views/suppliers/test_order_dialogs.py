"""Purchase orders in the window: a new order with prices from the supplier's offer and its total; bad
lines marked, nothing written; «Статус…» offers only the allowed steps and asks for the invoice's
fields; «Приход по заказу…» opens the move document preset with the order and what is still expected."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from viewhelp import TODAY, add_record, shot

from mos_desktop.models import Payable, PurchaseOrder, PurchaseStatus, StockMove
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.suppliers.order_dialog import OrderDialog
from mos_desktop.views.suppliers.step_dialog import OrderStepDialog


def setup(db: Any) -> dict[str, Any]:
    from mos_desktop.models import SupplierPrice

    ids = {
        "supplier": add_record(db, "supplier", name="ООО Вендор"),
        "reader": add_record(db, "item", sku="RD-1", name="Считыватель"),
        "cable": add_record(db, "item", sku="CB-2", name="Кабель"),
        "warehouse": add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse"),
    }
    with db.session() as s:
        s.add(
            SupplierPrice(
                supplier_id=ids["supplier"],
                item_id=ids["reader"],
                price_kop=150_000,
                valid_from=date(2026, 1, 1),
            )
        )
    return ids


def orders(db: Any) -> list[PurchaseOrder]:
    with db.session() as s:
        rows = list(s.scalars(select(PurchaseOrder)))
        s.expunge_all()
        return rows


def test_new_order_takes_the_offer_and_totals(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = setup(db)
    dialog = OrderDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    picker = dialog.fields.widgets["supplier_id"]
    qtbot.waitUntil(lambda: picker.loaded and bool(dialog.names))  # type: ignore[attr-defined]
    dialog.fields.set("supplier_id", ids["supplier"])
    qtbot.waitUntil(lambda: bool(dialog.offers))
    dialog.lines.set_line(0, sku="RD-1", quantity="2")
    assert dialog.lines.text(0, "name") == "Считыватель"
    assert dialog.lines.text(0, "price") == "1\u00a0500,00"  # the supplier's offer
    dialog.lines.set_line(1, sku="CB-2", quantity="3")
    assert dialog.lines.text(1, "price") == ""  # no offer: the manager types it
    dialog.save()
    qtbot.waitUntil(lambda: dialog.general_error.isVisible())
    assert "нет текущей цены" in dialog.general_error.text()
    assert dialog.lines.cell(1, "price").background().color().name() == "#fdecec"
    assert orders(db) == []
    dialog.lines.set_line(1, price="100")
    assert "3\u00a0300,00" in dialog.total.text()
    shot(dialog, "order_dialog")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    [order] = orders(db)
    assert order.status == PurchaseStatus.DRAFT and order.number.startswith("ЗП-")


def test_step_asks_for_the_invoice_then_makes_a_payable(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.purchasing.ordering import OrderForm, OrderLineForm, create_order

    ids = setup(db)
    with db.session() as s:
        order_id = create_order(
            s, OrderForm(ids["supplier"], [OrderLineForm("RD-1", "2")]), user="t", today=TODAY
        ).record_id
    dialog = OrderStepDialog(ctx, order_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.state is not None)
    box = dialog.fields.widgets["status"]
    steps = [box.itemData(i) for i in range(box.count())]  # type: ignore[attr-defined]
    assert steps == ["invoice_requested", "invoice_received", "in_plan", "paid", "shipped", "cancelled"]
    assert not dialog.fields.widgets["invoice_number"].isVisibleTo(dialog)
    dialog.select_step("invoice_received")
    assert dialog.fields.widgets["invoice_number"].isVisibleTo(dialog)
    assert dialog.fields.get("invoice_amount") == "3\u00a0000,00"  # the order's total, to correct
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.fields.error_text("invoice_number")))
    dialog.fields.set("invoice_number", "С-77")
    shot(dialog, "order_step_dialog")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    with db.session() as s:
        order = s.get(PurchaseOrder, order_id)
        assert order is not None and order.status == PurchaseStatus.INVOICE_RECEIVED
        assert s.scalar(select(func.count()).select_from(Payable)) == 1


def test_orders_list_creates_steps_and_receives(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.purchasing.ordering import OrderForm, OrderLineForm, create_order
    from mos_desktop.views.warehouse.move_dialog import MoveDialog

    ids = setup(db)
    with db.session() as s:
        create_order(
            s,
            OrderForm(ids["supplier"], [OrderLineForm("RD-1", "4"), OrderLineForm("CB-2", "1", "10")]),
            user="t",
            today=TODAY,
        )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("suppliers")
    view = tab.show_list("orders")
    qtbot.waitUntil(lambda: view.total_count() == 1)
    assert set(tab.buttons["orders"]) == {"new", "step", "receive", "attachments", "print"}
    tab.trigger("new")
    assert isinstance(tab.dialog, OrderDialog)
    tab.dialog.reject()
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("step")
    assert isinstance(tab.dialog, OrderStepDialog)
    tab.dialog.reject()
    tab.trigger("receive")
    qtbot.waitUntil(lambda: isinstance(tab.dialog, MoveDialog))
    move = tab.dialog
    qtbot.waitUntil(lambda: move.fields.widgets["purchase_order_id"].loaded)
    assert move.fields.get("kind") == "receipt" and move.fields.get("purchase_order_id") is not None
    assert sorted((v["sku"], v["quantity"]) for v in move.line_values()) == [("CB-2", "1"), ("RD-1", "4")]
    assert not move.is_dirty()
    move.set_line(0 if move.line_values()[0]["sku"] == "RD-1" else 1, quantity="3")
    shot(move, "order_receipt")
    with qtbot.waitSignal(move.saved, timeout=10000):
        move.save()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StockMove)) == 2
        order = s.scalars(select(PurchaseOrder)).one()
        assert order.status == PurchaseStatus.PARTIAL
