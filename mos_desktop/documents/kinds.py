"""The registry of printable forms: CLI name → record kind, how to find the record, its number and date,
its assembly and its layout. The API, the CLI and (later) the GUI's «Печать» all read this one table."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.billing import invoice_act_data, invoice_data
from mos_desktop.documents.assembly.finance import claim_data, reconciliation_data
from mos_desktop.documents.assembly.logistics import handover_data
from mos_desktop.documents.assembly.service import visit_act_data
from mos_desktop.documents.assembly.shipping import shipment_data
from mos_desktop.documents.assembly.warehouse import move_data, receipt_data
from mos_desktop.documents.forms import act, finance, handover, invoice, shipping, warehouse, waybill
from mos_desktop.documents.render.blocks import Page
from mos_desktop.models import (
    Claim,
    Client,
    DocumentKind,
    Invoice,
    PurchaseOrder,
    ServiceVisit,
    Shipment,
    StockMove,
)
from mos_desktop.russian import lookalikes
from mos_desktop.timeutil import to_moscow

Assemble = Callable[..., Any]


@dataclass(frozen=True)
class Form:
    key: str  # the CLI's KIND
    kind: DocumentKind | None  # None: printed, not stored (no issued-document record)
    title: str  # Russian, for messages and menus
    model: type[Any]
    assemble: Assemble  # (session, record, company, options, *, number, day) -> data
    layout: Callable[[Any], Page]
    own_number: Callable[[Any], str] | None = None  # the record's own number, when the paper shows it
    number_column: str | None = "number"  # looked up by the CLI's NUMBER_OR_ID
    date_of: Callable[[Any, date], date] = lambda record, today: today
    finder: Callable[[Session, str], Any] | None = None  # instead of id / number lookup on ``model``
    takes_period: bool = False  # the reconciliation statement: a client and a period

    def source_table(self, record: Any, period: tuple[date, date] | None = None) -> str:
        """What an issued document records as its source: the table, and for a period form the period."""
        table = str(record.__tablename__)
        return f"{table}:{period[0].isoformat()}:{period[1].isoformat()}" if period else table

    def find(self, session: Session, ref: str) -> Any | None:
        ref = ref.strip()
        if self.finder is not None:
            return self.finder(session, ref)
        try:
            record_id = uuid.UUID(ref)
        except ValueError:
            record_id = None
        if record_id is not None:
            return session.get(self.model, record_id)
        if self.number_column is None:
            return None
        column = getattr(self.model, self.number_column)
        return session.scalars(
            select(self.model).where(column.in_(lookalikes(ref)), self.model.deleted_at.is_(None)).limit(1)
        ).first()


def _by_id(session: Session, model: type[Any], ref: str) -> Any | None:
    try:
        return session.get(model, uuid.UUID(ref))
    except ValueError:
        return None


def _client_by_inn(session: Session, ref: str) -> Client | None:
    found = _by_id(session, Client, ref)
    if found is not None:
        return found
    return session.scalars(
        select(Client)
        .where(Client.inn == ref, Client.deleted_at.is_(None))
        .order_by(Client.created_at)
        .limit(1)
    ).first()


def _claim_or_debtor(session: Session, ref: str) -> Claim | Client | None:
    """A claim record by its id, or a debtor client by id or ИНН (the letter then lists its overdue invoices)."""
    claim = _by_id(session, Claim, ref)
    return claim if claim is not None else _client_by_inn(session, ref)


def _move_document(session: Session, ref: str) -> StockMove | None:
    found = _by_id(session, StockMove, ref)
    if found is not None:
        return found
    return session.scalars(
        select(StockMove)
        .where(StockMove.document_ref.in_(lookalikes(ref)), StockMove.deleted_at.is_(None))
        .order_by(StockMove.created_at, StockMove.id)
        .limit(1)
    ).first()


def _purchase_receipt(session: Session, ref: str) -> PurchaseOrder | None:
    """A purchase order by id or number, or by the document number of its receipt moves («ПТ-…»)."""
    found = _by_id(session, PurchaseOrder, ref)
    if found is not None:
        return found
    order = session.scalars(
        select(PurchaseOrder).where(PurchaseOrder.number.in_(lookalikes(ref))).limit(1)
    ).first()
    if order is not None:
        return order
    move = session.scalars(
        select(StockMove)
        .where(StockMove.document_ref.in_(lookalikes(ref)), StockMove.purchase_order_id.is_not(None))
        .limit(1)
    ).first()
    return session.get(PurchaseOrder, move.purchase_order_id) if move and move.purchase_order_id else None


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _act_day(record: Invoice, today: date) -> date:
    return _month_end(record.period) if record.period else record.issued_on


def _visit_day(record: ServiceVisit, today: date) -> date:
    return record.done_on or record.scheduled_on or today


def _shipment_day(record: Shipment, today: date) -> date:
    if record.delivered_at:
        return to_moscow(record.delivered_at).date()
    if record.shipped_at:
        return to_moscow(record.shipped_at).date()
    return record.agreed_ship_on or today


def _invoice_assemble(session: Session, record: Invoice, company: Any, options: Any, **_: Any) -> Any:
    return invoice_data(session, record, company, options)


FORMS: dict[str, Form] = {
    f.key: f
    for f in (
        Form(
            "invoice",
            DocumentKind.INVOICE,
            "Счёт на оплату",
            Invoice,
            _invoice_assemble,
            invoice.layout,
            own_number=lambda r: r.number,
            date_of=lambda r, today: r.issued_on,
        ),
        Form(
            "act",
            DocumentKind.ACT,
            "Акт выполненных работ (оказанных услуг)",
            Invoice,
            invoice_act_data,
            act.layout,
            date_of=_act_day,
        ),
        Form(
            "visit-act",
            DocumentKind.VISIT_ACT,
            "Акт сервисного выезда",
            ServiceVisit,
            visit_act_data,
            act.layout,
            number_column=None,
            date_of=_visit_day,
        ),
        Form(
            "handover-act",
            DocumentKind.HANDOVER_ACT,
            "Акт приёма-передачи оборудования",
            Shipment,
            handover_data,
            handover.layout,
            date_of=_shipment_day,
        ),
        Form(
            "torg12",
            DocumentKind.TORG12,
            "Товарная накладная ТОРГ-12",
            Shipment,
            shipment_data,
            shipping.torg12_layout,
            own_number=lambda r: r.number,
            date_of=_shipment_day,
        ),
        Form(
            "upd",
            DocumentKind.UPD,
            "Универсальный передаточный документ",
            Shipment,
            shipment_data,
            shipping.upd_layout,
            own_number=lambda r: r.number,
            date_of=_shipment_day,
        ),
        Form(
            "waybill",
            DocumentKind.TRANSPORT_WAYBILL,
            "Транспортная накладная",
            Shipment,
            shipment_data,
            waybill.waybill_layout,
            own_number=lambda r: r.number,
            date_of=_shipment_day,
        ),
        Form(
            "move",
            DocumentKind.INTERNAL_MOVE,
            "Накладная на внутреннее перемещение",
            StockMove,
            move_data,
            warehouse.move_layout,
            own_number=lambda r: r.document_ref,
            date_of=lambda r, today: r.moved_on,
            finder=_move_document,
        ),
        Form(
            "receipt",
            None,  # printed from the purchase order and its receipt moves; the order is the record
            "Приходная накладная",
            PurchaseOrder,
            receipt_data,
            warehouse.receipt_layout,
            own_number=lambda r: r.number,
            date_of=lambda r, today: r.accepted_on or today,
            finder=_purchase_receipt,
        ),
        Form(
            "reconciliation",
            DocumentKind.RECONCILIATION,
            "Акт сверки",
            Client,
            reconciliation_data,
            finance.reconciliation_layout,
            finder=_client_by_inn,
            takes_period=True,
        ),
        Form(
            "claim",
            DocumentKind.CLAIM_LETTER,
            "Претензия",
            Claim,
            claim_data,
            finance.claim_layout,
            finder=_claim_or_debtor,
        ),
    )
}
