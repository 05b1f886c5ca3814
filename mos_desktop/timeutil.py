"""Business time: the 15th and the 20th are Moscow dates, whatever the workstation's clock zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_moscow() -> date:
    return datetime.now(MOSCOW).date()


def to_moscow(moment: datetime) -> datetime:
    return moment.astimezone(MOSCOW)


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    return to_moscow(value).strftime("%d.%m.%Y %H:%M") if value else ""
