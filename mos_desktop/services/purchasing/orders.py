"""Purchase orders through their states, each step dated (``purchase_order_steps``):

draft → invoice requested → invoice received → entered into ПФ → paid → shipped → received in part / in
full (by the receipt, ``stock.moves.post_moves``) → closed; or cancelled before anything was received.
The supplier's invoice becomes a payable (Платежи) when it is received, and follows the order into ПФ
and paid. Expected ship and arrival dates past today flag the order as overdue.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    Payable,
    PayableKind,
    PayableStatus,
    PurchaseOrder,
    PurchaseStatus,
    Supplier,
)
from mos_desktop.money import MoneyFormatError, parse_rub
from mos_desktop.services.labels import PURCHASE_STATUS_RU
from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.services.purchasing.receiving import add_step

# The states a manager moves an order through by hand, in order (receipts set partial / accepted).
CHAIN = (
    PurchaseStatus.DRAFT,
    PurchaseStatus.INVOICE_REQUESTED,
    PurchaseStatus.INVOICE_RECEIVED,
    PurchaseStatus.IN_PLAN,
    PurchaseStatus.PAID,
    PurchaseStatus.SHIPPED,
)
RECEIVED = (PurchaseStatus.PARTIAL, PurchaseStatus.ACCEPTED)
FINAL = (PurchaseStatus.CLOSED, PurchaseStatus.CANCELLED)


@dataclass
class OrderStepForm:
    """Move an order to ``status`` on ``on`` (None: today). Receiving the invoice needs its number and
    amount (rubles as typed) and may give its due date; shipping may set the expected arrival."""

    order_id: uuid.UUID
    status: PurchaseStatus | str
    on: date | None = None
    note: str = ""
    invoice_number: str = ""
    invoice_amount: str = ""
    due_on: date | None = None
    expected_on: date | None = None


def allowed_steps(status: PurchaseStatus) -> list[PurchaseStatus]:
    """The states an order in ``status`` may go to next (for the GUI's step menu)."""
    if status in FINAL:
        return []
    if status in RECEIVED:
        return [PurchaseStatus.CLOSED]  # a partial delivery may be closed too: the rest will not come
    later = list(CHAIN[CHAIN.index(status) + 1 :])
    return [*later, PurchaseStatus.CANCELLED]


def step_order(session: Session, form: OrderStepForm, *, user: str, today: date) -> Changes:
    order = session.get(PurchaseOrder, form.order_id)
    if order is None or order.deleted_at is not None:
        raise NotFoundError("Заказ поставщику удалён — обновите список (F5)")
    errors: list[FieldError] = []
    try:
        target = PurchaseStatus(getattr(form.status, "value", form.status))
    except ValueError:
        raise ValidationError([FieldError("status", "Статус: выберите из списка")]) from None
    if target not in allowed_steps(order.status):
        now = PURCHASE_STATUS_RU[order.status]
        errors.append(
            FieldError(
                "status",
                f"Статус: заказ {order.number} сейчас «{now}» — в «{PURCHASE_STATUS_RU[target]}» его не перевести"
                + (" (приёмку оформляет приход на склад)" if target in RECEIVED else ""),
            )
        )
    on = form.on or today
    if on > today:
        errors.append(FieldError("on", "Дата: не позже сегодняшнего дня"))
    amount = 0
    if target == PurchaseStatus.INVOICE_RECEIVED:
        if not form.invoice_number.strip():
            errors.append(FieldError("invoice_number", "Номер счёта поставщика: обязательное поле"))
        try:
            amount = parse_rub(form.invoice_amount)
            if amount <= 0:
                errors.append(FieldError("invoice_amount", "Сумма счёта: больше нуля"))
        except MoneyFormatError as exc:
            errors.append(FieldError("invoice_amount", f"Сумма счёта: {exc}"))
    if target == PurchaseStatus.CANCELLED and order.status in RECEIVED:
        errors.append(FieldError("status", "Статус: товар уже принят — заказ можно только закрыть"))
    if errors:
        raise ValidationError(errors)
    payable = session.get(Payable, order.payable_id) if order.payable_id else None
    areas = [Area.ORDERS]
    if target == PurchaseStatus.INVOICE_RECEIVED:
        supplier = session.get(Supplier, order.supplier_id)
        assert supplier is not None
        order.supplier_invoice_number = form.invoice_number.strip()
        order.supplier_invoice_kop = amount
        if payable is None:
            payable = Payable(id=uuid7(), kind=PayableKind.SUPPLIER, created_by=user)
            session.add(payable)
            order.payable_id = payable.id
        payable.counterparty, payable.counterparty_inn = supplier.name, supplier.inn
        payable.supplier_id, payable.number = supplier.id, order.supplier_invoice_number
        payable.issued_on, payable.due_on, payable.amount_kop = on, form.due_on, amount
        payable.purpose = f"Заказ поставщику {order.number}"
        payable.updated_by = user
        areas.append(Area.PAYABLES)
    elif payable is not None and target in (
        PurchaseStatus.IN_PLAN,
        PurchaseStatus.PAID,
        PurchaseStatus.CANCELLED,
    ):
        if target == PurchaseStatus.IN_PLAN:
            payable.status, payable.entered_in_plan_on = PayableStatus.IN_PLAN, on
        elif target == PurchaseStatus.PAID:
            payable.status, payable.paid_on = PayableStatus.PAID, on
        elif payable.status != PayableStatus.PAID:
            payable.status = PayableStatus.CANCELLED
        payable.updated_by = user
        areas.append(Area.PAYABLES)
    if target == PurchaseStatus.SHIPPED and form.expected_on is not None:
        order.expected_on = form.expected_on
    add_step(session, order, target, on, user, form.note.strip())
    session.flush()
    return Changes.of(
        *areas,
        record_id=order.id,
        ids=[order.payable_id],
        message=f"Заказ {order.number}: {PURCHASE_STATUS_RU[target].lower()}",
    )


def overdue(order: PurchaseOrder, today: date) -> str:
    """Why an open order is late ("" when it is not): the supplier has not shipped or it has not arrived."""
    if order.status in (*FINAL, PurchaseStatus.ACCEPTED):
        return ""
    before_shipping = order.status in CHAIN and order.status != PurchaseStatus.SHIPPED
    if before_shipping and order.expected_ship_on is not None and order.expected_ship_on < today:
        return f"не отгружен, ожидался {order.expected_ship_on:%d.%m.%Y}"
    if order.expected_on is not None and order.expected_on < today:
        return f"не поступил, ожидался {order.expected_on:%d.%m.%Y}"
    return ""


def list_overdue_orders(session: Session, *, today: date) -> Listing:
    query = (
        select(PurchaseOrder, Supplier.name)
        .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(
            PurchaseOrder.deleted_at.is_(None), PurchaseOrder.status.not_in((*FINAL, PurchaseStatus.ACCEPTED))
        )
        .order_by(PurchaseOrder.expected_on, PurchaseOrder.number)
    )
    rows = []
    for order, supplier in session.execute(query):
        why = overdue(order, today)
        if why:
            values = (
                order.number,
                supplier,
                PURCHASE_STATUS_RU[order.status],
                order.expected_ship_on,
                order.expected_on,
                why,
            )
            rows.append(Row(order.id, values, "danger", kind="purchase_order"))
    columns = [
        Column("number", "Номер"),
        Column("supplier", "Поставщик", stretch=True),
        Column("status", "Статус", "status"),
        Column("expected_ship_on", "Отгрузка ожидалась", "date"),
        Column("expected_on", "Поступление ожидалось", "date"),
        Column("why", "Что не так"),
    ]
    return Listing(columns, rows, f"Просрочено заказов: {len(rows)}" if rows else "")
