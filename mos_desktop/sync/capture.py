"""Local capture: SQLite triggers, generated from the table metadata, write every change of a synced
table into ``sync_outbox`` in the same transaction as the change itself.

An outbox row carries an op id made in SQL, the table, the primary key, the kind (insert / update /
delete), the changed columns with their new values and the base values they replaced (JSON, canonical
form, see ``tables``). Triggers also catch raw SQL, not only the ORM. Changes written by pull are not
captured: pull sets ``sync_apply_guard.active = 1`` inside its own transaction and every trigger checks
it in its WHEN clause. Bulk writers that must not reach the server (the demo generator) use
``suspended``, the one public way to write without capture. ``version`` is never captured and a change of only ``updated_at``/``updated_by``
is not a change. A local hard DELETE becomes a tombstone op (``deleted_at``): nothing synced is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table

from mos_desktop.sync.tables import BOOKKEEPING, STAMPS, TableSpec, default_tables, spec_for

GUARD = "(SELECT active FROM sync_apply_guard WHERE id = 1) IS NOT 1"
OP_ID = "lower(hex(randomblob(16)))"
NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


# SQLite allows a function 127 arguments by default (SQLITE_MAX_FUNCTION_ARG): 63 key-value pairs.
_JSON_OBJECT_MAX_PAIRS = 63


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json(prefix: str, columns: list[str], only_changed: bool) -> str:
    """The JSON object of ``columns`` of the row ``prefix`` (NEW or OLD); with ``only_changed``, of those
    whose value the update changed. Every column: one ``json_object`` call (a third cheaper per row than
    the aggregate, the same text), unless the table is wider than a function's argument limit."""
    if not only_changed and len(columns) <= _JSON_OBJECT_MAX_PAIRS:
        return "json_object(" + ", ".join(f"'{c}', {prefix}.{_q(c)}" for c in columns) + ")"
    parts = []
    for c in columns:
        cond = f" WHERE OLD.{_q(c)} IS NOT NEW.{_q(c)}" if only_changed else ""
        parts.append(f"SELECT '{c}' AS k, {prefix}.{_q(c)} AS v{cond}")
    return f"(SELECT json_group_object(k, v) FROM ({' UNION ALL '.join(parts)}))"


OUTBOX_COLUMNS = "(op_id, table_name, row_id, kind, cols, base)"


def _insert_op(spec: TableSpec) -> str:
    """The outbox values of one inserted row ``NEW``: the insert trigger's, and the bulk capture's."""
    data = [c for c in spec.columns if c not in BOOKKEEPING]
    return f"{OP_ID}, '{spec.name}', NEW.{_q(spec.pk)}, 'insert', {_json('NEW', data, False)}, NULL"


def trigger_sql(spec: TableSpec) -> dict[str, str]:
    """name -> CREATE TRIGGER statement for the three capture triggers of one table."""
    t, pk = spec.name, spec.pk
    data = [c for c in spec.columns if c not in BOOKKEEPING]
    tracked = [c for c in data if c not in STAMPS]
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in tracked)
    insert_cols = OUTBOX_COLUMNS
    return {
        f"sync_i_{t}": (
            f"CREATE TRIGGER sync_i_{t} AFTER INSERT ON {_q(t)} WHEN {GUARD} BEGIN "
            f"INSERT INTO sync_outbox {insert_cols} VALUES ({_insert_op(spec)}); END"
        ),
        f"sync_u_{t}": (
            f"CREATE TRIGGER sync_u_{t} AFTER UPDATE ON {_q(t)} WHEN {GUARD} AND ({changed}) BEGIN "
            f"INSERT INTO sync_outbox {insert_cols} VALUES ({OP_ID}, '{t}', NEW.{_q(pk)}, 'update', "
            f"{_json('NEW', data, True)}, {_json('OLD', data, True)}); END"
        ),
        f"sync_d_{t}": (
            f"CREATE TRIGGER sync_d_{t} AFTER DELETE ON {_q(t)} WHEN {GUARD} BEGIN "
            f"INSERT INTO sync_outbox {insert_cols} VALUES ({OP_ID}, '{t}', OLD.{_q(pk)}, 'delete', "
            f"json_object('deleted_at', coalesce(OLD.deleted_at, {NOW})), "
            f"json_object('deleted_at', OLD.deleted_at)); END"
        ),
    }


