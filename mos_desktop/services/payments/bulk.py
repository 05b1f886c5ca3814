"""Bulk inserts for the payment cycle's large batches (a statement of 10,000 payments, a month's run).

One ``executemany`` per table in the caller's transaction, captured for sync by one ``INSERT … SELECT``
(``sync.capture.insert_captured``: the outbox rows the per-row triggers would write, a third of the time),
without the ORM's per-object bookkeeping (and the ORM's bulk insert splits a batch wherever the set of
non-empty keys changes). Rows are plain dicts with the same
keys; the columns' Python defaults are applied here, server defaults by the database.

The statement is compiled once and each column's bind processor (UUIDs, aware timestamps, enums) is looked
up once, then applied row by row in plain Python: SQLAlchemy's per-row parameter processing was a third of
a 10,000-payment import. PostgreSQL (never the target of these batches today) takes the Core path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from mos_desktop.models.base import Base
from mos_desktop.sync.capture import insert_captured


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    table = cast(Table, model.__table__)
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    given = list(rows[0])
    defaults: list[tuple[str, Callable[[], Any]]] = []
    for column in table.columns:
        if column.key in given or column.default is None:
            continue
        default: Any = column.default
        if getattr(default, "is_callable", False):
            defaults.append((column.key, partial(default.arg, None)))  # SQLAlchemy's wrapper takes a context
        elif getattr(default, "is_scalar", False):
            defaults.append((column.key, partial(_same, default.arg)))
    names = given + [name for name, _make in defaults]
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    marks = ", ".join("?" for _ in names)
    sql = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({quoted}) VALUES ({marks})"

    keys = {column.key for column in table.primary_key.columns}
    # Most columns (text, numbers) need no conversion. The others repeat their values (a batch's one
    # timestamp, a few hundred clients and dates, a handful of enum members), so each converted value is
    # kept per column; the primary key's, unique, is converted row by row.
    converted: list[tuple[int, Callable[[Any], Any], dict[Any, Any] | None]] = [
        (i, process, None if names[i] in keys else {}) for i, process in enumerate(processors) if process
    ]

    def values(row: dict[str, object]) -> tuple[Any, ...]:
        out: list[Any] = [row[name] for name in given]
        out.extend(make() for _name, make in defaults)
        for i, process, seen in converted:
            value = out[i]
            if value is None:
                continue
            if seen is None:
                out[i] = process(value)
            else:
                done = seen.get(value)
                if done is None:
                    done = seen[value] = process(value)
                out[i] = done
        return tuple(out)

    params = [values(row) for row in rows]
    insert_captured(connection, table, sql, params)


def _same(value: Any) -> Any:
    return value
