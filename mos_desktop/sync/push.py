"""Push: the outbox, in order, in batches; one PostgreSQL transaction per batch.

Per batch: look up which op ids ``sync_applied_ops`` already has (a retried batch whose local
acknowledgement was lost applies nothing twice), lock the touched rows (``SELECT ... FOR UPDATE``, one
query per table), decide every op with ``merge.decide`` and send the writes pipelined in one round trip.
If the server refuses anything (constraint, permission), the batch is rolled back to its savepoint and
redone op by op, each in its own savepoint: a refused op is recorded with the server's reason and the
ops behind it still apply. Every op id goes into ``sync_applied_ops`` with its outcome, then the batch
commits. Only then, in one SQLite transaction, the outbox rows are deleted and refused ops are stored in
``sync_rejected``. The new row versions come back with the next pull (which also brings the merged
result), so nothing else is written locally here.

Only errors about the data itself (constraint, permission, invalid value: ``is_transient`` is False)
refuse an op. An error that says "not now" (deadlock, serialization failure, lock or statement timeout,
server shutting down, out of memory or disk, too many connections) rolls the whole batch back with
nothing recorded: the ops stay in the outbox. A deadlock or serialization failure is retried in place a
few times (``RETRY_ATTEMPTS``); otherwise the cycle ends with ``ServerBusy`` (a ``SyncError``: the runner
tries again later).
"""

from __future__ import annotations

import functools
import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Engine

from mos_desktop.ids import uuid7
from mos_desktop.sync.connection import SyncError, _safe
from mos_desktop.sync.merge import Decision, Op, decide
from mos_desktop.sync.pull import to_rows, write_rows
from mos_desktop.sync.tables import TableSpec, canonical, to_server

Progress = Callable[[str, int, int], None]

# SQLSTATE classes and codes that say "not now", not "never" (PostgreSQL manual, appendix A): class 08
# connection, 40 transaction rollback (40001 serialization failure, 40P01 deadlock, 40003 completion
# unknown; not 40002, a constraint violation), 53 insufficient resources (out of memory, disk full, too many
# connections), 57 operator intervention (57014 statement timeout / cancel, 57P01 admin shutdown, 57P03
# cannot connect now), 58 system / I/O error; 55P03 lock_not_available (lock_timeout, NOWAIT), 55006
# object_in_use, 72000 snapshot_too_old; class XX internal error (a server fault, not the op's: refusing
# would revert the local edit for good).
TRANSIENT_CLASSES = frozenset({"08", "40", "53", "57", "58", "XX"})
TRANSIENT_CODES = frozenset({"55P03", "55006", "72000"})
NOT_TRANSIENT_CODES = frozenset({"40002"})
RETRY_CODES = frozenset({"40001", "40P01"})  # retried in place: the other transaction has moved on
RETRY_ATTEMPTS = 4  # one batch tried at most this many times in one cycle
RETRY_PAUSE_S = 0.05  # doubled after each attempt, with jitter


class ServerBusy(SyncError):
    """The server could not take a batch now (a transient error): nothing recorded, ops still pending."""


# What a refusal means for the user, by SQLSTATE (class or exact code); the server's own words follow.
REFUSALS = {
    "42501": "у вашей учётной записи нет прав на это изменение (роль задаёт администратор общей базы)",
    "23505": "такая запись уже есть в общей базе (повтор уникального значения)",
    "23503": "изменение ссылается на запись, которой нет в общей базе (её создание сервер не принял — см. выше)",
    "23502": "не заполнено обязательное поле",
    "23514": "значение не прошло проверку общей базы",
    "22": "значение не подходит для поля общей базы",
}


def refusal_reason(exc: psycopg.Error) -> str:
    """A Russian reason for a refused change, with PostgreSQL's text for the administrator."""
    code = getattr(exc, "sqlstate", None) or ""
    meaning = REFUSALS.get(code) or REFUSALS.get(code[:2], "")
    detail = (exc.diag.message_primary if exc.diag else None) or type(exc).__name__
    if meaning:
        return f"Сервер отклонил изменение: {meaning} ({detail})"
    return f"Сервер отклонил изменение: {detail}"


def is_transient(exc: BaseException) -> bool:
    """True for server errors that say "try again later" (the op itself is fine)."""
    code = getattr(exc, "sqlstate", None) or ""
    if not code or code in NOT_TRANSIENT_CODES:
        return False
    return code in TRANSIENT_CODES or code[:2] in TRANSIENT_CLASSES


class _Abort(Exception):
    """Raised inside a batch's transaction to roll it all back on a transient server error."""

    def __init__(self, error: psycopg.Error) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass
