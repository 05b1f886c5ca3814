"""Agenda sources about money: debtor calls and promises to pay, claims coming due, payables to pay."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Claim,
    ClaimStatus,
    Client,
    CollectionCall,
    Payable,
    PayableKind,
    PayableStatus,
)
from mos_desktop.money import format_rub
from mos_desktop.services.agenda.task import Task, TaskKind, phone_note, short
from mos_desktop.services.labels import PAYABLE_STATUS_RU
from mos_desktop.services.levels import due_level
from mos_desktop.services.payments import PAYABLE_SOON_DAYS, client_phone, latest_call_subquery, payable_level
from mos_desktop.services.payments import latest_promise_subquery as promises
from mos_desktop.services.queries import client_debts, day_bounds, is_chased, moscow_date, with_client_name
from mos_desktop.timeutil import format_date

CLAIM_NOTICE_DAYS = 7

PAYABLE_WHAT = {
    PayableKind.SUPPLIER: TaskKind.PAY_SUPPLIER,
    PayableKind.CARRIER: TaskKind.PAY_CARRIER,
    PayableKind.CONTRACTOR: TaskKind.PAY_CONTRACTOR,
    PayableKind.OTHER: TaskKind.PAY_OTHER,
}


def debts_and_promises(session: Session, today: date) -> list[Task]:
    """Debtor calls from each debtor's chase day (``queries.chase_from_sql``) until paid, and promises to pay
    that fell due while the debt is still there. A broken promise is its own task until the manager calls
    again; after that call it is history (noted on the debtor call), not a task of its own for ever."""
    debts = client_debts(today)
    promise = promises()
    last = latest_call_subquery()
    start, end = day_bounds(today)
    called_today = exists().where(
        CollectionCall.client_id == Client.id,
        CollectionCall.deleted_at.is_(None),
        CollectionCall.called_at >= start,
        CollectionCall.called_at < end,
    )
    query = (
        select(
            Client.id,
            Client.name,
            debts.c.debt_kop,
            debts.c.oldest_issued_on,
            promise.c.id,
            promise.c.promise_date,
            promise.c.promise_kop,
            called_today,
            client_phone(),
            debts.c.chase_from,
            last.c.called_at,
        )
        .join(debts, debts.c.client_id == Client.id)
        .outerjoin(promise, promise.c.client_id == Client.id)
        .outerjoin(last, last.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None))
    )
    tasks = []
    rows = session.execute(query)
    for cid, name, debt, oldest, pid, promised_on, promised_kop, called, phone, chase, last_call in rows:
        called_since = promised_on is not None and (moscow_date(last_call) or promised_on) > promised_on
        if promised_on is not None and promised_on <= today and not called_since:
            details = (
                f"Обещал оплатить {format_date(promised_on)}, долг {format_rub(debt)}{phone_note(phone)}"
            )
            level = due_level(promised_on, today)
            amount = promised_kop or debt
            tasks.append(
                Task(level, promised_on, TaskKind.PROMISE_DUE, name, details, "collection_call", pid, amount)
            )
        elif is_chased(chase, today) and not called and not (promised_on and promised_on > today):
            details = f"Неоплаченный счёт с {format_date(oldest)}"
            if promised_on is not None and promised_on < today:
                details += f"; обещал оплатить {format_date(promised_on)} — не оплатил"
            details += phone_note(phone)
            tasks.append(Task("warning", today, TaskKind.DEBTOR_CALL, name, details, "client", cid, debt))
    return tasks


def claims(session: Session, today: date) -> list[Task]:
    query = with_client_name(
        Claim,
        Claim.status.in_((ClaimStatus.OPEN, ClaimStatus.SENT, ClaimStatus.IN_COURT)),
        Claim.response_due <= today + timedelta(days=CLAIM_NOTICE_DAYS),
    )
    tasks = []
    for claim, client in session.execute(query):
        due = claim.response_due
        assert due is not None
        level = due_level(due, today, soon_days=CLAIM_NOTICE_DAYS)
        details = f"Ответ до {format_date(due)}: {short(claim.subject, 90)}"
        if claim.lawyer:
            details += f"; юрист {claim.lawyer}"
        what = TaskKind.CLAIM_RESPONSE
        tasks.append(Task(level, due, what, client, details, "claim", claim.id, claim.amount_kop or None))
    return tasks


def payables(session: Session, today: date) -> list[Task]:
    """Payables to pay within ``payments.PAYABLE_SOON_DAYS``, tinted as in the payables list."""
    query = select(Payable).where(
        Payable.deleted_at.is_(None),
        Payable.status.in_((PayableStatus.RECEIVED, PayableStatus.IN_PLAN)),
        Payable.due_on <= today + timedelta(days=PAYABLE_SOON_DAYS),
    )
    tasks = []
    for (p,) in session.execute(query):
        assert p.due_on is not None
        level = payable_level(p.status, p.due_on, today)
        details = f"Счёт № {p.number} от {format_date(p.issued_on)}, оплатить до {format_date(p.due_on)}"
        details += f", {PAYABLE_STATUS_RU[p.status]}"
        what = PAYABLE_WHAT[p.kind]
        tasks.append(Task(level, p.due_on, what, p.counterparty, details, "payable", p.id, p.amount_kop))
    return tasks
