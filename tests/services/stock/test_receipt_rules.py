"""A receipt against a purchase order: only from the order's supplier (nothing written otherwise), and the
dialog's draft (from the supplier, to the warehouse, the units still expected); a scanned serial number
in the item column resolves to its item."""

from __future__ import annotations

from datetime import date

import pytest
from factories import purchase_order, supplier
from stockhelp import TODAY, USER, post, yard

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import Location, LocationKind, PurchaseOrderLine, StockMove
from mos_desktop.services.stock.drafts import DraftLine, receipt_draft, scanned_serial
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves


def test_a_receipt_from_another_supplier_is_refused_and_nothing_written(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        cable = supplier(s, "ООО «Кабель-Центр»")
        order = purchase_order(s, "ЗП-2026-0010", cable, date(2026, 11, 1), [(y.reader, 435, 100)])
        form = MoveForm(
            "receipt", "SUP-1", "RUM", [MoveLineForm("R-01", "400")], purchase_order_id=order.id, series="Т1"
        )
        with pytest.raises(ValidationError) as refused:
            post_moves(s, form, user=USER, today=TODAY)
        (error,) = [e for e in refused.value.errors if e.field == "from_location"]
        assert error.message == (
            "Откуда: заказ ЗП-2026-0010 — от «ООО «Кабель-Центр»»: оставьте поле пустым или другой заказ"
        )
        assert s.query(StockMove).count() == 0
        assert s.query(PurchaseOrderLine).one().received_quantity == 0

        # the order's own supplier (left empty: taken from the order) is accepted, and its location made once
        first = post_moves(s, MoveForm("receipt", None, "RUM", [MoveLineForm("R-01", "400")],
                                       purchase_order_id=order.id, series="Т1"), user=USER, today=TODAY)  # fmt: skip
        assert first.message.endswith("; по заказу ЗП-2026-0010 ожидается ещё 35 ед.")  # short: said at once
        post_moves(s, MoveForm("receipt", None, "RUM", [MoveLineForm("R-01", "5")], purchase_order_id=order.id,
                               series="Т1"), user=USER, today=TODAY)  # fmt: skip
        made = s.query(Location).filter(Location.kind == LocationKind.SUPPLIER).all()
        assert sorted(loc.name for loc in made) == ["Поставщик: ООО «Кабель-Центр»", "Поставщик: ООО Вендор"]


def test_the_receipt_draft_fills_supplier_warehouse_and_the_units_still_expected(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        order = purchase_order(
            s, "ЗП-1", y.vendor, date(2026, 11, 1), [(y.reader, 10, 1_000), (y.camera, 2, 5_000)]
        )
        post(s, "receipt", None, None, ("R-01", 6), purchase_order_id=order.id)
        draft = receipt_draft(s, order.id)
        assert (draft.number, draft.supplier) == ("ЗП-1", "ООО Вендор")
        assert draft.from_location_id == y.supplier.id
        assert draft.to_location_id == y.warehouse.id
        assert draft.lines == [DraftLine("R-01", "Считыватель", 4), DraftLine("CAM-1", "Камера", 2)]


def test_a_known_serial_resolves_to_its_item(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("CAM-1", 2, "BAR-26-000013 BAR-26-000014"))
        hit = scanned_serial(s, " BAR-26-000013 ")
        assert hit is not None and (hit.sku, hit.serial) == ("CAM-1", "BAR-26-000013")
        assert scanned_serial(s, "R-01") is None  # an SKU stays an SKU
        assert scanned_serial(s, "NO-SUCH") is None
        # the command takes the scanned serial as the item and the line's serial (CLI, CSV, a fast scan)
        post(s, "transfer", "RUM", "OFC", ("BAR-26-000014", 1))
        moved = s.query(StockMove).filter(StockMove.kind == "transfer").one()
        assert (moved.serial, moved.quantity) == ("BAR-26-000014", 1)