class PushResult:
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    duplicates: int = 0  # ops the server had already applied (a retried batch)
    retries: int = 0  # batches tried again in place after a deadlock or serialization failure


def read_outbox(engine: Engine, limit: int) -> list[Op]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, op_id, table_name, row_id, kind, cols, base FROM sync_outbox ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
    return [
        Op(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]) if r[6] else None) for r in rows
    ]


def pending_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar_one())


def _lock_rows(
    cur: psycopg.Cursor[Any], ops: list[Op], specs: dict[str, TableSpec]
) -> dict[tuple[str, str], dict[str, Any]]:
    by_table: dict[str, set[str]] = {}
    for op in ops:
        if op.table in specs:
            by_table.setdefault(op.table, set()).add(op.row_id)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for name, ids in by_table.items():
        spec = specs[name]
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in spec.columns)
        cur.execute(
            sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%s) FOR UPDATE").format(
                cols, sql.Identifier(name), sql.Identifier(spec.pk)
            ),
            ([uuid.UUID(hex=i) for i in sorted(ids)],),
        )
        for rec in cur.fetchall():
            row = {c: canonical(v, spec.kinds[c]) for c, v in zip(spec.columns, rec, strict=True)}
            rows[(name, row[spec.pk])] = row
    return rows


@functools.cache
def _insert_sql(table: str, cols: tuple[str, ...]) -> sql.Composed:
    return sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(sql.Identifier(c) for c in cols),
        sql.SQL(", ").join(sql.Placeholder() * len(cols)),
    )


@functools.cache
def _update_sql(table: str, cols: tuple[str, ...], pk: str) -> sql.Composed:
    return sql.SQL("UPDATE {} SET {} WHERE {} = %s").format(
        sql.Identifier(table),
        sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in cols),
        sql.Identifier(pk),
    )


# Who is named on a conflict: the people (``updated_by`` of my edit and of the server's row as it was
# before this op), not workstation ids; the workstation id only where an edit carries no name (the
# origin of the server row's version as it was before this op, not after: the op may update the row).
_CONFLICT_SQL = (
    "INSERT INTO sync_conflicts (id, table_name, row_id, column_name, base, mine, theirs, "
    "mine_by, theirs_by, created_at, updated_at, updated_by) VALUES (%s, %s, %s, %s, %s, "
    "%s, %s, %s, coalesce(nullif(%s, ''), (SELECT origin FROM sync_change_log WHERE seq = %s), ''), "
    "now(), now(), %s)"
)


def _statements(op: Op, d: Decision, spec: TableSpec, origin: str) -> list[tuple[Any, tuple[Any, ...]]]:
    """The server statements of one decided op (composed SQL is cached per table and column set)."""
    out: list[tuple[Any, tuple[Any, ...]]] = []
    if d.action in ("insert", "update"):
        cols = tuple(d.values)
        params = tuple(to_server(d.values[c], spec.kinds[c]) for c in cols)
        if d.action == "insert":
            out.append((_insert_sql(op.table, cols), params))
        else:
            out.append((_update_sql(op.table, cols, spec.pk), (*params, uuid.UUID(hex=op.row_id))))
    mine_by = str(op.cols.get("updated_by") or origin)
    for col, base, mine, theirs in d.conflicts:
        out.append(
            (
                _CONFLICT_SQL,
                (
                    uuid7(),
                    op.table,
                    uuid.UUID(hex=op.row_id),
                    col,
                    json.dumps(base, ensure_ascii=False),
                    json.dumps(mine, ensure_ascii=False),
                    json.dumps(theirs, ensure_ascii=False),
                    mine_by,
                    d.theirs_by,
                    d.theirs_seq,
                    origin,
                ),
            )
        )
    return out


def _plan(op: Op, rows: dict[tuple[str, str], dict[str, Any]], specs: dict[str, TableSpec]) -> Decision:
    spec = specs.get(op.table)
    if spec is None:
        return Decision("reject", reason=f"Таблица {op.table} неизвестна общей базе: обновите её")
    d = decide(op, rows.get((op.table, op.row_id)), spec)
    return d


def _advance(op: Op, d: Decision, rows: dict[tuple[str, str], dict[str, Any]]) -> None:
    key = (op.table, op.row_id)
    if d.action == "insert":
        rows[key] = dict(d.values)
    elif d.action == "update":
        rows[key] = {**rows[key], **d.values}


