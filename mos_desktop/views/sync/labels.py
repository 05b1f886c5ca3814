"""Russian names for synced tables and columns (the main ones; anything else falls back to the raw name).

The non-Qt tables and helpers (``TABLES``, ``COLUMNS``, ``KINDS``, ``INTERNAL_COLUMNS``, ``table_title``,
``column_title``, ``kind_title``, ``value_text``) live in ``mos_desktop.sync.labels`` (the command line
prints them too) and are re-exported here, so every import of this module keeps working.
"""

from __future__ import annotations

from typing import Any

from mos_desktop.sync.labels import (
    COLUMNS,
    INTERNAL_COLUMNS,
    KINDS,
    MOSCOW,
    TABLES,
    column_title,
    kind_title,
    moscow_text,
    parse_moment,
    table_title,
    value_text,
)

__all__ = [
    "COLUMNS",
    "INTERNAL_COLUMNS",
    "KINDS",
    "MOSCOW",
    "SETTINGS_MENU",
    "TABLES",
    "column_title",
    "kind_title",
    "parse_moment",
    "table_title",
    "value_text",
    "when_text",
]


# The real menu item of the main window (views/main_window.py: menu «Сервис», action «Общая база…»);
# every message that sends the user to the settings names it this way.
SETTINGS_MENU = "«Сервис → Общая база…»"


def when_text(value: Any) -> str:
    """A stored UTC timestamp (datetime or ISO text) as Moscow time «23.11.2026 10:42»."""
    return moscow_text(value) if parse_moment(value) is not None else ""
