"""What the purchase-order card shows: the order with its supplier and dates, its dated steps, its lines
(ordered, received and refused units, price and amount), the supplier's invoice (the payable), the stock
documents received against it and the files of its remote acceptance. One read, no writes: the card's
buttons call the order's existing commands (``orders.step_order``, the receipt, ``attachments``)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.errors import NotFoundError
from mos_desktop.models import (
    Item,
    Location,
    MoveKind,
    Payable,
    PurchaseOrder,
    PurchaseOrderStep,
    PurchaseStatus,
    StockMove,
    Supplier,
)
from mos_desktop.services.labels import PAYABLE_STATUS_RU, PURCHASE_STATUS_RU
from mos_desktop.services.listing import Listing
from mos_desktop.services.purchasing.attachments import list_attachments
from mos_desktop.services.purchasing.lists import order_flags
from mos_desktop.services.purchasing.orders import allowed_steps, overdue
from mos_desktop.services.purchasing.receiving import RECEIVABLE, order_lines
from mos_desktop.services.stock.labels import MOVE_KIND_RU


@dataclass(frozen=True)
class CardLine:
    item_id: uuid.UUID
    sku: str
    name: str
    quantity: int  # ordered
    received: int  # accepted into stock
    refused: int  # refused on receipt (still expected)
    price_kop: int

    @property
    def amount_kop(self) -> int:
        return self.quantity * self.price_kop

    @property
    def outstanding(self) -> int:
        return max(0, self.quantity - self.received)


@dataclass(frozen=True)
class CardStep:
    status: str  # a PurchaseStatus value
    status_text: str
    on: date
    author: str
    note: str


@dataclass(frozen=True)
class CardPayable:
    """The supplier's invoice as the payable the order made when it arrived."""

    id: uuid.UUID
    number: str
    amount_kop: int
    status_text: str
    issued_on: date
    due_on: date | None
    entered_in_plan_on: date | None
    paid_on: date | None


@dataclass(frozen=True)
class CardReceipt:
    """One stock document posted against the order (a receipt, or the reversal of one)."""

    document_ref: str
    moved_on: date
    kind_text: str
    units: int  # positive for a receipt, negative for a reversal
    lines: int
    to_location: str
    author: str
    note: str


