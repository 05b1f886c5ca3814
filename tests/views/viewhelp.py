"""Plain helpers shared by the view tests (a module of its own: two conftest.py files cannot both be
imported as ``conftest``)."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from sqlalchemy import func, select

from mos_desktop.services.records.commands import new_record, save_record
from mos_desktop.validation import complete_inn

TODAY = date(2026, 11, 23)
SHOTS = os.environ.get("MOS_SHOTS")  # a folder: each dialog ``shot`` saved as PNG to look at


def inn_for(n: int) -> str:
    return complete_inn(f"77{n:07d}")


def shot(widget: Any, name: str) -> None:
    """``widget`` as ``SHOTS/name.png`` when ``MOS_SHOTS`` names a folder; nothing otherwise."""
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def add_record(db: Any, record: str, **values: Any) -> Any:
    """A new ``record`` (a kind of the generic record dialog) with ``values``, saved; its id."""
    with db.session() as s:
        form = new_record(record)
        form.values.update(values)
        return save_record(s, form, user="t", today=TODAY).record_id


def count_rows(db: Any, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)
