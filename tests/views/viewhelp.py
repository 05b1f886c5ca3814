"""Plain helpers shared by the view tests (a module of its own: two conftest.py files cannot both be
imported as ``conftest``)."""

from __future__ import annotations

from datetime import date

from mos_desktop.validation import complete_inn

TODAY = date(2026, 11, 23)


def inn_for(n: int) -> str:
    return complete_inn(f"77{n:07d}")
