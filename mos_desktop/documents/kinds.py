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
from mos_desktop.documents.assembly.logistics import handover_data
from mos_desktop.documents.assembly.service import visit_act_data
from mos_desktop.documents.assembly.shipping import shipment_data
from mos_desktop.documents.forms import act, handover, invoice, shipping
from mos_desktop.documents.render.blocks import Page
from mos_desktop.models import DocumentKind, Invoice, ServiceVisit, Shipment
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

    @property
    def source_table(self) -> str:
        return str(self.model.__tablename__)

    def find(self, session: Session, ref: str) -> Any | None:
        ref = ref.strip()
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
            select(self.model).where(column == ref, self.model.deleted_at.is_(None)).limit(1)
        ).first()


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
    )
}
