"""One line of the agenda (``Task``) and the small text pieces its sources share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from mos_desktop.services.listing import Level
from mos_desktop.timeutil import to_moscow


@dataclass
class Task:
    level: Level
    when: date
    what: str
    client: str
    details: str
    kind: str  # what ``id`` is: "client", "shipment", ... (``Row.kind``)
    id: uuid.UUID
    amount: int | None = None  # kopecks
    at: datetime | None = None  # orders tasks of the same day (a training at 11:00 before one at 15:00)


def short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters (whitespace folded, "…" where cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hhmm(moment: datetime) -> str:
    return to_moscow(moment).strftime("%H:%M")


def joined(parts: Iterable[str | None], sep: str = ", ") -> str:
    """The non-empty parts joined: ["№ 5", "", None, "В пути"] → "№ 5, В пути"."""
    return sep.join(p for p in parts if p)


def phone_note(phone: str) -> str:
    return f"; тел. {phone}" if phone else ""
