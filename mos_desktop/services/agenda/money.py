"""Agenda sources about money: the call list's debtors (broken promises marked), the Dostavista balance,
claims coming due, payables to pay."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Claim,
    ClaimStatus,
    DostavistaEntry,
    Payable,
    PayableKind,
    PayableStatus,
)
from mos_desktop.money import format_rub
from mos_desktop.russian import plural_ru as plural
from mos_desktop.services.agenda.task import Task, TaskKind, phone_note, short
from mos_desktop.services.labels import CALL_OUTCOME_RU, PAYABLE_STATUS_RU
from mos_desktop.services.levels import due_level
from mos_desktop.services.listing import Level
from mos_desktop.services.payments import PAYABLE_SOON_DAYS, payable_level
from mos_desktop.services.queries import with_client_name
from mos_desktop.timeutil import format_date

CLAIM_NOTICE_DAYS = 7

PAYABLE_WHAT = {
    PayableKind.SUPPLIER: TaskKind.PAY_SUPPLIER,
    PayableKind.CARRIER: TaskKind.PAY_CARRIER,
    PayableKind.CONTRACTOR: TaskKind.PAY_CONTRACTOR,
    PayableKind.OTHER: TaskKind.PAY_OTHER,
}


def debtors(session: Session, today: date) -> list[Task]:
    """One task per client on the day's call list (``payments.calls.call_list``: the same function as the
    call list, so the two never disagree), marked as the list marks it: a broken promise (the latest
    promise's day passed, the debt still there) is «Не оплатил в обещанный срок», tinted danger and dated
    the promised day; everyone else is «Звонок должнику» for today. A promise takes the client off both
    up to the promised day, «говорит, что оплатил» for a few days."""
    from mos_desktop.services.payments.calls import call_list

    tasks = []
    for e in call_list(session, today):
        details = (
            f"Долг {format_rub(e.debt_kop)}: {e.invoices} {plural(e.invoices, 'счёт', 'счёта', 'счетов')}, "
            f"самый старый от {format_date(e.oldest_issued_on)}"
        )
        if e.days_overdue:
            details += f", просрочка {e.days_overdue} {plural(e.days_overdue, 'день', 'дня', 'дней')}"
        if e.broken_promises > 1:
            details += f"; нарушено обещаний: {e.broken_promises}"
        if e.last_outcome is not None and e.last_called_on is not None:
            details += (
                f"; последний звонок {format_date(e.last_called_on)}: {CALL_OUTCOME_RU[e.last_outcome]}"
            )
        details += phone_note(e.phone)
        level: Level = "warning"
        what, when = TaskKind.DEBTOR_CALL, today
        if e.promise_broken and e.last_promise is not None:
            details = f"Обещал оплатить {format_date(e.last_promise)} — не оплатил. {details}"
            level, what, when = "danger", TaskKind.PROMISE_BROKEN, e.last_promise
        tasks.append(Task(level, when, what, e.client, details, "client", e.client_id, e.debt_kop))
    return tasks


def dostavista(session: Session, today: date) -> list[Task]:
    """Top up Dostavista when its balance is below the threshold of the settings (the same balance and
    threshold as the ledger list in Логистика: ``payments.dostavista``)."""
    from mos_desktop.services.payments.dostavista import dostavista_balance

    balance = dostavista_balance(session)
    if not balance.low:
        return []
    latest = session.scalar(
        select(DostavistaEntry.id)
        .where(DostavistaEntry.deleted_at.is_(None))
        .order_by(DostavistaEntry.at.desc(), DostavistaEntry.id.desc())
        .limit(1)
    )
    if latest is None:  # no ledger at all: Dostavista is not used, nothing to top up
        return []
    level: Level = "danger" if balance.balance_kop < 0 else "warning"
    details = (
        f"Баланс {format_rub(balance.balance_kop)} — меньше порога {format_rub(balance.threshold_kop)} "
        "(Настройки), пополните"
    )
    what = TaskKind.TOP_UP_DOSTAVISTA
    return [Task(level, today, what, "Достависта", details, "dostavista_entry", latest, balance.balance_kop)]


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
