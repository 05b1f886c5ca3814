"""A receipt in the move dialog: choosing the purchase order fills «Откуда» (the order's supplier),
«Куда» (the warehouse) and the lines still expected; saving with another supplier is refused under
«Откуда», nothing written."""

from __future__ import annotations

from datetime import date
from typing import Any

from viewhelp import add_record, count_rows, shot

from mos_desktop.models import PurchaseOrder, PurchaseOrderLine, StockMove, Supplier
from mos_desktop.views.warehouse.move_dialog import MoveDialog


def _order(db: Any) -> dict[str, Any]:
    ids = {
        "cable": add_record(db, "item", sku="CBL-VVG", name="Кабель ВВГ 3×2,5", unit="м"),
        "anchor": add_record(db, "item", sku="ANCHOR-M12", name="Анкерный болт М12"),
        "wrong": add_record(
            db, "location", code="SUP-1", name="Поставщик: ООО «Барьер-Снаб»", kind="supplier"
        ),
        "right": add_record(
            db, "location", code="SUP-2", name="Поставщик: ООО «Кабель-Центр»", kind="supplier"
        ),
        "rum": add_record(db, "location", code="RUM", name="Склад Румянцево", kind="warehouse"),
        "office": add_record(db, "location", code="OFC", name="Офис", kind="office"),
    }
    with db.session() as s:
        vendor = Supplier(name="ООО «Кабель-Центр»")
        s.add(vendor)
        s.flush()
        order = PurchaseOrder(number="ЗП-2026-0010", supplier_id=vendor.id, ordered_on=date(2026, 11, 2))
        s.add(order)
        s.flush()
        s.add(
            PurchaseOrderLine(
                order_id=order.id, item_id=ids["cable"], quantity=435, received_quantity=35, price_kop=9000
            )
        )
        s.add(PurchaseOrderLine(order_id=order.id, item_id=ids["anchor"], quantity=40, price_kop=2500))
        ids["order"] = order.id
    return ids


def test_choosing_the_order_fills_the_receipt(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = _order(db)
    dialog = MoveDialog(ctx, "receipt")
    qtbot.addWidget(dialog)
    dialog.resize(1000, 560)
    dialog.show()
    picker = dialog.fields.widgets["purchase_order_id"]
    qtbot.waitUntil(lambda: picker.loaded)  # type: ignore[attr-defined]
    dialog.fields.set("purchase_order_id", ids["order"])  # as chosen from the list
    qtbot.waitUntil(lambda: len(dialog.line_values()) == 2)
    assert dialog.fields.get("from_location") == ids["right"]
    assert dialog.fields.get("to_location") == ids["rum"]
    assert [(v["sku"], v["quantity"]) for v in dialog.line_values()] == [
        ("CBL-VVG", "400"),
        ("ANCHOR-M12", "40"),
    ]
    shot(dialog, "receipt_order_chosen")

    dialog.set_line(0, quantity="380")  # editable: what really came
    dialog.fields.set("from_location", ids["wrong"])
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.fields.error_text("from_location")))
    assert dialog.fields.error_text("from_location") == (
        "Откуда: заказ ЗП-2026-0010 — от «ООО «Кабель-Центр»»: выберите «Поставщик: ООО «Кабель-Центр»» "
        "или другой заказ"
    )
    shot(dialog, "receipt_wrong_supplier")
    assert count_rows(db, StockMove) == 0
    assert dialog.isVisible()

    dialog.fields.set("from_location", ids["right"])
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    with db.session() as s:
        assert {m.to_location_id for m in s.query(StockMove)} == {ids["rum"]}
        assert sum(m.quantity for m in s.query(StockMove)) == 420
