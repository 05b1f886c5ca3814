"""Document numbers: a yearly series per form kind, unique across offline workstations.

Scheme chosen: **a per-workstation series prefix** (the ``document_series`` setting, e.g. «РМ1»), not numbers
confirmed by the server on sync. A number is ``{kind code}-{series}-{yy}-{seq:04d}``, e.g. ``АВ-РМ1-26-0007``:
the 7th service-visit act of 2026 issued on workstation РМ1. Why: the keeper and the manager print acts and
delivery papers offline and hand them to a client on the spot — the number on paper must be final at once;
a server-confirmed number would either block printing offline or change after the paper is signed. Two
workstations never collide because their series differ (set once per workstation in Настройки); within a
series the sequence is gap-free: the next number is allocated in the same transaction that stores the
issued document, so a failed print frees it again. Records that carry their own number (an invoice's
number from 1С or the billing run, a shipment's number) keep it: the paper shows the record's number.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.errors import UserError
from mos_desktop.models import DocumentKind, IssuedDocument

KIND_CODES: dict[DocumentKind, str] = {
    DocumentKind.INVOICE: "СЧ",
    DocumentKind.ACT: "А",
    DocumentKind.VISIT_ACT: "АВ",
    DocumentKind.HANDOVER_ACT: "АПП",
    DocumentKind.TORG12: "ТН",
    DocumentKind.UPD: "УПД",
    DocumentKind.TRANSPORT_WAYBILL: "ТрН",
    DocumentKind.INTERNAL_MOVE: "ПМ",
    DocumentKind.RECONCILIATION: "АС",
    DocumentKind.CLAIM_LETTER: "ПР",
}
CORRECTION_MARK = "-И"  # «АВ-РМ1-26-0007-И1»: the first correction of that act


def series_prefix(kind: DocumentKind, series: str, year: int) -> str:
    series = series.strip()
    if not series:
        raise UserError(
            "Не задана серия номеров документов этого рабочего места: укажите её в Настройках "
            "(например «РМ1»; у каждого рабочего места своя), чтобы номера не совпали с другими компьютерами"
        )
    return f"{KIND_CODES[kind]}-{series}-{year % 100:02d}-"


def next_number(session: Session, kind: DocumentKind, series: str, day: date) -> str:
    prefix = series_prefix(kind, series, day.year)
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    numbers = session.scalars(
        select(IssuedDocument.number).where(
            IssuedDocument.kind == kind, IssuedDocument.number.startswith(prefix)
        )
    )
    highest = max((int(m.group(1)) for n in numbers if (m := pattern.match(n))), default=0)
    return f"{prefix}{highest + 1:04d}"


def correction_number(session: Session, kind: DocumentKind, number: str) -> str:
    """The next correction of ``number`` (the original keeps its number and its record)."""
    base = number.split(CORRECTION_MARK)[0]
    taken = set(
        session.scalars(
            select(IssuedDocument.number).where(
                IssuedDocument.kind == kind, IssuedDocument.number.startswith(base + CORRECTION_MARK)
            )
        )
    )
    n = 1
    while f"{base}{CORRECTION_MARK}{n}" in taken:
        n += 1
    return f"{base}{CORRECTION_MARK}{n}"
