"""Initial sync: a snapshot of every synced table at a recorded seq, in key-ordered chunks, resumable.

In one REPEATABLE READ transaction the server's highest visible seq is read first; because appends are
serialised (advisory lock, commit order == seq order) the snapshot holds exactly the changes up to that
seq. Each table is read in primary-key order, chunk by chunk, PostgreSQL already rendering the
canonical local form (so Python does not touch each value). Every chunk is written in one SQLite
transaction together with the progress (table, last key), with the capture guard on. After a cut the next
run continues after the last key in a fresh snapshot; the pull afterwards starts from the *first*
snapshot's seq, so rows copied from a later snapshot are brought up to date by the log, never left stale.
Rows with unsent local edits are written through the pull's path, which keeps those edits on top.

A table that is empty locally when its first chunk arrives is copied without its plain (non-unique)
indexes: they are dropped in that chunk's transaction, their SQL kept in ``sync_state``
(``snapshot_indexes``), and re-created (one sort each, much cheaper than 100,000 scattered inserts) in
the transaction of the table's last chunk. Unique indexes and the primary key stay, so no constraint is
ever off. After a cut mid-table the next ``snapshot`` re-creates them first; only lookups were slower
meanwhile, nothing was wrong.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Engine

from mos_desktop.db import DEFERRED_INDEXES_KEY, restore_deferred_indexes
from mos_desktop.sync.pull import _pending, _q, get_state, set_state, write_rows
from mos_desktop.sync.tables import TableSpec

Progress = Callable[[str, int, int], None]
CHUNK = 10_000  # rows per SQLite transaction (and per fetch): small enough to overlap reading and writing
QUEUE_DEPTH = 2  # chunks read ahead of the writer (memory: a few chunks of rows at most)
FIRST_CHUNK = 5_000
DEFER_CHECKPOINT = True  # measured: 10-20 % faster initial sync than a checkpoint per chunk
CHECKPOINT_ROWS = 250_000  # but the WAL file must not grow with the size of the whole database
SNAPSHOT_CACHE_KIB = 65_536  # page cache while copying: the indexes' pages stay in memory


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


class _Reader:
    """Reads the chunks of the tables still to copy on a background thread, one chunk ahead of the SQLite
    writer, so PostgreSQL's work and the transfer overlap the local writes. Yields (table, rows, rows
    left in that table after this chunk). The connection is used by this thread only until ``close()``.
    """

    def __init__(
        self,
        pg: psycopg.Connection[Any],
        specs: dict[str, TableSpec],
        todo: list[str],
        counts: dict[str, int],
        first_key: str,
        chunk: int,
    ) -> None:
        self._pg, self._specs, self._todo, self._counts = pg, specs, todo, counts
        self._first_key, self._chunk = first_key, chunk
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=QUEUE_DEPTH)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mos-snapshot-read", daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            key = self._first_key
            size = 0  # small first chunk (the writer starts at once), then doubling up to ``chunk``
            for name in self._todo:
                spec = self._specs[name]
                remaining = self._counts[name]
                if remaining <= 0:
                    key = ""
                    continue
                cols = sql.SQL(", ").join(_expr(c, spec.kinds[c]) for c in spec.columns)
                # One query per table on a server-side cursor, fetched chunk by chunk: the table is
                # read and sorted once (a LIMIT query per chunk would scan and sort it every time).
                with self._pg.cursor(name="mos_snapshot") as cur:
                    cur.execute(
                        sql.SQL("SELECT {} FROM {} {} ORDER BY {}").format(
                            cols, sql.Identifier(name), _after(spec.pk, key), sql.Identifier(spec.pk)
                        )
                    )
                    while remaining > 0 and not self._stop.is_set():
                        size = min(self._chunk, size * 2) if size else min(self._chunk, FIRST_CHUNK)
                        rows = cur.fetchmany(size)
                        if not rows:
                            break
                        remaining -= len(rows)
                        if not self._put((name, rows, remaining)):
                            return
                key = ""
            self._put(None)
        except BaseException as exc:  # handed to the writer's thread, raised there
            self._put(exc)

    def __iter__(self) -> Iterator[tuple[str, list[Any], int]]:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _checkpoint(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def _after(pk: str, key: str) -> sql.Composable:
    if not key:
        return sql.SQL("")
    return sql.SQL("WHERE {} > {}::uuid").format(sql.Identifier(pk), sql.Literal(key))


def _plain_indexes(conn: Any, name: str) -> list[tuple[str, str]]:
    """(index, CREATE INDEX sql) of the table's non-unique indexes made by CREATE INDEX."""
    out = []
    for row in conn.exec_driver_sql(f"PRAGMA index_list({_q(name)})").fetchall():
        index, unique, origin = row[1], row[2], row[3]
        if unique or origin != "c":
            continue
        found = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)
        ).scalar()
        if found:
            out.append((str(index), str(found)))
    return out


