"""How a list tints a row (``Row.level``) and orders rows by urgency: one rule for every list.

A dated task is overdue ("danger") once its day has passed and due soon ("warning") from ``soon_days``
before its day until the day itself; the lists sort danger first, then warning, plain, info, done.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mos_desktop.services.listing import Level

LEVEL_RANK = {"danger": 0, "warning": 1, "": 2, "info": 3, "ok": 4}


def due_level(day: date | None, today: date, *, soon_days: int = 0) -> Level:
    """A day already past: "danger"; today or within ``soon_days`` after it: "warning"; later or none: ""."""
    if day is None:
        return ""
    if day < today:
        return "danger"
    return "warning" if day <= today + timedelta(days=soon_days) else ""


def urgency_key(level: str, *rest: Any) -> tuple[Any, ...]:
    """Sort key: danger first, then warning, plain, info, done; ties broken by ``rest``."""
    return (LEVEL_RANK.get(level, 2), *rest)