def _run_fast(cur: psycopg.Cursor[Any], ops: list[Op], rows: Any, specs: Any, origin: str) -> dict[str, Any]:
    """Decide every op in order (against the rows as the earlier ops of the batch leave them), then send
    the statements in order; runs of the same statement go as one ``executemany``, all in one pipeline."""
    outcomes: dict[str, Any] = {}
    statements: list[tuple[Any, tuple[Any, ...]]] = []
    for op in ops:
        d = _plan(op, rows, specs)
        if d.action == "reject":
            outcomes[op.op_id] = ("rejected", d.reason, 0)
            continue
        statements.extend(_statements(op, d, specs[op.table], origin))
        _advance(op, d, rows)
        outcomes[op.op_id] = ("applied" if d.action != "noop" else "noop", "", len(d.conflicts))
    with cur.connection.pipeline():
        i = 0
        while i < len(statements):
            j = i + 1
            while j < len(statements) and statements[j][0] is statements[i][0]:
                j += 1
            if j - i == 1:
                cur.execute(statements[i][0], statements[i][1])
            else:
                cur.executemany(statements[i][0], [params for _stmt, params in statements[i:j]])
            i = j
    return outcomes


def _run_slow(cur: psycopg.Cursor[Any], ops: list[Op], specs: Any, origin: str) -> dict[str, Any]:
    outcomes: dict[str, Any] = {}
    for op in ops:
        try:
            with cur.connection.transaction():
                d = _plan(op, _lock_rows(cur, [op], specs), specs)
                if d.action != "reject":
                    for stmt, params in _statements(op, d, specs[op.table], origin):
                        cur.execute(stmt, params)
        except psycopg.Error as exc:
            if cur.connection.broken or cur.connection.closed:
                raise
            if is_transient(exc):
                raise _Abort(exc) from exc
            outcomes[op.op_id] = ("rejected", refusal_reason(exc), 0)
            continue
        if d.action == "reject":
            outcomes[op.op_id] = ("rejected", d.reason, 0)
            continue
        outcomes[op.op_id] = ("applied" if d.action != "noop" else "noop", "", len(d.conflicts))
    return outcomes


def _push_batch_once(
    pg: psycopg.Connection[Any], ops: list[Op], specs: dict[str, TableSpec], origin: str
) -> dict:
    with pg.transaction(), pg.cursor() as cur:
        cur.execute("SELECT set_config('mos.origin', %s, true)", (origin,))
        cur.execute(
            "SELECT op_id, outcome, reason FROM sync_applied_ops WHERE op_id = ANY(%s)",
            ([uuid.UUID(hex=op.op_id) for op in ops],),
        )
        done = {r[0].hex: (r[1], r[2], 0, True) for r in cur.fetchall()}
        todo = [op for op in ops if op.op_id not in done]
        try:
            with pg.transaction():
                rows = _lock_rows(cur, todo, specs)
                outcomes = _run_fast(cur, todo, rows, specs, origin)
        except psycopg.Error as exc:
            if pg.broken or pg.closed:
                raise
            if is_transient(exc):
                raise _Abort(exc) from exc
            outcomes = _run_slow(cur, todo, specs, origin)
        cur.executemany(
            "INSERT INTO sync_applied_ops (op_id, origin, outcome, reason) VALUES (%s, %s, %s, %s)",
            [(uuid.UUID(hex=k), origin, v[0], v[1]) for k, v in outcomes.items()],
        )
    return {**outcomes, **done}


def push_batch(
    pg: psycopg.Connection[Any],
    ops: list[Op],
    specs: dict[str, TableSpec],
    origin: str,
    result: PushResult | None = None,
) -> dict:
    """Apply one batch in one server transaction; returns op_id -> (outcome, reason, conflicts).

    A transient server error rolls the batch back with nothing recorded; a deadlock or serialization
    failure is tried again in place (``RETRY_ATTEMPTS``), anything else transient raises ``ServerBusy``.
    """
    attempt = 1
    while True:
        try:
            return _push_batch_once(pg, ops, specs, origin)
        except _Abort as abort:
            error: psycopg.Error = abort.error
        except psycopg.Error as exc:  # e.g. at COMMIT, outside the per-op handling
            if pg.broken or pg.closed or not is_transient(exc):
                raise
            error = exc
        if pg.broken or pg.closed:
            raise error
        if error.sqlstate not in RETRY_CODES or attempt >= RETRY_ATTEMPTS:
            raise ServerBusy(
                f"Общая база временно не приняла изменения ({_safe(error)}). Ничего не потеряно: "
                "изменения остались в очереди, синхронизация повторится."
            ) from None
        if result is not None:
            result.retries += 1
        time.sleep(RETRY_PAUSE_S * 2 ** (attempt - 1) * (1 + random.random()))
        attempt += 1


