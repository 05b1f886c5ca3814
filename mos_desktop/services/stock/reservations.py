"""Stock reserved for shipments: the units on planned or agreed shipments not yet issued to them.

A reservation is not stored: it is the shipment's lines minus the moves already made for that shipment
(``StockMove.shipment_id``, reversals not counted). Reservations sit on the main warehouse (the balances
list shows them there): its free stock is on hand minus reserved, and the move commands keep it from
going below zero unless the units go to the shipment they are reserved for.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.models import Client, Shipment, ShipmentLine, ShipmentStatus, StockMove

OPEN_SHIPMENTS = (ShipmentStatus.PLANNED, ShipmentStatus.AGREED)


@dataclass(frozen=True)
class Reservation:
    shipment_id: uuid.UUID
    number: str
    client_id: uuid.UUID | None
    client: str  # the client's name, "" when the shipment has none
    item_id: uuid.UUID
    units: int  # still to be issued (> 0)


def reservations(session: Session, item_ids: Iterable[uuid.UUID] | None = None) -> list[Reservation]:
    """The open reservations (of ``item_ids`` only, when given), by shipment number."""
    query = (
        select(
            ShipmentLine.shipment_id,
            Shipment.number,
            Shipment.client_id,
            ShipmentLine.item_id,
            func.sum(ShipmentLine.quantity),
        )
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(
            ShipmentLine.deleted_at.is_(None),
            Shipment.deleted_at.is_(None),
            Shipment.status.in_(OPEN_SHIPMENTS),
        )
        .group_by(ShipmentLine.shipment_id, Shipment.number, Shipment.client_id, ShipmentLine.item_id)
    )
    if item_ids is not None:
        items = list(dict.fromkeys(item_ids))
        if not items:
            return []
        query = query.where(ShipmentLine.item_id.in_(items))
    planned = session.execute(query).all()
    if not planned:
        return []
    issued: dict[tuple[uuid.UUID | None, uuid.UUID], int] = {
        (sid, iid): int(n)
        for sid, iid, n in session.execute(
            select(StockMove.shipment_id, StockMove.item_id, func.sum(StockMove.quantity))
            .where(
                StockMove.deleted_at.is_(None),
                StockMove.shipment_id.in_({p[0] for p in planned}),
                StockMove.reverses_move_id.is_(None),
            )
            .group_by(StockMove.shipment_id, StockMove.item_id)
        )
    }
    client_ids = {p[2] for p in planned if p[2] is not None}
    names: dict[uuid.UUID, str] = {}
    if client_ids:
        by_name = select(Client.id, Client.name).where(Client.id.in_(client_ids))
        names.update((client_id, name) for client_id, name in session.execute(by_name))
    out: list[Reservation] = []
    for sid, number, cid, iid, n in planned:
        left = int(n) - issued.get((sid, iid), 0)
        if left > 0:
            out.append(Reservation(sid, number, cid, names.get(cid, "") if cid else "", iid, left))
    return sorted(out, key=lambda r: (r.number, str(r.item_id)))


def reserved_by_item(session: Session) -> dict[uuid.UUID, int]:
    """item → units reserved for open shipments."""
    out: dict[uuid.UUID, int] = defaultdict(int)
    for r in reservations(session):
        out[r.item_id] += r.units
    return dict(out)
