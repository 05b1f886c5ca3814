"""Collection calls (process 2): the day's call list and logging a call.

Rules: from the collection start day (the 20th, a setting) of an unpaid invoice's month — or its due date,
if later — the client is on the list every day until paid. A promise to pay takes the client off the list
up to and including the promised day; the day after, if the debt is still there, the client is back with
the promise marked broken. «Says it has paid» takes the client off for ``PAID_GRACE_DAYS`` while the money
travels. Order: the debt (largest first), then broken promises (most first), then days overdue.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, ValidationError
from mos_desktop.models import (
    CallOutcome,
    Client,
    CollectionCall,
    Invoice,
    Payment,
    PaymentAllocation,
    PaymentDirection,
)
from mos_desktop.money import format_rub
from mos_desktop.services.labels import CALL_OUTCOME_RU
from mos_desktop.services.payments.resend import resend_count
from mos_desktop.services.payments.rules import billing_settings, parse_amount, parse_day
from mos_desktop.services.queries import day_bounds, moscow_date, unpaid_invoices
from mos_desktop.timeutil import format_date, now_utc

PAID_GRACE_DAYS = 3
MAX_PROMISE_DAYS = 90
OUTCOME_ALIASES: dict[str, CallOutcome] = {
    "no_answer": CallOutcome.NO_ANSWER,
    "promised": CallOutcome.PROMISED,
    "resend": CallOutcome.INVOICE_RESENT,
    "resend_invoice": CallOutcome.INVOICE_RESENT,
    "dispute": CallOutcome.DISPUTE,
    "paid": CallOutcome.PAID,
    "reached": CallOutcome.REACHED,
    "refused": CallOutcome.REFUSED,
    "wrong_contact": CallOutcome.WRONG_CONTACT,
}


@dataclass(frozen=True)
class CallEntry:
    client_id: uuid.UUID
    client: str
    inn: str
    phone: str
    debt_kop: int
    invoices: int
    oldest_invoice_id: uuid.UUID
    oldest_issued_on: date
    days_overdue: int
    broken_promises: int
    promise_broken: bool  # the latest promise's day has passed and the debt is still there
    last_outcome: CallOutcome | None
    last_called_on: date | None
    last_promise: date | None
    calls_this_month: int

    @property
    def tel_url(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


@dataclass
class CallForm:
    """One logged call: the client (by id, or ИНН from the command line), the outcome and a note."""

    outcome: str | CallOutcome
    client_id: uuid.UUID | None = None
    inn: str = ""
    promise_date: str | date | None = None
    promise_amount: str = ""  # empty: the whole debt
    note: str = ""
    invoice_id: uuid.UUID | None = None  # the invoice resent; default: the oldest unpaid
    called_at: datetime | None = None  # default: now


@dataclass(frozen=True)
class CallDay:
    day: date
    calls: int
    reached: int
    promises: int
    resends: int


def chase_day(issued_on: date, due_on: date | None, start_day: int) -> date:
    return max(issued_on.replace(day=start_day), due_on or issued_on)


def _paid_days(session: Session, client_ids: set[uuid.UUID]) -> dict[uuid.UUID, list[date]]:
    """Days each client's money arrived (its payments, and payments put on its invoices)."""
    days: dict[uuid.UUID, set[date]] = defaultdict(set)
    direct = select(Payment.client_id, Payment.received_on).where(
        Payment.deleted_at.is_(None),
        Payment.client_id.is_not(None),
        Payment.amount_kop > 0,
        Payment.direction == PaymentDirection.INCOMING,
    )
    for cid, on in session.execute(direct):
        if cid in client_ids:
            days[cid].add(on)
    allocated = (
        select(Invoice.client_id, Payment.received_on)
        .join(PaymentAllocation, PaymentAllocation.invoice_id == Invoice.id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            PaymentAllocation.deleted_at.is_(None),
            PaymentAllocation.amount_kop > 0,
            Payment.deleted_at.is_(None),
        )
    )
    for cid, on in session.execute(allocated):
        if cid in client_ids:
            days[cid].add(on)
    return {cid: sorted(d) for cid, d in days.items()}


