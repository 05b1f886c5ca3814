"""Turns a ``Listing`` into display strings and search keys. Pure Python: runs in the worker thread.

Everything the table shows is formatted once here (not in ``data()`` on every paint), so painting,
filtering and sorting never format values again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mos_desktop.money import format_rub
from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.timeutil import format_date, format_datetime

RIGHT_ALIGNED_KINDS = frozenset({"money", "int"})


def format_value(kind: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if kind == "money":
        return format_rub(int(value))
    if kind == "int":
        return f"{int(value):,}".replace(",", "\u00a0")
    if kind == "date":
        return format_date(value) if isinstance(value, date) else str(value)
    if kind == "datetime":
        return format_datetime(value) if isinstance(value, datetime) else str(value)
    if kind == "bool":
        return "да" if value else ""
    return str(value)


def sort_key(value: Any) -> Any:
    """A key comparable within one column: text case-insensitively, numbers and dates as themselves."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass
class Prepared:
    """A listing ready for the model: one display tuple and one lower-case search key per row."""

    columns: list[Column]
    rows: list[Row]
    display: list[tuple[str, ...]]
    keys: list[str]
    summary: str = ""
    total: int = 0
    extras: dict[str, Any] = field(default_factory=dict)


def prepare_rows(columns: Sequence[Column], rows: Sequence[Row]) -> tuple[list[tuple[str, ...]], list[str]]:
    kinds = [c.kind for c in columns]
    display: list[tuple[str, ...]] = []
    keys: list[str] = []
    for row in rows:
        shown = tuple(format_value(kind, value) for kind, value in zip(kinds, row.values, strict=False))
        display.append(shown)
        keys.append(row.search_text.lower() if row.search_text else " ".join(shown).lower())
    return display, keys


def prepare(listing: Listing) -> Prepared:
    display, keys = prepare_rows(listing.columns, listing.rows)
    return Prepared(
        columns=list(listing.columns),
        rows=list(listing.rows),
        display=display,
        keys=keys,
        summary=listing.summary,
        total=len(listing.rows),
    )
