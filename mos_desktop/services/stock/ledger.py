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
from typing import Any

from sqlalchemy import String, bindparam, case, func, or_, select, type_coerce
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
    ids: dict[Any, uuid.UUID] = {}  # raw stored id → UUID: a few hundred distinct ids over 100,000 rows

    def as_id(raw: Any) -> uuid.UUID:
        found = ids.get(raw)
        if found is None:
            found = ids[raw] = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        return found

    for location_col, sign in ((StockMove.to_location_id, 1), (StockMove.from_location_id, -1)):
        item_raw, location_raw = type_coerce(StockMove.item_id, String), type_coerce(location_col, String)
        query = select(item_raw, location_raw, func.sum(StockMove.quantity)).where(
            StockMove.deleted_at.is_(None)
        )
        if as_of is not None:
            query = query.where(StockMove.moved_on <= as_of)
        if items is not None:
            query = query.where(StockMove.item_id.in_(items))
        query = query.group_by(StockMove.item_id, location_col)
        for item_id, location_id, units in session.execute(query):
            out[(as_id(item_id), as_id(location_id))] += sign * int(units)
    return dict(out)


def _lowest_statements() -> list[tuple[Any, Any, int]]:
    """Built once: a move is posted in a few milliseconds, and building SQL is a part of them."""
    out = []
    for location_col, sign in ((StockMove.to_location_id, 1), (StockMove.from_location_id, -1)):
        mine = (
            StockMove.item_id == bindparam("item"),
            location_col == bindparam("location"),
            StockMove.deleted_at.is_(None),
        )
        up_to = select(func.coalesce(func.sum(StockMove.quantity), 0)).where(
            *mine, StockMove.moved_on <= bindparam("day")
        )
        after = (
            select(StockMove.moved_on, func.sum(StockMove.quantity))
            .where(*mine, StockMove.moved_on > bindparam("day"))
            .group_by(StockMove.moved_on)
        )
        out.append((up_to, after, sign))
    return out


_LOWEST_STATEMENTS = _lowest_statements()


def lowest_from(session: Session, item_id: uuid.UUID, location_id: uuid.UUID, day: date) -> int:
    """The lowest balance of ``location`` from ``day`` on: its balance on ``day`` and after every later
    day's moves. A move dated ``day`` may take at most this many units out (a back-dated issue must not
    make a later day negative). Two range scans of the covering indexes: up to ``day`` in one sum, later
    days (usually none) grouped by date."""
    at_day = 0
    later: dict[date, int] = defaultdict(int)
    params = {"item": item_id, "location": location_id, "day": day}
    for up_to, after, sign in _LOWEST_STATEMENTS:
        at_day += sign * int(session.execute(up_to, params).scalar_one())
        for on, units in session.execute(after, params):
            later[on] += sign * int(units)
    lowest = running = at_day
    for on in sorted(later):
        running += later[on]
        lowest = min(lowest, running)
    return lowest


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
