"""The stock ledger read as balances: the only truth about where goods are.

A balance is the units moved into a location minus the units moved out of it, over the live (not
tombstoned) moves dated up to a day. Nothing is cached: every figure is one statement over the ledger,
both sums being grouped scans of covering indexes (``ix_stock_moves_in`` / ``ix_stock_moves_out``). A
serial number is where its latest move took it.

Supplier and write-off locations are the world outside: goods come from and go to them without a balance
of their own to keep (a supplier's "balance" is minus what it delivered). Every other location — the
warehouse, the office, in transit, a client's site — may never go below zero by a local move.

Speed (``make bench``: the report over 100,000 moves, one move posted): SQLite does the summing, the
statements are built once with bound parameters, and ids travel as the stored text (hashing a ``UUID``
object is a Python call; a ``str`` caches its hash) and become ``UUID`` objects once per distinct id.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import String, bindparam, case, func, or_, select, type_coerce, union_all
from sqlalchemy.orm import Session

from mos_desktop.models import Location, LocationKind, StockMove

EXTERNAL_KINDS = frozenset({LocationKind.SUPPLIER, LocationKind.WRITE_OFF})
Key = tuple[uuid.UUID, uuid.UUID]  # (item id, location id)
RawKey = tuple[str, str]  # the same as stored (hex text in SQLite, uuid in PostgreSQL, made str)


def is_external(kind: LocationKind | str) -> bool:
    return LocationKind(kind) in EXTERNAL_KINDS


def raw_id(column: Any) -> Any:
    """A uuid column read as stored, without the per-row conversion to ``UUID``."""
    return type_coerce(column, String)


class IdMap(dict[Any, uuid.UUID]):
    """raw stored id → ``UUID``: a few hundred distinct ids over 100,000 moves, each converted once."""

    def __missing__(self, raw: Any) -> uuid.UUID:
        found = self[raw] = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        return found


def _balance_statement(*, dated: bool, items: bool) -> Any:
    """Units in minus units out per (item, location), as one statement: the two grouped index scans
    joined by UNION ALL (an item and location present in both comes back as two rows, summed by the
    caller)."""
    parts = []
    for location_col, sign in ((StockMove.to_location_id, 1), (StockMove.from_location_id, -1)):
        total = func.sum(StockMove.quantity)
        query = select(raw_id(StockMove.item_id), raw_id(location_col), total if sign > 0 else -total).where(
            StockMove.deleted_at.is_(None)
        )
        if dated:
            query = query.where(StockMove.moved_on <= bindparam("as_of"))
        if items:
            query = query.where(StockMove.item_id.in_(bindparam("items", expanding=True)))
        parts.append(query.group_by(StockMove.item_id, location_col))
    return union_all(*parts)


_BALANCES = {(d, i): _balance_statement(dated=d, items=i) for d in (False, True) for i in (False, True)}


_LATEST_DAY = select(func.max(StockMove.moved_on))  # the top of ix_stock_moves_moved_on: one seek


def raw_balances(
    session: Session, *, as_of: date | None = None, item_ids: Iterable[uuid.UUID] | None = None
) -> dict[RawKey, int]:
    """(item, location) as stored → units on hand after the moves dated up to ``as_of`` (all when
    None); for reports that look ids up in maps of their own.

    When no move is dated after ``as_of`` (today's report: moves are never dated in the future), the
    date test would exclude nothing and is left out of the scans: a quarter of their time."""
    items = list(item_ids) if item_ids is not None else None
    params: dict[str, Any] = {}
    if as_of is not None:
        latest = session.execute(_LATEST_DAY).scalar()
        if latest is not None and latest > as_of:
            params["as_of"] = as_of
    if items is not None:
        if not items:
            return {}
        params["items"] = items
    out: dict[RawKey, int] = {}
    get = out.get
    statement = _BALANCES[("as_of" in params, items is not None)]
    rows: Sequence[Any] = session.execute(statement, params).all()
    if rows and not isinstance(rows[0][0], str):  # PostgreSQL's driver gives UUID objects: as text
        rows = [(str(iid), str(lid), int(units)) for iid, lid, units in rows]
    for item_id, location_id, units in rows:  # SQLite: the stored hex text and an int, used as they are
        key = (item_id, location_id)
        out[key] = get(key, 0) + units
    return out


def balances(
    session: Session,
    *,
    as_of: date | None = None,
    item_ids: Iterable[uuid.UUID] | None = None,
) -> dict[Key, int]:
    """(item, location) → units on hand after the moves dated up to ``as_of`` (all moves when None)."""
    ids = IdMap()
    return {
        (ids[iid], ids[lid]): units
        for (iid, lid), units in raw_balances(session, as_of=as_of, item_ids=item_ids).items()
    }


def _lowest_statement() -> Any:
    """Built once: a move is posted in a few milliseconds, and building SQL is a part of them.

    Per item of the document, the units in minus out at one location, summed up to the day (as
    ``moved_on`` NULL) and per later day: two range scans of the covering indexes in one statement."""
    parts = []
    for location_col, sign in ((StockMove.to_location_id, 1), (StockMove.from_location_id, -1)):
        day = case((StockMove.moved_on > bindparam("day"), StockMove.moved_on), else_=None)
        total = func.sum(StockMove.quantity)
        parts.append(
            select(StockMove.item_id, day.label("on"), total if sign > 0 else -total)
            .where(
                StockMove.item_id.in_(bindparam("items", expanding=True)),
                location_col == bindparam("location"),
                StockMove.deleted_at.is_(None),
            )
            .group_by(StockMove.item_id, day)
        )
    return union_all(*parts)


_LOWEST = _lowest_statement()


def lowest_many(
    session: Session, item_ids: Iterable[uuid.UUID], location_id: uuid.UUID, day: date
) -> dict[uuid.UUID, int]:
    """item → the lowest balance of ``location`` from ``day`` on: its balance on ``day`` and after every
    later day's moves. A move dated ``day`` may take at most this many units out (a back-dated issue must
    not make a later day negative). One statement for every item of a document."""
    items = list(dict.fromkeys(item_ids))
    if not items:
        return {}
    at_day: dict[uuid.UUID, int] = dict.fromkeys(items, 0)
    later: dict[uuid.UUID, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    params = {"items": items, "location": location_id, "day": day}
    for item_id, on, units in session.execute(_LOWEST, params):
        if on is None:
            at_day[item_id] += int(units)
        else:
            later[item_id][on] += int(units)
    out: dict[uuid.UUID, int] = {}
    for item_id, units in at_day.items():
        lowest = running = units
        for on in sorted(later.get(item_id, ())):
            running += later[item_id][on]
            lowest = min(lowest, running)
        out[item_id] = lowest
    return out


def lowest_from(session: Session, item_id: uuid.UUID, location_id: uuid.UUID, day: date) -> int:
    """The lowest balance of one item at ``location`` from ``day`` on (see ``lowest_many``)."""
    return lowest_many(session, [item_id], location_id, day)[item_id]


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
    session: Session, item_id: uuid.UUID, serials: Iterable[str], *, as_of: date | None = None
) -> dict[str, tuple[uuid.UUID, date]]:
    """serial → (location it is at now, the date of its latest move); serials never moved are absent.

    With ``as_of``: where it was after the moves dated up to that day (later moves are not looked at)."""
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
        if as_of is not None:
            query = query.where(StockMove.moved_on <= as_of)
        for serial, location_id, on in session.execute(query):
            out[serial] = (location_id, on)  # the latest wins
    return out


def location_kinds(session: Session) -> dict[uuid.UUID, LocationKind]:
    return {lid: kind for lid, kind in session.execute(select(Location.id, Location.kind))}
