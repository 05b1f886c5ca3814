"""Bulk inserts for the payment cycle's large batches (a statement of 10,000 payments, a month's run).

One Core ``executemany`` per table in the caller's transaction: SQLite's capture triggers record every row
in ``sync_outbox`` exactly as they do for ORM inserts, without the ORM's per-object bookkeeping (and the
ORM's bulk insert splits a batch wherever the set of non-empty keys changes). Rows are plain dicts with
the same keys; column defaults still apply.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from mos_desktop.models.base import Base


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, object]]) -> None:
    if rows:
        session.execute(insert(cast(Table, model.__table__)), rows)