def call_list(session: Session, today: date, *, start_day: int | None = None) -> list[CallEntry]:
    """The day's call list in call order (see the module docstring); ``start_day`` defaults to the
    setting (``rules.billing_settings``). The call list, the calls report and Сегодня all read it here."""
    start_day = _start_day(start_day)
    unpaid = unpaid_invoices(today)
    debts: dict[uuid.UUID, list[tuple[uuid.UUID, date, date, int]]] = defaultdict(list)
    for iid, cid, issued, due, remaining in session.execute(
        select(unpaid.c.id, unpaid.c.client_id, unpaid.c.issued_on, unpaid.c.due_on, unpaid.c.remaining_kop)
    ):
        debts[cid].append((iid, issued, due, remaining))
    chased = {
        cid: rows
        for cid, rows in debts.items()
        if any(chase_day(i, d, start_day) <= today for _, i, d, _ in rows)
    }
    if not chased:
        return []
    from mos_desktop.services.payments.lists import client_phone

    clients = {
        cid: (name, inn, phone)
        for cid, name, inn, phone in session.execute(
            select(Client.id, Client.name, Client.inn, client_phone()).where(
                Client.deleted_at.is_(None), Client.id.in_(list(chased))
            )
        )
    }
    calls: dict[uuid.UUID, list[tuple[datetime, CallOutcome, date | None]]] = defaultdict(list)
    for cid, at, outcome, promise in session.execute(
        select(
            CollectionCall.client_id,
            CollectionCall.called_at,
            CollectionCall.outcome,
            CollectionCall.promise_date,
        )
        .where(CollectionCall.deleted_at.is_(None), CollectionCall.client_id.in_(list(clients)))
        .order_by(CollectionCall.called_at, CollectionCall.id)
    ):
        calls[cid].append((at, outcome, promise))
    paid_days = _paid_days(session, set(clients))
    month_start = today.replace(day=1)
    _, end = day_bounds(today)
    entries: list[CallEntry] = []
    for cid, (name, inn, phone) in clients.items():
        rows = sorted(chased[cid], key=lambda r: (r[1], r[0]))
        history = [c for c in calls.get(cid, []) if c[0] < end]
        last = history[-1] if history else None
        promises = [(moscow_date(at), p) for at, _o, p in history if p is not None]
        if last is not None:
            last_day = moscow_date(last[0])
            assert last_day is not None
            if last[1] == CallOutcome.PAID and last_day + timedelta(days=PAID_GRACE_DAYS) >= today:
                continue
        if promises and promises[-1][1] is not None and promises[-1][1] >= today:
            continue  # promised: off the list up to the promised day
        paid = paid_days.get(cid, [])
        broken = 0
        latest_broken = False
        for n, (made, promised) in enumerate(promises):
            assert made is not None and promised is not None
            if promised >= today:
                continue
            kept = any(made <= d <= promised for d in paid)
            if not kept:
                broken += 1
                latest_broken = n == len(promises) - 1
        oldest_id, oldest, _due, _ = rows[0]
        overdue = max((today - min(r[2] for r in rows)).days, 0)
        entries.append(
            CallEntry(
                client_id=cid,
                client=name,
                inn=inn,
                phone=phone or "",
                debt_kop=sum(r[3] for r in debts[cid]),
                invoices=len(debts[cid]),
                oldest_invoice_id=oldest_id,
                oldest_issued_on=oldest,
                days_overdue=overdue,
                broken_promises=broken,
                promise_broken=latest_broken,
                last_outcome=CallOutcome(last[1]) if last else None,
                last_called_on=moscow_date(last[0]) if last else None,
                last_promise=promises[-1][1] if promises else None,
                calls_this_month=sum(1 for c in history if (moscow_date(c[0]) or today) >= month_start),
            )
        )
    entries.sort(key=lambda e: (-e.debt_kop, -e.broken_promises, -e.days_overdue, e.client))
    return entries


def _start_day(start_day: int | None) -> int:
    return billing_settings().collection_start_day if start_day is None else start_day


def next_chase_day(session: Session, today: date, *, start_day: int | None = None) -> date | None:
    """When calls start for debts not called yet (for «обзвон начинается 20.11.2026»)."""
    start_day = _start_day(start_day)
    unpaid = unpaid_invoices(today)
    days = [
        chase_day(i, d, start_day)
        for i, d in session.execute(select(unpaid.c.issued_on, unpaid.c.due_on))
        if chase_day(i, d, start_day) > today
    ]
    return min(days) if days else None


