"""Transient server errors (lock timeout, serialization failure, deadlock) never become rejected changes:
the batch is rolled back with nothing recorded, the ops stay pending and go through on a later try. Data
errors (permission denied) are still refused with the server's reason."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from synchelp import (
    WAIT_S,
    edit,
    move,
    new_client,
    new_stock,
    outbox,
    server_rows,
    sync,
    table_dump,
    wait_for,
)

from mos_desktop.models import Client, Invoice, Item
from mos_desktop.sync import push as push_mod
from mos_desktop.sync.connection import SyncError
from mos_desktop.sync.engine import sync_once
from mos_desktop.sync.push import ServerBusy, is_transient, push
from mos_desktop.sync.server_schema import add_user
from mos_desktop.sync.tables import specs

pytestmark = pytest.mark.pg


def waiting_on_lock(dsn: str, pid: int) -> bool:
    """The backend ``pid`` is blocked on a heavyweight lock (a row lock wait shows up as one)."""
    rows = server_rows(dsn, "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,))
    return bool(rows) and rows[0][0] == "Lock"


@pytest.fixture
def conns(server: str) -> Iterator[Callable[..., psycopg.Connection[Any]]]:
    opened: list[psycopg.Connection[Any]] = []

    def make(dsn: str = server, **settings: str) -> psycopg.Connection[Any]:
        conn = psycopg.connect(dsn, password=settings.pop("password", None))
        for name, value in settings.items():
            conn.execute(f"SET {name} = '{value}'")
        conn.commit()
        opened.append(conn)
        return conn

    yield make
    for conn in opened:
        conn.close()


def _recorded(dsn: str) -> int:
    return int(server_rows(dsn, "SELECT count(*) FROM sync_applied_ops")[0][0])


def _rejected(database: Any) -> list[tuple[Any, ...]]:
    with database.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT table_name, reason FROM sync_rejected")]


def test_error_classification() -> None:
    for code in ("40001", "40P01", "55P03", "57014", "57P01", "57P03", "53100", "53200", "53300", "08006"):
        assert is_transient(psycopg.errors.lookup(code)()), code
    for code in ("23505", "23503", "42501", "22P02", "22001", "40002", "42P01"):
        assert not is_transient(psycopg.errors.lookup(code)()), code
    assert not is_transient(psycopg.DataError("client-side, no SQLSTATE"))


def test_lock_timeout_keeps_the_op_pending_and_the_next_sync_applies_it(server, replicas, conns) -> None:
    a = replicas("a")
    c = new_client(a, "Исходное")
    sync(a, server)
    before = _recorded(server)
    edit(a, Client, c, name="Новое")
    holder = conns()
    holder.execute("SELECT 1 FROM clients WHERE id = %s FOR UPDATE", (c,))  # kept locked (open txn)
    pg = conns(lock_timeout="200ms")
    with pytest.raises(ServerBusy, match="временно не приняла") as caught:
        sync_once(a, server, pg=pg)
    assert isinstance(caught.value, SyncError)  # the runner's retryable error
    assert len(outbox(a)) == 1 and _rejected(a) == []
    assert _recorded(server) == before  # nothing recorded on the server: the batch was rolled back
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("Исходное",)]
    holder.rollback()
    report = sync_once(a, server, pg=pg)  # the same connection is still usable
    assert report.pushed == 1 and report.rejected == 0 and report.pending == 0
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("Новое",)]
    assert _rejected(a) == [] and outbox(a) == []


def _serialization_failure_setup(server: str, replicas: Any, conns: Any) -> tuple[Any, Any, Any, Any]:
    """A push in REPEATABLE READ (as when the DBA sets it as the database default) blocked on a row that
    another transaction updated and commits while the push waits: PostgreSQL raises 40001."""
    a = replicas("a")
    c = new_client(a, "Исходное")
    sync(a, server)
    edit(a, Client, c, name="Моё")
    other = conns()
    other.execute("UPDATE clients SET phone = '+7 495 000-00-01' WHERE id = %s", (c,))  # not committed
    pg = conns(default_transaction_isolation="repeatable read")
    pid = pg.info.backend_pid

    def commit_when_push_waits() -> None:
        if wait_for(lambda: waiting_on_lock(server, pid)):
            other.commit()

    return a, c, pg, threading.Thread(target=commit_when_push_waits)


def test_serialization_failure_is_retried_in_place(server, replicas, conns) -> None:
    a, c, pg, committer = _serialization_failure_setup(server, replicas, conns)
    committer.start()
    try:
        result = push(a.engine, pg, specs(), "ws-a")
    finally:
        committer.join(WAIT_S)
    assert result.retries >= 1  # the first attempt really failed with 40001
    assert result.applied == 1 and result.rejected == 0 and result.conflicts == 0
    assert server_rows(server, "SELECT name, phone FROM clients WHERE id = %s", (c,)) == [
        ("Моё", "+7 495 000-00-01")
    ]
    assert server_rows(server, "SELECT outcome FROM sync_applied_ops WHERE origin = 'ws-a'") == [("applied",)]
    assert outbox(a) == [] and _rejected(a) == []


def test_serialization_failure_beyond_the_retries_leaves_the_op_pending(
    server, replicas, conns, monkeypatch
) -> None:
    monkeypatch.setattr(push_mod, "RETRY_ATTEMPTS", 1)
    a, c, pg, committer = _serialization_failure_setup(server, replicas, conns)
    before = _recorded(server)
    committer.start()
    try:
        with pytest.raises(ServerBusy, match="could not serialize"):
            push(a.engine, pg, specs(), "ws-a")
    finally:
        committer.join(WAIT_S)
    assert len(outbox(a)) == 1 and _rejected(a) == [] and _recorded(server) == before
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("Исходное",)]
    report = sync_once(a, server, pg=pg)
    assert report.pushed == 1 and report.rejected == 0
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("Моё",)]


def test_a_real_deadlock_is_retried_and_nothing_is_rejected(server, replicas, conns) -> None:
    """The push locks the client row, then waits for the item row another session holds; that session
    then asks for the client row: a real deadlock. The push's deadlock check runs first (shorter
    ``deadlock_timeout``), so the push is the victim; it is retried in place and applies."""
    a = replicas("a")
    c = new_client(a, "Клиент")
    item, _src, _dst = new_stock(a)
    sync(a, server)
    edit(a, Client, c, name="Клиент 2")  # outbox order: clients first, then items
    edit(a, Item, item, name="Считыватель 2")
    other = conns(deadlock_timeout="60s")
    other.execute("SELECT 1 FROM items WHERE id = %s FOR UPDATE", (item,))
    pg = conns(deadlock_timeout="2s")
    pid = pg.info.backend_pid
    errors: list[BaseException] = []

    def close_the_cycle() -> None:
        try:
            if wait_for(lambda: waiting_on_lock(server, pid)):
                # blocks until the push, the deadlock's victim, rolls back and frees the client row
                other.execute("UPDATE clients SET phone = '+7 1' WHERE id = %s", (c,))
            other.commit()
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=close_the_cycle)
    t.start()
    try:
        result = push(a.engine, pg, specs(), "ws-a")
    finally:
        t.join(WAIT_S)
    assert errors == []
    assert result.retries >= 1  # the first attempt was the deadlock's victim
    assert result.applied == 2 and result.rejected == 0 and result.conflicts == 0
    assert server_rows(server, "SELECT name, phone FROM clients WHERE id = %s", (c,)) == [
        ("Клиент 2", "+7 1")
    ]
    assert server_rows(server, "SELECT name FROM items WHERE id = %s", (item,)) == [("Считыватель 2",)]
    assert outbox(a) == [] and _rejected(a) == []


def test_permission_denied_is_still_rejected_after_a_transient_failure(
    server, replicas, conns, monkeypatch
) -> None:
    manager = replicas("m")
    client = new_client(manager)
    sync(manager, server)
    name, password = f"wh_{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex[:8]}"
    add_user(server, name, "warehouse", password)
    monkeypatch.setenv("MOS_PG_PASSWORD", password)
    info = conninfo_to_dict(server)
    dsn = f"postgresql://{name}@{info['host']}:{info['port']}/{info['dbname']}"
    wh = replicas("w")
    item, _src, _dst = new_stock(wh)
    sync(wh, dsn)
    from datetime import date

    with wh.session() as s:  # refused by PostgreSQL's grants: the warehouse keeper cannot write invoices
        s.add(Invoice(number="С-1", client_id=client, issued_on=date(2026, 11, 23)))
    edit(wh, Item, item, name="Считыватель (осмотрен)")
    holder = conns()
    holder.execute("SELECT 1 FROM items WHERE id = %s FOR UPDATE", (item,))
    before = _recorded(server)
    pg = conns(dsn, password=password, lock_timeout="200ms")
    with pytest.raises(ServerBusy):
        sync_once(wh, dsn, pg=pg)
    # The lock timeout rolled the whole batch back: not even the invoice was recorded as refused yet.
    assert _rejected(wh) == [] and len(outbox(wh)) == 2 and _recorded(server) == before
    holder.rollback()
    report = sync_once(wh, dsn, pg=pg)
    assert report.rejected == 1 and report.pushed == 1 and report.pending == 0
    ((table, reason),) = _rejected(wh)
    assert table == "invoices" and "Сервер отклонил" in reason and "permission denied" in reason
    assert server_rows(server, "SELECT name FROM items WHERE id = %s", (item,)) == [
        ("Считыватель (осмотрен)",)
    ]
    assert server_rows(server, "SELECT count(*) FROM invoices") == [(0,)]


class Cut(Exception):
    pass


def _indexes(database: Any) -> list[str]:
    with database.engine.connect() as conn:
        return [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
            )
        ]


def test_a_snapshot_cut_mid_table_restores_the_deferred_indexes_and_resumes(server, replicas) -> None:
    """The initial sync copies an empty table without its plain indexes and re-creates them with its last
    chunk; a cut in between (a connection lost mid-snapshot) leaves them recorded, and the next sync puts
    them back before it continues. Unique indexes are never dropped."""
    a, b = replicas("a"), replicas("b")
    item, src, dst = new_stock(a)
    moves = [move(a, item, src, dst, q) for q in range(1, 21)]
    sync(a, server)
    expected = _indexes(replicas("fresh"))
    assert "ix_stock_moves_moved_on" in expected and "ix_stock_moves_in" in expected
    during: list[list[str]] = []

    def cut(_copied: int) -> None:
        with b.engine.connect() as conn:
            copied = conn.exec_driver_sql("SELECT count(*) FROM stock_moves").scalar_one()
        if 0 < copied < len(moves):
            during.append(_indexes(b))
            raise Cut

    with pytest.raises(Cut):
        sync(b, server, snapshot_chunk=4, after_chunk=cut)
    (mid,) = during
    assert "ix_stock_moves_moved_on" not in mid and "ix_stock_moves_in" not in mid
    assert set(mid) < set(expected)
    with b.engine.connect() as conn:
        unique = conn.exec_driver_sql(
            "SELECT count(*) FROM pragma_index_list('stock_moves') WHERE \"unique\" = 1"
        ).scalar_one()
    assert unique >= 1  # the primary key's index stayed
    report = sync(b, server, snapshot_chunk=4)
    assert report.pulled >= len(moves) - 4
    assert _indexes(b) == expected
    assert table_dump(a, "stock_moves") == table_dump(b, "stock_moves")
    with b.engine.connect() as conn:
        left = conn.exec_driver_sql("SELECT key FROM sync_state WHERE key LIKE 'snapshot%'").fetchall()
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    assert left == []
    # A complete initial sync in one go leaves exactly the schema a fresh database has.
    c = replicas("c")
    sync(c, server, snapshot_chunk=4)
    assert _indexes(c) == expected and table_dump(c, "stock_moves") == table_dump(a, "stock_moves")


def test_a_busy_server_leaves_the_runner_online_with_the_reason(server, replicas, conns) -> None:
    """The status bar must not say «нет связи» when the server answered «try later»."""
    from psycopg.conninfo import make_conninfo

    from mos_desktop.sync.runner import SyncRunner

    a = replicas("a")
    c = new_client(a, "Исходное")
    sync(a, server)
    edit(a, Client, c, name="Новое")
    holder = conns()
    holder.execute("SELECT 1 FROM clients WHERE id = %s FOR UPDATE", (c,))
    impatient = make_conninfo(server, options="-c lock_timeout=200")
    runner = SyncRunner(a.path, lambda: impatient)
    with pytest.raises(ServerBusy):
        runner.sync_now()
    assert runner.status is not None and runner.status.online and runner.status.pending == 1
    assert "временно не приняла" in runner.status.error
    holder.rollback()
    assert runner.sync_now().pending == 0
    assert runner.status is not None and runner.status.online and runner.status.error == ""
