"""Small helpers that add ORM rows for list-service tests (import as ``from factories import ...``).

Each helper takes the session, fills sensible defaults, accepts any column as a keyword, flushes and
returns the row, so a test states only what its rule depends on.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from mos_desktop.models import (
    CallOutcome,
    CarrierKind,
    Client,
    CollectionCall,
    Contractor,
    ContractorJob,
    DostavistaEntry,
    Interaction,
    InteractionKind,
    Invoice,
    Item,
    Location,
    LocationKind,
    Payable,
    PayableKind,
    Payment,
    PaymentAllocation,
    PurchaseOrder,
    PurchaseOrderLine,
    ServiceVisit,
    Shipment,
    StockMove,
    Supplier,
    SupplierPrice,
)
from mos_desktop.timeutil import MOSCOW

T = TypeVar("T")


def msk(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An aware Moscow datetime on a business date."""
    return datetime.combine(day, time(hour, minute), MOSCOW)


def add(session: Session, row: T) -> T:
    session.add(row)
    session.flush()
    return row


def client(session: Session, name: str = "ЖК Тестовый", **kw: Any) -> Client:
    kw.setdefault("inn", "7707083893")
    return add(session, Client(name=name, **kw))


def invoice(session: Session, owner: Client, total_rub: int, issued_on: date, **kw: Any) -> Invoice:
    kw.setdefault("number", f"С-{issued_on:%m%d}-{total_rub}")
    kw.setdefault("period", issued_on.replace(day=1))
    return add(session, Invoice(client_id=owner.id, total_kop=total_rub * 100, issued_on=issued_on, **kw))


def payment(
    session: Session,
    amount_rub: int,
    received_on: date,
    *,
    pays: list[tuple[Invoice, int]] | None = None,
    **kw: Any,
) -> Payment:
    """A payment, allocated to invoices as (invoice, rubles) pairs."""
    row = add(session, Payment(amount_kop=amount_rub * 100, received_on=received_on, **kw))
    for inv, rub in pays or []:
        add(session, PaymentAllocation(payment_id=row.id, invoice_id=inv.id, amount_kop=rub * 100))
    return row


def call(
    session: Session, owner: Client, at: datetime, outcome: CallOutcome = CallOutcome.NO_ANSWER, **kw: Any
) -> CollectionCall:
    return add(session, CollectionCall(client_id=owner.id, called_at=at, outcome=outcome, **kw))


def interaction(
    session: Session, owner: Client, at: datetime, kind: InteractionKind = InteractionKind.CALL_OUT, **kw: Any
) -> Interaction:
    return add(session, Interaction(client_id=owner.id, at=at, kind=kind, **kw))


def payable(session: Session, counterparty: str, amount_rub: int, due_on: date | None, **kw: Any) -> Payable:
    kw.setdefault("kind", PayableKind.SUPPLIER)
    kw.setdefault("issued_on", date(2026, 11, 1))
    return add(session, Payable(counterparty=counterparty, amount_kop=amount_rub * 100, due_on=due_on, **kw))


def shipment(session: Session, number: str, owner: Client | None = None, **kw: Any) -> Shipment:
    kw.setdefault("carrier_kind", CarrierKind.COURIER)
    return add(session, Shipment(number=number, client_id=owner.id if owner else None, **kw))


def dostavista(session: Session, at: datetime, amount_rub: int, **kw: Any) -> DostavistaEntry:
    return add(session, DostavistaEntry(at=at, amount_kop=amount_rub * 100, **kw))


def item(session: Session, sku: str, name: str = "", **kw: Any) -> Item:
    return add(session, Item(sku=sku, name=name or f"Товар {sku}", **kw))


def location(session: Session, name: str, kind: LocationKind, **kw: Any) -> Location:
    kw.setdefault("code", name[:10])
    return add(session, Location(name=name, kind=kind, **kw))


def move(
    session: Session, what: Item, qty: int, src: Location, dst: Location, on: date, **kw: Any
) -> StockMove:
    return add(
        session,
        StockMove(
            item_id=what.id,
            quantity=qty,
            from_location_id=src.id,
            to_location_id=dst.id,
            moved_on=on,
            **kw,
        ),
    )


def supplier(session: Session, name: str, **kw: Any) -> Supplier:
    return add(session, Supplier(name=name, **kw))


def price(
    session: Session, who: Supplier, what: Item, rub: int, valid_from: date, **kw: Any
) -> SupplierPrice:
    return add(
        session,
        SupplierPrice(supplier_id=who.id, item_id=what.id, price_kop=rub * 100, valid_from=valid_from, **kw),
    )


def purchase_order(
    session: Session,
    number: str,
    who: Supplier,
    ordered_on: date,
    lines: list[tuple[Item, int, int]] | None = None,
    **kw: Any,
) -> PurchaseOrder:
    """An order with lines as (item, quantity, price in rubles)."""
    order = add(session, PurchaseOrder(number=number, supplier_id=who.id, ordered_on=ordered_on, **kw))
    for what, qty, rub in lines or []:
        add(session, PurchaseOrderLine(order_id=order.id, item_id=what.id, quantity=qty, price_kop=rub * 100))
    return order


def contractor(session: Session, name: str, **kw: Any) -> Contractor:
    return add(session, Contractor(name=name, **kw))


def visit(session: Session, owner: Client, requested_at: datetime, **kw: Any) -> ServiceVisit:
    return add(session, ServiceVisit(client_id=owner.id, requested_at=requested_at, **kw))


def job(session: Session, who: Contractor, title: str, **kw: Any) -> ContractorJob:
    return add(session, ContractorJob(contractor_id=who.id, title=title, **kw))