def _is_empty(conn: Any, name: str) -> bool:
    return bool(conn.exec_driver_sql(f"SELECT NOT EXISTS (SELECT 1 FROM {_q(name)})").scalar_one())


def _defer_indexes(conn: Any, name: str) -> None:
    """Inside the chunk's write transaction: drop the table's plain indexes, keep their SQL."""
    indexes = _plain_indexes(conn, name)
    if not indexes:
        return
    saved = json.loads(get_state(conn, DEFERRED_INDEXES_KEY, "{}"))
    saved[name] = [text for _index, text in indexes]
    set_state(conn, DEFERRED_INDEXES_KEY, json.dumps(saved))
    for index, _text in indexes:
        conn.exec_driver_sql(f"DROP INDEX {_q(index)}")


def _restore_indexes(conn: Any, name: str | None = None) -> None:
    """Inside a write transaction: re-create the deferred indexes (of one table, or all)."""
    restore_deferred_indexes(conn, name)


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
    with engine.begin() as conn:
        snap_seq = get_state(conn, "snapshot_seq")
        done_tables = set(json.loads(get_state(conn, "snapshot_done", "[]")))
        last_key = get_state(conn, "snapshot_key")
        if get_state(conn, DEFERRED_INDEXES_KEY):
            _restore_indexes(conn)  # a cut mid-table: the table is copied on with its indexes
    copied = 0
    with pg.transaction(), pg.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cur.execute("SELECT coalesce(max(seq), 0) FROM sync_change_log")
        (visible,) = cur.fetchone()  # type: ignore[misc]
        if not snap_seq:
            snap_seq = str(visible)
            with engine.begin() as conn:
                set_state(conn, "snapshot_seq", snap_seq)
        # Exact progress: what is left to copy (a resumed table counts from its last key).
        todo = [name for name in specs if name not in done_tables]
        counts: dict[str, int] = {}
        for i, name in enumerate(todo):
            cur.execute(
                sql.SQL("SELECT count(*) FROM {} {}").format(
                    sql.Identifier(name), _after(specs[name].pk, last_key if i == 0 else "")
                )
            )
            counts[name] = cur.fetchone()[0]  # type: ignore[index]
        total = sum(counts.values())
        position = {name: i for i, name in enumerate(todo)}
        reader = _Reader(pg, specs, todo, counts, last_key, chunk)
        checkpointed = 0
        started = {todo[0]} if todo and last_key else set()  # a resumed table: not from its start
        try:
            for name, rows, remaining in reader:
                first = name not in started
                started.add(name)
                done_tables.update(todo[: position[name]])  # the tables before it: copied or empty
                if remaining <= 0:
                    done_tables.add(name)  # recorded with its last chunk
                spec = specs[name]
                last_key = rows[-1][spec.columns.index(spec.pk)]
                _write_chunk(
                    engine, spec, specs, rows, name, last_key, done_tables if remaining <= 0 else None, first
                )
                copied += len(rows)
                if copied - checkpointed >= CHECKPOINT_ROWS:
                    _checkpoint(engine)
                    checkpointed = copied
                if progress is not None:
                    progress("snapshot", copied, max(total, copied))
                if after_chunk is not None:
                    after_chunk(copied)
        finally:
            reader.close()  # before the PostgreSQL transaction ends: the reader uses its connection
    with engine.begin() as conn:
        restore_deferred_indexes(conn)  # none should be left; never finish without them
        set_state(conn, "cursor", snap_seq)
        set_state(conn, "initial_done", "1")
        for key in ("snapshot_seq", "snapshot_done", "snapshot_key"):
            conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (key,))
    _checkpoint(engine)
    return copied


