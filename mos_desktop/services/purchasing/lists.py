"""Поставщики (processes 9, 10): purchase orders, dated prices with the cheapest marked, suppliers."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Availability,
    Item,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseStatus,
    Supplier,
    SupplierPrice,
)
from mos_desktop.money import format_rub
from mos_desktop.services.labels import AVAILABILITY_RU, PURCHASE_STATUS_RU
from mos_desktop.services.levels import due_level, urgency_key
from mos_desktop.services.listing import Column, Level, Listing, Row

CLOSED_ORDERS = (PurchaseStatus.ACCEPTED, PurchaseStatus.CANCELLED)


def _price_current(today: date) -> Any:
    return and_(
        SupplierPrice.valid_from <= today,
        or_(SupplierPrice.valid_to.is_(None), SupplierPrice.valid_to >= today),
    )


def order_flags(remote: bool, non_standard: bool) -> str:
    flags = [
        text for on, text in ((remote, "удалённая приёмка"), (non_standard, "нестандартный товар")) if on
    ]
    return ", ".join(flags)


def list_purchase_orders(session: Session, *, today: date) -> Listing:
    totals = (
        select(
            PurchaseOrderLine.order_id.label("order_id"),
            func.sum(PurchaseOrderLine.quantity * PurchaseOrderLine.price_kop).label("amount_kop"),
        )
        .where(PurchaseOrderLine.deleted_at.is_(None))
        .group_by(PurchaseOrderLine.order_id)
        .subquery("totals")
    )
    query = (
        select(
            PurchaseOrder.id,
            PurchaseOrder.number,
            Supplier.name,
            PurchaseOrder.status,
            PurchaseOrder.ordered_on,
            PurchaseOrder.expected_on,
            func.coalesce(totals.c.amount_kop, 0),
            PurchaseOrder.accepted_on,
            PurchaseOrder.remote_acceptance,
            PurchaseOrder.non_standard,
        )
        .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .outerjoin(totals, totals.c.order_id == PurchaseOrder.id)
        .where(PurchaseOrder.deleted_at.is_(None), Supplier.deleted_at.is_(None))
        .order_by(PurchaseOrder.ordered_on.desc(), PurchaseOrder.number.desc())
    )
    rows: list[Row] = []
    open_count = open_sum = late = 0
    for oid, number, supplier, status, ordered, expected, amount, accepted, remote, odd in session.execute(
        query
    ):
        level: Level = ""
        if status == PurchaseStatus.ACCEPTED:
            level = "ok"
        elif status != PurchaseStatus.CANCELLED:
            open_count += 1
            open_sum += amount
            level = due_level(expected, today)
            late += level == "danger"
        values = (
            number,
            supplier,
            PURCHASE_STATUS_RU[status],
            ordered,
            expected,
            amount,
            accepted,
            order_flags(remote, odd),
        )
        rows.append(Row(oid, values, level, kind="purchase_order"))
    rows.sort(key=lambda r: urgency_key(r.level))
    summary = ""
    if rows:
        summary = f"Заказов: {len(rows)}, открытых: {open_count} на {format_rub(open_sum)}"
        if late:
            summary += f", просрочена поставка: {late}"
    columns = [
        Column("number", "Номер"),
        Column("supplier", "Поставщик", stretch=True),
        Column("status", "Статус", "status"),
        Column("ordered_on", "Заказан", "date"),
        Column("expected_on", "Ожидается", "date"),
        Column("amount", "Сумма", "money"),
        Column("accepted_on", "Принят", "date"),
        Column("flags", "Отметки"),
    ]
    return Listing(columns, rows, summary)


def list_prices(session: Session, *, today: date) -> Listing:
    """Current and future prices (expired ones are hidden); the cheapest current available price of
    each item is marked "ok", prices not yet in force are "info"."""
    live = and_(SupplierPrice.deleted_at.is_(None), Supplier.deleted_at.is_(None))
    cheapest = (
        select(SupplierPrice.item_id.label("item_id"), func.min(SupplierPrice.price_kop).label("price_kop"))
        .join(Supplier, Supplier.id == SupplierPrice.supplier_id)
        .where(live, _price_current(today), SupplierPrice.availability != Availability.UNAVAILABLE)
        .group_by(SupplierPrice.item_id)
        .subquery("cheapest")
    )
    query = (
        select(
            SupplierPrice.id,
            Item.name,
            Supplier.name,
            SupplierPrice.price_kop,
            SupplierPrice.valid_from,
            SupplierPrice.valid_to,
            SupplierPrice.availability,
            SupplierPrice.lead_days,
            cheapest.c.price_kop,
        )
        .join(Item, Item.id == SupplierPrice.item_id)
        .join(Supplier, Supplier.id == SupplierPrice.supplier_id)
        .outerjoin(cheapest, cheapest.c.item_id == SupplierPrice.item_id)
        .where(
            live,
            Item.deleted_at.is_(None),
            or_(SupplierPrice.valid_to.is_(None), SupplierPrice.valid_to >= today),
        )
        .order_by(Item.name, SupplierPrice.valid_from > today, SupplierPrice.price_kop, Supplier.name)
    )
    rows: list[Row] = []
    items: set[str] = set()
    for pid, item, supplier, price, start, end, availability, lead, best in session.execute(query):
        level: Level = ""
        if start > today:
            level = "info"
        elif price == best and availability != Availability.UNAVAILABLE:
            level = "ok"
        values = (item, supplier, price, start, end, AVAILABILITY_RU[availability], lead)
        rows.append(Row(pid, values, level, kind="supplier_price"))
        items.add(item)
    summary = f"Цен: {len(rows)}, товаров: {len(items)}; лучшая текущая цена отмечена" if rows else ""
    columns = [
        Column("item", "Товар", stretch=True),
        Column("supplier", "Поставщик"),
        Column("price", "Цена", "money"),
        Column("valid_from", "Действует с", "date"),
        Column("valid_to", "по", "date"),
        Column("availability", "Наличие", "status"),
        Column("lead_days", "Срок поставки, дн.", "int"),
    ]
    return Listing(columns, rows, summary)


def list_suppliers(session: Session, *, today: date) -> Listing:
    prices = (
        select(SupplierPrice.supplier_id.label("supplier_id"), func.count().label("n"))
        .join(Item, Item.id == SupplierPrice.item_id)
        .where(SupplierPrice.deleted_at.is_(None), Item.deleted_at.is_(None), _price_current(today))
        .group_by(SupplierPrice.supplier_id)
        .subquery("prices")
    )
    orders = (
        select(PurchaseOrder.supplier_id.label("supplier_id"), func.count().label("n"))
        .where(PurchaseOrder.deleted_at.is_(None), PurchaseOrder.status.not_in(CLOSED_ORDERS))
        .group_by(PurchaseOrder.supplier_id)
        .subquery("orders")
    )
    query = (
        select(
            Supplier.id,
            Supplier.name,
            Supplier.group_name,
            Supplier.inn,
            Supplier.contact_name,
            Supplier.phone,
            Supplier.email,
            func.coalesce(prices.c.n, 0),
            func.coalesce(orders.c.n, 0),
        )
        .outerjoin(prices, prices.c.supplier_id == Supplier.id)
        .outerjoin(orders, orders.c.supplier_id == Supplier.id)
        .where(Supplier.deleted_at.is_(None))
        .order_by(func.coalesce(func.nullif(Supplier.group_name, ""), Supplier.name), Supplier.name)
    )
    rows = [Row(r[0], tuple(r[1:]), kind="supplier") for r in session.execute(query)]
    summary = f"Поставщиков: {len(rows)}" if rows else ""
    columns = [
        Column("name", "Поставщик", stretch=True),
        Column("group", "Группа"),
        Column("inn", "ИНН"),
        Column("contact", "Контакт"),
        Column("phone", "Телефон"),
        Column("email", "Email"),
        Column("prices", "Текущих цен", "int"),
        Column("orders", "Открытых заказов", "int"),
    ]
    return Listing(columns, rows, summary)
