"""Shared query pieces for list services: what an invoice still owes, a client's debt, Moscow day bounds.

Every helper excludes tombstoned rows (``deleted_at`` set). The subqueries are meant to be joined into
one statement per list, so a list never runs a query per row.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Subquery, func, select

from mos_desktop.models import Invoice, InvoiceStatus, Payment, PaymentAllocation
from mos_desktop.timeutil import MOSCOW, to_moscow

LEVEL_RANK = {"danger": 0, "warning": 1, "": 2, "info": 3, "ok": 4}


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
    total_kop, paid_kop, remaining_kop."""
    paid = paid_by_invoice()
    paid_kop = func.coalesce(paid.c.paid_kop, 0)
    return (
        select(
            Invoice.id.label("id"),
            Invoice.client_id.label("client_id"),
            Invoice.issued_on.label("issued_on"),
            func.coalesce(Invoice.due_on, Invoice.issued_on).label("due_on"),
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
    """client_id, debt_kop, oldest_issued_on, oldest_due_on, invoice_count of clients who owe money.

    An overpaid invoice does not lower the debt on another one (overpayment is not a credit here)."""
    unpaid = unpaid_invoices(today)
    return (
        select(
            unpaid.c.client_id.label("client_id"),
            func.sum(unpaid.c.remaining_kop).label("debt_kop"),
            func.min(unpaid.c.issued_on).label("oldest_issued_on"),
            func.min(unpaid.c.due_on).label("oldest_due_on"),
            func.count().label("invoice_count"),
        )
        .group_by(unpaid.c.client_id)
        .subquery("client_debts")
    )


def urgency_key(level: str, *rest: Any) -> tuple[Any, ...]:
    """Sort key: danger first, then warning, plain, info, done; ties broken by ``rest``."""
    return (LEVEL_RANK.get(level, 2), *rest)
