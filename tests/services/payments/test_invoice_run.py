"""The invoice run: who is billed, the proration rule, numbers by series, re-runs, corrections, 1С number."""

from __future__ import annotations

from datetime import date

import pytest
from factories import add, client
from sqlalchemy import select, text

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import (
    ClientStatus,
    FeeChange,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    Pilot,
    PilotStatus,
)
from mos_desktop.services.payments.allocation import invoice_remaining
from mos_desktop.services.payments.invoicing import (
    ExternalNumberForm,
    FeeSpan,
    InvoiceRunForm,
    RunAction,
    fee_spans,
    preview_invoice_run,
    prorated_kop,
    run_invoices,
    set_external_number,
)

TODAY = date(2026, 11, 15)
NOV = date(2026, 11, 1)


def test_proration_rule() -> None:
    full = fee_spans([(date(2026, 1, 1), 1_200_000)], None, NOV)
    assert full == [FeeSpan(NOV, date(2026, 11, 30), 1_200_000)]
    assert prorated_kop(full, NOV) == 1_200_000
    late = fee_spans([(date(2026, 11, 10), 1_200_000)], None, NOV)  # 21 of 30 days
    assert prorated_kop(late, NOV) == 840_000
    changed = fee_spans([(date(2026, 1, 1), 1_000_000), (date(2026, 11, 16), 1_300_000)], None, NOV)
    assert prorated_kop(changed, NOV) == 500_000 + 650_000
    odd = fee_spans([(date(2026, 1, 1), 100_000)], date(2026, 11, 30), NOV)  # 1/30 of 1 000 ₽ = 33,333…
    assert prorated_kop(odd, NOV) == 3_333
    assert fee_spans([(date(2026, 12, 1), 100_000)], None, NOV) == []


def _portfolio(s):  # type: ignore[no-untyped-def]
    active = client(s, "А Активный", inn="7707083893", monthly_fee_kop=1_200_000)
    add(s, FeeChange(client_id=active.id, valid_from=date(2025, 1, 1), monthly_fee_kop=1_200_000))
    started = client(s, "Б Начал 10-го", inn="7736207543")
    add(s, FeeChange(client_id=started.id, valid_from=date(2026, 11, 10), monthly_fee_kop=900_000))
    pilot = client(s, "В Пилот", inn="500100732259", status=ClientStatus.PILOT, monthly_fee_kop=600_000)
    add(s, Pilot(client_id=pilot.id, status=PilotStatus.RUNNING, end_date=date(2026, 11, 20)))
    client(s, "Г Приостановлен", inn="7702070139", status=ClientStatus.SUSPENDED, monthly_fee_kop=500_000)
    client(s, "Д Пилот идёт", inn="7710140679", status=ClientStatus.PILOT, monthly_fee_kop=500_000)
    return active, started, pilot


def test_preview_and_run_once(db: Database) -> None:
    with db.session() as s:
        _portfolio(s)
        preview = preview_invoice_run(s, "2026-11")
        assert s.scalars(select(Invoice)).first() is None
        assert [(r.client_name, r.amount_kop, r.action) for r in preview.lines] == [
            ("А Активный", 1_200_000, RunAction.NEW),
            ("Б Начал 10-го", 630_000, RunAction.NEW),
            ("В Пилот", 200_000, RunAction.NEW),  # from the 21st: 10/30
        ]
        assert preview.skipped == {"приостановлены": 1, "пилот без даты окончания": 1}
        assert preview.total_kop == 2_030_000
        with pytest.raises(ValidationError, match="Серия"):
            run_invoices(s, InvoiceRunForm("2026-11", series=""), user="u", today=TODAY)
        run_invoices(s, InvoiceRunForm("2026-11", series="РМ1"), user="u", today=TODAY)
        invoices = s.scalars(select(Invoice).order_by(Invoice.number)).all()
        assert [i.number for i in invoices] == ["АП-РМ1-2611-0001", "АП-РМ1-2611-0002", "АП-РМ1-2611-0003"]
        assert {i.issued_on for i in invoices} == {date(2026, 11, 15)}
        assert {i.due_on for i in invoices} == {date(2026, 11, 20)}
        lines = {line.invoice_id: line.name for line in s.scalars(select(InvoiceLine))}
        assert lines[invoices[0].id] == "Абонентская плата за ноябрь 2026"
        assert "с 10.11 по 30.11" in lines[invoices[1].id]
        again = run_invoices(s, InvoiceRunForm("2026-11", series="РМ2"), user="u", today=TODAY)
        assert again.ids == frozenset() and "уже выставлены" in again.message
        assert len(s.scalars(select(Invoice)).all()) == 3


