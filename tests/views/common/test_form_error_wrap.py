"""A long message under a field wraps to the field's width and is shown whole (not cut at the field's
width or the one line kept for it); the fields below move down for it on save, and do not move again
while the user edits. Rendered on the move dialog: a receipt from the wrong supplier of the order."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget
from viewhelp import add_record, shot

from mos_desktop.errors import FieldError
from mos_desktop.models import PurchaseOrder, PurchaseOrderLine, Supplier
from mos_desktop.views.common.forms import FieldSet
from mos_desktop.views.warehouse.move_dialog import MoveDialog

LONG_SUPPLIER = "ООО «Торгово-производственная компания Системы контроля доступа и шлагбаумы Подмосковья»"


def _shown_whole(label: Any) -> bool:
    """The label is as tall as its text needs at its width, and no wider than its column."""
    QApplication.processEvents()
    parent = label.parentWidget()
    return label.height() >= label.heightForWidth(label.width()) and label.width() <= parent.width()


def test_a_long_message_wraps_and_the_fields_stay_put_while_typing(qtbot: Any) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    form = QFormLayout(box)
    fields = FieldSet()
    first = fields.add(form, "first", "Поле", QLineEdit())
    second = fields.add(form, "second", "Другое", QLineEdit())
    assert isinstance(first, QLineEdit)
    box.resize(360, 160)
    box.show()
    qtbot.waitExposed(box)
    long = "Поле: " + "очень длинное объяснение того, что не так и как это исправить, " * 3
    fields.show_errors([FieldError("first", long)])
    label = fields.errors["first"]
    qtbot.waitUntil(lambda: label.height() > 2 * label.fontMetrics().lineSpacing())
    assert _shown_whole(label)
    below = second.mapTo(box, QPoint(0, 0))
    qtbot.keyClicks(first, "x")  # the message goes; its lines are kept until the next save
    QApplication.processEvents()
    assert fields.error_text("first") == ""
    assert second.mapTo(box, QPoint(0, 0)) == below


def test_move_dialog_shows_a_long_supplier_error_whole(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = {
        "cable": add_record(db, "item", sku="CBL-VVG", name="Кабель ВВГ 3×2,5", unit="м"),
        "wrong": add_record(db, "location", code="SUP-1", name="Поставщик: ООО «Барьер-Снаб»", kind="supplier"),
        "right": add_record(db, "location", code="SUP-2", name=f"Поставщик: {LONG_SUPPLIER}", kind="supplier"),
        "rum": add_record(db, "location", code="RUM", name="Склад Румянцево", kind="warehouse"),
    }  # fmt: skip
    with db.session() as s:
        vendor = Supplier(name=LONG_SUPPLIER)
        s.add(vendor)
        s.flush()
        order = PurchaseOrder(number="ЗП-2026-0011", supplier_id=vendor.id, ordered_on=date(2026, 11, 2))
        s.add(order)
        s.flush()
        s.add(PurchaseOrderLine(order_id=order.id, item_id=ids["cable"], quantity=100, price_kop=9000))
        order_id = order.id
    dialog = MoveDialog(ctx, "receipt")
    qtbot.addWidget(dialog)
    dialog.resize(dialog.minimumWidth(), 560)
    dialog.show()
    picker = dialog.fields.widgets["purchase_order_id"]
    qtbot.waitUntil(lambda: picker.loaded)  # type: ignore[attr-defined]
    dialog.fields.set("purchase_order_id", order_id)
    qtbot.waitUntil(lambda: dialog.fields.get("from_location") == ids["right"])
    dialog.fields.set("from_location", ids["wrong"])
    dialog.save()
    label = dialog.fields.errors["from_location"]
    qtbot.waitUntil(lambda: bool(label.text()))
    assert LONG_SUPPLIER in label.text()
    qtbot.waitUntil(lambda: label.height() > 1.5 * label.fontMetrics().lineSpacing())
    assert _shown_whole(label)
    assert dialog.width() == dialog.minimumWidth()  # wrapped, not widened
    shot(dialog, "move_long_supplier_error")
