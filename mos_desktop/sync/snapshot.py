"""Initial sync: a snapshot of every synced table at a recorded seq, in key-ordered chunks, resumable.

In one REPEATABLE READ transaction the server's highest visible seq is read first; because appends are
serialised (advisory lock, commit order == seq order) the snapshot holds exactly the changes up to that
seq. Each table is read in primary-key order, chunk by chunk, PostgreSQL already rendering the
canonical local form (so Python does not touch each value). Every chunk is written in one SQLite
transaction together with the progress (table, last key), with the capture guard on. After a cut the next
run continues after the last key in a fresh snapshot; the pull afterwards starts from the *first*
snapshot's seq, so rows copied from a later snapshot are brought up to date by the log, never left stale.
Rows with unsent local edits are written through the pull's path, which keeps those edits on top.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Engine

from mos_desktop.sync.pull import _pending, _q, get_state, set_state, write_rows
from mos_desktop.sync.tables import TableSpec

Progress = Callable[[str, int, int], None]
CHUNK = 20_000


def _expr(col: str, kind: str) -> sql.Composable:
    c = sql.Identifier(col)
    if kind == "uuid":
        return sql.SQL("replace({}::text, '-', '')").format(c)
    if kind == "bool":
        return sql.SQL("{}::int").format(c)
    if kind == "datetime":
        return sql.SQL("to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')").format(c)
    if kind == "date":
        return sql.SQL("to_char({}, 'YYYY-MM-DD')").format(c)
    return c


def _typed(value: Any, kind: str) -> Any:
    if value is None:
        return None
    return int(value) if kind in ("int", "bool") else value


def needs_snapshot(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not get_state(conn, "initial_done") or bool(get_state(conn, "snapshot_seq"))


def snapshot(
    engine: Engine,
    pg: psycopg.Connection[Any],
    specs: dict[str, TableSpec],
    *,
    chunk: int = CHUNK,
    progress: Progress | None = None,
    after_chunk: Callable[[int], None] | None = None,
) -> int:
    """Copy every synced table; returns rows copied. Leaves the cursor at the snapshot's seq."""
    with engine.connect() as conn:
        snap_seq = get_state(conn, "snapshot_seq")
        done_tables = set(json.loads(get_state(conn, "snapshot_done", "[]")))
        last_key = get_state(conn, "snapshot_key")
    copied = 0
    with pg.transaction(), pg.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cur.execute("SELECT coalesce(max(seq), 0) FROM sync_change_log")
        (visible,) = cur.fetchone()  # type: ignore[misc]
        if not snap_seq:
            snap_seq = str(visible)
            with engine.begin() as conn:
                set_state(conn, "snapshot_seq", snap_seq)
        total = 0
        for name in specs:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
            total += cur.fetchone()[0]  # type: ignore[index]
        for name, spec in specs.items():
            if name in done_tables:
                continue
            cols = sql.SQL(", ").join(_expr(c, spec.kinds[c]) for c in spec.columns)
            pk = sql.Identifier(spec.pk)
            while True:
                where = (
                    sql.SQL("WHERE {} > {}::uuid").format(pk, sql.Literal(last_key))
                    if last_key
                    else sql.SQL("")
                )
                query = sql.SQL("SELECT {} FROM {} {} ORDER BY {} LIMIT {}").format(
                    cols, sql.Identifier(name), where, pk, sql.Literal(chunk)
                )
                cur.execute(query)
                rows = cur.fetchall()
                if not rows:
                    break
                last_key = rows[-1][spec.columns.index(spec.pk)]
                _write_chunk(engine, spec, specs, rows, name, last_key)
                copied += len(rows)
                if progress is not None:
                    progress("snapshot", copied, max(total, copied))
                if after_chunk is not None:
                    after_chunk(copied)
            done_tables.add(name)
            last_key = ""
            with engine.begin() as conn:
                set_state(conn, "snapshot_done", json.dumps(sorted(done_tables)))
                set_state(conn, "snapshot_key", "")
    with engine.begin() as conn:
        set_state(conn, "cursor", snap_seq)
        set_state(conn, "initial_done", "1")
        for key in ("snapshot_seq", "snapshot_done", "snapshot_key"):
            conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (key,))
    return copied


def _write_chunk(
    engine: Engine, spec: TableSpec, specs: dict[str, TableSpec], rows: list[Any], name: str, last_key: str
) -> None:
    pk_index = spec.columns.index(spec.pk)
    cols = spec.columns
    updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in cols if c != spec.pk)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # parents may come in a later chunk
        conn.commit()
        try:
            with conn.begin():
                pending = _pending(conn, [(name, r[pk_index]) for r in rows])
                plain = [r for r in rows if (name, r[pk_index]) not in pending]
                mine = [r for r in rows if (name, r[pk_index]) in pending]
                conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")
                if plain:
                    conn.exec_driver_sql(
                        f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in cols)}) VALUES "
                        f"({', '.join('?' * len(cols))}) ON CONFLICT({_q(spec.pk)}) DO UPDATE SET {updates}",
                        [
                            tuple(_typed(v, spec.kinds[c]) for c, v in zip(cols, r, strict=True))
                            for r in plain
                        ],
                    )
                if mine:
                    latest = {
                        (name, r[pk_index]): {
                            c: _typed(v, spec.kinds[c]) for c, v in zip(cols, r, strict=True)
                        }
                        for r in mine
                    }
                    write_rows(conn, latest, specs)
                conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 0 WHERE id = 1")
                set_state(conn, "snapshot_key", last_key)
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.commit()
