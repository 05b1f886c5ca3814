"""Commands on payments by hand: enter a payment, allocate it to invoices, take an allocation back,
reverse a payment with a reason. The ledger is never edited: taking back is a negated row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    Client,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentDirection,
    PaymentSource,
)
from mos_desktop.money import format_rub
from mos_desktop.services.payments.bank_import import load_book
from mos_desktop.services.payments.matching import match_payment
from mos_desktop.services.payments.rules import parse_amount, parse_day
from mos_desktop.validation import check_inn

AREAS = (Area.PAYMENTS, Area.INVOICES, Area.CALLS, Area.CLIENTS)


@dataclass
class AllocationPart:
    invoice_id: uuid.UUID
    amount: str  # rubles as typed; empty: what the invoice still owes (up to what the payment has left)


@dataclass
class ManualPaymentForm:
    """A payment typed by hand (a phone notification, cash): allocated to ``parts``, or by the matching
    rules of the bank import when ``parts`` is empty and ``auto_allocate``."""

    received_on: str | date
    amount: str
    client_id: uuid.UUID | None = None
    payer_inn: str = ""
    payer_name: str = ""
    purpose: str = ""
    bank_doc_number: str = ""
    parts: list[AllocationPart] = field(default_factory=list)
    auto_allocate: bool = True


@dataclass
class AllocationForm:
    payment_id: uuid.UUID
    parts: list[AllocationPart]


@dataclass
class DeallocationForm:
    payment_id: uuid.UUID
    invoice_id: uuid.UUID
    reason: str


@dataclass
class ReversalForm:
    payment_id: uuid.UUID
    reason: str


def _live_payment(session: Session, payment_id: uuid.UUID) -> Payment:
    row = session.get(Payment, payment_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Платёж не найден — обновите список (F5)")
    return row


def is_reversed(session: Session, payment_id: uuid.UUID) -> bool:
    return (
        session.scalar(
            select(func.count()).where(Payment.reverses_id == payment_id, Payment.deleted_at.is_(None))
        )
        or 0
    ) > 0


def allocated_by_invoice(session: Session, payment_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """What a payment still has on each invoice (allocations net of their take-backs)."""
    rows = session.execute(
        select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_kop))
        .where(PaymentAllocation.payment_id == payment_id, PaymentAllocation.deleted_at.is_(None))
        .group_by(PaymentAllocation.invoice_id)
    )
    return {iid: int(kop) for iid, kop in rows if kop}


def invoice_remaining(session: Session, invoice_id: uuid.UUID) -> int:
    inv = session.get(Invoice, invoice_id)
    if inv is None:
        return 0
    paid = session.scalar(
        select(func.coalesce(func.sum(PaymentAllocation.amount_kop), 0))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            PaymentAllocation.invoice_id == invoice_id,
            PaymentAllocation.deleted_at.is_(None),
            Payment.deleted_at.is_(None),
        )
    )
    return inv.total_kop - int(paid or 0)


def _check_parts(
    session: Session, parts: list[AllocationPart], available: int, errors: list[FieldError]
) -> list[tuple[Invoice, int]]:
    checked: list[tuple[Invoice, int]] = []
    left = available
    for n, part in enumerate(parts):
        name = f"parts[{n}]"
        inv = session.get(Invoice, part.invoice_id)
        if inv is None or inv.deleted_at is not None:
            errors.append(FieldError(name, "Счёт: такого счёта больше нет — выберите другой"))
            continue
        if inv.status != InvoiceStatus.ISSUED:
            errors.append(FieldError(name, f"Счёт № {inv.number} аннулирован — выберите действующий счёт"))
            continue
        owed = invoice_remaining(session, inv.id)
        if owed <= 0:
            errors.append(FieldError(name, f"Счёт № {inv.number} уже оплачен — выберите другой"))
            continue
        if str(part.amount).strip():
            amount = parse_amount(part.amount, name, f"Сумма по счёту № {inv.number}", errors)
        else:
            amount = min(owed, left)
        if amount > owed:
            errors.append(
                FieldError(name, f"Сумма по счёту № {inv.number}: больше долга по нему ({format_rub(owed)})")
            )
            continue
        if amount > left:
            errors.append(
                FieldError(
                    name, f"Сумма по счёту № {inv.number}: в платеже осталось только {format_rub(left)}"
                )
            )
            continue
        if amount > 0:
            checked.append((inv, amount))
            left -= amount
    return checked


def record_payment(session: Session, form: ManualPaymentForm, *, user: str, today: date) -> Changes:
    """Enter a payment by hand and allocate it."""
    errors: list[FieldError] = []
    received = parse_day(form.received_on, "received_on", "Дата поступления", errors)
    amount = parse_amount(form.amount, "amount", "Сумма", errors)
    inn = form.payer_inn.strip()
    if inn and (message := check_inn(inn)):
        errors.append(FieldError("payer_inn", message))
    if received is not None and received > today:
        errors.append(FieldError("received_on", "Дата поступления: в будущем — проверьте дату"))
    client: Client | None = None
    if form.client_id is not None:
        client = session.get(Client, form.client_id)
        if client is None or client.deleted_at is not None:
            errors.append(FieldError("client_id", "Клиент: такого клиента больше нет — выберите другого"))
    parts = _check_parts(session, form.parts, amount, errors) if amount else []
    if errors:
        raise ValidationError(errors)
    assert received is not None
    if client is None and parts:
        client = session.get(Client, parts[0][0].client_id)
    if client is not None and not inn:
        inn = client.inn
    payment = Payment(
        id=uuid7(),
        received_on=received,
        amount_kop=amount,
        client_id=client.id if client else None,
        payer_inn=inn,
        payer_name=form.payer_name.strip() or (client.legal_name or client.name if client else ""),
        purpose=form.purpose.strip(),
        bank_doc_number=form.bank_doc_number.strip(),
        source=PaymentSource.MANUAL,
        direction=PaymentDirection.INCOMING,
        created_by=user,
        updated_by=user,
    )
    session.add(payment)
    session.flush()
    if not parts and form.auto_allocate:
        book = load_book(session)
        match = match_payment(book, inn, amount, form.purpose)
        parts = [
            (inv, a.amount_kop) for a in match.allocations if (inv := session.get(Invoice, a.invoice_id))
        ]
    for inv, kop in parts:
        session.add(
            PaymentAllocation(payment_id=payment.id, invoice_id=inv.id, amount_kop=kop, created_by=user)
        )
    session.flush()
    spread = sum(k for _, k in parts)
    message = f"Платёж {format_rub(amount)} записан"
    if spread:
        message += f", разнесено {format_rub(spread)}"
    return Changes.of(*AREAS, record_id=payment.id, ids=[i.id for i, _ in parts], message=message)


def allocate_payment(session: Session, form: AllocationForm, *, user: str, today: date) -> Changes:
    """Put (more of) a payment on invoices: an unmatched payment, or the excess of a partly matched one."""
    payment = _live_payment(session, form.payment_id)
    errors: list[FieldError] = []
    if payment.direction != PaymentDirection.INCOMING or payment.amount_kop <= 0:
        errors.append(FieldError("payment_id", "Разнести на счета клиентов можно только входящий платёж"))
    elif payment.reverses_id is not None or is_reversed(session, payment.id):
        errors.append(FieldError("payment_id", "Платёж сторнирован — разносить нечего"))
    if not form.parts:
        errors.append(FieldError("parts", "Выберите счёт, на который разнести платёж"))
    if errors:
        raise ValidationError(errors)
    before = allocated_by_invoice(session, payment.id)
    available = payment.amount_kop - sum(before.values())
    if available <= 0:
        raise ValidationError([FieldError("payment_id", "Платёж уже разнесён полностью")])
    parts = _check_parts(session, form.parts, available, errors)
    if errors:
        raise ValidationError(errors)
    for inv, kop in parts:
        session.add(
            PaymentAllocation(payment_id=payment.id, invoice_id=inv.id, amount_kop=kop, created_by=user)
        )
    where = "на счёт" if len(parts) == 1 else "на счета"
    message = f"Разнесено {format_rub(total_kop(parts))} {where} " + ", ".join(
        f"№ {i.number}" for i, _ in parts
    )
    clients = {inv.client_id for inv, _ in parts}
    if payment.client_id is None and len(clients) == 1 and not before:
        # A payment nobody recognised (no ИНН, an unknown payer) is shown as the client's whose invoices
        # it paid (the lists read the client from its allocations). The payment itself is a ledger row:
        # never updated, and the shared base refuses a change of its client.
        client = session.get(Client, clients.pop())
        if client is not None:
            message += f"; платёж отнесён клиенту «{client.name}»"
    session.flush()
    return Changes.of(*AREAS, record_id=payment.id, ids=[i.id for i, _ in parts], message=message)


def total_kop(parts: list[tuple[Invoice, int]]) -> int:
    return sum(k for _, k in parts)


def deallocate_payment(session: Session, form: DeallocationForm, *, user: str, today: date) -> Changes:
    """Take a payment's money back from one invoice (a wrong allocation), with a reason."""
    payment = _live_payment(session, form.payment_id)
    errors: list[FieldError] = []
    if not form.reason.strip():
        errors.append(FieldError("reason", "Причина: обязательное поле — напишите, почему снимаете оплату"))
    on_invoice = allocated_by_invoice(session, payment.id).get(form.invoice_id, 0)
    if on_invoice <= 0:
        errors.append(FieldError("invoice_id", "Этот платёж не разнесён на выбранный счёт"))
    if errors:
        raise ValidationError(errors)
    session.add(
        PaymentAllocation(
            payment_id=payment.id, invoice_id=form.invoice_id, amount_kop=-on_invoice, created_by=user
        )
    )
    session.flush()
    return Changes.of(
        *AREAS,
        record_id=payment.id,
        ids=[form.invoice_id],
        message=f"Оплата {format_rub(on_invoice)} снята со счёта: {form.reason.strip()}",
    )


