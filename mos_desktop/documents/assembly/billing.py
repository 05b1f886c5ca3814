"""Invoices and the service act of an invoice's month (same lines): from ``invoices`` and their lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.common import client_party, priced_line
from mos_desktop.documents.company import Company, Options, require_bank, require_requisites
from mos_desktop.documents.forms.act import ActData
from mos_desktop.documents.forms.invoice import InvoiceData
from mos_desktop.documents.qr import PaymentQr, payload
from mos_desktop.documents.vat import vat_of
from mos_desktop.models import Invoice, InvoiceLine


def _lines(session: Session, invoice: Invoice) -> list[InvoiceLine]:
    return list(
        session.scalars(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id == invoice.id, InvoiceLine.deleted_at.is_(None))
            .order_by(InvoiceLine.position)
        )
    )


def invoice_data(session: Session, invoice: Invoice, company: Company, options: Options) -> InvoiceData:
    require_requisites(company)
    require_bank(company)
    vat = vat_of(str(invoice.vat_mode), invoice.vat_rate_pct or options.vat_rate_pct)
    lines = tuple(
        priced_line(vat, x.name, x.quantity, x.unit, x.price_kop, x.amount_kop)
        for x in _lines(session, invoice)
    )
    buyer = client_party(session, invoice.client_id)
    data = InvoiceData(
        number=invoice.number,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        supplier=company,
        buyer=buyer,
        basis=invoice.basis,
        lines=lines,
        vat=vat,
        options=options,
    )
    if not options.payment_qr:
        return data
    purpose = f"Оплата по счёту № {invoice.number} от {invoice.issued_on:%d.%m.%Y}"
    purpose += f", НДС {vat.rate_pct}%" if vat.charged else ", без НДС"
    qr = PaymentQr(
        name=company.name,
        personal_acc=company.bank_account,
        bank_name=company.bank_name,
        bic=company.bank_bik,
        corresp_acc=company.bank_corr_account,
        payee_inn=company.inn,
        kpp=company.kpp,
        sum_kop=data.total_kop,
        purpose=purpose,
        payer_inn=buyer.inn,
    )
    return replace(data, qr_payload=payload(qr))


def invoice_act_data(
    session: Session, invoice: Invoice, company: Company, options: Options, *, number: str, day: date
) -> ActData:
    """The act for the services an invoice bills (the month's subscription): same lines, same VAT."""
    require_requisites(company)
    vat = vat_of(str(invoice.vat_mode), invoice.vat_rate_pct or options.vat_rate_pct)
    lines = tuple(
        priced_line(vat, x.name, x.quantity, x.unit, x.price_kop, x.amount_kop)
        for x in _lines(session, invoice)
    )
    basis = invoice.basis or ""
    basis += ("; " if basis else "") + f"счёт № {invoice.number} от {invoice.issued_on:%d.%m.%Y}"
    return ActData(
        number=number,
        day=day,
        executor=company,
        customer=client_party(session, invoice.client_id),
        basis=basis,
        lines=lines,
        vat=vat,
        options=options,
    )
