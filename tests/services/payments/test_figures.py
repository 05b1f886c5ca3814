"""Month figures for the charts of «Показатели месяца»: running totals, ageing buckets, MRR."""

from __future__ import annotations

from datetime import date

from factories import client, invoice, payment

from mos_desktop.db import Database
from mos_desktop.models import InvoiceStatus, PaymentDirection
from mos_desktop.services.payments.figures import MRR_MONTHS, month_figures, month_start

TODAY = date(2026, 11, 24)


def test_month_start() -> None:
    assert month_start(date(2026, 11, 24)) == date(2026, 11, 1)
    assert month_start(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert month_start(date(2026, 11, 2), -11) == date(2025, 12, 1)
    assert month_start(date(2026, 12, 5), 1) == date(2027, 1, 1)


def test_billed_and_collected_by_day_against_last_month(db: Database) -> None:
    with db.session() as s:
        alpha = client(s, "ЖК Альфа", inn="7707083893")
        beta = client(s, "ЖК Бета", inn="7736207543")
        oct_a = invoice(s, alpha, 10_000, date(2026, 10, 15))
        invoice(s, beta, 5_000, date(2026, 10, 15))
        invoice(s, beta, 700, date(2026, 10, 31), status=InvoiceStatus.CANCELLED)  # left out
        payment(s, 10_000, date(2026, 10, 20), pays=[(oct_a, 10_000)], client_id=alpha.id)
        nov_a = invoice(s, alpha, 10_000, date(2026, 11, 15))
        invoice(s, beta, 5_000, date(2026, 11, 25))  # after today: not billed yet
        payment(s, 4_000, date(2026, 11, 18), pays=[(nov_a, 4_000)], client_id=alpha.id)
        payment(s, 1_000, date(2026, 11, 20), client_id=beta.id)  # an advance: still collected
        payment(s, 999, date(2026, 11, 19))  # a stranger's money: not collection
        payment(s, 300, date(2026, 11, 19), client_id=beta.id, direction=PaymentDirection.OUTGOING)
        payment(s, -1_000, date(2026, 11, 21), client_id=beta.id)  # the advance reversed
        figures = month_figures(s, today=TODAY)
    now, last = figures.this_month, figures.last_month
    assert (now.month, last.month, last.days) == (date(2026, 11, 1), date(2026, 10, 1), 31)
    assert len(now.billed) == len(now.collected) == 24  # up to today
    assert len(last.billed) == len(last.collected) == 31
    assert now.billed[13] == 0 and now.billed[14] == now.billed_kop == 1_000_000
    assert (now.collected[16], now.collected[17], now.collected[19], now.collected[20]) == (
        0,
        400_000,
        500_000,
        400_000,
    )
    assert now.collected_kop == 400_000
    assert last.billed_kop == 1_500_000 and last.billed[14] == 1_500_000 and last.billed[13] == 0
    assert last.collected_kop == 1_000_000 and last.collected[18] == 0 and last.collected[19] == 1_000_000


def test_debt_by_ageing_bucket_and_mrr_over_twelve_months(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893")
        other = client(s, "ЖК Бета", inn="7736207543")
        for issued, rub in (
            (date(2026, 11, 15), 1_000),
            (date(2026, 10, 15), 2_000),
            (date(2026, 7, 15), 3_000),
        ):
            invoice(s, owner, rub, issued, due_on=issued.replace(day=20))
        paid = invoice(s, other, 500, date(2026, 9, 15), due_on=date(2026, 9, 20))
        payment(s, 200, date(2026, 9, 25), pays=[(paid, 200)])
        invoice(s, other, 800, date(2026, 11, 15), due_on=date(2026, 11, 30))  # not yet due
        invoice(s, other, 900, date(2025, 6, 15))  # older than the twelve months
        invoice(s, other, 400, date(2026, 10, 15), status=InvoiceStatus.CANCELLED)
        figures = month_figures(s, today=TODAY)
    assert [(b.key, b.debt_kop, b.invoices) for b in figures.ageing] == [
        ("current", 80_000, 1),
        ("d1_30", 100_000, 1),
        ("d31_60", 200_000, 1),
        ("d61_90", 30_000, 1),
        ("d90_plus", 390_000, 2),
    ]
    assert figures.ageing[1].title == "1–30 дней"
    assert figures.debt_kop == 800_000 and figures.overdue_kop == 720_000
    assert len(figures.mrr) == MRR_MONTHS
    assert (figures.mrr[0].month, figures.mrr[-1].month) == (date(2025, 12, 1), date(2026, 11, 1))
    by_month = {p.month: (p.mrr_kop, p.clients) for p in figures.mrr}
    assert by_month[date(2026, 11, 1)] == (180_000, 2)
    assert by_month[date(2026, 10, 1)] == (200_000, 1)
    assert by_month[date(2026, 9, 1)] == (50_000, 1)
    assert by_month[date(2026, 8, 1)] == (0, 0)
