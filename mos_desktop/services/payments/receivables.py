"""Receivables: every unpaid or partly paid invoice with its age, per client by ageing bucket, and the
debtors report (json / csv / xlsx) for ``mos-desktop report debtors``.

Ageing counts days past the due date (the issue date when there is none): not yet due, 1–30, 31–60,
61–90, over 90.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import Client, Invoice
from mos_desktop.money import format_rub, kopecks_to_decimal
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.payments.rules import AGEING_BUCKETS, ageing_bucket
from mos_desktop.services.queries import unpaid_invoices
from mos_desktop.services.table_export import (
    csv_bytes,
    in_format,
    json_bytes,
    program_cell,
    xlsx_bytes,
    xlsx_sheet,
)

DEBTOR_FIELDS = ("inn", "client", "invoice_number", "invoice_date", "amount", "paid", "due", "days_overdue")
DEBTOR_HEADERS = (
    "ИНН",
    "Клиент",
    "Номер счёта",
    "Дата счёта",
    "Сумма",
    "Оплачено",
    "Срок оплаты",
    "Дней просрочки",
)


@dataclass(frozen=True)
class DebtorRow:
    invoice_id: uuid.UUID
    client_id: uuid.UUID
    inn: str
    client: str
    invoice_number: str
    invoice_date: date
    amount_kop: int
    paid_kop: int
    due: date
    days_overdue: int

    @property
    def remaining_kop(self) -> int:
        return self.amount_kop - self.paid_kop

    @property
    def bucket(self) -> str:
        return ageing_bucket(self.days_overdue)


def debtor_rows(session: Session, today: date) -> list[DebtorRow]:
    """One row per unpaid or partly paid live invoice issued up to ``today``, by client then date."""
    unpaid = unpaid_invoices(today)
    query = (
        select(
            unpaid.c.id,
            unpaid.c.client_id,
            Client.inn,
            Client.name,
            Invoice.number,
            unpaid.c.issued_on,
            unpaid.c.total_kop,
            unpaid.c.paid_kop,
            unpaid.c.due_on,
        )
        .join(Invoice, Invoice.id == unpaid.c.id)
        .join(Client, Client.id == unpaid.c.client_id)
        .where(Client.deleted_at.is_(None))
    )
    rows = [
        DebtorRow(iid, cid, inn, name, number, issued, total, paid, due, max((today - due).days, 0))
        for iid, cid, inn, name, number, issued, total, paid, due in session.execute(query)
    ]
    rows.sort(key=lambda r: (r.client, r.inn, r.invoice_date, r.invoice_number))
    return rows


@dataclass
class ClientAgeing:
    client_id: uuid.UUID
    client: str
    inn: str
    buckets: dict[str, int]  # bucket key → kopecks
    invoices: int

    @property
    def total_kop(self) -> int:
        return sum(self.buckets.values())


def ageing(session: Session, today: date) -> list[ClientAgeing]:
    """Per client, what it owes in each ageing bucket; the largest debt first."""
    by_client: dict[uuid.UUID, ClientAgeing] = {}
    for r in debtor_rows(session, today):
        entry = by_client.get(r.client_id)
        if entry is None:
            entry = ClientAgeing(r.client_id, r.client, r.inn, {k: 0 for k, *_ in AGEING_BUCKETS}, 0)
            by_client[r.client_id] = entry
        entry.buckets[r.bucket] += r.remaining_kop
        entry.invoices += 1
    return sorted(by_client.values(), key=lambda e: (-e.total_kop, e.client))


def list_receivables(session: Session, *, today: date) -> Listing:
    """Дебиторка: per client, the debt by ageing bucket; tinted by its oldest bucket."""
    entries = ageing(session, today)
    rows: list[Row] = []
    totals = {k: 0 for k, *_ in AGEING_BUCKETS}
    for e in entries:
        level: Level = ""
        if e.buckets["d90_plus"] or e.buckets["d61_90"]:
            level = "danger"
        elif e.buckets["d31_60"] or e.buckets["d1_30"]:
            level = "warning"
        values = (e.client, e.inn, e.invoices, *(e.buckets[k] for k, *_ in AGEING_BUCKETS), e.total_kop)
        rows.append(Row(e.client_id, values, level, kind="client"))
        for k in totals:
            totals[k] += e.buckets[k]
    summary = ""
    if rows:
        grand = sum(totals.values())
        parts = ", ".join(f"{title}: {format_rub(totals[k])}" for k, title, *_ in AGEING_BUCKETS if totals[k])
        summary = f"Дебиторка: {format_rub(grand)} у {len(rows)} клиентов ({parts})"
    columns = [
        Column("client", "Клиент", stretch=True),
        Column("inn", "ИНН"),
        Column("invoices", "Счетов", "int"),
        *(Column(k, title, "money") for k, title, *_ in AGEING_BUCKETS),
        Column("total", "Всего", "money"),
    ]
    return Listing(columns, rows, summary)


def list_debtors(session: Session, *, today: date) -> Listing:
    """Every unpaid or partly paid invoice (the rows of ``report debtors``)."""
    rows: list[Row] = []
    for r in debtor_rows(session, today):
        level: Level = "danger" if r.days_overdue > 30 else "warning" if r.days_overdue else ""
        values = (
            r.inn, r.client, r.invoice_number, r.invoice_date, r.amount_kop, r.paid_kop, r.due, r.days_overdue
        )  # fmt: skip
        rows.append(Row(r.invoice_id, values, level, kind="invoice"))
    columns = [
        Column("inn", "ИНН"),
        Column("client", "Клиент", stretch=True),
        Column("invoice_number", "Номер счёта"),
        Column("invoice_date", "Дата счёта", "date"),
        Column("amount", "Сумма", "money"),
        Column("paid", "Оплачено", "money"),
        Column("due", "Срок оплаты", "date"),
        Column("days_overdue", "Дней просрочки", "int"),
    ]
    total = sum(r.values[4] - r.values[5] for r in rows)
    summary = f"Неоплаченных счетов: {len(rows)}, долг {format_rub(total)}" if rows else ""
    return Listing(columns, rows, summary)


# --- the debtors report ---------------------------------------------------------------------------------
def _json_value(value: Any, kind: str) -> Any:
    if kind == "money":
        return str(kopecks_to_decimal(value))
    if isinstance(value, date):
        return value.isoformat()
    return value


def listing_json(listing: Listing) -> bytes:
    """JSON for programs: keys are the column keys, ISO dates, money as decimal strings."""
    data = [
        {c.key: _json_value(v, c.kind) for c, v in zip(listing.columns, row.values, strict=True)}
        for row in listing.rows
    ]
    return json_bytes(data)


def listing_csv(listing: Listing) -> bytes:
    """CSV for programs, as the JSON: the column keys as the header, ',', ISO dates, rubles with a point
    (people get the XLSX, with Russian headers and real numbers)."""
    return csv_bytes(
        [c.key for c in listing.columns],
        (
            [
                program_cell(kopecks_to_decimal(v) if c.kind == "money" else v)
                for c, v in zip(listing.columns, row.values, strict=True)
            ]
            for row in listing.rows
        ),
        for_excel=False,
    )


def listing_xlsx(listing: Listing, sheet: str) -> bytes:
    """XLSX with real numbers and dates, ИНН as text, a bold frozen header."""
    from openpyxl.cell import WriteOnlyCell

    widths = [40 if c.stretch else 16 for c in listing.columns]
    wb, ws = xlsx_sheet(sheet, [c.title for c in listing.columns], widths=widths)
    for row in listing.rows:
        cells = []
        for c, v in zip(listing.columns, row.values, strict=True):
            if c.kind == "money":
                cell = WriteOnlyCell(ws, value=kopecks_to_decimal(v))
                cell.number_format = "#,##0.00"
            elif isinstance(v, date):
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "DD.MM.YYYY"
            else:
                cell = WriteOnlyCell(ws, value=v)
                if c.key == "inn":
                    cell.number_format = "@"
            cells.append(cell)
        ws.append(cells)
    return xlsx_bytes(wb)


def export_listing(listing: Listing, fmt: str, *, sheet: str) -> bytes:
    return in_format(
        fmt,
        json=lambda: listing_json(listing),
        csv=lambda: listing_csv(listing),
        xlsx=lambda: listing_xlsx(listing, sheet),
    )


def export_debtors(session: Session, fmt: str, *, today: date) -> bytes:
    """``report debtors``: inn, client, invoice_number, invoice_date, amount, paid, due, days_overdue."""
    return export_listing(list_debtors(session, today=today), fmt, sheet=f"Должники {today:%d.%m.%Y}")


def export_receivables(session: Session, fmt: str, *, today: date) -> bytes:
    return export_listing(list_receivables(session, today=today), fmt, sheet=f"Дебиторка {today:%d.%m.%Y}")
