"""What a receipt does to its purchase order: received and refused quantities per line, and the order's
state (received in part while a remainder is expected, in full when none is). Called by the stock
commands inside their transaction; they have checked the quantities already."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import PurchaseOrder, PurchaseOrderLine, PurchaseOrderStep, PurchaseStatus

RECEIVABLE = (
    PurchaseStatus.DRAFT,
    PurchaseStatus.INVOICE_REQUESTED,
    PurchaseStatus.INVOICE_RECEIVED,
    PurchaseStatus.IN_PLAN,
    PurchaseStatus.PAID,
    PurchaseStatus.SHIPPED,
    PurchaseStatus.PARTIAL,
)


def order_lines(session: Session, order_id: uuid.UUID) -> list[PurchaseOrderLine]:
    query = (
        select(PurchaseOrderLine)
        .where(PurchaseOrderLine.order_id == order_id, PurchaseOrderLine.deleted_at.is_(None))
        .order_by(PurchaseOrderLine.created_at, PurchaseOrderLine.id)
    )
    return list(session.scalars(query))


def remainders(session: Session, order_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """item → units still expected (ordered − received; refused units are still expected)."""
    out: dict[uuid.UUID, int] = {}
    for line in order_lines(session, order_id):
        out[line.item_id] = out.get(line.item_id, 0) + max(0, line.quantity - line.received_quantity)
    return out


def add_step(
    session: Session, order: PurchaseOrder, status: PurchaseStatus, on: date, user: str, note: str = ""
) -> None:
    order.status = status
    order.updated_by = user
    session.add(
        PurchaseOrderStep(
            order_id=order.id, status=status.value, step_on=on, author=user, note=note, created_by=user
        )
    )


def apply_receipt(
    session: Session,
    order: PurchaseOrder,
    received: dict[uuid.UUID, tuple[int, int]],
    *,
    on: date,
    user: str,
    accepted_by: str = "",
    discrepancy: str = "",
) -> None:
    """Book ``received`` (item → (accepted, refused)) against the order's lines and move its state.

    A negative accepted count (a reversed receipt) takes units back off the lines."""
    lines = order_lines(session, order.id)
    for item_id, (accepted, refused) in received.items():
        mine = [line for line in lines if line.item_id == item_id]
        for line in mine:
            if accepted > 0:
                take = min(accepted, max(0, line.quantity - line.received_quantity))
            else:
                take = -min(-accepted, line.received_quantity)
            line.received_quantity += take
            accepted -= take
            line.updated_by = user
        if mine and accepted:  # more than ordered (checked by the caller): on the last line
            mine[-1].received_quantity += accepted
        if mine and refused:
            mine[0].defective_quantity += refused
    outstanding = sum(max(0, line.quantity - line.received_quantity) for line in lines)
    any_received = any(line.received_quantity > 0 for line in lines)
    if accepted_by:
        order.accepted_by = accepted_by
    if discrepancy:
        order.discrepancy_note = "\n".join(t for t in (order.discrepancy_note, discrepancy) if t)
    if outstanding == 0:
        order.accepted_on = on
        add_step(session, order, PurchaseStatus.ACCEPTED, on, user, "Принят полностью")
    elif any_received:
        order.accepted_on = on
        add_step(
            session, order, PurchaseStatus.PARTIAL, on, user, f"Принят частично, ожидается ещё {outstanding}"
        )
    else:
        order.accepted_on = None
        add_step(session, order, PurchaseStatus.SHIPPED, on, user, "Приёмка отменена")
