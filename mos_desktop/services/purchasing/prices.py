"""Supplier prices: the best current offer per item (cheapest valid offer, then fastest), the change
since the previous price of the same supplier entity, and the price history of an item."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from mos_desktop.models import Availability, Item, Supplier, SupplierPrice
from mos_desktop.money import kopecks_to_decimal
from mos_desktop.services.labels import AVAILABILITY_RU
from mos_desktop.services.listing import Column, Listing, Row

PRICE_TITLES = {
    "sku": "Артикул",
    "supplier": "Поставщик",
    "entity": "Юрлицо",
    "price": "Цена",
    "valid_to": "Действует по",
    "availability": "Наличие",
}


@dataclass(frozen=True)
class Offer:
    price_id: uuid.UUID
    item_id: uuid.UUID
    sku: str
    item: str
    supplier_id: uuid.UUID
    supplier: str  # the supplier (its group name, else the entity's name)
    entity: str  # the legal entity the invoice comes from
    price_kop: int
    vat_rate_pct: int
    min_quantity: int
    valid_from: date
    valid_to: date | None
    availability: Availability
    lead_days: int
    checked_on: date | None
    previous_kop: int | None  # the same entity's price before this one

    @property
    def change_kop(self) -> int | None:
        return None if self.previous_kop is None else self.price_kop - self.previous_kop


def current(today: date) -> Any:
    return and_(
        SupplierPrice.valid_from <= today,
        or_(SupplierPrice.valid_to.is_(None), SupplierPrice.valid_to >= today),
    )


def _offers(session: Session, *conditions: Any) -> list[Offer]:
    query = (
        select(SupplierPrice, Item.sku, Item.name, Supplier.name, Supplier.group_name)
        .join(Item, Item.id == SupplierPrice.item_id)
        .join(Supplier, Supplier.id == SupplierPrice.supplier_id)
        .where(SupplierPrice.deleted_at.is_(None), Supplier.deleted_at.is_(None), Item.deleted_at.is_(None))
        .where(*conditions)
        .order_by(
            SupplierPrice.item_id, SupplierPrice.supplier_id, SupplierPrice.valid_from, SupplierPrice.id
        )
    )
    out: list[Offer] = []
    previous: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for p, sku, item, entity, group in session.execute(query):
        key = (p.item_id, p.supplier_id)
        out.append(
            Offer(
                p.id,
                p.item_id,
                sku,
                item,
                p.supplier_id,
                group or entity,
                entity,
                p.price_kop,
                p.vat_rate_pct,
                p.min_quantity,
                p.valid_from,
                p.valid_to,
                p.availability,
                p.lead_days,
                p.checked_on,
                previous.get(key),
            )
        )
        previous[key] = p.price_kop
    return out


def best_offers(session: Session, *, today: date) -> dict[uuid.UUID, Offer]:
    """item → its best offer today: valid, available (in stock or on order), cheapest, then fastest."""
    best: dict[uuid.UUID, Offer] = {}
    for offer in _offers(session):  # all history: ``previous_kop`` needs the older prices
        if offer.valid_from > today or (offer.valid_to is not None and offer.valid_to < today):
            continue
        if offer.availability == Availability.UNAVAILABLE:
            continue
        rank = (offer.price_kop, offer.lead_days, offer.supplier, offer.entity)
        held = best.get(offer.item_id)
        if held is None or rank < (held.price_kop, held.lead_days, held.supplier, held.entity):
            best[offer.item_id] = offer
    return best


def report_prices(session: Session, args: Any) -> list[dict[str, Any]]:
    """``report prices``: the best current offer per item."""
    today = getattr(args, "today", None) or date.today()
    offers = sorted(best_offers(session, today=today).values(), key=lambda o: (o.sku, o.item))
    return [
        {
            "sku": o.sku,
            "supplier": o.supplier,
            "entity": o.entity,
            "price": str(kopecks_to_decimal(o.price_kop)),
            "valid_to": o.valid_to.isoformat() if o.valid_to else None,
            "availability": o.availability.value,
        }
        for o in offers
    ]


def list_best_prices(session: Session, *, today: date) -> Listing:
    """The best offer of every item, with the change since that entity's previous price."""
    rows: list[Row] = []
    for o in sorted(best_offers(session, today=today).values(), key=lambda o: (o.item, o.sku)):
        change = o.change_kop
        level = "" if not change else ("warning" if change > 0 else "ok")
        values = (
            o.sku, o.item, o.supplier, o.entity, o.price_kop, change, AVAILABILITY_RU[o.availability],
            o.lead_days, o.valid_to, o.checked_on,
        )  # fmt: skip
        rows.append(Row(o.price_id, values, level, kind="supplier_price"))  # type: ignore[arg-type]
    columns = [
        Column("sku", "Артикул"),
        Column("item", "Товар", stretch=True),
        Column("supplier", "Поставщик"),
        Column("entity", "Юрлицо"),
        Column("price", "Цена", "money"),
        Column("change", "Изменение", "money"),
        Column("availability", "Наличие", "status"),
        Column("lead_days", "Срок, дн.", "int"),
        Column("valid_to", "Действует по", "date"),
        Column("checked_on", "Проверена", "date"),
    ]
    return Listing(columns, rows, f"Товаров с ценой: {len(rows)}" if rows else "")


def price_history(session: Session, item_id: uuid.UUID) -> Listing:
    """Every price of one item, oldest first (the GUI draws the chart from ``valid_from`` and ``price``)."""
    offers = sorted(
        _offers(session, SupplierPrice.item_id == item_id), key=lambda o: (o.valid_from, o.entity)
    )
    rows = [
        Row(
            o.price_id,
            (
                o.valid_from,
                o.valid_to,
                o.supplier,
                o.entity,
                o.price_kop,
                o.change_kop,
                AVAILABILITY_RU[o.availability],
                o.lead_days,
                o.checked_on,
            ),
            kind="supplier_price",
        )
        for o in offers
    ]
    columns = [
        Column("valid_from", "С", "date"),
        Column("valid_to", "По", "date"),
        Column("supplier", "Поставщик"),
        Column("entity", "Юрлицо"),
        Column("price", "Цена", "money"),
        Column("change", "Изменение", "money"),
        Column("availability", "Наличие", "status"),
        Column("lead_days", "Срок, дн.", "int"),
        Column("checked_on", "Проверена", "date"),
    ]
    return Listing(columns, rows, f"Цен: {len(rows)}" if rows else "")


@dataclass(frozen=True)
class ItemPrices:
    """An item's price history for the history dialog: the table and the chart's series."""

    item_id: uuid.UUID
    title: str  # «R-01 Считыватель»
    listing: Listing
    series: dict[str, list[tuple[date, date | None, int]]]  # entity → (from, to, kopecks), oldest first


def item_price_history(session: Session, ref_id: uuid.UUID) -> ItemPrices:
    """The history of the item a price row (or the item itself) stands for."""
    from mos_desktop.errors import NotFoundError

    row = session.get(SupplierPrice, ref_id)
    item = session.get(Item, row.item_id if row is not None else ref_id)
    if item is None or item.deleted_at is not None:
        raise NotFoundError("Товар не найден: возможно, его удалили — обновите список (F5)")
    offers = sorted(
        _offers(session, SupplierPrice.item_id == item.id), key=lambda o: (o.valid_from, o.entity)
    )
    series: dict[str, list[tuple[date, date | None, int]]] = {}
    for o in offers:
        series.setdefault(o.entity, []).append((o.valid_from, o.valid_to, o.price_kop))
    return ItemPrices(item.id, f"{item.sku} {item.name}", price_history(session, item.id), series)
