"""The monthly invoice run (process 8): preview → run; corrections after a fee change; the 1С number.

Who is billed for a month: clients whose status is active or leaving (suspended, lead, terminated are
not; a pilot only from the day after its pilot's end date, or from the pilot's ``billing_start_date``),
from the day their fee starts (the fee history, ``FeeChange``; without one, the card's fee from its start
date).

Proration rule (stated once, here): the month's amount is the sum over the billable days of the month of
(the fee in force that day ÷ the days in the month), rounded half-up to the kopeck once at the end. A
client starting on the 10th of a 30-day month pays 21/30 of the fee; a fee raised on the 16th is billed
15 days at the old fee and the rest at the new one. A full month at one fee is exactly the fee.

Numbers: ``АП-{series}-{yymm}-{seq:04d}`` (the workstation's series: two offline workstations never make the
same number); a correction ``{number}-И{n}``. Ids are derived from (client, month, revision) (UUIDv5), so
the same month run on two workstations offline makes the same rows, which sync merges instead of doubling.
Re-running a month creates nothing for a client already billed at the same amount; a changed amount is a
correction: the old invoice is cancelled with the reason (kept), a new one issued, and the money already
paid on the old one moves to the new one.
"""

from __future__ import annotations

import calendar
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.models import (
    Client,
    ClientStatus,
    FeeChange,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    PaymentAllocation,
    Pilot,
    PilotStatus,
    VatMode,
)
from mos_desktop.models.base import utcnow
from mos_desktop.money import format_rub
from mos_desktop.services.labels import MONTHS_NOMINATIVE
from mos_desktop.services.payments.bulk import insert_rows
from mos_desktop.services.payments.rules import DEFAULT_COLLECTION_START_DAY, INVOICE_ISSUE_DAY, parse_month
from mos_desktop.timeutil import format_date

BILLED_STATUSES = (ClientStatus.ACTIVE, ClientStatus.LEAVING, ClientStatus.PILOT)
INVOICE_NAMESPACE = uuid.UUID("2b0f8a52-94c1-4f7e-8d3a-6a1e0c9b7d21")  # never change: ids depend on it
CORRECTION_MARK = "-И"
_SERIES = re.compile(r"^[0-9A-Za-zА-Яа-яЁё-]{1,10}$")


class RunAction(StrEnum):
    NEW = "new"
    CORRECTION = "correction"
    UNCHANGED = "unchanged"


RUN_ACTION_RU = {
    RunAction.NEW: "новый",
    RunAction.CORRECTION: "исправление",
    RunAction.UNCHANGED: "уже выставлен",
}


@dataclass(frozen=True)
class FeeSpan:
    start: date  # first day in the month
    end: date  # last day in the month
    fee_kop: int


@dataclass(frozen=True)
class RunLine:
    client_id: uuid.UUID
    client_name: str
    inn: str
    amount_kop: int
    spans: tuple[FeeSpan, ...]
    action: RunAction
    existing_id: uuid.UUID | None = None
    existing_number: str = ""
    existing_amount_kop: int = 0

    @property
    def line_text(self) -> str:
        return invoice_line_text(self.spans)


@dataclass
class InvoiceRunPreview:
    month: date
    issue_date: date
    due_date: date
    lines: list[RunLine]
    skipped: dict[str, int] = field(default_factory=dict)  # Russian reason → clients

    @property
    def new(self) -> list[RunLine]:
        return [r for r in self.lines if r.action == RunAction.NEW]

    @property
    def corrections(self) -> list[RunLine]:
        return [r for r in self.lines if r.action == RunAction.CORRECTION]

    @property
    def total_kop(self) -> int:
        return sum(r.amount_kop for r in self.lines if r.action != RunAction.UNCHANGED)

    def as_lines(self) -> list[str]:
        n, c = len(self.new), len(self.corrections)
        out = [
            f"Счета за {month_title(self.month)} от {format_date(self.issue_date)}: "
            f"новых {n} на {format_rub(sum(r.amount_kop for r in self.new))}"
        ]
        if c:
            out.append(
                f"Исправлений (старый счёт аннулируется): {c} на {format_rub(sum(r.amount_kop for r in self.corrections))}"
            )
        unchanged = len(self.lines) - n - c
        if unchanged:
            out.append(f"Уже выставлены, без изменений: {unchanged}")
        for reason, count in sorted(self.skipped.items()):
            out.append(f"Не выставляются — {reason}: {count}")
        return out


