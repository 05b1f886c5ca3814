"""The Dostavista balance (process 3): a ledger of top-ups and per-delivery charges, the balance, and a
warning below the threshold of the settings (the list in Логистика, a task in Сегодня)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, ValidationError
from mos_desktop.models import DostavistaEntry
from mos_desktop.money import format_rub
from mos_desktop.services.payments.rules import billing_settings, parse_amount, parse_day
from mos_desktop.timeutil import MOSCOW, now_utc


@dataclass(frozen=True)
class DostavistaBalance:
    balance_kop: int
    threshold_kop: int
    last_at: datetime | None

    @property
    def low(self) -> bool:
        return self.balance_kop < self.threshold_kop

    @property
    def warning(self) -> str:
        if not self.low:
            return ""
        return f"Баланс Достависты {format_rub(self.balance_kop)} — меньше {format_rub(self.threshold_kop)}, пополните"


@dataclass
class DostavistaForm:
    kind: str  # "topup" or "charge"
    amount: str
    on: str | date | None = None  # default: now
    order_number: str = ""
    note: str = ""
    shipment_id: uuid.UUID | None = None


@dataclass
class DostavistaReversalForm:
    entry_id: uuid.UUID
    reason: str


def dostavista_low_kop() -> int:
    """The balance below which Dostavista must be topped up: the setting «Порог баланса Достависты»
    (``dostavista_low_rub``). The ledger list, its warning and Сегодня all ask here."""
    return billing_settings().dostavista_low_kop


def dostavista_balance(session: Session, *, threshold_kop: int | None = None) -> DostavistaBalance:
    """The balance now, against ``threshold_kop`` (default: the setting, ``dostavista_low_kop``)."""
    threshold = dostavista_low_kop() if threshold_kop is None else threshold_kop
    total, last = session.execute(
        select(func.coalesce(func.sum(DostavistaEntry.amount_kop), 0), func.max(DostavistaEntry.at)).where(
            DostavistaEntry.deleted_at.is_(None)
        )
    ).one()
    return DostavistaBalance(int(total), threshold, last)


def add_dostavista_entry(session: Session, form: DostavistaForm, *, user: str, today: date) -> Changes:
    errors: list[FieldError] = []
    amount = parse_amount(form.amount, "amount", "Сумма", errors)
    if form.kind not in ("topup", "charge"):
        errors.append(FieldError("kind", "Вид: пополнение или списание за доставку"))
    day = parse_day(form.on, "on", "Дата", errors, required=False)
    if day is not None and day > today:
        errors.append(FieldError("on", "Дата: в будущем — укажите сегодня или раньше"))
    if errors:
        raise ValidationError(errors)
    at = now_utc() if day is None or day == today else datetime.combine(day, time(12), MOSCOW)
    signed = amount if form.kind == "topup" else -amount
    entry = DostavistaEntry(
        at=at,
        amount_kop=signed,
        order_number=form.order_number.strip()[:60],
        note=form.note.strip()[:300],
        shipment_id=form.shipment_id,
        created_by=user,
        updated_by=user,
    )
    session.add(entry)
    session.flush()
    balance = dostavista_balance(session)
    what = "пополнение" if signed > 0 else "списание"
    return Changes.of(
        Area.DOSTAVISTA,
        record_id=entry.id,
        message=f"Достависта: {what} {format_rub(amount)}, баланс {format_rub(balance.balance_kop)}",
    )


def reverse_dostavista_entry(
    session: Session, form: DostavistaReversalForm, *, user: str, today: date
) -> Changes:
    """A wrong entry is reversed by its negation with the reason (the ledger is never edited)."""
    row = session.get(DostavistaEntry, form.entry_id)
    errors: list[FieldError] = []
    if row is None or row.deleted_at is not None:
        errors.append(FieldError("entry_id", "Запись не найдена — обновите список"))
    if not form.reason.strip():
        errors.append(FieldError("reason", "Причина: обязательное поле"))
    if errors:
        raise ValidationError(errors)
    assert row is not None
    entry = DostavistaEntry(
        at=now_utc(),
        amount_kop=-row.amount_kop,
        order_number=row.order_number,
        note=f"Сторно: {form.reason.strip()}"[:300],
        shipment_id=row.shipment_id,
        created_by=user,
        updated_by=user,
    )
    session.add(entry)
    session.flush()
    return Changes.of(
        Area.DOSTAVISTA,
        record_id=entry.id,
        message=f"Достависта: запись {format_rub(row.amount_kop)} сторнирована",
    )
