"""Shared query pieces for list services: what an invoice still owes, a client's debt, Moscow day bounds,
rows with their live client.

Every helper excludes tombstoned rows (``deleted_at`` set). The subqueries are meant to be joined into
one statement per list, so a list never runs a query per row.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Date, Select, Subquery, and_, func, select, type_coerce, union_all

from mos_desktop.models import (
    CallOutcome,
    Client,
    ClientStatus,
    CollectionCall,
    Interaction,
    InteractionKind,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
)
from mos_desktop.timeutil import MOSCOW, to_moscow

COLLECTION_START_DAY = 20  # invoices go out on the 15th; collection calls start on the 20th
CONTACT_EVERY_DAYS = 7  # every client that needs contact hears from the manager at least weekly
# Statuses that must be in weekly contact.
NEEDS_CONTACT = (ClientStatus.ACTIVE, ClientStatus.PILOT)
# Collection-call outcomes that count as a real conversation (no answer / wrong number do not).
REAL_CALL_OUTCOMES = (
    CallOutcome.REACHED,
    CallOutcome.PROMISED,
    CallOutcome.REFUSED,
    CallOutcome.INVOICE_RESENT,
)

_M = TypeVar("_M")


def day_start(day: date) -> datetime:
    """Midnight of a Moscow business date, as an aware datetime."""
    return datetime.combine(day, time(), MOSCOW)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a Moscow business date."""
    return day_start(day), day_start(day + timedelta(days=1))


def month_start(day: date) -> datetime:
    """Midnight of the first day of ``day``'s Moscow month."""
    return day_start(day.replace(day=1))


def moscow_date(moment: datetime | None) -> date | None:
    return to_moscow(moment).date() if moment is not None else None


def chase_from_sql(issued_on: Any, due_on: Any) -> ColumnElement[date]:
    """The day calls about one unpaid invoice start: the COLLECTION_START_DAY (20th) of its month, or its
    due date if later. The one definition of the rule, in SQL for the local SQLite database (``due_on``
    already coalesced with ``issued_on``): dates are ISO text there, so the scalar two-argument ``max``
    picks the later one."""
    twentieth = func.date(issued_on, "start of month", f"+{COLLECTION_START_DAY - 1} days")
    return type_coerce(func.max(twentieth, due_on), Date)


def contact_due(status: ClientStatus, last_contact: date | None, client_since: date | None) -> date | None:
    """The weekly-contact rule, one definition for Портфель and Сегодня: a client whose status needs
    contact (NEEDS_CONTACT) must hear from the manager within CONTACT_EVERY_DAYS of the last real contact
    (``last_contact``) or, never contacted, of arriving in the base (a new client gets a week). Returns
    the day the contact falls due, or None when the status needs no contact (see ``contact_overdue``)."""
    if status not in NEEDS_CONTACT:
        return None
    since = last_contact or client_since
    return since + timedelta(days=CONTACT_EVERY_DAYS) if since is not None else None


def contact_overdue(due: date | None, today: date) -> bool:
    """Whether a weekly contact due on ``due`` (``contact_due``) is late on ``today``."""
    return due is not None and today > due


def paid_by_invoice() -> Subquery:
    """invoice_id, paid_kop: what live allocations of live payments put on each invoice."""
    return (
        select(
            PaymentAllocation.invoice_id.label("invoice_id"),
            func.sum(PaymentAllocation.amount_kop).label("paid_kop"),
        )
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.deleted_at.is_(None), Payment.deleted_at.is_(None))
        .group_by(PaymentAllocation.invoice_id)
        .subquery("paid_by_invoice")
    )


def unpaid_invoices(today: date) -> Subquery:
    """Live issued invoices up to ``today`` that still owe money: id, client_id, issued_on, due_on,
    chase_from (see ``chase_from_sql``), total_kop, paid_kop, remaining_kop."""
    paid = paid_by_invoice()
    paid_kop = func.coalesce(paid.c.paid_kop, 0)
    due_on = func.coalesce(Invoice.due_on, Invoice.issued_on)
    return (
        select(
            Invoice.id.label("id"),
            Invoice.client_id.label("client_id"),
            Invoice.issued_on.label("issued_on"),
            due_on.label("due_on"),
            chase_from_sql(Invoice.issued_on, due_on).label("chase_from"),
            Invoice.total_kop.label("total_kop"),
            paid_kop.label("paid_kop"),
            (Invoice.total_kop - paid_kop).label("remaining_kop"),
        )
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .where(
            Invoice.deleted_at.is_(None),
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issued_on <= today,
            Invoice.total_kop - paid_kop > 0,
        )
        .subquery("unpaid_invoices")
    )


def client_debts(today: date) -> Subquery:
    """client_id, debt_kop, oldest_issued_on, oldest_due_on, chase_from, invoice_count of clients who
    owe money. ``chase_from`` is the earliest day calls about any of the unpaid invoices start: the client
    is due for collection calls when ``today >= chase_from`` (see ``is_chased``).

    An overpaid invoice does not lower the debt on another one (overpayment is not a credit here)."""
    unpaid = unpaid_invoices(today)
    return (
        select(
            unpaid.c.client_id.label("client_id"),
            func.sum(unpaid.c.remaining_kop).label("debt_kop"),
            func.min(unpaid.c.issued_on).label("oldest_issued_on"),
            func.min(unpaid.c.due_on).label("oldest_due_on"),
            type_coerce(func.min(unpaid.c.chase_from), Date).label("chase_from"),
            func.count().label("invoice_count"),
        )
        .group_by(unpaid.c.client_id)
        .subquery("client_debts")
    )


def is_chased(chase_from_day: date | None, today: date) -> bool:
    """Whether a debtor is called today: from the first chase day until the debt is paid."""
    return chase_from_day is not None and today >= chase_from_day


def last_contact(today: date) -> Subquery:
    """client_id, at: each client's last real contact before the end of ``today`` (Moscow).

    Real contacts: live interactions other than a missed call, and live collection calls where someone
    was actually talked to (reached, promised, refused, invoice re-sent). Future-dated rows do not count.
    """
    end = day_bounds(today)[1]
    contacts = union_all(
        select(Interaction.client_id.label("client_id"), Interaction.at.label("at")).where(
            Interaction.deleted_at.is_(None),
            Interaction.kind != InteractionKind.CALL_MISSED,
            Interaction.at < end,
        ),
        select(CollectionCall.client_id, CollectionCall.called_at).where(
            CollectionCall.deleted_at.is_(None),
            CollectionCall.outcome.in_(REAL_CALL_OUTCOMES),
            CollectionCall.called_at < end,
        ),
    ).subquery("contacts")
    return (
        select(contacts.c.client_id.label("client_id"), func.max(contacts.c.at).label("at"))
        .group_by(contacts.c.client_id)
        .subquery("last_contact")
    )


def live_client_of(model: Any) -> ColumnElement[bool]:
    """Join condition to ``model``'s client while it is not deleted (an outer join keeps the row)."""
    return and_(Client.id == model.client_id, Client.deleted_at.is_(None))


def with_client_name(model: type[_M], *where: ColumnElement[bool]) -> Select[_M, str]:
    """(row, client name) for live rows of ``model`` that belong to a live client, filtered by ``where``."""
    mapped: Any = model  # a mapped class with ``client_id`` and ``deleted_at``
    query: Select[_M, str] = (
        select(mapped, Client.name)
        .join(Client, live_client_of(mapped))
        .where(mapped.deleted_at.is_(None), *where)
    )
    return query
