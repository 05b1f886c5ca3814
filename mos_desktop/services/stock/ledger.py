"""The stock ledger read as balances: the only truth about where goods are.

A balance is the units moved into a location minus the units moved out of it, over the live (not
tombstoned) moves dated up to a day. Nothing is cached: both sums are grouped scans of covering indexes
(``ix_stock_moves_in`` / ``ix_stock_moves_out``). A serial number is where its latest move took it.

Supplier and write-off locations are the world outside: goods come from and go to them without a balance
of their own to keep (a supplier's "balance" is minus what it delivered). Every other location — the
warehouse, the office, in transit, a client's site — may never go below zero by a local move.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from mos_desktop.models import Location, LocationKind, StockMove

EXTERNAL_KINDS = frozenset({LocationKind.SUPPLIER, LocationKind.WRITE_OFF})
Key = tuple[uuid.UUID, uuid.UUID]  # (item id, location id)


def is_external(kind: LocationKind | str) -> bool:
    return LocationKind(kind) in EXTERNAL_KINDS


def balances(
    session: Session,
    *,
    as_of: date | None = None,
    item_ids: Iterable[uuid.UUID] | None = None,
) -> dict[Key, int]:
    """(item, location) → units on hand after the moves dated up to ``as_of`` (all moves when None)."""
    items = list(item_ids) if item_ids is not None else None
    out: dict[Key, int] = defaultdict(int)
    for location_col, sign in ((StockMove.to_location_id, 1), (StockMove.from_location_id, -1)):
        query = select(StockMove.item_id, location_col, func.sum(StockMove.quantity)).where(
            StockMove.deleted_at.is_(None)
        )
        if as_of is not None:
            query = query.where(StockMove.moved_on <= as_of)
        if items is not None:
            query = query.where(StockMove.item_id.in_(items))
        query = query.group_by(StockMove.item_id, location_col)
        for item_id, location_id, units in session.execute(query):
            out[(item_id, location_id)] += sign * int(units)
    return dict(out)


def lowest_from(session: Session, item_id: uuid.UUID, location_id: uuid.UUID, day: date) -> int:
    """The lowest balance of ``location`` from ``day`` on: its balance on ``day`` and after every later
    day's moves. A move dated ``day`` may take at most this many units out (a back-dated issue must not
    make a later day negative)."""
    delta = case((StockMove.to_location_id == location_id, StockMove.quantity), else_=-StockMove.quantity)
    query = (
        select(StockMove.moved_on, func.sum(delta))
        .where(
            StockMove.deleted_at.is_(None),
            StockMove.item_id == item_id,
            or_(StockMove.to_location_id == location_id, StockMove.from_location_id == location_id),
        )
        .group_by(StockMove.moved_on)
        .order_by(StockMove.moved_on)
    )
    running = 0
    lowest: int | None = None  # set at the first date after ``day``: the balance on ``day`` itself
    for on, units in session.execute(query):
        if on > day and lowest is None:
            lowest = running
        running += int(units)
        if on > day and lowest is not None:
            lowest = min(lowest, running)
    return running if lowest is None else lowest


def balances_at(session: Session, item_id: uuid.UUID, location_id: uuid.UUID, day: date) -> int:
    """One item's balance at one location after the moves dated up to ``day``."""
    delta = case((StockMove.to_location_id == location_id, StockMove.quantity), else_=-StockMove.quantity)
    query = select(func.coalesce(func.sum(delta), 0)).where(
        StockMove.deleted_at.is_(None),
        StockMove.item_id == item_id,
        StockMove.moved_on <= day,
        or_(StockMove.to_location_id == location_id, StockMove.from_location_id == location_id),
    )
    return int(session.execute(query).scalar_one())


def serial_places(
    session: Session, item_id: uuid.UUID, serials: Iterable[str]
) -> dict[str, tuple[uuid.UUID, date]]:
    """serial → (location it is at now, the date of its latest move); serials never moved are absent."""
    wanted = list(dict.fromkeys(serials))
    out: dict[str, tuple[uuid.UUID, date]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = (
            select(StockMove.serial, StockMove.to_location_id, StockMove.moved_on)
            .where(
                StockMove.deleted_at.is_(None),
                StockMove.item_id == item_id,
                StockMove.serial.in_(chunk),
            )
            .order_by(StockMove.moved_on, StockMove.created_at, StockMove.id)
        )
        for serial, location_id, on in session.execute(query):
            out[serial] = (location_id, on)  # the latest wins
    return out


def location_kinds(session: Session) -> dict[uuid.UUID, LocationKind]:
    return {lid: kind for lid, kind in session.execute(select(Location.id, Location.kind))}