def server_rows(
    pg: psycopg.Connection[Any], keys: set[tuple[str, str]], specs: dict[str, TableSpec]
) -> list[tuple[int, str, dict[str, Any]]]:
    """The server's current rows (as change-log JSON) for the given (table, row id) keys."""
    out: list[tuple[int, str, dict[str, Any]]] = []
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, row_id in keys:
        if table in specs:
            by_table.setdefault(table, []).append(uuid.UUID(hex=row_id))
    with pg.transaction(), pg.cursor() as cur:
        for table, ids in by_table.items():
            cur.execute(
                sql.SQL("SELECT t.version, to_jsonb(t) FROM {} AS t WHERE {} = ANY(%s)").format(
                    sql.Identifier(table), sql.Identifier(specs[table].pk)
                ),
                (ids,),
            )
            out.extend((int(v), table, data) for v, data in cur.fetchall())
    return sorted(out, key=lambda change: change[0])


def acknowledge(
    engine: Engine,
    ops: list[Op],
    outcomes: dict[str, Any],
    restore: list[tuple[int, str, dict[str, Any]]] | None = None,
    specs: dict[str, TableSpec] | None = None,
    orphans: set[tuple[str, str]] | None = None,
) -> None:
    """One SQLite transaction: outbox rows gone, refused ops kept with the server's reason, and the rows
    they touched put back to the server's values (``restore``), so a refused edit does not linger.

    ``orphans``: rows the server does not have at all (their INSERT was refused). They are marked deleted
    locally (``deleted_at``, capture guard on, so nothing is sent): they vanish from every list like on
    every other workstation, while their values stay in ``sync_rejected`` with the server's reason. Their
    children cannot be on the server either (foreign keys); their own inserts are refused the same way
    when pushed, so they follow. Nothing is hard-deleted: local foreign keys stay valid."""
    rejected = [op for op in ops if outcomes[op.op_id][0] == "rejected"]
    with engine.begin() as conn:
        if rejected:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_rejected (op_id, table_name, row_id, kind, cols, base, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        op.op_id,
                        op.table,
                        op.row_id,
                        op.kind,
                        json.dumps(op.cols, ensure_ascii=False),
                        json.dumps(op.base, ensure_ascii=False) if op.base is not None else None,
                        outcomes[op.op_id][1],
                    )
                    for op in rejected
                ],
            )
        conn.exec_driver_sql("DELETE FROM sync_outbox WHERE seq <= ?", (ops[-1].seq,))
        if restore and specs is not None:
            write_rows(conn, to_rows(restore, specs), specs)
        if orphans and specs is not None:
            _bury(conn, orphans, specs)


def _bury(conn: Any, orphans: set[tuple[str, str]], specs: dict[str, TableSpec]) -> None:
    now = canonical(datetime.now(UTC), "datetime")
    conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")
    for table, row_id in sorted(orphans):
        spec = specs.get(table)
        if spec is None or "deleted_at" not in spec.kinds:
            continue
        conn.exec_driver_sql(
            f'UPDATE "{table}" SET deleted_at = ? WHERE "{spec.pk}" = ? AND deleted_at IS NULL', (now, row_id)
        )
    conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 0 WHERE id = 1")


def push(
    engine: Engine,
    pg: psycopg.Connection[Any],
    specs: dict[str, TableSpec],
    origin: str,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    before_ack: Callable[[], None] | None = None,
) -> PushResult:
    result = PushResult()
    total = pending_count(engine)
    done = 0
    while True:
        ops = read_outbox(engine, batch_size)
        if not ops:
            return result
        outcomes = push_batch(pg, ops, specs, origin, result)
        if before_ack is not None:
            before_ack()  # tests: a crash after the server commit, before the local acknowledgement
        # Rows where the server kept other values than mine (refused, conflict, nothing to apply) are put
        # back to the server's values now: the pull may already be past the change that set them.
        refused = {
            (op.table, op.row_id)
            for op in ops
            if outcomes[op.op_id][0] in ("rejected", "noop") or outcomes[op.op_id][2]
        }
        restore = server_rows(pg, refused, specs) if refused else None
        on_server = {(table, data[specs[table].pk].replace("-", "")) for _v, table, data in restore or []}
        orphans = {
            (op.table, op.row_id)
            for op in ops
            if outcomes[op.op_id][0] == "rejected" and (op.table, op.row_id) not in on_server
        }
        acknowledge(engine, ops, outcomes, restore, specs, orphans)
        for op in ops:
            outcome = outcomes[op.op_id]
            result.applied += outcome[0] in ("applied", "noop")
            result.rejected += outcome[0] == "rejected"
            result.conflicts += outcome[2]
            result.duplicates += len(outcome) == 4
        done += len(ops)
        if progress is not None:
            progress("push", done, max(total, done))