def install_capture(bind: Engine | Connection, tables: list[Table] | None = None) -> int:
    """Create or refresh the capture triggers (idempotent; only changed ones are rewritten).

    Returns how many triggers were (re)created.
    """
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            return install_capture(conn, tables)
    connection: Any = bind
    existing: dict[str, str] = dict(
        connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    )
    written = 0
    for table in tables if tables is not None else default_tables():
        for name, sql in trigger_sql(spec_for(table)).items():
            if existing.get(name) == sql:
                continue
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            connection.exec_driver_sql(sql)
            written += 1
    return written


@contextmanager
def suspended(connection: Connection, tables: Iterable[str] = ()) -> Iterator[None]:
    """Writes made on ``connection`` inside the block are not captured: they never reach the server.

    For bulk local data that must stay local (demo data must never mix with real data on the shared
    server). The capture guard is on for the whole block, and the capture triggers of ``tables`` (the
    ones the caller fills) are dropped and re-created verbatim afterwards, which saves the per-row
    trigger check (half the time of a bulk insert). Everything happens inside the caller's transaction,
    begun here if needed: a rollback restores the triggers and the guard too, and SQLite's single writer
    keeps other connections out until it commits. A no-op on other databases (no local capture there).
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw: Any = connection.connection.dbapi_connection
    if not raw.in_transaction:  # DDL outside a transaction would commit at once: begin one first
        connection.exec_driver_sql("BEGIN")
    guarded = (
        connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_apply_guard'"
        ).first()
        is not None
    )
    if guarded:
        connection.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")
    names = sorted(set(tables))
    saved: list[str] = []
    if names:
        marks = ", ".join("?" * len(names))
        found = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            f"WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\' AND tbl_name IN ({marks})",
            tuple(names),
        ).fetchall()
        for name, sql in found:
            connection.exec_driver_sql(f"DROP TRIGGER {_q(name)}")
            saved.append(str(sql))
    try:
        yield
    finally:
        for sql in saved:
            connection.exec_driver_sql(sql)
        if guarded:
            connection.exec_driver_sql("UPDATE sync_apply_guard SET active = 0 WHERE id = 1")


# Above this rowid a table's next rows may not get increasing rowids (SQLite then picks them at random).
_ROWID_LIMIT = 2**62


def insert_captured(connection: Connection, table: Table, sql: str, params: list[tuple[Any, ...]]) -> None:
    """Run the INSERT ``sql`` into ``table`` for every row of ``params`` (one ``executemany``) and capture
    the new rows with one ``INSERT … SELECT`` into ``sync_outbox`` instead of a trigger per row.

    The outbox rows are the ones the insert trigger writes (the same SQL expression makes them), in insert
    order, in the caller's transaction. It is a third of the time: SQLite runs a trigger as a sub-program
    per row and, in each, bumps the outbox's AUTOINCREMENT counter and reads the clock for ``created_at``;
    a single statement does both once. The capture guard is on only around the ``executemany``, which
    writes nothing but ``table``'s rows (they are found after it by their rowids, above the largest one
    before). Where that does not apply (not SQLite, a table without capture, capture already off, a
    WITHOUT ROWID table or rowids near the top of their range) the rows go in the ordinary way, captured
    by the trigger or not at all as before.
    """
    if not params:
        return
    name = table.name
    raw: Any = connection
    bulk = connection.dialect.name == "sqlite" and (
        raw.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?",
            (f"sync_i_{name}", name),
        ).first()
        is not None
    )
    with_rowid = table.dialect_options["sqlite"].get("with_rowid", True) is not False
    if bulk and with_rowid:
        guard = raw.exec_driver_sql("SELECT active FROM sync_apply_guard WHERE id = 1").scalar()
        before = raw.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {_q(name)}").scalar()
        bulk = guard != 1 and before < _ROWID_LIMIT
    else:
        bulk = False
    if not bulk:
        raw.exec_driver_sql(sql, params)
        return
    raw.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")
    try:
        raw.exec_driver_sql(sql, params)
    finally:
        raw.exec_driver_sql("UPDATE sync_apply_guard SET active = ? WHERE id = 1", (guard or 0,))
    raw.exec_driver_sql(
        f"INSERT INTO sync_outbox {OUTBOX_COLUMNS} SELECT {_insert_op(spec_for(table))} "
        f"FROM {_q(name)} AS NEW WHERE NEW.rowid > ? ORDER BY NEW.rowid",
        (before,),
    )
