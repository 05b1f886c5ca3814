"""Pull: pages of ``sync_change_log`` after my cursor; each page and the new cursor in one SQLite
transaction (a crash mid-pull resumes from the last whole page, nothing twice, nothing skipped).

The page is written with the capture guard on (``sync_apply_guard.active = 1`` inside the same
transaction), so pulled changes never come back into the outbox. Foreign keys are checked at commit
(``defer_foreign_keys``), so a page may hold a child before its parent. Rows with unsent local edits keep
those edits on top: the columns named by pending outbox ops are not overwritten (the ops will be pushed
and merged on the server), and a row deleted locally with its delete still pending is not brought back.
Because the server appends in commit order (advisory lock), a seq cursor never skips a late commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine

from mos_desktop.sync.connection import SyncError
from mos_desktop.sync.tables import TableSpec, canonical

Progress = Callable[[str, int, int], None]


def get_state(conn: Connection, key: str, default: str = "") -> str:
    row = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,)).first()
    return str(row[0]) if row else default


def set_state(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def cursor_of(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(get_state(conn, "cursor", "0"))


def _pending(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """Columns with unsent local edits, per (table, row id) of this page."""
    out: dict[tuple[str, str], set[str]] = {}
    ids = sorted({k[1] for k in keys})
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for table, row_id, cols in conn.exec_driver_sql(
            f"SELECT table_name, row_id, cols FROM sync_outbox WHERE row_id IN ({marks})", tuple(chunk)
        ):
            out.setdefault((table, row_id), set()).update(json.loads(cols))
    return out


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def to_rows(
    changes: list[tuple[int, str, dict[str, Any]]], specs: dict[str, TableSpec]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Server JSON rows -> canonical rows, the last change of each row only, in change order."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for _seq, table, data in changes:
        spec = specs.get(table)
        if spec is None:
            raise SyncError(
                f"Общая база содержит таблицу {table}, которой нет в этой версии MOS Desktop: обновите "
                "программу. Синхронизация остановлена, локальные данные не изменены."
            )
        row = {c: canonical(data[c], spec.kinds[c]) for c in spec.columns if c in data}
        latest.pop((table, row[spec.pk]), None)  # keep the order of the last change
        latest[(table, row[spec.pk])] = row
    return latest


def write_rows(
    conn: Connection, latest: dict[tuple[str, str], dict[str, Any]], specs: dict[str, TableSpec]
) -> None:
    """Write server rows locally with the capture guard on, keeping unsent local edits on top.

    Must run inside the caller's SQLite transaction (which it leaves with the guard off again).
    """
    conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    pending = _pending(conn, list(latest))
    plain: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
    for (table, row_id), row in latest.items():
        spec = specs[table]
        mine = pending.get((table, row_id))
        if mine is None:
            plain.setdefault((table, tuple(row)), []).append(tuple(row.values()))
            continue
        exists = conn.exec_driver_sql(f"SELECT 1 FROM {_q(table)} WHERE {_q(spec.pk)} = ?", (row_id,)).first()
        theirs = {c: v for c, v in row.items() if c not in mine and c != spec.pk}
        if exists and theirs:
            sets = ", ".join(f"{_q(c)} = ?" for c in theirs)
            conn.exec_driver_sql(
                f"UPDATE {_q(table)} SET {sets} WHERE {_q(spec.pk)} = ?", (*theirs.values(), row_id)
            )
    for (table, cols), params in plain.items():
        pk = specs[table].pk
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in cols if c != pk)
        conn.exec_driver_sql(
            f"INSERT INTO {_q(table)} ({', '.join(_q(c) for c in cols)}) "
            f"VALUES ({', '.join('?' * len(cols))}) ON CONFLICT({_q(pk)}) DO UPDATE SET {updates}",
            params,
        )
    conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 0 WHERE id = 1")


def apply_page(
    engine: Engine, changes: list[tuple[int, str, dict[str, Any]]], specs: dict[str, TableSpec]
) -> None:
    """Write one page of (seq, table, row json) and advance the cursor, atomically."""
    latest = to_rows(changes, specs)
    with engine.begin() as conn:
        write_rows(conn, latest, specs)
        set_state(conn, "cursor", str(changes[-1][0]))


def pull(
    engine: Engine,
    pg: psycopg.Connection[Any],
    specs: dict[str, TableSpec],
    *,
    page_size: int = 5000,
    progress: Progress | None = None,
    after_page: Callable[[int], None] | None = None,
) -> int:
    """Pull everything after the cursor; returns how many change-log entries were applied."""
    cursor = cursor_of(engine)
    with pg.cursor() as cur:
        cur.execute("SELECT count(*) FROM sync_change_log WHERE seq > %s", (cursor,))
        (expected,) = cur.fetchone()  # type: ignore[misc]
    total = 0
    while True:
        with pg.transaction(), pg.cursor() as cur:
            cur.execute(
                "SELECT seq, table_name, row_data FROM sync_change_log WHERE seq > %s ORDER BY seq LIMIT %s",
                (cursor, page_size),
            )
            changes = cur.fetchall()
        if not changes:
            return total
        apply_page(engine, changes, specs)
        cursor = changes[-1][0]
        total += len(changes)
        if progress is not None:
            progress("pull", total, max(total, int(expected)))
        if after_page is not None:
            after_page(total)
