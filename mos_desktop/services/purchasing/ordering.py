"""Placing a purchase order (``create_order``) and what the order dialogs need to read: the supplier's
current prices (the default price of a line), an order's state and the steps it may take, the units still
expected on a receipt.

Order numbers follow the workstation's series, as the stock documents do: ``ЗП-<series>-000001``; only
this workstation issues numbers of its series, so two offline workstations never clash.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import as_uuid, uuid7
from mos_desktop.models import (
    Availability,
    Item,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseStatus,
    Supplier,
    SupplierPrice,
)
from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.services.labels import PURCHASE_STATUS_RU
from mos_desktop.services.purchasing.orders import allowed_steps
from mos_desktop.services.purchasing.prices import current
from mos_desktop.services.purchasing.receiving import RECEIVABLE, add_step, order_lines

ORDER_PREFIX = "ЗП"

ORDER_LABELS = {
    "supplier_id": "Поставщик",
    "lines": "Строки",
    "sku": "Товар (артикул)",
    "quantity": "Количество",
    "price": "Цена, ₽",
    "amount": "Сумма",
    "expected_ship_on": "Отгрузка ожидается",
    "expected_on": "Поступление ожидается",
    "notes": "Примечание",
    "non_standard": "Нестандартный товар",
    "remote_acceptance": "Удалённая приёмка",
    "status": "Новый статус",
    "on": "Дата",
    "note": "Комментарий",
    "invoice_number": "Номер счёта поставщика",
    "invoice_amount": "Сумма счёта, ₽",
    "due_on": "Оплатить до",
}


@dataclass
class OrderLineForm:
    """One line as typed: SKU (or item id), quantity, price in rubles (empty: the supplier's offer)."""

    sku: str | uuid.UUID = ""
    quantity: str = "1"
    price: str = ""


@dataclass
class OrderForm:
    supplier_id: uuid.UUID | str | None
    lines: list[OrderLineForm] = field(default_factory=list)
    expected_on: date | None = None
    notes: str = ""
    non_standard: bool = False
    expected_ship_on: date | None = None
    remote_acceptance: bool = False
    series: str = ""  # the workstation's document series (settings); empty: from the workstation id


def next_order_number(session: Session, series: str) -> str:
    from mos_desktop.services.stock.places import document_series

    prefix = f"{ORDER_PREFIX}-{document_series(session, series)}-"
    upper = prefix[:-1] + "."  # '.' sorts right after '-'
    numbers = session.scalars(
        select(PurchaseOrder.number).where(PurchaseOrder.number >= prefix, PurchaseOrder.number < upper)
    )
    highest = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:06d}"


def supplier_prices(
    session: Session, supplier_id: uuid.UUID, *, today: date, available: bool = True
) -> dict[str, int]:
    """SKU → the supplier's cheapest current price (kopecks) among its available offers (with
    ``available=False``: among its current offers marked «нет в наличии»)."""
    in_stock = SupplierPrice.availability != Availability.UNAVAILABLE
    query = (
        select(Item.sku, SupplierPrice.price_kop)
        .join(Item, Item.id == SupplierPrice.item_id)
        .where(
            SupplierPrice.supplier_id == supplier_id,
            SupplierPrice.deleted_at.is_(None),
            in_stock if available else ~in_stock,
            Item.deleted_at.is_(None),
            current(today),
        )
    )
    out: dict[str, int] = {}
    for sku, price in session.execute(query):
        if sku not in out or price < out[sku]:
            out[sku] = price
    return out


