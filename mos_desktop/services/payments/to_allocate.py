"""What the «Разнести…» dialog shows for one payment: what is left of it, and the unpaid invoices it may
go to (the client's, or, for a payment of an unknown payer, the unpaid invoices of the clients with the
payer's ИНН, else every unpaid invoice), oldest first, with a suggested amount each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.errors import NotFoundError
from mos_desktop.models import Client, Invoice, InvoiceStatus, Payment, PaymentAllocation
from mos_desktop.services.payments.allocation import allocated_by_invoice


@dataclass
class OpenInvoice:
    id: uuid.UUID
    number: str
    issued_on: date
    client: str
    total_kop: int
    owed_kop: int
    suggested_kop: int = 0  # oldest first, up to what the payment has left
    inn: str = ""  # the client's: the dialog's search finds invoices by it


@dataclass
class PaymentToAllocate:
    payment_id: uuid.UUID
    received_on: date
    amount_kop: int
    left_kop: int  # not yet allocated
    payer: str
    client: str  # "" when the payer is not known
    invoices: list[OpenInvoice] = field(default_factory=list)


def open_invoices_for_payment(session: Session, payment_id: uuid.UUID) -> PaymentToAllocate:
    payment = session.get(Payment, payment_id)
    if payment is None or payment.deleted_at is not None:
        raise NotFoundError("Платёж не найден — обновите список (F5)")
    left = max(payment.amount_kop - sum(allocated_by_invoice(session, payment.id).values()), 0)
    client_ids: list[uuid.UUID] = []
    client_name = ""
    if payment.client_id is not None:
        owner = session.get(Client, payment.client_id)
        if owner is not None and owner.deleted_at is None:
            client_ids, client_name = [owner.id], owner.name
    if not client_ids and payment.payer_inn:
        client_ids = list(
            session.scalars(
                select(Client.id).where(Client.inn == payment.payer_inn, Client.deleted_at.is_(None))
            )
        )
    paid = (
        select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_kop).label("paid_kop"))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.deleted_at.is_(None), Payment.deleted_at.is_(None))
        .group_by(PaymentAllocation.invoice_id)
        .subquery("paid")
    )
    query = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.issued_on,
            Client.name,
            Invoice.total_kop,
            Invoice.total_kop - func.coalesce(paid.c.paid_kop, 0),
            Client.inn,
        )
        .join(Client, Client.id == Invoice.client_id)
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .where(
            Invoice.deleted_at.is_(None),
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.total_kop - func.coalesce(paid.c.paid_kop, 0) > 0,
        )
        .order_by(Invoice.issued_on, Invoice.number)
    )
    if client_ids:
        query = query.where(Invoice.client_id.in_(client_ids))
    invoices = [
        OpenInvoice(iid, number, issued, name, int(total), int(owed), inn=inn or "")
        for iid, number, issued, name, total, owed, inn in session.execute(query)
    ]
    if client_ids:  # a known payer: suggest oldest first; an unknown one: the user picks
        rest = left
        for inv in invoices:
            inv.suggested_kop = min(inv.owed_kop, rest)
            rest -= inv.suggested_kop
    return PaymentToAllocate(
        payment.id,
        payment.received_on,
        payment.amount_kop,
        left,
        payment.payer_name,
        client_name,
        invoices,
    )
