"""Pure rules of the money cycle: the settings they read, parsing what users type, ageing buckets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from mos_desktop.errors import FieldError
from mos_desktop.money import MoneyFormatError, parse_rub

if TYPE_CHECKING:
    from mos_desktop.config import Settings

INVOICE_ISSUE_DAY = 15  # process 8: invoices go out on the 15th
DEFAULT_COLLECTION_START_DAY = 20  # process 2: collection calls from the 20th
DEFAULT_DOSTAVISTA_LOW_KOP = 300_000
_ACCOUNT = re.compile(r"[0-9]{20}")


@dataclass(frozen=True)
class BillingSettings:
    """What the money cycle reads from the settings; the GUI and the CLI build it with ``from_settings``."""

    our_accounts: frozenset[str] = frozenset()
    invoice_series: str = ""
    collection_start_day: int = DEFAULT_COLLECTION_START_DAY
    dostavista_low_kop: int = DEFAULT_DOSTAVISTA_LOW_KOP

    @classmethod
    def from_settings(cls, settings: Settings) -> BillingSettings:
        accounts = {a for a in _ACCOUNT.findall(settings.company_accounts)}
        if settings.bank_account.strip():
            accounts.add(settings.bank_account.strip())
        day = settings.collection_start_day
        return cls(
            our_accounts=frozenset(accounts),
            invoice_series=(settings.invoice_series or settings.document_series).strip(),
            collection_start_day=day if 1 <= day <= 28 else DEFAULT_COLLECTION_START_DAY,
            dostavista_low_kop=max(settings.dostavista_low_rub, 0) * 100,
        )


def billing_settings() -> BillingSettings:
    """The money cycle's settings as saved now (the settings file: a few hundred bytes, read per call so
    a change in Настройки reaches the next list load). The one place the lists, Сегодня and the commands
    take the call list's start day and the Dostavista threshold from."""
    from mos_desktop import config

    return BillingSettings.from_settings(config.load_settings())


# --- what users type ------------------------------------------------------------------------------------
def parse_day(
    raw: object, field: str, label: str, errors: list[FieldError], *, required: bool = True
) -> date | None:
    """A date typed as ДД.ММ.ГГГГ or ISO, or already a date."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = "" if raw is None else str(raw).strip()
    if not text:
        if required:
            errors.append(FieldError(field, f"{label}: укажите дату, например 15.01.2027"))
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(FieldError(field, f"{label}: дата в виде ДД.ММ.ГГГГ, например 15.01.2027"))
    return None


def parse_amount(raw: object, field: str, label: str, errors: list[FieldError]) -> int:
    """A positive amount in rubles as typed («12 000,50») → kopecks; 0 after an error."""
    try:
        kop = parse_rub(raw if isinstance(raw, str | int) else str(raw or ""))
    except MoneyFormatError as exc:
        errors.append(FieldError(field, f"{label}: {exc}"))
        return 0
    if kop <= 0:
        errors.append(FieldError(field, f"{label}: сумма должна быть больше нуля"))
    return kop


def parse_month(raw: object) -> date:
    """«2026-11», «11.2026» or a date → the first day of that month; ``ValueError`` otherwise."""
    if isinstance(raw, date):
        return raw.replace(day=1)
    text = str(raw or "").strip()
    for pattern in (r"(\d{4})-(\d{1,2})", r"(\d{1,2})\.(\d{4})"):
        m = re.fullmatch(pattern, text)
        if m:
            a, b = (int(g) for g in m.groups())
            year, month = (a, b) if a > 12 else (b, a)
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return date(year, month, 1)
    raise ValueError(text)


# --- ageing ---------------------------------------------------------------------------------------------
AGEING_BUCKETS: tuple[tuple[str, str, int, int | None], ...] = (
    # key, Russian title, first day overdue, last day overdue (None: no end)
    ("current", "Срок не наступил", 0, 0),
    ("d1_30", "1–30 дней", 1, 30),
    ("d31_60", "31–60 дней", 31, 60),
    ("d61_90", "61–90 дней", 61, 90),
    ("d90_plus", "Больше 90 дней", 91, None),
)


def ageing_bucket(days_overdue: int) -> str:
    """The bucket key of a debt ``days_overdue`` days past its due date (0 or less: not yet due)."""
    for key, _title, first, last in AGEING_BUCKETS:
        if days_overdue <= 0:
            return "current"
        if days_overdue >= first and (last is None or days_overdue <= last):
            return key
    return "d90_plus"  # pragma: no cover - the last bucket has no end
