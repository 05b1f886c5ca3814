"""Demo data: plausible, reproducible, valid requisites, a consistent stock ledger, every screen filled."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from mos_desktop.db import Database, open_database
from mos_desktop.demo import DemoSummary, generate_demo
from mos_desktop.errors import UserError
from mos_desktop.models import (
    CallOutcome,
    Claim,
    ClaimStatus,
    Client,
    ClientStatus,
    CollectionCall,
    Contractor,
    DocsStatus,
    DostavistaEntry,
    Interaction,
    InteractionKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Item,
    Location,
    LocationKind,
    Payable,
    PayableStatus,
    Payment,
    PaymentAllocation,
    Pilot,
    PilotStatus,
    Question,
    QuestionStatus,
    SerialNumber,
    ServiceVisit,
    Shipment,
    ShipmentStatus,
    StockMove,
    Supplier,
    Training,
    TrainingStatus,
    VisitKind,
    VisitStatus,
)
from mos_desktop.services.listing import LISTS, run_list
from mos_desktop.timeutil import MOSCOW
from mos_desktop.validation import check_inn, check_kpp, check_ogrn

TODAY = date(2026, 11, 23)  # a Monday, after the 20th: the call list is on
CLIENTS, MONTHS = 200, 6


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3", daily_backup=False)
    with database.session() as s:
        summary = generate_demo(s, clients=CLIENTS, months=MONTHS, seed=7, today=TODAY)
    yield database, summary
    database.dispose()


@pytest.fixture
def s(demo_db: tuple[Database, DemoSummary]) -> Iterator[Session]:
    with demo_db[0].session_factory() as session:
        yield session


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def fingerprint(path: Path, seed: int) -> dict[str, object]:
    database = open_database(path, daily_backup=False)
    try:
        with database.session() as session:
            generate_demo(session, clients=40, months=3, seed=seed, today=TODAY)
        with database.session() as session:
            return {
                "clients": session.execute(
                    select(
                        Client.name, Client.inn, Client.status, Client.manager, Client.monthly_fee_kop
                    ).order_by(Client.inn)
                ).all(),
                "invoiced": session.scalar(select(func.sum(Invoice.total_kop))),
                "paid": session.scalar(select(func.sum(Payment.amount_kop))),
                "calls": session.execute(
                    select(CollectionCall.called_at, CollectionCall.outcome).order_by(
                        CollectionCall.called_at
                    )
                ).all(),
                "shipments": session.execute(
                    select(Shipment.number, Shipment.status, Shipment.cost_kop).order_by(Shipment.number)
                ).all(),
                "moves": session.execute(
                    select(
                        StockMove.moved_on, StockMove.quantity, StockMove.serial, StockMove.document_ref
                    ).order_by(
                        StockMove.moved_on, StockMove.document_ref, StockMove.serial, StockMove.quantity
                    )
                ).all(),
            }
    finally:
        database.dispose()


# --- size and summary ------------------------------------------------------------------------------


def test_counts_are_plausible(demo_db: tuple[Database, DemoSummary], s: Session) -> None:
    _, summary = demo_db
    assert summary.clients == count(s, Client) == CLIENTS
    empty = [name for name, value in vars(summary).items() if value == 0]
    assert empty == [], f"kinds without rows: {empty}"
    assert summary.invoices == count(s, Invoice) == count(s, InvoiceLine)
    # Most clients are billed every month of the window (leads, running pilots, churned ones are not).
    assert 0.55 * CLIENTS * MONTHS < summary.invoices <= CLIENTS * MONTHS + 3
    assert summary.payments == count(s, Payment)
    assert 40 <= summary.items <= 45 and summary.suppliers >= 5
    assert count(s, StockMove) == summary.stock_moves


def test_summary_lines_are_russian_with_grouped_thousands(demo_db: tuple[Database, DemoSummary]) -> None:
    lines = demo_db[1].as_lines()
    assert lines[0] == f"Клиентов: {CLIENTS}"
    invoices = next(line for line in lines if line.startswith("Счетов: "))
    assert invoices == "Счетов: " + f"{demo_db[1].invoices:,}".replace(",", "\u00a0")
    assert len(lines) == len(vars(demo_db[1]))


def test_statuses_managers_and_fees_are_spread(s: Session) -> None:
    statuses = dict(s.execute(select(Client.status, func.count()).group_by(Client.status)).all())
    assert set(statuses) == set(ClientStatus)
    assert statuses[ClientStatus.ACTIVE] > CLIENTS / 2
    unassigned = statuses_total = 0
    for manager, n in s.execute(select(Client.manager, func.count()).group_by(Client.manager)).all():
        statuses_total += n
        unassigned += n if manager == "" else 0
    assert 0.03 * CLIENTS <= unassigned <= 0.15 * CLIENTS
    managers = s.scalars(select(Client.manager).where(Client.manager != "").distinct()).all()
    assert 2 <= len(managers) <= 3
    fees = s.scalars(select(Client.monthly_fee_kop).where(Client.monthly_fee_kop > 0)).all()
    assert min(fees) >= 300_000 and max(fees) <= 6_000_000 * 1.2
    names = s.scalars(select(Client.name)).all()
    assert len(set(names)) == len(names)
    assert any(n.startswith("ЖК ") for n in names) and any(n.startswith("БЦ ") for n in names)
    assert all(legal for legal in s.scalars(select(Client.legal_name)))


# --- reproducibility ---------------------------------------------------------------------------------


def test_same_seed_same_content_other_seed_other_content(tmp_path: Path) -> None:
    first = fingerprint(tmp_path / "a.sqlite3", seed=5)
    second = fingerprint(tmp_path / "b.sqlite3", seed=5)
    other = fingerprint(tmp_path / "c.sqlite3", seed=6)
    assert first == second
    assert first["clients"] != other["clients"]
    assert first["invoiced"] != other["invoiced"]


# --- requisites ------------------------------------------------------------------------------------


def test_every_inn_kpp_ogrn_is_valid(s: Session) -> None:
    inns = list(s.scalars(select(Client.inn)))
    inns += [i for i in s.scalars(select(Supplier.inn))]
    inns += [i for i in s.scalars(select(Contractor.inn))]
    inns += [i for i in s.scalars(select(Payment.payer_inn).where(Payment.payer_inn != ""))]
    assert len(inns) > CLIENTS
    bad = [inn for inn in inns if check_inn(inn) is not None]
    assert bad == []
    assert len(set(s.scalars(select(Client.inn)))) == CLIENTS
    assert all(check_kpp(k) is None for k in s.scalars(select(Client.kpp)))
    assert all(check_ogrn(o) is None for o in s.scalars(select(Client.ogrn)))


# --- billing ----------------------------------------------------------------------------------------


def test_invoices_on_the_15th_with_unique_numbers_and_one_line(s: Session) -> None:
    rows = s.execute(select(Invoice.number, Invoice.issued_on, Invoice.total_kop)).all()
    assert {r.issued_on.day for r in rows} == {15}
    numbers = [r.number for r in rows]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith(f"АП-ДЕМО-{d:%y%m}-") for n, d, _ in rows)  # the invoice run's own shape
    line = s.execute(
        select(InvoiceLine.name).join(Invoice).where(Invoice.issued_on == date(2026, 11, 15))
    ).first()
    assert line is not None and line.name == "Абонентская плата за ноябрь 2026"
    allocated = dict(
        s.execute(
            select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_kop)).group_by(
                PaymentAllocation.invoice_id
            )
        ).all()
    )
    totals = dict(s.execute(select(Invoice.id, Invoice.total_kop)).all())
    assert all(allocated[i] <= totals[i] for i in allocated), "no invoice is overpaid"
    purposes = s.scalars(select(Payment.purpose).where(Payment.client_id.is_not(None))).all()
    assert sum("Оплата по счету № АП-" in p for p in purposes) > len(purposes) / 2


def test_running_the_invoices_of_a_demo_month_again_changes_nothing(s: Session) -> None:
    """The demo bills by the invoice run's own rules (a start mid-month prorated, a pilot billed from its
    end): a new user re-running a month sees every invoice «без изменений», no phantom corrections."""
    from mos_desktop.services.payments.invoicing import RunAction, preview_invoice_run

    months = sorted({d.replace(day=1) for d in s.scalars(select(Invoice.issued_on))})
    assert len(months) >= MONTHS
    for month in months:
        preview = preview_invoice_run(s, month)
        changed = [
            (line.client_name, line.action.value)
            for line in preview.lines
            if line.action != RunAction.UNCHANGED
        ]
        assert changed == [], month
        assert preview.lines


def test_allocations_never_exceed_payments(s: Session) -> None:
    allocated = s.execute(
        select(Payment.amount_kop, func.sum(PaymentAllocation.amount_kop))
        .join(PaymentAllocation)
        .group_by(Payment.id)
    ).all()
    assert all(total == part for total, part in allocated)
    assert count(s, Payment) > len(allocated)  # some payments could not be matched to a client


# --- stock ledger ----------------------------------------------------------------------------------


def test_no_location_balance_goes_negative_on_any_day(s: Session) -> None:
    kinds = dict(s.execute(select(Location.id, Location.kind)).all())
    moves = s.execute(
        select(
            StockMove.moved_on,
            StockMove.item_id,
            StockMove.from_location_id,
            StockMove.to_location_id,
            StockMove.quantity,
        ).order_by(StockMove.moved_on)
    ).all()
    assert moves
    balance: dict[tuple[uuid.UUID, uuid.UUID], int] = defaultdict(int)
    day = moves[0].moved_on
    for move in [*moves, None]:
        if move is None or move.moved_on != day:
            negative = {k: v for k, v in balance.items() if v < 0 and kinds[k[1]] != LocationKind.SUPPLIER}
            assert negative == {}, f"negative balance at the end of {day}"
            if move is None:
                break
            day = move.moved_on
        balance[(move.item_id, move.from_location_id)] -= move.quantity
        balance[(move.item_id, move.to_location_id)] += move.quantity
    warehouse = s.scalar(select(Location.id).where(Location.kind == LocationKind.WAREHOUSE))
    assert sum(v for (_, loc), v in balance.items() if loc == warehouse) > 0


def test_serials_and_the_reversing_correction(s: Session) -> None:
    tracked = set(s.scalars(select(Item.id).where(Item.serial_tracked)))
    for item_id, quantity, serial in s.execute(
        select(StockMove.item_id, StockMove.quantity, StockMove.serial)
    ):
        if item_id in tracked:
            assert quantity == 1 and serial
        else:
            assert serial == ""
    serials = s.scalars(select(SerialNumber.serial)).all()
    assert serials and len(set(serials)) == len(serials)
    reversal = s.execute(select(StockMove).where(StockMove.reverses_move_id.is_not(None))).scalar_one()
    original = s.get(StockMove, reversal.reverses_move_id)
    assert original is not None
    assert (original.from_location_id, original.to_location_id) == (
        reversal.to_location_id,
        reversal.from_location_id,
    )
    assert original.quantity == reversal.quantity and original.item_id == reversal.item_id


def test_locations_of_every_kind(s: Session) -> None:
    kinds = set(s.scalars(select(Location.kind)))
    assert kinds == set(LocationKind)
    assert s.scalar(select(Location.name).where(Location.kind == LocationKind.WAREHOUSE)) == "Склад Румянцево"


# --- every date-driven screen has something ------------------------------------------------------


def test_date_driven_work_exists(s: Session) -> None:
    now = datetime.combine(TODAY, datetime.min.time(), MOSCOW) + timedelta(hours=12)
    week_end = TODAY + timedelta(days=6 - TODAY.weekday())
    paid = dict(
        s.execute(
            select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount_kop)).group_by(
                PaymentAllocation.invoice_id
            )
        ).all()
    )
    this_month = s.execute(
        select(Invoice.id, Invoice.total_kop).where(
            Invoice.issued_on == date(2026, 11, 15), Invoice.status == InvoiceStatus.ISSUED
        )
    ).all()
    unpaid = [i for i, total in this_month if paid.get(i, 0) < total]
    assert 0.05 * len(this_month) < len(unpaid) < 0.6 * len(this_month)
    promises = s.scalars(
        select(CollectionCall.promise_date).where(CollectionCall.outcome == CallOutcome.PROMISED)
    ).all()
    dates = [p for p in promises if p is not None]
    assert TODAY in dates and any(p < TODAY for p in dates) and any(p > TODAY for p in dates)
    assert s.scalar(
        select(func.count()).where(CollectionCall.called_at >= datetime(2026, 11, 20, tzinfo=MOSCOW))
    )
    shipments = s.execute(
        select(Shipment.agreed_ship_on, Shipment.planned_delivery_on, Shipment.status, Shipment.carrier_kind)
    ).all()
    assert any(r.agreed_ship_on == TODAY for r in shipments)
    assert any(
        (r.planned_delivery_on or TODAY) > TODAY
        and r.status in (ShipmentStatus.PLANNED, ShipmentStatus.AGREED)
        for r in shipments
    )
    assert {r.status for r in shipments} == set(ShipmentStatus)
    assert len({r.carrier_kind for r in shipments}) == 4
    unsigned_old = s.scalar(
        select(func.count()).where(
            Shipment.docs_status == DocsStatus.SENT, Shipment.docs_sent_on < TODAY - timedelta(days=14)
        )
    )
    assert unsigned_old
    visits = s.execute(
        select(ServiceVisit.kind, ServiceVisit.status, ServiceVisit.scheduled_on, ServiceVisit.sla_due_at)
    ).all()
    assert any(v.scheduled_on == TODAY for v in visits)
    assert any(
        v.kind == VisitKind.EMERGENCY and v.status != VisitStatus.DONE and v.sla_due_at < now for v in visits
    )
    assert any(v.kind == VisitKind.PLANNED and v.scheduled_on > TODAY for v in visits)
    questions = s.execute(select(Question.status, Question.due_date)).all()
    open_q = [q for q in questions if q.status != QuestionStatus.DONE]
    assert any(q.due_date == TODAY for q in open_q) and any(q.due_date < TODAY for q in open_q)
    trainings = s.execute(select(Training.status, Training.scheduled_at)).all()
    planned = [
        t.scheduled_at.astimezone(MOSCOW).date() for t in trainings if t.status == TrainingStatus.PLANNED
    ]
    assert any(TODAY <= d <= week_end for d in planned) and any(d > week_end for d in planned)
    assert {t.status for t in trainings} >= {
        TrainingStatus.DONE,
        TrainingStatus.PLANNED,
        TrainingStatus.RESCHEDULED,
    }
    pilot_ends = s.scalars(select(Pilot.end_date).where(Pilot.status == PilotStatus.RUNNING)).all()
    assert any(d is not None and TODAY <= d <= week_end for d in pilot_ends)
    assert s.scalar(select(func.count()).where(Claim.status == ClaimStatus.OPEN, Claim.response_due >= TODAY))
    due_soon = s.scalar(
        select(func.count()).where(
            Payable.status != PayableStatus.PAID, Payable.due_on.between(TODAY, week_end)
        )
    )
    assert due_soon and s.scalar(select(func.count()).where(Payable.status == PayableStatus.PAID))
    missed = s.scalar(
        select(func.count()).where(
            Interaction.kind == InteractionKind.CALL_MISSED, Interaction.answered_at.is_(None)
        )
    )
    assert missed
    last_contact = dict(
        s.execute(
            select(Interaction.client_id, func.max(Interaction.at)).group_by(Interaction.client_id)
        ).all()
    )
    stale = [c for c, at in last_contact.items() if at < now - timedelta(days=7)]
    assert 0 < len(stale) < len(last_contact) / 2


def test_dostavista_balance_is_positive_and_low(s: Session) -> None:
    amounts = s.scalars(select(DostavistaEntry.amount_kop).order_by(DostavistaEntry.at)).all()
    running = 0
    for amount in amounts:
        running += amount
        assert running >= 0
    assert any(a > 0 for a in amounts) and any(a < 0 for a in amounts)
    assert 300_000 <= running <= 1_500_000  # a little above a 5 000 ₽ warning


HEALTHY_EMPTY = {"discrepancies"}  # no balance below zero: the demo's ledger is consistent


@pytest.mark.parametrize(
    "spec", [s for s in LISTS.values() if s.key not in HEALTHY_EMPTY], ids=lambda spec: spec.key
)
def test_every_tab_list_shows_rows(s: Session, spec: object) -> None:
    listing = run_list(s, spec, today=TODAY)  # type: ignore[arg-type]
    assert listing.rows, f"{spec} is empty on demo data"


def test_the_demo_ledger_has_no_discrepancy(s: Session) -> None:
    assert run_list(s, LISTS["discrepancies"], today=TODAY).rows == []


# --- safety ------------------------------------------------------------------------------------------


def test_refuses_a_database_with_clients_and_writes_nothing(db: Database) -> None:
    with db.session() as session:
        session.add(Client(name="ЖК Настоящий", inn="7707083893"))
    with pytest.raises(UserError) as err, db.session() as session:
        generate_demo(session, clients=10, months=1, today=TODAY)
    assert "уже есть клиенты" in err.value.message
    with db.session() as session:
        assert count(session, Client) == 1
        assert count(session, Invoice) == count(session, Item) == count(session, StockMove) == 0


def test_bad_sizes_are_refused(db: Database) -> None:
    with pytest.raises(UserError, match="Количество клиентов"), db.session() as session:
        generate_demo(session, clients=0, today=TODAY)
    with pytest.raises(UserError, match="Количество месяцев"), db.session() as session:
        generate_demo(session, clients=5, months=0, today=TODAY)


def test_demo_rows_are_not_queued_for_sync_and_triggers_survive(db: Database) -> None:
    def triggers(session: Session) -> list[str]:
        return sorted(session.scalars(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")))

    with db.session() as session:
        before = triggers(session)
        generate_demo(session, clients=15, months=2, today=TODAY)
    with db.session() as session:
        assert triggers(session) == before
        if session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sync_outbox'")):
            assert session.scalar(text("SELECT count(*) FROM sync_outbox")) == 0
        # Read back through the ORM: the storage formats are the ORM's own.
        shipment = session.scalars(select(Shipment).where(Shipment.shipped_at.is_not(None))).first()
        assert shipment is not None and shipment.shipped_at is not None
        assert shipment.shipped_at.tzinfo is not None and isinstance(shipment.status, ShipmentStatus)
        assert shipment.version == 0 and shipment.deleted_at is None


def test_facts_are_never_dated_after_today(s: Session) -> None:
    end_of_today = datetime.combine(TODAY, datetime.max.time(), MOSCOW)
    assert s.scalar(select(func.max(Payment.received_on))) <= TODAY
    assert s.scalar(select(func.max(StockMove.moved_on))) <= TODAY
    assert s.scalar(select(func.max(Payable.paid_on))) <= TODAY
    assert s.scalar(select(func.max(Payable.issued_on))) <= TODAY
    assert s.scalar(select(func.max(Invoice.issued_on))) <= TODAY
    assert s.scalar(select(func.max(CollectionCall.called_at))) < datetime.combine(
        TODAY, datetime.min.time(), MOSCOW
    )
    for column in (
        Shipment.shipped_at,
        Shipment.delivered_at,
        Interaction.at,
        Interaction.answered_at,
        Question.closed_at,
    ):
        assert s.scalar(select(func.max(column))) <= end_of_today, column
    assert s.scalar(select(func.max(DostavistaEntry.at))) <= end_of_today