def calls_on(session: Session, day: date) -> CallDay:
    """The day's calls counted (the vacancy's 15–25 a day), with promises and invoices resent."""
    start, end = day_bounds(day)
    outcomes = list(
        session.scalars(
            select(CollectionCall.outcome).where(
                CollectionCall.deleted_at.is_(None),
                CollectionCall.called_at >= start,
                CollectionCall.called_at < end,
            )
        )
    )
    not_reached = (CallOutcome.NO_ANSWER, CallOutcome.WRONG_CONTACT)
    return CallDay(
        day,
        len(outcomes),
        sum(1 for o in outcomes if o not in not_reached),
        sum(1 for o in outcomes if o == CallOutcome.PROMISED),
        sum(1 for o in outcomes if o == CallOutcome.INVOICE_RESENT),
    )


def _outcome(raw: str | CallOutcome, errors: list[FieldError]) -> CallOutcome | None:
    if isinstance(raw, CallOutcome):
        return raw
    text = str(raw).strip().lower()
    if text in OUTCOME_ALIASES:
        return OUTCOME_ALIASES[text]
    try:
        return CallOutcome(text)
    except ValueError:
        names = ", ".join(CALL_OUTCOME_RU[o] for o in OUTCOME_ALIASES.values() if o in CALL_OUTCOME_RU)
        errors.append(FieldError("outcome", f"Итог звонка: выберите из списка ({names})"))
        return None


def _client(session: Session, form: CallForm, errors: list[FieldError]) -> Client | None:
    if form.client_id is not None:
        row = session.get(Client, form.client_id)
        if row is None or row.deleted_at is not None:
            errors.append(FieldError("client_id", "Клиент: такого клиента больше нет — обновите список"))
            return None
        return row
    inn = form.inn.strip()
    if not inn:
        errors.append(FieldError("client_id", "Клиент: выберите клиента (или укажите ИНН)"))
        return None
    rows = list(session.scalars(select(Client).where(Client.inn == inn, Client.deleted_at.is_(None))))
    if not rows:
        errors.append(FieldError("inn", f"ИНН {inn}: такого клиента нет — проверьте ИНН"))
        return None
    return rows[0]


def log_call(session: Session, form: CallForm, *, user: str, today: date) -> Changes:
    """Log a collection call; «resend invoice» also counts a resend on the invoice."""
    errors: list[FieldError] = []
    outcome = _outcome(form.outcome, errors)
    client = _client(session, form, errors)
    promise = parse_day(form.promise_date, "promise_date", "Обещал оплатить", errors, required=False)
    promise_kop = 0
    if outcome == CallOutcome.PROMISED:
        if promise is None and not any(e.field == "promise_date" for e in errors):
            errors.append(
                FieldError("promise_date", "Обещал оплатить: укажите дату, к которой обещали оплату")
            )
        elif promise is not None and promise < today:
            errors.append(
                FieldError("promise_date", "Обещал оплатить: дата уже прошла — укажите сегодня или позже")
            )
        elif promise is not None and promise > today + timedelta(days=MAX_PROMISE_DAYS):
            errors.append(FieldError("promise_date", f"Обещал оплатить: не дальше {MAX_PROMISE_DAYS} дней"))
        if form.promise_amount.strip():
            promise_kop = parse_amount(form.promise_amount, "promise_amount", "Обещанная сумма", errors)
    elif promise is not None:
        errors.append(
            FieldError("promise_date", "Дата оплаты указывается только при итоге «Обещал оплатить»")
        )
    resent: Invoice | None = None
    if outcome == CallOutcome.INVOICE_RESENT and client is not None:
        resent = _invoice_to_resend(session, client, form.invoice_id, today, errors)
    if errors:
        raise ValidationError(errors)
    assert client is not None and outcome is not None
    called_at = form.called_at or on_business_day(today)
    if outcome == CallOutcome.PROMISED and not promise_kop:
        unpaid = unpaid_invoices(today)
        promise_kop = int(
            session.scalar(
                select(func.coalesce(func.sum(unpaid.c.remaining_kop), 0)).where(
                    unpaid.c.client_id == client.id
                )
            )
            or 0
        )
    call = CollectionCall(
        client_id=client.id,
        invoice_id=resent.id if resent else form.invoice_id,
        called_at=called_at,
        outcome=outcome,
        promise_date=promise if outcome == CallOutcome.PROMISED else None,
        promise_kop=promise_kop if outcome == CallOutcome.PROMISED else 0,
        note=form.note.strip(),
        created_by=user,
        updated_by=user,
    )
    session.add(call)
    if resent is not None:
        session.flush()  # the call counts the resend (see resend.resends_by_invoice)
        resent.resend_count = resend_count(session, resent.id)
        resent.last_resent_at = called_at
        resent.updated_by = user
    session.flush()
    message = f"{client.name}: {CALL_OUTCOME_RU[outcome].lower()}"
    if outcome == CallOutcome.PROMISED and promise is not None:
        message += f" {format_date(promise)} ({format_rub(promise_kop)})"
    if resent is not None:
        message += f" — счёт № {resent.number}, отправок: {resent.resend_count}"
    areas = [Area.CALLS, Area.CLIENTS, Area.INTERACTIONS]
    if resent is not None:
        areas.append(Area.INVOICES)
    return Changes.of(
        *areas, record_id=call.id, ids=[client.id, resent.id if resent else None], message=message
    )