def test_a_fee_change_after_the_run_is_a_correction_that_keeps_history(db: Database) -> None:
    with db.session() as s:
        active, _, _ = _portfolio(s)
        run_invoices(s, InvoiceRunForm("2026-11", series="РМ1"), user="u", today=TODAY)
        old = s.scalars(select(Invoice).where(Invoice.client_id == active.id)).one()
        pay = add(s, Payment(amount_kop=500_000, received_on=date(2026, 11, 16), client_id=active.id))
        add(s, PaymentAllocation(payment_id=pay.id, invoice_id=old.id, amount_kop=500_000))
        add(s, FeeChange(client_id=active.id, valid_from=date(2026, 11, 16), monthly_fee_kop=1_500_000))
        preview = preview_invoice_run(s, "2026-11")
        (line,) = preview.corrections
        assert line.amount_kop == 600_000 + 750_000 and line.existing_number == old.number
        run_invoices(s, InvoiceRunForm("2026-11", series="РМ1"), user="u", today=TODAY)
        rows = s.scalars(select(Invoice).where(Invoice.client_id == active.id).order_by(Invoice.number)).all()
        assert [(r.number, r.status) for r in rows] == [
            ("АП-РМ1-2611-0001", InvoiceStatus.CANCELLED),
            ("АП-РМ1-2611-0001-И1", InvoiceStatus.ISSUED),
        ]
        assert rows[1].corrects_id == old.id and "13\u00a0500,00" in rows[0].cancel_reason
        assert invoice_remaining(s, rows[1].id) == 1_350_000 - 500_000  # the payment moved over
        assert invoice_remaining(s, old.id) == old.total_kop


def test_external_number(db: Database) -> None:
    with db.session() as s:
        _portfolio(s)
        run_invoices(s, InvoiceRunForm("2026-11", series="РМ1"), user="u", today=TODAY)
        first, second = s.scalars(select(Invoice).order_by(Invoice.number)).all()[:2]
        set_external_number(s, ExternalNumberForm(first.id, " 1045 "), user="u", today=TODAY)
        assert first.external_number == "1045"
        with pytest.raises(ValidationError, match="уже записан"):
            set_external_number(s, ExternalNumberForm(second.id, "1045"), user="u", today=TODAY)


def test_the_batch_is_captured_for_sync_row_by_row(db: Database) -> None:
    """The run writes its invoices and lines with Core bulk inserts; capture records every one."""
    with db.session() as s:
        _portfolio(s)
        before = int(s.scalar(text("SELECT count(*) FROM sync_outbox")) or 0)
        changes = run_invoices(s, InvoiceRunForm(NOV, "РМ1"), user="u", today=TODAY)
        rows = s.execute(
            text(
                "SELECT table_name, row_id FROM sync_outbox WHERE kind = 'insert' ORDER BY seq LIMIT -1 OFFSET :n"
            ),
            {"n": before},
        ).all()
        invoices = {i.id.hex for i in s.scalars(select(Invoice).where(Invoice.period == NOV))}
        lines = {line.id.hex for line in s.scalars(select(InvoiceLine))}
        assert invoices == {i.hex for i in changes.ids} and len(lines) == len(invoices) > 0
        assert set(rows) == {("invoices", i) for i in invoices} | {("invoice_lines", i) for i in lines}


def test_two_workstations_correcting_the_same_month_move_the_payment_with_the_same_rows(db: Database) -> None:
    """The correction's allocations have derived ids: the second workstation's inserts merge, not double."""
    with db.session() as s:
        active, _, _ = _portfolio(s)
        run_invoices(s, InvoiceRunForm("2026-11", series="РМ1"), user="u", today=TODAY)
        old = s.scalars(select(Invoice).where(Invoice.client_id == active.id)).one()
        pay = add(s, Payment(amount_kop=500_000, received_on=date(2026, 11, 16), client_id=active.id))
        add(s, PaymentAllocation(payment_id=pay.id, invoice_id=old.id, amount_kop=500_000))
        add(s, FeeChange(client_id=active.id, valid_from=date(2026, 11, 16), monthly_fee_kop=1_500_000))
    made = []
    for series in ("РМ1", "РМ2"):  # the same state on two workstations: each corrects the month offline
        with db.session_factory() as s:
            run_invoices(s, InvoiceRunForm("2026-11", series=series), user=series, today=TODAY)
            moved = s.scalars(select(PaymentAllocation).where(PaymentAllocation.created_by == series)).all()
            made.append(sorted((a.id, a.invoice_id, a.amount_kop) for a in moved))
            s.rollback()
    assert len(made[0]) == 2 and made[0] == made[1]
    assert {kop for _, _, kop in made[0]} == {-500_000, 500_000}
