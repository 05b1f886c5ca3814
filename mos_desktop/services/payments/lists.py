"""Платежи: the debtor call list (process 2), invoices (8), incoming payments and payables (10, 17)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Subquery, func, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    CallOutcome,
    Client,
    CollectionCall,
    ContactPerson,
    Invoice,
    InvoiceStatus,
    Payable,
    PayableStatus,
    Payment,
    PaymentAllocation,
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
from mos_desktop.services.queries import (
    client_debts,
    day_bounds,
    is_chased,
    live_client_of,
    month_start,
    paid_by_invoice,
)
from mos_desktop.timeutil import format_date

PAYABLE_SOON_DAYS = 3

INVOICE_PAID = "оплачен"
INVOICE_PARTIAL = "частично"
INVOICE_UNPAID = "не оплачен"
INVOICE_CANCELLED = "аннулирован"
NOT_ALLOCATED = "не разнесён"


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
    """Clients who owe money. Each one is called daily from its chase day (``queries.chase_from``: the 20th
    of an unpaid invoice's month, or its due date if later) until paid: tinted danger; not yet: warning."""
    debts = client_debts(today)
    month_from = month_start(today)
    _, day_end = day_bounds(today)
    calls = (
        select(CollectionCall.client_id.label("client_id"), func.count().label("calls"))
        .where(
            CollectionCall.deleted_at.is_(None),
            CollectionCall.called_at >= month_from,
            CollectionCall.called_at < day_end,
        )
        .group_by(CollectionCall.client_id)
        .subquery("calls")
    )
    last = latest_call_subquery()
    promise = latest_promise_subquery()
    query = (
        select(
            Client.id,
            Client.name,
            debts.c.debt_kop,
            debts.c.oldest_issued_on,
            debts.c.oldest_due_on,
            func.coalesce(calls.c.calls, 0),
            last.c.outcome,
            promise.c.promise_date,
            client_phone(),
            debts.c.chase_from,
        )
        .join(debts, debts.c.client_id == Client.id)
        .outerjoin(calls, calls.c.client_id == Client.id)
        .outerjoin(last, last.c.client_id == Client.id)
        .outerjoin(promise, promise.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None))
    )
    rows: list[Row] = []
    total = 0
    next_chase: date | None = None  # the earliest chase day of debtors not called yet
    for cid, name, debt, oldest, due, n_calls, outcome, promise_on, phone, chase in session.execute(query):
        calling = is_chased(chase, today)
        if not calling:
            next_chase = chase if next_chase is None else min(next_chase, chase)
        level: Level = "danger" if calling else "warning"
        if promise_on is not None and promise_on > today:
            level = "info"  # promised a date still ahead: no need to chase today
        overdue_days = max((today - due).days, 0)
        last_outcome = CALL_OUTCOME_RU[CallOutcome(outcome)] if outcome else ""
        values = (name, debt, oldest, overdue_days, n_calls, last_outcome, promise_on, phone)
        rows.append(Row(cid, values, level, kind="client"))
        total += debt
    rows.sort(key=lambda r: urgency_key(r.level, -r.values[1], r.values[0]))
    summary = f"Должников: {len(rows)}, долг всего: {format_rub(total)}" if rows else ""
    if rows and next_chase is not None and all(r.level != "danger" for r in rows):
        summary += f" · обзвон начинается {format_date(next_chase)}"
    columns = [
        Column("client", "Клиент", stretch=True),
        Column("debt", "Долг", "money"),
        Column("oldest", "Самый старый счёт", "date"),
        Column("overdue", "Дней просрочки", "int"),
        Column("calls", "Звонков в этом месяце", "int"),
        Column("outcome", "Последний звонок"),
        Column("promise", "Обещал оплатить", "date"),
        Column("phone", "Телефон"),
    ]
    return Listing(columns, rows, summary)


def invoice_state(status: InvoiceStatus, total_kop: int, paid_kop: int) -> str:
    if status == InvoiceStatus.CANCELLED:
        return INVOICE_CANCELLED
    if paid_kop >= total_kop:
        return INVOICE_PAID
    return INVOICE_PARTIAL if paid_kop > 0 else INVOICE_UNPAID


def list_invoices(session: Session, *, today: date) -> Listing:
    paid = paid_by_invoice()
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
            Invoice.resend_count,
            func.coalesce(Invoice.due_on, Invoice.issued_on),
        )
        .join(Client, Client.id == Invoice.client_id)
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .where(Invoice.deleted_at.is_(None), Client.deleted_at.is_(None))
        .order_by(Invoice.issued_on.desc(), Invoice.number.desc())
    )
    rows: list[Row] = []
    billed = paid_sum = remaining_sum = 0
    for iid, number, issued, client, period, total, paid_kop, status, resent, due in session.execute(query):
        state = invoice_state(status, total, paid_kop)
        remaining = 0 if state == INVOICE_CANCELLED else max(total - paid_kop, 0)
        level: Level = ""
        if state == INVOICE_PAID:
            level = "ok"
        elif remaining and due < today:
            level = "danger"
        if state != INVOICE_CANCELLED:
            billed += total
            paid_sum += paid_kop
            remaining_sum += remaining
        values = (number, issued, client, period_label(period), total, paid_kop, remaining, state, resent)
        rows.append(Row(iid, values, level, kind="invoice"))
    summary = ""
    if rows:
        summary = (
            f"Счетов: {len(rows)} на {format_rub(billed)}, оплачено {format_rub(paid_sum)}, "
            f"остаток {format_rub(remaining_sum)}"
        )
    columns = [
        Column("number", "Номер"),
        Column("issued_on", "Дата", "date"),
        Column("client", "Клиент", stretch=True),
        Column("period", "Период"),
        Column("total", "Сумма", "money"),
        Column("paid", "Оплачено", "money"),
        Column("remaining", "Остаток", "money"),
        Column("status", "Статус", "status"),
        Column("resent", "Отправлен повторно", "int"),
    ]
    return Listing(columns, rows, summary)


def list_payments(session: Session, *, today: date) -> Listing:
    allocated = (
        select(
            PaymentAllocation.payment_id.label("payment_id"),
            func.sum(PaymentAllocation.amount_kop).label("allocated_kop"),
        )
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
        .where(PaymentAllocation.deleted_at.is_(None), Invoice.deleted_at.is_(None))
        .group_by(PaymentAllocation.payment_id)
        .subquery("allocated")
    )
    query = (
        select(
            Payment.id,
            Payment.received_on,
            Payment.amount_kop,
            Payment.payer_name,
            Payment.payer_inn,
            Payment.purpose,
            Client.name,
            func.coalesce(allocated.c.allocated_kop, 0),
        )
        .outerjoin(Client, live_client_of(Payment))
        .outerjoin(allocated, allocated.c.payment_id == Payment.id)
        .where(Payment.deleted_at.is_(None))
        .order_by(Payment.received_on.desc(), Payment.id.desc())
    )
    rows: list[Row] = []
    received = unallocated = 0
    for pid, on, amount, payer, inn, purpose, client, alloc in session.execute(query):
        level: Level = "ok" if alloc >= amount else "warning"
        values = (on, amount, payer, inn, purpose, client or NOT_ALLOCATED, alloc)
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
        Column("payer_inn", "ИНН плательщика"),
        Column("purpose", "Назначение платежа", stretch=True),
        Column("client", "Клиент"),
        Column("allocated", "Разнесено", "money"),
    ]
    return Listing(columns, rows, summary)


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