def reverse_payment(session: Session, form: ReversalForm, *, user: str, today: date) -> Changes:
    """Reverse a payment (a wrong import, a returned transfer): a negated payment with the reason, and
    every allocation of it taken back. Nothing is deleted."""
    payment = _live_payment(session, form.payment_id)
    errors: list[FieldError] = []
    reason = form.reason.strip()
    if not reason:
        errors.append(
            FieldError("reason", "Причина: обязательное поле — напишите, почему сторнируете платёж")
        )
    if payment.reverses_id is not None:
        errors.append(FieldError("payment_id", "Это уже сторно — сторнировать его нельзя"))
    elif is_reversed(session, payment.id):
        errors.append(FieldError("payment_id", "Платёж уже сторнирован"))
    if errors:
        raise ValidationError(errors)
    reversal = Payment(
        id=uuid7(),
        received_on=today,
        amount_kop=-payment.amount_kop,
        client_id=payment.client_id,
        payer_inn=payment.payer_inn,
        payer_name=payment.payer_name,
        payer_account=payment.payer_account,
        purpose=payment.purpose,
        bank_doc_number=payment.bank_doc_number,
        bank_doc_date=payment.bank_doc_date,
        source=payment.source,
        direction=payment.direction,
        our_account=payment.our_account,
        reverses_id=payment.id,
        reason=reason[:300],
        created_by=user,
        updated_by=user,
    )
    session.add(reversal)
    session.flush()
    touched = []
    for invoice_id, kop in allocated_by_invoice(session, payment.id).items():
        session.add(
            PaymentAllocation(payment_id=payment.id, invoice_id=invoice_id, amount_kop=-kop, created_by=user)
        )
        touched.append(invoice_id)
    session.flush()
    return Changes.of(
        *AREAS,
        record_id=reversal.id,
        ids=[payment.id, *touched],
        message=f"Платёж {format_rub(payment.amount_kop)} сторнирован: {reason}",
    )
