"""Reconciliation statements and claim letters from invoices, payments and their allocations."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.common import client_party
from mos_desktop.documents.company import Company, Options, require_requisites
from mos_desktop.documents.forms.finance import ClaimData, Debt, Entry, ReconciliationData
from mos_desktop.errors import UserError
from mos_desktop.models import Claim, Client, Invoice, Payment, PaymentAllocation
from mos_desktop.models.billing import InvoiceStatus, PaymentDirection


def _contract(client: Client) -> str:
    if not client.contract_number:
        return ""
    text = f"№ {client.contract_number}"
    return text + (f" от {client.contract_date:%d.%m.%Y}" if client.contract_date else "")


def _invoices(session: Session, client_id: uuid.UUID) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice)
            .where(
                Invoice.client_id == client_id,
                Invoice.status == InvoiceStatus.ISSUED,
                Invoice.deleted_at.is_(None),
            )
            .order_by(Invoice.issued_on, Invoice.number)
        )
    )


def _payments(session: Session, client_id: uuid.UUID) -> list[Payment]:
    return list(
        session.scalars(
            select(Payment)
            .where(
                Payment.client_id == client_id,
                Payment.direction == PaymentDirection.INCOMING,
                Payment.deleted_at.is_(None),
            )
            .order_by(Payment.received_on, Payment.created_at)
        )
    )


def reconciliation_data(
    session: Session,
    client: Client,
    company: Company,
    options: Options,
    *,
    number: str,
    day: date,
    period: tuple[date | None, date | None] = (None, None),
) -> ReconciliationData:
    require_requisites(company)
    date_from = period[0] or date(day.year, 1, 1)
    date_to = period[1] or day
    if date_from > date_to:
        raise UserError("Период акта сверки: начало позже конца — поменяйте даты местами")
    opening = 0
    entries: list[Entry] = []
    for invoice in _invoices(session, client.id):
        if invoice.issued_on < date_from:
            opening += invoice.total_kop
        elif invoice.issued_on <= date_to:
            text = f"Продажа (счёт № {invoice.number} от {invoice.issued_on:%d.%m.%Y})"
            entries.append(Entry(invoice.issued_on, text, invoice.total_kop, 0))
    for payment in _payments(session, client.id):
        if payment.received_on < date_from:
            opening -= payment.amount_kop
        elif payment.received_on <= date_to:
            doc = f"п/п № {payment.bank_doc_number}" if payment.bank_doc_number else "платёж"
            when = payment.bank_doc_date or payment.received_on
            entries.append(
                Entry(payment.received_on, f"Оплата ({doc} от {when:%d.%m.%Y})", 0, payment.amount_kop)
            )
    entries.sort(key=lambda e: (e.day, e.credit_kop > 0))
    return ReconciliationData(
        number=number,
        day=day,
        company=company,
        client=client_party(session, client.id),
        contract=_contract(client),
        date_from=date_from,
        date_to=date_to,
        opening_kop=opening,
        entries=tuple(entries),
        options=options,
    )


def debts_of(session: Session, client_id: uuid.UUID, today: date) -> list[Debt]:
    """The client's issued invoices past their due date and not fully paid, oldest first."""
    paid = dict(
        session.execute(
            select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_kop))
            .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
            .where(Invoice.client_id == client_id, PaymentAllocation.deleted_at.is_(None))
            .group_by(PaymentAllocation.invoice_id)
        ).all()
    )
    debts = []
    for invoice in _invoices(session, client_id):
        due = invoice.due_on or invoice.issued_on
        unpaid = invoice.total_kop - int(paid.get(invoice.id) or 0)
        if unpaid > 0 and due < today:
            debts.append(
                Debt(f"№ {invoice.number} от {invoice.issued_on:%d.%m.%Y}", invoice.due_on, invoice.total_kop,
                     invoice.total_kop - unpaid)
            )  # fmt: skip
    return debts


def claim_data(
    session: Session, record: Claim | Client, company: Company, options: Options, *, number: str, day: date
) -> ClaimData:
    """A claim letter from a claim record (its client's overdue invoices) or straight from a debtor."""
    require_requisites(company)
    client = session.get(Client, record.client_id) if isinstance(record, Claim) else record
    if client is None:
        raise UserError("Клиент претензии не найден в базе")
    debts = debts_of(session, client.id, day)
    if not debts:
        raise UserError(
            f"У клиента «{client.name}» нет просроченных неоплаченных счетов: претензию не из чего составить"
        )
    subject = record.subject if isinstance(record, Claim) else ""
    return ClaimData(
        number=number,
        day=day,
        company=company,
        client=client_party(session, client.id),
        contract=_contract(client),
        subject=subject,
        debts=tuple(debts),
        options=options,
    )