@dataclass
class InvoiceRunForm:
    month: str | date  # «2026-11»
    series: str  # the workstation's invoice series (``BillingSettings.invoice_series``)
    issue_date: str | date | None = None  # default: the 15th of the month
    due_date: str | date | None = None  # default: the collection start day (20th) of the month
    only_clients: frozenset[uuid.UUID] | None = None  # None: every billable client


@dataclass
class ExternalNumberForm:
    invoice_id: uuid.UUID
    external_number: str  # the number 1С gave the invoice


def month_title(month: date) -> str:
    return f"{MONTHS_NOMINATIVE[month.month - 1]} {month.year}"


# --- rules (pure) ---------------------------------------------------------------------------------------
def fee_spans(history: list[tuple[date, int]], billable_from: date | None, month: date) -> list[FeeSpan]:
    """The fee in force on each billable day of ``month`` as spans; ``history`` is (valid from, fee)."""
    days = calendar.monthrange(month.year, month.month)[1]
    last = month.replace(day=days)
    start = max(month, billable_from) if billable_from else month
    if start > last:
        return []
    ordered = sorted(history)
    spans: list[FeeSpan] = []
    for i, (valid_from, fee) in enumerate(ordered):
        valid_to = ordered[i + 1][0] - timedelta(days=1) if i + 1 < len(ordered) else date.max
        a, b = max(valid_from, start), min(valid_to, last)
        if a <= b and fee > 0:
            spans.append(FeeSpan(a, b, fee))
    return spans