def _invoice_to_resend(
    session: Session, client: Client, invoice_id: uuid.UUID | None, today: date, errors: list[FieldError]
) -> Invoice | None:
    if invoice_id is not None:
        row = session.get(Invoice, invoice_id)
        if row is None or row.deleted_at is not None or row.client_id != client.id:
            errors.append(FieldError("invoice_id", "Счёт: выберите счёт этого клиента"))
            return None
        return row
    unpaid = unpaid_invoices(today)
    oldest = session.scalar(
        select(unpaid.c.id).where(unpaid.c.client_id == client.id).order_by(unpaid.c.issued_on).limit(1)
    )
    if oldest is None:
        errors.append(FieldError("invoice_id", "Счёт: у клиента нет неоплаченных счетов — отправлять нечего"))
        return None
    return session.get(Invoice, oldest)


def on_business_day(today: date) -> datetime:
    """Now, on the command's business date: the same moment in real use; a command run for another day
    (a test's fixed date, a call logged for yesterday) files the call on that day, at the current time."""
    from mos_desktop.timeutil import to_moscow

    now = to_moscow(now_utc())
    if now.date() == today:
        return now_utc()
    return now.replace(year=today.year, month=today.month, day=today.day)


@dataclass(frozen=True)
class CancelCallForm:
    call_id: uuid.UUID


def cancel_call(session: Session, form: CancelCallForm, *, user: str, today: date) -> Changes:
    """Take back a call logged by mistake (one stray key on the call list logs one): the same user, the
    same day. The call is tombstoned (calls are a ledger: nothing is edited), so the client is back on the
    list as before and a counted resend is uncounted. An older call, or a colleague's, stays on record."""
    call = session.get(CollectionCall, form.call_id)
    if call is None or call.deleted_at is not None:
        raise ValidationError([FieldError("call_id", "Звонок: уже отменён или не найден")])
    if call.created_by != user or moscow_date(call.called_at) != today:
        raise ValidationError(
            [
                FieldError(
                    "call_id",
                    "Звонок: отменить можно только свой звонок, записанный сегодня — этот остаётся в истории",
                )
            ]
        )
    call.deleted_at = now_utc()
    call.updated_by = user
    session.flush()
    areas = [Area.CALLS, Area.CLIENTS, Area.INTERACTIONS]
    if call.outcome == CallOutcome.INVOICE_RESENT and call.invoice_id is not None:
        invoice = session.get(Invoice, call.invoice_id)
        if invoice is not None:
            invoice.resend_count = resend_count(session, invoice.id)
            invoice.updated_by = user
            areas.append(Area.INVOICES)
    client = session.get(Client, call.client_id)
    name = client.name if client is not None else "клиент"
    return Changes.of(
        *areas,
        record_id=call.id,
        ids=[call.client_id],
        message=f"Звонок отменён: {name}: {CALL_OUTCOME_RU[call.outcome].lower()}",
    )
