"""Платежи: the debtor call list (process 2), invoices (8), incoming payments and payables (10, 17)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from mos_desktop.models import (
    Client,
    CollectionCall,
    ContactPerson,
    Invoice,
    InvoiceStatus,
    Payable,
    PayableStatus,
    Payment,
    PaymentAllocation,
    PaymentDirection,
)
from mos_desktop.money import format_rub
from mos_desktop.services.labels import (
    CALL_OUTCOME_RU,
    PAYABLE_KIND_RU,
    PAYABLE_STATUS_RU,
    period_label,
)
from mos_desktop.services.levels import due_level, urgency_key
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.payments.resend import resends_by_invoice
from mos_desktop.services.queries import (
    live_client_of,
    paid_by_invoice,
)
from mos_desktop.timeutil import format_date

PAYABLE_SOON_DAYS = 3

INVOICE_PAID = "оплачен"
INVOICE_PARTIAL = "частично"
INVOICE_UNPAID = "не оплачен"
INVOICE_CANCELLED = "аннулирован"
NOT_ALLOCATED = "не разнесён"
SEVERAL_CLIENTS = "несколько клиентов"  # a payer nobody recognised, put on several clients' invoices


def _latest_call(*, with_promise: bool) -> Subquery:
    """The newest live collection call per client (or the newest one with a promise date)."""
    rank = (
        func.row_number()
        .over(
            partition_by=CollectionCall.client_id,
            order_by=(CollectionCall.called_at.desc(), CollectionCall.id.desc()),
        )
        .label("rank")
    )
    query = select(
        CollectionCall.id.label("id"),
        CollectionCall.client_id.label("client_id"),
        CollectionCall.outcome.label("outcome"),
        CollectionCall.called_at.label("called_at"),
        CollectionCall.promise_date.label("promise_date"),
        CollectionCall.promise_kop.label("promise_kop"),
        rank,
    ).where(CollectionCall.deleted_at.is_(None))
    if with_promise:
        query = query.where(CollectionCall.promise_date.is_not(None))
    ranked = query.subquery()
    return select(ranked).where(ranked.c.rank == 1).subquery("promise" if with_promise else "last_call")


def latest_call_subquery() -> Subquery:
    return _latest_call(with_promise=False)


def latest_promise_subquery() -> Subquery:
    return _latest_call(with_promise=True)


def client_phone() -> ColumnElement[str]:
    """The client's phone, or the primary contact's when the client card has none."""
    contact_phone = (
        select(ContactPerson.phone)
        .where(
            ContactPerson.client_id == Client.id,
            ContactPerson.deleted_at.is_(None),
            ContactPerson.phone != "",
        )
        .order_by(ContactPerson.is_primary.desc(), ContactPerson.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(func.nullif(Client.phone, ""), contact_phone, "")


def list_call_list(session: Session, *, today: date) -> Listing:
    """The day's collection calls in call order (``calls.call_list``): debt, broken promises, days
    overdue. A broken promise is tinted danger; everyone else on the list warning."""
    from mos_desktop.services.payments.calls import call_list, calls_on, next_chase_day

    entries = call_list(session, today)
    rows: list[Row] = []
    for e in entries:
        level: Level = "danger" if e.promise_broken else "warning"
        last_outcome = CALL_OUTCOME_RU[e.last_outcome] if e.last_outcome else ""
        values = (
            e.client,
            e.debt_kop,
            e.oldest_issued_on,
            e.days_overdue,
            e.calls_this_month,
            last_outcome,
            e.last_promise,
            e.phone,
            e.broken_promises,
        )
        rows.append(Row(e.client_id, values, level, kind="client"))
    summary = ""
    if rows:
        total = sum(e.debt_kop for e in entries)
        # Only who is due a call today: those waiting for a promised day are off the list (Портфель's
        # «Не оплачено по счетам» counts every unpaid invoice).
        summary = f"К обзвону: {len(rows)}, их долг: {format_rub(total)}"
        done = calls_on(session, today)
        if done.calls:
            summary += f" · звонков сегодня: {done.calls}"
    else:
        starts = next_chase_day(session, today)
        if starts is not None:
            summary = f"Обзвон начинается {format_date(starts)}"
    columns = [
        Column("client", "Клиент", stretch=True),
        Column("debt", "Долг", "money"),
        Column("oldest", "Самый старый счёт", "date"),
        Column("overdue", "Дней просрочки", "int"),
        Column("calls", "Звонков в этом месяце", "int"),
        Column("outcome", "Последний звонок"),
        Column("promise", "Обещал оплатить", "date"),
        Column("phone", "Телефон"),
        Column("broken", "Нарушено обещаний", "int"),
    ]
    return Listing(columns, rows, summary)


def invoice_state(status: InvoiceStatus, total_kop: int, paid_kop: int) -> str:
    if status == InvoiceStatus.CANCELLED:
        return INVOICE_CANCELLED
    if paid_kop >= total_kop:
        return INVOICE_PAID
    return INVOICE_PARTIAL if paid_kop > 0 else INVOICE_UNPAID


def list_invoices(session: Session, *, today: date, client_id: uuid.UUID | None = None) -> Listing:
    """Every invoice, newest first; with ``client_id``, one client's (the client card's «Счета»: no client
    column)."""
    paid = paid_by_invoice()
    resent = resends_by_invoice()  # derived from the logged resends: they add up across workstations
    query = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.issued_on,
            Client.name,
            Invoice.period,
            Invoice.total_kop,
            func.coalesce(paid.c.paid_kop, 0),
            Invoice.status,
            func.coalesce(resent.c.resends, 0),
            func.coalesce(Invoice.due_on, Invoice.issued_on),
        )
        .join(Client, Client.id == Invoice.client_id)
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .outerjoin(resent, resent.c.invoice_id == Invoice.id)
        .where(Invoice.deleted_at.is_(None), Client.deleted_at.is_(None))
        .order_by(Invoice.issued_on.desc(), Invoice.number.desc())
    )
    if client_id is not None:
        query = query.where(Invoice.client_id == client_id)
    rows: list[Row] = []
    billed = paid_sum = remaining_sum = overdue_sum = 0
    for iid, number, issued, client, period, total, paid_kop, status, resent, due in session.execute(query):
        state = invoice_state(status, total, paid_kop)
        remaining = 0 if state == INVOICE_CANCELLED else max(total - paid_kop, 0)
        level: Level = ""
        if state == INVOICE_PAID:
            level = "ok"
        elif remaining and due < today:
            level = "danger"
            overdue_sum += remaining
        if state != INVOICE_CANCELLED:
            billed += total
            paid_sum += paid_kop
            remaining_sum += remaining
        values: tuple[object, ...] = (number, issued)
        if client_id is None:
            values += (client,)
        values += (period_label(period), total, paid_kop, remaining, state)
        if client_id is None:
            values += (resent,)
        rows.append(Row(iid, values, level, kind="invoice"))
    summary = ""
    if rows:
        summary = (
            f"Счетов: {len(rows)} на {format_rub(billed)}, оплачено {format_rub(paid_sum)}, "
            f"остаток {format_rub(remaining_sum)}"
        )
        if client_id is not None and overdue_sum:
            summary += f", из него просрочено {format_rub(overdue_sum)}"
    columns = [Column("number", "Номер"), Column("issued_on", "Дата", "date")]
    if client_id is None:
        columns.append(Column("client", "Клиент", stretch=True))
    columns += [
        Column("period", "Период"),
        Column("total", "Сумма", "money"),
        Column("paid", "Оплачено", "money"),
        Column("remaining", "Остаток", "money"),
        Column("status", "Статус", "status"),
    ]
    if client_id is None:
        columns.append(Column("resent", "Отправлен повторно", "int"))
    return Listing(columns, rows, summary)


def list_client_invoices(session: Session, client_id: uuid.UUID, *, today: date) -> Listing:
    return list_invoices(session, today=today, client_id=client_id)


def list_payments(session: Session, *, today: date, client_id: uuid.UUID | None = None) -> Listing:
    """Money received, newest first; with ``client_id``, the client's payments (the client card's
    «Платежи»: no client column)."""
    allocated = (
        select(
            PaymentAllocation.payment_id.label("payment_id"),
            func.sum(PaymentAllocation.amount_kop).label("allocated_kop"),
            func.min(Invoice.client_id).label("client_id"),
            func.count(func.distinct(Invoice.client_id)).label("clients"),
        )
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
        .where(PaymentAllocation.deleted_at.is_(None), Invoice.deleted_at.is_(None))
        .group_by(PaymentAllocation.payment_id)
        .subquery("allocated")
    )
    # A payment nobody recognised is the client's whose invoices it was allocated to (one client only).
    paid_for = aliased(Client, name="paid_for")
    query = (
        select(
            Payment.id,
            Payment.received_on,
            Payment.amount_kop,
            Payment.payer_name,
            Payment.payer_inn,
            Payment.purpose,
            func.coalesce(Client.name, paid_for.name),
            func.coalesce(allocated.c.allocated_kop, 0),
            func.coalesce(allocated.c.clients, 0),
        )
        .outerjoin(Client, live_client_of(Payment))
        .outerjoin(allocated, allocated.c.payment_id == Payment.id)
        .outerjoin(
            paid_for,
            and_(
                Payment.client_id.is_(None),
                allocated.c.clients == 1,
                paid_for.id == allocated.c.client_id,
                paid_for.deleted_at.is_(None),
            ),
        )
        # Поступления: money that came in (outgoing payments of a statement are not receipts to allocate)
        .where(Payment.deleted_at.is_(None), Payment.direction == PaymentDirection.INCOMING)
        .order_by(Payment.received_on.desc(), Payment.id.desc())
    )
    if client_id is not None:  # its own payments, and others' put on its invoices (a managing company's)
        on_its_invoices = (
            select(PaymentAllocation.id)
            .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
            .where(
                PaymentAllocation.payment_id == Payment.id,
                PaymentAllocation.deleted_at.is_(None),
                Invoice.deleted_at.is_(None),
                Invoice.client_id == client_id,
            )
            .exists()
        )
        query = query.where(or_(Payment.client_id == client_id, on_its_invoices))
    rows: list[Row] = []
    received = unallocated = 0
    for pid, on, amount, payer, inn, purpose, client, alloc, clients in session.execute(query):
        level: Level = "ok" if alloc >= amount else "warning"
        values: tuple[object, ...] = (on, amount, payer)
        if client_id is None:
            # shared between clients' invoices: no one client, yet allocated all the same
            values += (inn, purpose, client or (SEVERAL_CLIENTS if clients > 1 else NOT_ALLOCATED))
        else:
            values += (purpose,)
        values += (alloc,)
        rows.append(Row(pid, values, level, kind="payment"))
        received += amount
        unallocated += max(amount - alloc, 0)
    summary = ""
    if rows:
        summary = f"Поступлений: {len(rows)} на {format_rub(received)}"
        if unallocated:
            summary += f", не разнесено: {format_rub(unallocated)}"
    columns = [
        Column("received_on", "Дата", "date"),
        Column("amount", "Сумма", "money"),
        Column("payer", "Плательщик"),
    ]
    if client_id is None:
        columns.append(Column("payer_inn", "ИНН плательщика"))
    columns.append(Column("purpose", "Назначение платежа", stretch=True))
    if client_id is None:
        columns.append(Column("client", "Клиент"))
    columns.append(Column("allocated", "Разнесено", "money"))
    return Listing(columns, rows, summary)


def list_client_payments(session: Session, client_id: uuid.UUID, *, today: date) -> Listing:
    return list_payments(session, today=today, client_id=client_id)


def payable_level(status: PayableStatus, due_on: date | None, today: date) -> Level:
    if status == PayableStatus.PAID:
        return "ok"
    if status == PayableStatus.CANCELLED:
        return ""
    return due_level(due_on, today, soon_days=PAYABLE_SOON_DAYS)


def list_payables(session: Session, *, today: date) -> Listing:
    query = select(
        Payable.id,
        Payable.kind,
        Payable.counterparty,
        Payable.number,
        Payable.issued_on,
        Payable.due_on,
        Payable.amount_kop,
        Payable.status,
    ).where(Payable.deleted_at.is_(None))
    rows: list[Row] = []
    to_pay = overdue = 0
    for pid, kind, counterparty, number, issued, due, amount, status in session.execute(query):
        level = payable_level(status, due, today)
        if status in (PayableStatus.RECEIVED, PayableStatus.IN_PLAN):
            to_pay += amount
            if level == "danger":
                overdue += amount
        values = (PAYABLE_KIND_RU[kind], counterparty, number, issued, due, amount, PAYABLE_STATUS_RU[status])
        rows.append(Row(pid, values, level, kind="payable"))
    closed = {PAYABLE_STATUS_RU[PayableStatus.PAID], PAYABLE_STATUS_RU[PayableStatus.CANCELLED]}
    rows.sort(
        key=lambda r: (r.values[6] in closed, *urgency_key(r.level, r.values[4] or date.max, r.values[1]))
    )
    summary = ""
    if rows:
        summary = f"К оплате: {format_rub(to_pay)}"
        if overdue:
            summary += f", из них просрочено: {format_rub(overdue)}"
    columns = [
        Column("kind", "Вид"),
        Column("counterparty", "Контрагент", stretch=True),
        Column("number", "Номер"),
        Column("issued_on", "Дата", "date"),
        Column("due_on", "Оплатить до", "date"),
        Column("amount", "Сумма", "money"),
        Column("status", "Статус", "status"),
    ]
    return Listing(columns, rows, summary)