def prorated_kop(spans: list[FeeSpan] | tuple[FeeSpan, ...], month: date) -> int:
    days = calendar.monthrange(month.year, month.month)[1]
    exact = sum((Fraction(s.fee_kop * ((s.end - s.start).days + 1), days) for s in spans), Fraction(0))
    return int(
        (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def invoice_line_text(spans: tuple[FeeSpan, ...] | list[FeeSpan]) -> str:
    if not spans:
        return "Абонентская плата"
    month = spans[0].start.replace(day=1)
    days = calendar.monthrange(month.year, month.month)[1]
    text = f"Абонентская плата за {month_title(month)}"
    full = len(spans) == 1 and spans[0].start.day == 1 and spans[0].end.day == days
    if not full:
        parts = [f"с {s.start:%d.%m} по {s.end:%d.%m} — {format_rub(s.fee_kop)} в месяц" for s in spans]
        text += " (" + "; ".join(parts) + ")"
    return text


def invoice_id_for(client_id: uuid.UUID, month: date, revision: int) -> uuid.UUID:
    return uuid.uuid5(INVOICE_NAMESPACE, f"{client_id}:{month:%Y-%m}:{revision}")


# --- reading --------------------------------------------------------------------------------------------
def allocation_id_for(
    old_id: uuid.UUID, new_id: uuid.UUID, payment_id: uuid.UUID, direction: str
) -> uuid.UUID:
    """The id of an allocation moving a payment from a cancelled invoice ("out") to its correction ("in")."""
    return uuid.uuid5(INVOICE_NAMESPACE, f"{old_id}:{new_id}:{payment_id}:{direction}")


def _histories(session: Session, clients: list[Client]) -> dict[uuid.UUID, list[tuple[date, int]]]:
    histories: dict[uuid.UUID, list[tuple[date, int]]] = defaultdict(list)
    for cid, valid_from, fee in session.execute(
        select(FeeChange.client_id, FeeChange.valid_from, FeeChange.monthly_fee_kop).where(
            FeeChange.deleted_at.is_(None)
        )
    ):
        histories[cid].append((valid_from, fee))
    for c in clients:
        if c.id not in histories and c.monthly_fee_kop > 0:
            histories[c.id].append((c.fee_start_date or date.min, c.monthly_fee_kop))
    return histories


def _pilot_ends(session: Session) -> dict[uuid.UUID, date]:
    """The first paid day after each client's latest pilot (not cancelled)."""
    ends: dict[uuid.UUID, date] = {}
    for cid, end, billing_start in session.execute(
        select(Pilot.client_id, Pilot.end_date, Pilot.billing_start_date).where(
            Pilot.deleted_at.is_(None), Pilot.status != PilotStatus.CANCELLED
        )
    ):
        first = billing_start or (end + timedelta(days=1) if end else None)
        if first is not None:
            ends[cid] = max(ends.get(cid, first), first)
        else:
            ends.setdefault(cid, date.max)  # a pilot with no end yet: nothing billed
    return ends


def preview_invoice_run(
    session: Session,
    month: str | date,
    *,
    issue_date: str | date | None = None,
    due_date: str | date | None = None,
    only_clients: frozenset[uuid.UUID] | None = None,
) -> InvoiceRunPreview:
    """The batch a run would create, with totals; writes nothing."""
    errors: list[FieldError] = []
    first, issue, due = _dates(month, issue_date, due_date, errors)
    if errors:
        raise ValidationError(errors)
    clients = list(session.scalars(select(Client).where(Client.deleted_at.is_(None))))
    if only_clients is not None:
        clients = [c for c in clients if c.id in only_clients]
    histories = _histories(session, clients)
    pilots = _pilot_ends(session)
    existing: dict[uuid.UUID, tuple[uuid.UUID, str, int]] = {}
    for iid, cid, number, total in session.execute(
        select(Invoice.id, Invoice.client_id, Invoice.number, Invoice.total_kop).where(
            Invoice.deleted_at.is_(None), Invoice.status == InvoiceStatus.ISSUED, Invoice.period == first
        )
    ):
        existing[cid] = (iid, number, total)
    lines: list[RunLine] = []
    skipped: dict[str, int] = defaultdict(int)
    for c in sorted(clients, key=lambda c: (c.name, c.inn)):
        if c.status not in BILLED_STATUSES:
            if c.status == ClientStatus.SUSPENDED:
                skipped["приостановлены"] += 1
            continue
        billable_from = pilots.get(c.id)
        if c.status == ClientStatus.PILOT and billable_from in (None, date.max):
            skipped["пилот без даты окончания"] += 1
            continue
        if billable_from == date.max:  # an active client's unfinished pilot (another site): billed as usual
            billable_from = None
        spans = fee_spans(histories.get(c.id, []), billable_from, first)
        amount = prorated_kop(spans, first)
        if amount <= 0:
            if billable_from is not None and billable_from > first:
                skipped["пилот ещё идёт"] += 1
            elif c.id not in existing:
                skipped["нет абонплаты"] += 1
            continue
        if c.id in existing:
            iid, number, total = existing[c.id]
            action = RunAction.UNCHANGED if total == amount else RunAction.CORRECTION
            lines.append(RunLine(c.id, c.name, c.inn, amount, tuple(spans), action, iid, number, total))
        else:
            lines.append(RunLine(c.id, c.name, c.inn, amount, tuple(spans), RunAction.NEW))
    return InvoiceRunPreview(first, issue, due, lines, dict(skipped))


def _dates(
    month: str | date, issue_date: str | date | None, due_date: str | date | None, errors: list[FieldError]
) -> tuple[date, date, date]:
    from mos_desktop.services.payments.rules import parse_day

    try:
        first = parse_month(month)
    except ValueError:
        errors.append(FieldError("month", "Месяц: в виде ГГГГ-ММ, например 2026-11"))
        first = date(2000, 1, 1)
    issue = parse_day(issue_date, "issue_date", "Дата счетов", errors, required=False) or first.replace(
        day=INVOICE_ISSUE_DAY
    )
    due = parse_day(due_date, "due_date", "Оплатить до", errors, required=False) or first.replace(
        day=DEFAULT_COLLECTION_START_DAY
    )
    if due < issue:
        errors.append(FieldError("due_date", "Оплатить до: не раньше даты счетов"))
    return first, issue, due


# --- commands -------------------------------------------------------------------------------------------
def _next_seq(session: Session, prefix: str) -> int:
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    numbers = session.scalars(select(Invoice.number).where(Invoice.number.startswith(prefix)))
    return max((int(m.group(1)) for n in numbers if (m := pattern.match(n))), default=0) + 1


def _revisions(session: Session, month: date) -> dict[uuid.UUID, int]:
    """How many invoices (cancelled ones too) each client has for ``month``: the next one is revision
    count + 1, so its id (derived from client, month and revision) is the same on every workstation."""
    rows = session.execute(
        select(Invoice.client_id, func.count()).where(Invoice.period == month).group_by(Invoice.client_id)
    )
    return {cid: int(n) for cid, n in rows}


def run_invoices(session: Session, form: InvoiceRunForm, *, user: str, today: date) -> Changes:
    """Create the month's invoices (and corrections); a re-run creates nothing new for the unchanged."""
    errors: list[FieldError] = []
    series = form.series.strip()
    if not _SERIES.match(series):
        errors.append(
            FieldError(
                "series",
                "Серия номеров счетов: задайте её в Сервис → Настройки → Основные, группа «Платежи», поле "
                "«Серия номеров счетов АП» (до 10 букв или цифр, например «РМ1»; у каждого рабочего места своя), "
                "чтобы номера не совпали с другими компьютерами",
            )
        )
    _dates(form.month, form.issue_date, form.due_date, errors)
    if errors:
        raise ValidationError(errors)
    preview = preview_invoice_run(
        session,
        form.month,
        issue_date=form.issue_date,
        due_date=form.due_date,
        only_clients=form.only_clients,
    )
    month = preview.month
    prefix = f"АП-{series}-{month:%y%m}-"
    seq = _next_seq(session, prefix)
    revisions = _revisions(session, month)
    now = utcnow()
    invoices: list[dict[str, object]] = []
    invoice_lines: list[dict[str, object]] = []
    corrections: list[tuple[Invoice, uuid.UUID, RunLine]] = []
    made: list[uuid.UUID] = []
    for line in preview.lines:
        if line.action == RunAction.UNCHANGED:
            continue
        revision = revisions.get(line.client_id, 0) + 1
        invoice_id = invoice_id_for(line.client_id, month, revision)
        if line.action == RunAction.NEW:
            number = f"{prefix}{seq:04d}"
            seq += 1
            corrects = None
        else:
            assert line.existing_id is not None
            old = session.get(Invoice, line.existing_id)
            assert old is not None
            number = correction_number(session, old.number)
            corrects = old.id
            corrections.append((old, invoice_id, line))
            old.status = InvoiceStatus.CANCELLED
            old.cancel_reason = (
                f"Абонплата изменилась: {format_rub(old.total_kop)} → {format_rub(line.amount_kop)}; "
                f"выставлен счёт № {number}"
            )[:300]
            old.updated_by = user
        made.append(invoice_id)
        stamp = {"version": 0, "created_by": user, "updated_by": user, "created_at": now, "updated_at": now}
        invoices.append(
            {
                "id": invoice_id,
                "number": number,
                "external_number": "",
                "client_id": line.client_id,
                "issued_on": preview.issue_date,
                "period": month,
                "due_on": preview.due_date,
                "status": InvoiceStatus.ISSUED,
                "vat_mode": VatMode.NO_VAT,
                "total_kop": line.amount_kop,
                "corrects_id": corrects,
                **stamp,
            }
        )
        invoice_lines.append(
            {
                "id": uuid.uuid5(INVOICE_NAMESPACE, f"{invoice_id}:line:1"),
                "invoice_id": invoice_id,
                "position": 1,
                "name": line.line_text,
                "quantity": 1,
                "unit": "мес.",
                "price_kop": line.amount_kop,
                "amount_kop": line.amount_kop,
                **stamp,
            }
        )
    session.flush()  # the cancelled invoices first, then the batch
    insert_rows(session, Invoice, invoices)  # one executemany each, captured in bulk (bulk.py)
    insert_rows(session, InvoiceLine, invoice_lines)
    for old, invoice_id, line in corrections:
        _move_payments(session, old.id, invoice_id, line.amount_kop, user)
    session.flush()
    n_new, n_fix = len(preview.new), len(preview.corrections)
    message = f"Счета за {month_title(month)}: выставлено {n_new} на {format_rub(preview.total_kop)}"
    if n_fix:
        message += f", исправлено {n_fix}"
    if not made:
        message = f"Счета за {month_title(month)} уже выставлены — новых нет"
    return Changes.of(Area.INVOICES, Area.CALLS, Area.CLIENTS, ids=made, message=message)


def correction_number(session: Session, number: str) -> str:
    base = number.split(CORRECTION_MARK)[0]
    taken = set(
        session.scalars(select(Invoice.number).where(Invoice.number.startswith(base + CORRECTION_MARK)))
    )
    n = 1
    while f"{base}{CORRECTION_MARK}{n}" in taken:
        n += 1
    return f"{base}{CORRECTION_MARK}{n}"


def _move_payments(session: Session, old_id: uuid.UUID, new_id: uuid.UUID, new_total: int, user: str) -> None:
    """Money paid on a cancelled invoice goes to its correction (up to the new amount); the rest stays
    on the payment for the manager to allocate (an overpayment after a fee cut).

    The allocations' ids are derived like the correction's own id, so two workstations that correct the
    same month offline insert the same rows: sync merges them instead of moving the money twice."""
    rows = session.execute(
        select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.amount_kop))
        .where(PaymentAllocation.invoice_id == old_id, PaymentAllocation.deleted_at.is_(None))
        .group_by(PaymentAllocation.payment_id)
    )
    room = new_total
    for payment_id, kop in rows:
        if not kop or kop <= 0:
            continue
        session.add(
            PaymentAllocation(
                id=allocation_id_for(old_id, new_id, payment_id, "out"),
                payment_id=payment_id,
                invoice_id=old_id,
                amount_kop=-kop,
                created_by=user,
            )
        )
        moved = min(kop, room)
        if moved > 0:
            session.add(
                PaymentAllocation(
                    id=allocation_id_for(old_id, new_id, payment_id, "in"),
                    payment_id=payment_id,
                    invoice_id=new_id,
                    amount_kop=moved,
                    created_by=user,
                )
            )
            room -= moved