@dataclass(frozen=True)
class OrderCard:
    id: uuid.UUID
    number: str
    supplier_id: uuid.UUID
    supplier: str
    status: PurchaseStatus
    status_text: str
    ordered_on: date
    expected_ship_on: date | None
    expected_on: date | None
    accepted_on: date | None
    accepted_by: str
    flags: str  # «удалённая приёмка, нестандартный товар»
    notes: str
    discrepancy_note: str
    late: str  # why the order is overdue ("" when it is not)
    invoice_number: str
    invoice_kop: int
    lines: list[CardLine]
    steps: list[CardStep]  # oldest first
    payable: CardPayable | None
    receipts: list[CardReceipt]  # oldest first
    attachments: Listing
    next_steps: list[tuple[str, str]]  # (status value, Russian) the order may go to now
    receivable: bool  # a receipt may still be booked against it

    @property
    def total_kop(self) -> int:
        return sum(line.amount_kop for line in self.lines)

    @property
    def ordered_units(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def received_units(self) -> int:
        return sum(line.received for line in self.lines)

    @property
    def refused_units(self) -> int:
        return sum(line.refused for line in self.lines)

    @property
    def outstanding_units(self) -> int:
        return sum(line.outstanding for line in self.lines)

    @property
    def received_kop(self) -> int:
        """What the units accepted so far are worth at the order's prices."""
        return sum(min(line.received, line.quantity) * line.price_kop for line in self.lines)


def order_card(session: Session, order_id: uuid.UUID, *, today: date) -> OrderCard:
    order = session.get(PurchaseOrder, order_id)
    if order is None or order.deleted_at is not None:
        raise NotFoundError("Заказ поставщику удалён — обновите список (F5)")
    supplier = session.get(Supplier, order.supplier_id)
    return OrderCard(
        id=order.id,
        number=order.number,
        supplier_id=order.supplier_id,
        supplier=supplier.name if supplier is not None else "",
        status=order.status,
        status_text=PURCHASE_STATUS_RU[order.status],
        ordered_on=order.ordered_on,
        expected_ship_on=order.expected_ship_on,
        expected_on=order.expected_on,
        accepted_on=order.accepted_on,
        accepted_by=order.accepted_by,
        flags=order_flags(order.remote_acceptance, order.non_standard),
        notes=order.notes,
        discrepancy_note=order.discrepancy_note,
        late=overdue(order, today),
        invoice_number=order.supplier_invoice_number,
        invoice_kop=order.supplier_invoice_kop,
        lines=_lines(session, order.id),
        steps=_steps(session, order.id),
        payable=_payable(session, order.payable_id),
        receipts=_receipts(session, order.id),
        attachments=list_attachments(session, order.id),
        next_steps=[(s.value, PURCHASE_STATUS_RU[s]) for s in allowed_steps(order.status)],
        receivable=order.status in RECEIVABLE,
    )


def _lines(session: Session, order_id: uuid.UUID) -> list[CardLine]:
    lines = order_lines(session, order_id)
    items = {
        i.id: i for i in session.scalars(select(Item).where(Item.id.in_({line.item_id for line in lines})))
    }
    out = []
    for line in lines:
        item = items.get(line.item_id)
        out.append(
            CardLine(
                line.item_id,
                item.sku if item is not None else "",
                item.name if item is not None else "",
                line.quantity,
                line.received_quantity,
                line.defective_quantity,
                line.price_kop,
            )
        )
    return out


def _steps(session: Session, order_id: uuid.UUID) -> list[CardStep]:
    query = (
        select(PurchaseOrderStep)
        .where(PurchaseOrderStep.order_id == order_id, PurchaseOrderStep.deleted_at.is_(None))
        .order_by(PurchaseOrderStep.step_on, PurchaseOrderStep.created_at, PurchaseOrderStep.id)
    )
    out = []
    for step in session.scalars(query):
        try:
            text = PURCHASE_STATUS_RU[PurchaseStatus(step.status)]
        except ValueError:  # a state this version does not know (a newer workstation synced it)
            text = step.status
        out.append(CardStep(step.status, text, step.step_on, step.author or step.created_by, step.note))
    return out


def _payable(session: Session, payable_id: uuid.UUID | None) -> CardPayable | None:
    payable = session.get(Payable, payable_id) if payable_id is not None else None
    if payable is None or payable.deleted_at is not None:
        return None
    return CardPayable(
        payable.id,
        payable.number,
        payable.amount_kop,
        PAYABLE_STATUS_RU[payable.status],
        payable.issued_on,
        payable.due_on,
        payable.entered_in_plan_on,
        payable.paid_on,
    )


def _receipts(session: Session, order_id: uuid.UUID) -> list[CardReceipt]:
    """The order's stock documents, one row per posting (document number, kind and day)."""
    query = (
        select(StockMove, Location.name)
        .join(Location, Location.id == StockMove.to_location_id)
        .where(StockMove.purchase_order_id == order_id, StockMove.deleted_at.is_(None))
        .order_by(StockMove.moved_on, StockMove.created_at, StockMove.id)
    )
    groups: dict[tuple[str, str, date], list[tuple[StockMove, str]]] = defaultdict(list)
    for move, target in session.execute(query):
        groups[(move.document_ref, move.kind, move.moved_on)].append((move, target))
    out = []
    for (ref, kind, on), moves in groups.items():
        sign = -1 if kind == MoveKind.REVERSAL else 1
        first = moves[0][0]
        out.append(
            CardReceipt(
                ref,
                on,
                MOVE_KIND_RU.get(kind, MOVE_KIND_RU[""]),
                sign * sum(m.quantity for m, _t in moves),
                len({m.item_id for m, _t in moves}),
                moves[0][1],
                first.author or first.created_by,
                first.note,
            )
        )
    return out
