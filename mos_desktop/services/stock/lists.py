"""Склад Румянцево (process 13): balances as sums of the stock ledger, and the ledger itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from mos_desktop.models import Item, Location, LocationKind, StockMove
from mos_desktop.services.listing import Column, Level, Listing, Row


def _net(kind: LocationKind, source: Any, target: Any) -> Any:
    """Units that came into locations of ``kind`` minus units that left them."""
    incoming = case((target.kind == kind, StockMove.quantity), else_=0)
    outgoing = case((source.kind == kind, StockMove.quantity), else_=0)
    return func.coalesce(func.sum(incoming - outgoing), 0)


def list_balances(session: Session, *, today: date) -> Listing:
    """Per item: at the Rumyantsevo warehouse, at the office, in transit (moves dated up to today)."""
    source, target = aliased(Location), aliased(Location)
    sums = (
        select(
            StockMove.item_id.label("item_id"),
            _net(LocationKind.WAREHOUSE, source, target).label("warehouse"),
            _net(LocationKind.OFFICE, source, target).label("office"),
            _net(LocationKind.IN_TRANSIT, source, target).label("in_transit"),
        )
        .join(source, source.id == StockMove.from_location_id)
        .join(target, target.id == StockMove.to_location_id)
        .where(StockMove.deleted_at.is_(None), StockMove.moved_on <= today)
        .group_by(StockMove.item_id)
        .subquery("sums")
    )
    query = (
        select(
            Item.id,
            Item.sku,
            Item.name,
            Item.unit,
            func.coalesce(sums.c.warehouse, 0),
            func.coalesce(sums.c.office, 0),
            func.coalesce(sums.c.in_transit, 0),
            Item.min_stock,
        )
        .outerjoin(sums, sums.c.item_id == Item.id)
        .where(Item.deleted_at.is_(None))
        .order_by(Item.sku, Item.name)
    )
    rows: list[Row] = []
    below = negative = 0
    for iid, sku, name, unit, warehouse, office, in_transit, min_stock in session.execute(query):
        level: Level = ""
        if min(warehouse, office, in_transit) < 0:
            level = "danger"  # the ledger says more left than came in: a discrepancy to sort out
            negative += 1
        elif warehouse < min_stock:
            level = "warning"
            below += 1
        values = (sku, name, unit, warehouse, office, in_transit, min_stock)
        rows.append(Row(iid, values, level, kind="item"))
    summary = ""
    if rows:
        summary = f"Позиций: {len(rows)}, ниже минимального остатка: {below}"
        if negative:
            summary += f", с отрицательным остатком: {negative}"
    columns = [
        Column("sku", "Артикул"),
        Column("name", "Товар", stretch=True),
        Column("unit", "Ед."),
        Column("warehouse", "Румянцево", "int"),
        Column("office", "Офис", "int"),
        Column("in_transit", "В пути", "int"),
        Column("min_stock", "Мин. остаток", "int"),
    ]
    return Listing(columns, rows, summary)


def list_moves(session: Session, *, today: date) -> Listing:
    """The stock ledger, newest first; reversing corrections are tinted as info."""
    source, target = aliased(Location), aliased(Location)
    query = (
        select(
            StockMove.id,
            StockMove.moved_on,
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
    for mid, on, item, qty, src, dst, serial, document, author, note, reverses in session.execute(query):
        level: Level = "info" if reverses is not None else ""
        values = (on, item, qty, src, dst, serial, document, author, note)
        rows.append(Row(mid, values, level, kind="stock_move"))
    summary = f"Движений: {len(rows)}" if rows else ""
    columns = [
        Column("moved_on", "Дата", "date"),
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
