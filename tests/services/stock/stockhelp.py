"""A small warehouse for the stock command tests: locations of every kind, a plain and a serial item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from factories import add, item, location
from sqlalchemy.orm import Session

from mos_desktop.models import Item, Location, LocationKind, Supplier
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

TODAY = date(2026, 11, 23)
USER = "Кузьмин О."


@dataclass
class Yard:
    supplier: Location
    warehouse: Location
    office: Location
    transit: Location
    site: Location
    write_off: Location
    reader: Item
    camera: Item
    vendor: Supplier


def yard(s: Session) -> Yard:
    vendor = add(s, Supplier(name="ООО Вендор"))
    return Yard(
        supplier=location(s, "Поставщик: ООО Вендор", LocationKind.SUPPLIER, code="SUP-1"),
        warehouse=location(s, "Склад Румянцево", LocationKind.WAREHOUSE, code="RUM"),
        office=location(s, "Офис", LocationKind.OFFICE, code="OFC"),
        transit=location(s, "В пути", LocationKind.IN_TRANSIT, code="TRN"),
        site=location(s, "ЖК Альфа", LocationKind.CLIENT_SITE, code="CL-1"),
        write_off=location(s, "Списание", LocationKind.WRITE_OFF, code="WO"),
        reader=item(s, "R-01", "Считыватель", min_stock=5),
        camera=item(s, "CAM-1", "Камера", serial_tracked=True),
        vendor=vendor,
    )


def post(
    s: Session,
    kind: str,
    source: str | None,
    target: str | None,
    *lines: tuple[str, int] | tuple[str, int, str],
    on: date | None = None,
    **kw: object,
) -> list:
    """Post one document; lines as (sku, qty) or (sku, qty, "SN1 SN2")."""
    form = MoveForm(
        kind,
        source,
        target,
        [MoveLineForm(line[0], str(line[1]), line[2] if len(line) > 2 else "") for line in lines],  # type: ignore[misc]
        moved_on=on,
        series="Т1",
        **kw,  # type: ignore[arg-type]
    )
    changes = post_moves(s, form, user=USER, today=TODAY)
    return sorted(changes.ids)
