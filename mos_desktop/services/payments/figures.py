"""Month figures of Платежи: what the charts of «Показатели месяца» show, as plain data (no Qt here).

- Billed vs collected by day, against last month: running totals by day of the month. Billed: live issued
  invoices by their issue date (a cancelled invoice drops out, its correction counts). Collected: incoming
  payments from clients (a client known, by ИНН or by hand) by the bank date, reversals netted; money from
  strangers and outgoing payments are not collection. This month's lines stop at ``today``.
- Debt by ageing bucket: what unpaid invoices still owe today in each bucket of ``rules.AGEING_BUCKETS``
  (the receivables list's buckets, from ``receivables.debtor_rows``).
- MRR over 12 months: what each month's subscription invoices (the invoice run's, ``Invoice.period``;
  corrections in, cancelled out) come to, prorated starts at their prorated amount, with the number of
  clients billed.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.models import Invoice, InvoiceStatus, Payment, PaymentDirection
from mos_desktop.services.payments.rules import AGEING_BUCKETS

MRR_MONTHS = 12


@dataclass(frozen=True)
class MonthCurve:
    """Running totals (kopecks) by day of one month: ``billed[d - 1]`` is what was billed up to day d."""

    month: date  # the first day
    billed: tuple[int, ...]
    collected: tuple[int, ...]

    @property
    def days(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]

    @property
    def billed_kop(self) -> int:
        return self.billed[-1] if self.billed else 0

    @property
    def collected_kop(self) -> int:
        return self.collected[-1] if self.collected else 0


@dataclass(frozen=True)
class AgeingBar:
    key: str  # ``rules.AGEING_BUCKETS`` key
    title: str  # Russian: «1–30 дней»
    debt_kop: int
    invoices: int


@dataclass(frozen=True)
class MrrPoint:
    month: date  # the first day
    mrr_kop: int
    clients: int


@dataclass(frozen=True)
class MonthFigures:
    today: date
    this_month: MonthCurve  # up to today
    last_month: MonthCurve  # the whole month
    ageing: tuple[AgeingBar, ...]
    mrr: tuple[MrrPoint, ...]  # oldest first, the current month last

    @property
    def debt_kop(self) -> int:
        return sum(b.debt_kop for b in self.ageing)

    @property
    def overdue_kop(self) -> int:
        return sum(b.debt_kop for b in self.ageing if b.key != "current")


def month_start(day: date, shift: int = 0) -> date:
    """The first day of ``day``'s month moved by ``shift`` months."""
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def _running(by_day: dict[int, int], days: int) -> tuple[int, ...]:
    total, out = 0, []
    for d in range(1, days + 1):
        total += by_day.get(d, 0)
        out.append(total)
    return tuple(out)


def _curve(session: Session, first: date, last: date) -> MonthCurve:
    """Running totals from ``first`` up to ``last`` (inclusive; within one month)."""
    billed: dict[int, int] = defaultdict(int)
    for issued_on, kop in session.execute(
        select(Invoice.issued_on, func.sum(Invoice.total_kop))
        .where(
            Invoice.deleted_at.is_(None),
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issued_on >= first,
            Invoice.issued_on <= last,
        )
        .group_by(Invoice.issued_on)
    ):
        billed[issued_on.day] += int(kop or 0)
    collected: dict[int, int] = defaultdict(int)
    for received_on, kop in session.execute(
        select(Payment.received_on, func.sum(Payment.amount_kop))
        .where(
            Payment.deleted_at.is_(None),
            Payment.direction == PaymentDirection.INCOMING,
            Payment.client_id.is_not(None),
            Payment.received_on >= first,
            Payment.received_on <= last,
        )
        .group_by(Payment.received_on)
    ):
        collected[received_on.day] += int(kop or 0)
    return MonthCurve(first, _running(billed, last.day), _running(collected, last.day))


def _ageing(session: Session, today: date) -> tuple[AgeingBar, ...]:
    from mos_desktop.services.payments.receivables import debtor_rows

    debt: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for row in debtor_rows(session, today):
        debt[row.bucket] += row.remaining_kop
        count[row.bucket] += 1
    return tuple(AgeingBar(key, title, debt[key], count[key]) for key, title, *_ in AGEING_BUCKETS)


def _mrr(session: Session, current: date) -> tuple[MrrPoint, ...]:
    first = month_start(current, -(MRR_MONTHS - 1))
    found = {
        period: (int(kop or 0), int(n))
        for period, kop, n in session.execute(
            select(Invoice.period, func.sum(Invoice.total_kop), func.count(func.distinct(Invoice.client_id)))
            .where(
                Invoice.deleted_at.is_(None),
                Invoice.status == InvoiceStatus.ISSUED,
                Invoice.period >= first,
                Invoice.period <= current,
            )
            .group_by(Invoice.period)
        )
    }
    months = [month_start(current, -k) for k in range(MRR_MONTHS - 1, -1, -1)]
    return tuple(MrrPoint(m, *found.get(m, (0, 0))) for m in months)


def month_figures(session: Session, *, today: date) -> MonthFigures:
    """The figures of ``today``'s month (see the module docstring)."""
    current = month_start(today)
    previous = month_start(today, -1)
    previous_end = previous.replace(day=calendar.monthrange(previous.year, previous.month)[1])
    return MonthFigures(
        today=today,
        this_month=_curve(session, current, today),
        last_month=_curve(session, previous, previous_end),
        ageing=_ageing(session, today),
        mrr=_mrr(session, current),
    )
