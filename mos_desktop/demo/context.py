"""Shared state of one demo generation: the seed, today, the rows to insert and what areas share."""

from __future__ import annotations

import bisect
import itertools
import os
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from mos_desktop.ids import uuid7
from mos_desktop.models import ClientStatus
from mos_desktop.timeutil import MOSCOW

MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

BILLABLE = (ClientStatus.ACTIVE, ClientStatus.SUSPENDED, ClientStatus.LEAVING, ClientStatus.PILOT)


@dataclass
class SiteInfo:
    id: uuid.UUID
    name: str
    address: str
    city: str
    far: bool
    access_points: int
    install_date: date | None


@dataclass
class ClientInfo:
    id: uuid.UUID
    number: int
    name: str
    legal_name: str
    inn: str
    status: ClientStatus
    manager: str
    domain: str
    contract: str  # "№ Д-2024/0153 от 12.03.2024"
    fees: list[tuple[date, int]]  # (valid from, monthly fee in kopecks), ascending; fee 0 = contract ended
    fee_start: date | None
    end_on: date | None  # terminated on
    profile: str  # payment behaviour: punctual, late, partial, bad
    account: str
    sites: list[SiteInfo] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    location_id: uuid.UUID | None = None  # stock location at the client's site, made on first delivery
    pilot_start: date | None = None

    def fee_on(self, day: date) -> int:
        fee = 0
        for valid_from, amount in self.fees:
            if valid_from <= day:
                fee = amount
        return fee

    def billable_on(self, day: date) -> bool:
        if self.fee_start is None or self.fee_start > day:
            return False
        if self.end_on is not None and self.end_on < day:
            return False
        if self.status not in BILLABLE and self.status != ClientStatus.TERMINATED:
            return False
        return self.fee_on(day) > 0


class Weighted:
    """A weighted choice table, built once: ``pick`` is one random number and a bisection."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cumulative = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_title(day: date) -> str:
    return f"{MONTHS_NOMINATIVE[day.month - 1]} {day.year}"


def workday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def workday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def workdays(start: date, end: date) -> list[date]:
    """Monday..Friday from ``start`` to ``end`` inclusive."""
    out = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


class Ctx:
    """One generation run. Areas add rows through :meth:`add` and share plain info through attributes."""

    def __init__(self, *, seed: int, today: date, months: int, clients: int) -> None:
        self.seed = seed
        self.today = today
        self.months = months
        self.n_clients = clients
        self.scale = clients / 300
        # The 15th of each billed month, oldest first, the last one not after today.
        last = today.replace(day=15) if today.day >= 15 else add_months(today, -1).replace(day=15)
        self.invoice_dates = [add_months(last, -k).replace(day=15) for k in range(months - 1, -1, -1)]
        self.window_start = month_start(self.invoice_dates[0])
        self.rows: dict[type, list[dict[str, Any]]] = defaultdict(list)
        self.clients: list[ClientInfo] = []
        self.managers: list[str] = []
        # Filled by the areas, read by the ones after them.
        self.shared: dict[str, Any] = {}
        # Ids: UUIDv7 from the moment the run starts, a 12-bit counter and 62 bits from the OS entropy
        # pool (never from the seeded streams, so two demo databases never share ids).
        first = uuid7().int
        self._id_ms = first >> 80
        self._id_counter = 0
        self._id_random = random.Random(os.urandom(16))

    def new_id(self) -> uuid.UUID:
        self._id_counter += 1
        if self._id_counter > 0xFFF:
            self._id_counter = 0
            self._id_ms += 1
        value = (self._id_ms << 80) | (0x7 << 76) | (self._id_counter << 64) | (0b10 << 62)
        return uuid.UUID(int=value | self._id_random.getrandbits(62))

    def rng(self, area: str) -> random.Random:
        """An independent, reproducible random stream per area."""
        return random.Random(f"mos-demo:{self.seed}:{area}")

    def add(self, model: type, **values: Any) -> uuid.UUID:
        row_id = values.get("id") or self.new_id()
        values["id"] = row_id
        self.rows[model].append(values)
        return row_id

    def count(self, n: float, minimum: int = 1) -> int:
        """``n`` things for a 300-client portfolio, scaled to this portfolio's size."""
        return max(minimum, round(n * self.scale))

    @staticmethod
    def at(day: date, hour: int, minute: int = 0) -> datetime:
        """An aware moment, Moscow wall time."""
        return datetime.combine(day, time(hour, minute), tzinfo=MOSCOW)

    def moment(self, rng: random.Random, day: date, first_hour: int = 9, last_hour: int = 18) -> datetime:
        return self.at(day, rng.randint(first_hour, last_hour - 1), rng.randrange(0, 60, 5))

    @property
    def history_days(self) -> int:
        return (self.today - self.window_start).days
