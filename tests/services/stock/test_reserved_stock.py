"""Stock reserved for a shipment leaves the warehouse only for that shipment: a transfer, issue or
write-off of reserved units is refused naming the item, the place, what is reserved and for which
shipment; issuing the units to their own shipment keeps working and releases the reservation."""

from __future__ import annotations

import pytest
from factories import add, client, shipment
from stockhelp import TODAY, post, yard

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import Location, LocationKind, ShipmentLine, ShipmentStatus, StockMove
from mos_desktop.services.stock.lists import stock_rows
from mos_desktop.services.stock.reservations import reserved_by_item


def test_reserved_units_are_refused_to_a_transfer_and_go_to_their_shipment(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        owner = client(s, "ЖК Бета")
        add(s, Location(code="CL-2", name="ЖК Бета", kind=LocationKind.CLIENT_SITE, client_id=owner.id))
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 5))
        ship = shipment(s, "ОТ-7", owner, status=ShipmentStatus.PLANNED)
        add(s, ShipmentLine(shipment_id=ship.id, item_id=y.reader.id, quantity=4))

        post(s, "transfer", "RUM", "OFC", ("R-01", 1))  # the one free unit may go
        for kind, target, note in (
            ("transfer", "OFC", ""),
            ("write_off", None, "Брак"),
            ("issue", "CL-1", ""),
        ):
            with pytest.raises(ValidationError) as refused:
                post(s, kind, "RUM", target, ("R-01", 2), note=note)
            (error,) = refused.value.errors
            assert error.field == "lines[0].quantity"
            assert error.message == (
                "Строка 1: «Считыватель» на «Склад Румянцево» 4 шт, из них 4 в резерве "
                "(4 — отгрузка ОТ-7 (ЖК Бета)), свободно 0 — уберите строку или сначала измените отгрузку"
            )
        assert s.query(StockMove).count() == 2  # nothing written
        with pytest.raises(ValidationError) as refused:  # two lines: the first one already takes too much
            post(s, "transfer", "RUM", "OFC", ("R-01", 1), ("R-01", 1))
        (error,) = refused.value.errors
        assert error.field == "lines[0].quantity" and error.message.startswith("Строка 1:")

        post(s, "issue", "RUM", "CL-2", ("R-01", 3), shipment_id=ship.id)  # to its own shipment
        assert reserved_by_item(s) == {y.reader.id: 1}
        post(s, "issue", "RUM", "CL-2", ("R-01", 1))  # the client's one shipment: found and released
        assert reserved_by_item(s) == {}
        last = s.query(StockMove).order_by(StockMove.created_at.desc(), StockMove.id.desc()).first()
        assert last is not None and last.shipment_id == ship.id
        (row,) = [
            r
            for r in stock_rows(s, as_of=TODAY)
            if (r.item_id, r.location_id) == (y.reader.id, y.warehouse.id)
        ]
        assert (row.on_hand, row.reserved, row.free) == (0, 0, 0)


def test_free_units_beside_a_reservation_may_leave(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 5))
        ship = shipment(s, "ОТ-8", None, status=ShipmentStatus.AGREED)
        add(s, ShipmentLine(shipment_id=ship.id, item_id=y.reader.id, quantity=2))
        with pytest.raises(ValidationError, match="уменьшите количество до 3"):
            post(s, "transfer", "RUM", "OFC", ("R-01", 4))
        post(s, "transfer", "RUM", "OFC", ("R-01", 3))
        post(s, "transfer", "OFC", "TRN", ("R-01", 3))  # the office holds no reservations
        ship.status = ShipmentStatus.CANCELLED  # no longer reserving
        post(s, "transfer", "RUM", "OFC", ("R-01", 2))
