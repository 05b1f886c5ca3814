"""Склад Румянцево (process 13): balances, the ledger, serial numbers, counts and discrepancies — every
figure read from the stock ledger (``ledger.balances``), nothing stored beside it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from mos_desktop.models import (
    Client,
    Item,
    Location,
    LocationKind,
    StockCount,
    StockCountLine,
    StockMove,
)
from mos_desktop.services.labels import LOCATION_KIND_RU
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.stock.labels import MOVE_KIND_RU
from mos_desktop.services.stock.ledger import EXTERNAL_KINDS, balances, raw_balances, raw_id, serial_places
from mos_desktop.services.stock.reservations import reserved_by_item

KIND_ORDER = {
    LocationKind.WAREHOUSE: 0,
    LocationKind.OFFICE: 1,
    LocationKind.IN_TRANSIT: 2,
    LocationKind.CLIENT_SITE: 3,
    LocationKind.SUPPLIER: 4,
    LocationKind.WRITE_OFF: 5,
}
_LOCATIONS = select(raw_id(Location.id), Location.id, Location.name, Location.code, Location.kind).where(
    Location.deleted_at.is_(None)
)
_ITEMS = select(
    raw_id(Item.id), Item.id, Item.sku, Item.name, Item.unit, Item.min_stock, Item.archived
).where(Item.deleted_at.is_(None))


class StockRow(NamedTuple):
    """Immutable, compared and hashed by value, read by attribute (a tuple: a report's thousands of rows
    are made at a sixth of a frozen dataclass's cost)."""

    item_id: uuid.UUID
    sku: str
    name: str
    unit: str
    location_id: uuid.UUID
    location: str
    location_code: str
    location_kind: LocationKind
    on_hand: int
    reserved: int
    free: int
    min_stock: int
    low: bool  # the item's free units at the warehouses are below its minimum


def reserved_units(session: Session) -> dict[uuid.UUID, int]:
    """item → units on planned or agreed shipments not yet issued (they will leave the warehouse)."""
    return reserved_by_item(session)


def stock_rows(
    session: Session, *, as_of: date, location_id: uuid.UUID | None = None, with_empty: bool = True
) -> list[StockRow]:
    """One row per item and own location / client site holding it on ``as_of``; reservations (for
    planned shipments) sit on the main warehouse. ``with_empty``: items with nothing anywhere show a zero
    row at the main warehouse (so an item below its minimum is never missing).

    Straight from the ledger on every call (``raw_balances``: one statement). The work here is keyed by
    the ids as stored (``str``: hashed once), a ``UUID`` object made once per item and location."""
    locations: dict[str, tuple[uuid.UUID, str, str, LocationKind]] = {}
    for raw, lid, name, code, kind in session.execute(_LOCATIONS):
        if kind not in EXTERNAL_KINDS:
            locations[str(raw)] = (lid, name, code, kind)
    items: dict[str, tuple[uuid.UUID, str, str, str, int, bool]] = {
        str(raw): (iid, sku, name, unit, min_stock, archived)
        for raw, iid, sku, name, unit, min_stock, archived in session.execute(_ITEMS)
    }
    on_hand = {
        k: v for k, v in raw_balances(session, as_of=as_of).items() if k[1] in locations and k[0] in items
    }
    warehouses = sorted(
        (code, raw) for raw, (_l, _n, code, kind) in locations.items() if kind == LocationKind.WAREHOUSE
    )
    main = warehouses[0][1] if warehouses else None
    item_raw = {info[0]: raw for raw, info in items.items()}
    reserved = {item_raw[iid]: units for iid, units in reserved_units(session).items() if iid in item_raw}
    keys = {k for k, v in on_hand.items() if v}
    if main is not None:
        keys.update((raw, main) for raw in reserved)
        if with_empty:
            keys.update((raw, main) for raw, info in items.items() if not info[5])
    free_at_warehouses: dict[str, int] = defaultdict(int)
    for (raw, lraw), units in on_hand.items():
        if locations[lraw][3] == LocationKind.WAREHOUSE:
            free_at_warehouses[raw] += units
    for raw, units in reserved.items():
        free_at_warehouses[raw] -= units
    if location_id is not None:
        wanted = next((raw for raw, info in locations.items() if info[0] == location_id), "")
        keys = {k for k in keys if k[1] == wanted}
    # the order (SKU, name, kind of place, place name) as two ranks computed once per item and place
    item_rank = _ranks({raw: (info[1], info[2]) for raw, info in items.items()})
    place_rank = _ranks({raw: (KIND_ORDER[info[3]], info[1]) for raw, info in locations.items()})
    ordered = sorted(keys, key=lambda k: (item_rank[k[0]], place_rank[k[1]]))
    rows: list[StockRow] = []
    for raw, lraw in ordered:
        iid, sku, name, unit, min_stock, _archived = items[raw]
        lid, where, code, kind = locations[lraw]
        units = on_hand.get((raw, lraw), 0)
        held = reserved.get(raw, 0) if lraw == main else 0
        low = kind == LocationKind.WAREHOUSE and free_at_warehouses[raw] < min_stock
        rows.append(
            StockRow(iid, sku, name, unit, lid, where, code, kind, units, held, units - held, min_stock, low)
        )
    return rows


def _ranks(keys: dict[str, tuple[Any, ...]]) -> dict[str, int]:
    """id → the position of its sort key among all (equal keys, equal ranks)."""
    order = {key: n for n, key in enumerate(sorted(set(keys.values())))}
    return {raw: order[key] for raw, key in keys.items()}


def list_balances(session: Session, *, today: date) -> Listing:
    """Per item and location: our own places (warehouse, office, in transit) first, then what is installed
    at client sites; on hand, reserved, free."""
    rows: list[Row] = []
    low = negative = at_clients = 0
    low_items: set[uuid.UUID] = set()
    # the keeper's stock before the equipment installed at clients (most of the rows), each in its order
    for r in sorted(
        stock_rows(session, as_of=today), key=lambda r: r.location_kind == LocationKind.CLIENT_SITE
    ):
        at_clients += r.location_kind == LocationKind.CLIENT_SITE
        level: Level = ""
        if r.on_hand < 0:
            level = "danger"  # the ledger says more left than came in (two offline keepers): settle it
            negative += 1
        elif r.low:
            level = "warning"
            low_items.add(r.item_id)
        values = (
            r.sku, r.name, r.unit, r.location, LOCATION_KIND_RU[r.location_kind],
            r.on_hand, r.reserved, r.free, r.min_stock if r.location_kind == LocationKind.WAREHOUSE else None,
        )  # fmt: skip
        rows.append(Row(r.item_id, values, level, kind="item", ref=r.location_id))
    low = len(low_items)
    summary = ""
    if rows:
        summary = (
            f"Строк: {len(rows)} (у нас: {len(rows) - at_clients}, на объектах клиентов: {at_clients}), "
            f"ниже минимального остатка: {low}"
        )
        if negative:
            summary += f", с отрицательным остатком: {negative}"
    columns = [
        Column("sku", "Артикул"),
        Column("name", "Товар", stretch=True),
        Column("unit", "Ед."),
        Column("location", "Где"),
        Column("location_kind", "Тип места"),
        Column("on_hand", "На месте", "int"),
        Column("reserved", "В резерве", "int"),
        Column("free", "Свободно", "int"),
        Column("min_stock", "Мин. остаток", "int"),
    ]
    return Listing(columns, rows, summary)


def list_moves(session: Session, *, today: date) -> Listing:
    """The stock ledger, newest first; reversals (and the moves they undo) are tinted as info."""
    source, target = aliased(Location), aliased(Location)
    query = (
        select(
            StockMove.id,
            StockMove.moved_on,
            StockMove.kind,
            Item.name,
            StockMove.quantity,
            source.name,
            target.name,
            StockMove.serial,
            StockMove.document_ref,
            StockMove.author,
            StockMove.note,
            StockMove.reverses_move_id,
        )
        .join(Item, Item.id == StockMove.item_id)
        .join(source, source.id == StockMove.from_location_id)
        .join(target, target.id == StockMove.to_location_id)
        .where(StockMove.deleted_at.is_(None))
        .order_by(StockMove.moved_on.desc(), StockMove.id.desc())
    )
    rows: list[Row] = []
    for mid, on, kind, item, qty, src, dst, serial, document, author, note, reverses in session.execute(
        query
    ):
        level: Level = "info" if reverses is not None else ""
        values = (on, MOVE_KIND_RU.get(kind, ""), item, qty, src, dst, serial, document, author, note)
        rows.append(Row(mid, values, level, kind="stock_move"))
    summary = f"Движений: {len(rows)}" if rows else ""
    columns = [
        Column("moved_on", "Дата", "date"),
        Column("kind", "Вид"),
        Column("item", "Товар", stretch=True),
        Column("quantity", "Кол-во", "int"),
        Column("source", "Откуда"),
        Column("target", "Куда"),
        Column("serial", "Серийный №"),
        Column("document", "Документ"),
        Column("author", "Кто"),
        Column("note", "Примечание"),
    ]
    return Listing(columns, rows, summary)


def serial_history(
    session: Session,
    *,
    serial: str | None = None,
    item_id: uuid.UUID | None = None,
    client_id: uuid.UUID | None = None,
) -> Listing:
    """The moves of serial numbers, oldest first (supplier → warehouse → client site): of one serial, of
    one item's serials, or of the serials that have ever been at one client's sites."""
    source, target = aliased(Location), aliased(Location)
    query = (
        select(
            StockMove.id,
            StockMove.serial,
            Item.sku,
            Item.name,
            StockMove.moved_on,
            StockMove.kind,
            source.name,
            target.name,
            StockMove.document_ref,
            StockMove.author,
        )
        .join(Item, Item.id == StockMove.item_id)
        .join(source, source.id == StockMove.from_location_id)
        .join(target, target.id == StockMove.to_location_id)
        .where(StockMove.deleted_at.is_(None), StockMove.serial != "")
        .order_by(StockMove.serial, StockMove.moved_on, StockMove.created_at, StockMove.id)
    )
    if serial is not None:
        query = query.where(StockMove.serial == serial.strip())
    if item_id is not None:
        query = query.where(StockMove.item_id == item_id)
    if client_id is not None:
        site_ids = select(Location.id).where(Location.client_id == client_id)
        seen = (
            select(StockMove.item_id, StockMove.serial)
            .where(
                StockMove.deleted_at.is_(None),
                StockMove.serial != "",
                StockMove.to_location_id.in_(site_ids),
            )
            .distinct()
            .subquery()
        )
        query = query.join(seen, (seen.c.item_id == StockMove.item_id) & (seen.c.serial == StockMove.serial))
    rows = [
        Row(mid, (sn, sku, name, on, MOVE_KIND_RU.get(kind, ""), src, dst, doc, who), kind="stock_move")
        for mid, sn, sku, name, on, kind, src, dst, doc, who in session.execute(query)
    ]
    columns = [
        Column("serial", "Серийный №"),
        Column("sku", "Артикул"),
        Column("item", "Товар", stretch=True),
        Column("moved_on", "Дата", "date"),
        Column("kind", "Вид"),
        Column("source", "Откуда"),
        Column("target", "Куда"),
        Column("document", "Документ"),
        Column("author", "Кто"),
    ]
    return Listing(columns, rows, f"Движений серийных номеров: {len(rows)}" if rows else "")


def list_serials(session: Session, *, today: date) -> Listing:
    """Every serial number where it is now (the destination of its latest move), with the client."""
    latest = (
        select(
            StockMove.item_id,
            StockMove.serial,
            StockMove.to_location_id,
            StockMove.moved_on,
            func.row_number()
            .over(
                partition_by=(StockMove.item_id, StockMove.serial),
                order_by=(StockMove.moved_on.desc(), StockMove.created_at.desc(), StockMove.id.desc()),
            )
            .label("n"),
        )
        .where(StockMove.deleted_at.is_(None), StockMove.serial != "")
        .subquery()
    )
    query = (
        select(
            Item.id,
            latest.c.serial,
            Item.sku,
            Item.name,
            Location.name,
            Location.kind,
            Client.name,
            latest.c.moved_on,
        )
        .join(Item, Item.id == latest.c.item_id)
        .join(Location, Location.id == latest.c.to_location_id)
        .outerjoin(Client, Client.id == Location.client_id)
        .where(latest.c.n == 1)
        .order_by(Item.sku, latest.c.serial)
    )
    rows = [
        Row(iid, (sn, sku, name, where, LOCATION_KIND_RU[kind], client or "", since), kind="item")
        for iid, sn, sku, name, where, kind, client, since in session.execute(query)
    ]
    columns = [
        Column("serial", "Серийный №"),
        Column("sku", "Артикул"),
        Column("item", "Товар", stretch=True),
        Column("location", "Где сейчас"),
        Column("location_kind", "Тип места"),
        Column("client", "Клиент"),
        Column("since", "С", "date"),
    ]
    return Listing(columns, rows, f"Серийных номеров: {len(rows)}" if rows else "")


def discrepancies(session: Session, *, as_of: date | None = None) -> list[tuple[str, str, str, int, str]]:
    """(sku, item, location, balance, what) of every own location or client site below zero, and of every
    serial number the ledger has left in no place or in two (offline moves met in sync)."""
    locations = {loc.id: loc for loc in session.scalars(select(Location))}
    items = {i.id: i for i in session.scalars(select(Item))}
    out: list[tuple[str, str, str, int, str]] = []
    for (iid, lid), units in balances(session, as_of=as_of).items():
        loc = locations.get(lid)
        if units < 0 and loc is not None and loc.kind not in EXTERNAL_KINDS:
            item = items[iid]
            out.append((item.sku, item.name, loc.name, units, "отрицательный остаток"))
    net: dict[tuple[uuid.UUID, str, uuid.UUID], int] = defaultdict(int)
    query = select(
        StockMove.item_id, StockMove.serial, StockMove.from_location_id, StockMove.to_location_id
    ).where(StockMove.deleted_at.is_(None), StockMove.serial != "")
    if as_of is not None:
        query = query.where(StockMove.moved_on <= as_of)
    for iid, sn, src, dst in session.execute(query):
        net[(iid, sn, src)] -= 1
        net[(iid, sn, dst)] += 1
    for (iid, sn, lid), units in sorted(net.items(), key=lambda kv: (kv[0][1], str(kv[0][2]))):
        loc = locations.get(lid)
        if loc is None or loc.kind in EXTERNAL_KINDS or units >= 0:
            continue
        item = items[iid]
        out.append((item.sku, item.name, loc.name, units, f"серийный № {sn} выбыл отсюда дважды"))
    out.sort()
    return out


def list_discrepancies(session: Session, *, today: date) -> Listing:
    """Balances gone negative (two offline keepers issued the same units): the moves stay, the keeper
    settles it with a receipt, a return or a count."""
    rows = [Row(None, values, "danger") for values in discrepancies(session)]
    columns = [
        Column("sku", "Артикул"),
        Column("item", "Товар", stretch=True),
        Column("location", "Где"),
        Column("balance", "Остаток", "int"),
        Column("what", "Что не так"),
    ]
    summary = f"Расхождений: {len(rows)} — уладьте приходом, возвратом или инвентаризацией" if rows else ""
    return Listing(columns, rows, summary)


def list_counts(session: Session, *, today: date) -> Listing:
    lines = (
        select(
            StockCountLine.count_id.label("count_id"),
            func.count().label("n"),
            func.sum(func.abs(StockCountLine.counted - StockCountLine.expected)).label("diff"),
        )
        .where(StockCountLine.deleted_at.is_(None))
        .group_by(StockCountLine.count_id)
        .subquery()
    )
    query = (
        select(
            StockCount.id,
            StockCount.counted_on,
            Location.name,
            StockCount.counted_by,
            StockCount.closed,
            StockCount.document_ref,
            func.coalesce(lines.c.n, 0),
            func.coalesce(lines.c.diff, 0),
        )
        .join(Location, Location.id == StockCount.location_id)
        .outerjoin(lines, lines.c.count_id == StockCount.id)
        .where(StockCount.deleted_at.is_(None))
        .order_by(StockCount.counted_on.desc(), StockCount.id.desc())
    )
    rows: list[Row] = []
    for cid, on, where, who, closed, ref, n, diff in session.execute(query):
        status = "Проведена" if closed else "Не проведена"
        level: Level = "ok" if closed else "warning"
        rows.append(Row(cid, (on, where, who, status, ref, n, diff), level, kind="stock_count"))
    columns = [
        Column("counted_on", "Дата", "date"),
        Column("location", "Где", stretch=True),
        Column("counted_by", "Кто считал"),
        Column("status", "Статус", "status"),
        Column("document", "Документ"),
        Column("lines", "Позиций", "int"),
        Column("difference", "Расхождение, ед.", "int"),
    ]
    return Listing(columns, rows, f"Инвентаризаций: {len(rows)}" if rows else "")


def serial_place_names(session: Session, item_id: uuid.UUID, serials: list[str]) -> dict[str, str]:
    """serial → the name of the location it is at now (for messages and the move dialog)."""
    places = serial_places(session, item_id, serials)
    names = {loc.id: loc.name for loc in session.scalars(select(Location))}
    return {sn: names.get(lid, "?") for sn, (lid, _on) in places.items()}