def set_external_number(session: Session, form: ExternalNumberForm, *, user: str, today: date) -> Changes:
    """Record the number 1С gave the invoice (the legally issued one); bank purposes often cite it."""
    inv = session.get(Invoice, form.invoice_id)
    if inv is None or inv.deleted_at is not None:
        raise NotFoundError("Счёт не найден — обновите список (F5)")
    number = form.external_number.strip()
    if len(number) > 40:
        raise ValidationError([FieldError("external_number", "Номер в 1С: не длиннее 40 знаков")])
    if number:
        twin = session.scalar(
            select(Invoice.number).where(
                Invoice.external_number == number,
                Invoice.id != inv.id,
                Invoice.deleted_at.is_(None),
                Invoice.status == InvoiceStatus.ISSUED,
                Invoice.issued_on >= inv.issued_on.replace(month=1, day=1),
                Invoice.issued_on <= inv.issued_on.replace(month=12, day=31),
            )
        )
        if twin:
            raise ValidationError(
                [
                    FieldError(
                        "external_number", f"Номер в 1С: «{number}» уже записан у счёта № {twin} этого года"
                    )
                ]
            )
    inv.external_number = number
    inv.updated_by = user
    session.flush()
    return Changes.of(
        Area.INVOICES, record_id=inv.id, message=f"Счёт № {inv.number}: номер в 1С «{number}» записан"
    )
