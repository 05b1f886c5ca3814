"""Shipments: the equipment handover act (and, below, the shipping papers) from a shipment and its lines."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.common import client_party, items_by_id
from mos_desktop.documents.company import Company, Options, require_requisites
from mos_desktop.documents.forms.handover import HandoverData, HandoverLine
from mos_desktop.errors import UserError
from mos_desktop.models import Shipment, ShipmentLine, Site


def shipment_lines(session: Session, shipment: Shipment) -> list[ShipmentLine]:
    lines = list(
        session.scalars(
            select(ShipmentLine)
            .where(ShipmentLine.shipment_id == shipment.id, ShipmentLine.deleted_at.is_(None))
            .order_by(ShipmentLine.created_at, ShipmentLine.id)
        )
    )
    if not lines:
        raise UserError(f"В отгрузке {shipment.number} нет строк: добавьте товары и повторите печать")
    return lines


def shipment_address(session: Session, shipment: Shipment) -> str:
    if shipment.to_address:
        return shipment.to_address
    site = session.get(Site, shipment.site_id) if shipment.site_id else None
    return site.address if site else ""


def handover_data(
    session: Session, shipment: Shipment, company: Company, options: Options, *, number: str, day: date
) -> HandoverData:
    require_requisites(company)
    lines = shipment_lines(session, shipment)
    items = items_by_id(session, [x.item_id for x in lines])
    rows = tuple(
        HandoverLine(
            name=items[x.item_id].name,
            code=items[x.item_id].sku,
            serial=x.serial,
            quantity=x.quantity,
            unit=items[x.item_id].unit,
            completeness="полная",
            condition="новое, исправное",
            amount_kop=x.price_kop * x.quantity,
        )
        for x in lines
    )
    return HandoverData(
        number=number,
        day=day,
        sender=company,
        receiver=client_party(session, shipment.client_id),
        address=shipment_address(session, shipment),
        basis=f"Отгрузка № {shipment.number}",
        lines=rows,
        options=options,
    )