def create_order(session: Session, form: OrderForm, *, user: str, today: date) -> Changes:
    """A new order in «Черновик» with its lines; a line without a price takes the supplier's current
    offer. Everything is checked first; nothing is written on any error."""
    from mos_desktop.services.stock.places import find_item, parse_int

    errors: list[FieldError] = []
    supplier_id = as_uuid(form.supplier_id)
    supplier = session.get(Supplier, supplier_id) if supplier_id is not None else None
    if supplier is None or supplier.deleted_at is not None:
        errors.append(FieldError("supplier_id", "Поставщик: выберите из списка"))
        supplier = None
    elif supplier.archived:
        errors.append(
            FieldError("supplier_id", "Поставщик: в архиве — верните его из архива или выберите другого")
        )
    if form.expected_on is not None and form.expected_on < today:
        errors.append(FieldError("expected_on", "Поступление ожидается: не раньше сегодняшнего дня"))
    ship, arrive = form.expected_ship_on, form.expected_on
    if ship is not None and arrive is not None and ship > arrive:
        errors.append(FieldError("expected_ship_on", "Отгрузка ожидается: не позже поступления"))
    offers = supplier_prices(session, supplier.id, today=today) if supplier is not None else {}
    absent: dict[str, int] | None = None  # the supplier's offers «нет в наличии», read when needed
    lines: list[tuple[Item, int, int]] = []
    if not form.lines:
        errors.append(FieldError("lines", "Строки: добавьте хотя бы один товар"))
    seen: set[uuid.UUID] = set()
    for i, line in enumerate(form.lines):
        at, row = f"lines[{i}]", f"Строка {i + 1}"
        item = find_item(session, line.sku)
        if item is None:
            text = str(line.sku).strip()
            message = f"товара с артикулом «{text}» нет — проверьте артикул" if text else "укажите товар"
            errors.append(FieldError(f"{at}.sku", f"{row}: {message}"))
            continue
        if item.id in seen:
            errors.append(FieldError(f"{at}.sku", f"{row}: «{item.name}» уже есть выше — сложите строки"))
            continue
        seen.add(item.id)
        quantity = parse_int(line.quantity)
        if quantity is None or quantity <= 0:
            errors.append(FieldError(f"{at}.quantity", f"{row}: количество — целое число больше нуля"))
            continue
        if line.price.strip():
            try:
                price = parse_rub(line.price)
            except MoneyFormatError as exc:
                errors.append(FieldError(f"{at}.price", f"{row}: цена — {exc}"))
                continue
        elif item.sku in offers:
            price = offers[item.sku]
        elif supplier is not None:
            if absent is None:
                absent = supplier_prices(session, supplier.id, today=today, available=False)
            if item.sku in absent:
                why = (
                    f"у «{supplier.name}» «{item.name}» сейчас нет в наличии (цена "
                    f"{format_rub(absent[item.sku])}) — укажите цену, если заказываете всё равно, "
                    "или закажите у другого поставщика"
                )
            else:
                why = f"у «{supplier.name}» нет текущей цены на «{item.name}» — укажите цену"
            errors.append(FieldError(f"{at}.price", f"{row}: {why}"))
            continue
        else:
            continue
        if price <= 0:
            errors.append(FieldError(f"{at}.price", f"{row}: цена больше нуля"))
            continue
        lines.append((item, quantity, price))
    if errors:
        raise ValidationError(errors)
    assert supplier is not None
    order = PurchaseOrder(
        id=uuid7(),
        number=next_order_number(session, form.series),
        supplier_id=supplier.id,
        status=PurchaseStatus.DRAFT,
        ordered_on=today,
        expected_on=form.expected_on,
        expected_ship_on=form.expected_ship_on,
        notes=form.notes.strip(),
        non_standard=form.non_standard,
        remote_acceptance=form.remote_acceptance,
        created_by=user,
        updated_by=user,
    )
    session.add(order)
    for item, quantity, price in lines:
        session.add(
            PurchaseOrderLine(
                id=uuid7(),
                order_id=order.id,
                item_id=item.id,
                quantity=quantity,
                price_kop=price,
                created_by=user,
                updated_by=user,
            )
        )
    add_step(session, order, PurchaseStatus.DRAFT, today, user, "Создан")
    session.flush()
    total = sum(q * p for _i, q, p in lines)
    return Changes.of(
        Area.ORDERS,
        Area.SUPPLIERS,
        record_id=order.id,
        message=f"Заказ {order.number} «{supplier.name}»: {len(lines)} стр. на {format_rub(total)}",
    )


@dataclass(frozen=True)
class OrderState:
    """What the step dialog shows: the order, its state, the steps it may take."""

    id: uuid.UUID
    number: str
    supplier: str
    status: PurchaseStatus
    status_text: str
    steps: list[tuple[str, str]]  # (status value, Russian) in order
    total_kop: int
    invoice_number: str
    invoice_kop: int
    expected_on: date | None
    receivable: bool  # a receipt may still be booked against it


def order_state(session: Session, order_id: uuid.UUID) -> OrderState:
    order = session.get(PurchaseOrder, order_id)
    if order is None or order.deleted_at is not None:
        raise NotFoundError("Заказ поставщику удалён — обновите список (F5)")
    supplier = session.get(Supplier, order.supplier_id)
    total = sum(line.quantity * line.price_kop for line in order_lines(session, order.id))
    return OrderState(
        order.id,
        order.number,
        supplier.name if supplier is not None else "",
        order.status,
        PURCHASE_STATUS_RU[order.status],
        [(s.value, PURCHASE_STATUS_RU[s]) for s in allowed_steps(order.status)],
        total,
        order.supplier_invoice_number,
        order.supplier_invoice_kop,
        order.expected_on,
        order.status in RECEIVABLE,
    )


def receipt_lines(session: Session, order_id: uuid.UUID) -> tuple[OrderState, list[tuple[str, int]]]:
    """The order and (SKU, units still expected) of each of its items, for a receipt against it."""
    from mos_desktop.services.purchasing.receiving import remainders

    state = order_state(session, order_id)
    if not state.receivable:
        raise ValidationError(
            [
                FieldError(
                    "purchase_order_id",
                    f"Заказ {state.number} — «{state.status_text}»: приёмка по нему невозможна",
                )
            ]
        )
    left = remainders(session, order_id)
    skus = {i: sku for i, sku in session.execute(select(Item.id, Item.sku).where(Item.id.in_(list(left))))}
    return state, [(skus[item_id], units) for item_id, units in left.items() if units > 0]


def item_names(session: Session) -> dict[str, str]:
    """Lower-case SKU → «SKU — name» of every live item (the order and count dialogs name what was typed)."""
    query = select(Item.sku, Item.name).where(Item.deleted_at.is_(None)).order_by(Item.archived)
    out: dict[str, str] = {}
    for sku, name in session.execute(query):
        out.setdefault(sku.casefold(), name)
    return out