def _drop_capture(conn: Any, name: str) -> list[str]:
    """Drop the capture triggers of one table inside the caller's write transaction; their SQL back.

    Safe: SQLite has one writer, and this transaction holds the write lock from its first write until
    the triggers are re-created and it commits, so no other connection can write the table meanwhile
    (and a rollback restores them). Saves the per-row trigger check, most of a snapshot's SQLite time.
    """
    if not conn.connection.dbapi_connection.in_transaction:  # never outside a transaction
        return []
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE 'sync_%'",
        (name,),
    ).fetchall()
    for trigger, _sql in found:
        conn.exec_driver_sql(f"DROP TRIGGER {_q(trigger)}")
    return [str(text) for _trigger, text in found]


def _write_chunk(
    engine: Engine,
    spec: TableSpec,
    specs: dict[str, TableSpec],
    rows: list[Any],
    name: str,
    last_key: str,
    finished: set[str] | None = None,
    first: bool = False,
) -> None:
    """One chunk, one SQLite transaction. PostgreSQL already rendered every value in the local storage
    form (text, or int for integers and booleans), so the rows go to ``executemany`` untouched."""
    pk_index = spec.columns.index(spec.pk)
    cols = spec.columns
    updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in cols if c != spec.pk)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # parents may come in a later chunk
        # NORMAL (instead of FULL) while copying: in WAL mode a crash or power cut can only lose the
        # last chunks, never corrupt the file, and those chunks are copied again because the progress
        # key is committed in the same transaction. Set back to FULL before the connection is returned.
        conn.exec_driver_sql("PRAGMA synchronous = NORMAL")
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = -{SNAPSHOT_CACHE_KIB}")
        # No checkpoint after each chunk: pages changed by several chunks are copied into the database
        # file once, by the checkpoint at the end of the snapshot (``snapshot``).
        if DEFER_CHECKPOINT:
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
        conn.commit()
        try:
            with conn.begin():
                conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")  # starts the txn
                has_pending = conn.exec_driver_sql(
                    "SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = ?)", (name,)
                ).scalar_one()
                pending = _pending(conn, [(name, r[pk_index]) for r in rows]) if has_pending else {}
                plain = [r for r in rows if (name, r[pk_index]) not in pending] if pending else rows
                mine = [r for r in rows if (name, r[pk_index]) in pending]
                # more chunks to come into an empty table: worth deferring its plain indexes
                if first and finished is None and _is_empty(conn, name):
                    _defer_indexes(conn, name)
                if plain:
                    triggers = _drop_capture(conn, name)
                    conn.exec_driver_sql(
                        f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in cols)}) VALUES "
                        f"({', '.join('?' * len(cols))}) ON CONFLICT({_q(spec.pk)}) DO UPDATE SET {updates}",
                        plain,
                    )
                    for text in triggers:
                        conn.exec_driver_sql(text)
                if mine:
                    latest = {
                        (name, r[pk_index]): {
                            c: _typed(v, spec.kinds[c]) for c, v in zip(cols, r, strict=True)
                        }
                        for r in mine
                    }
                    write_rows(conn, latest, specs)
                conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 0 WHERE id = 1")
                if finished is not None and get_state(conn, DEFERRED_INDEXES_KEY):
                    _restore_indexes(conn, name)
                if finished is None:
                    set_state(conn, "snapshot_key", last_key)
                else:  # the table's last chunk: the table is done, the next one starts from its first key
                    set_state(conn, "snapshot_done", json.dumps(sorted(finished)))
                    set_state(conn, "snapshot_key", "")
        finally:
            conn.exec_driver_sql("PRAGMA synchronous = FULL")
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 1000")
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.commit()
