"""Failures: a crash between server commit and local acknowledgement, an interrupted pull, refused ops,
the warehouse keeper's login refused by PostgreSQL itself, and a table added later that syncs."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import BigInteger, Column, DateTime, MetaData, String, Table, Uuid
from synchelp import (
    edit,
    get,
    move,
    new_client,
    new_stock,
    outbox,
    server_rows,
    sync,
    table_dump,
)

from mos_desktop.models import Client, Invoice, Item, StockMove
from mos_desktop.sync.capture import install_capture
from mos_desktop.sync.engine import sync_once
from mos_desktop.sync.server_schema import add_user, server_init

pytestmark = pytest.mark.pg


class Crash(Exception):
    pass


def _crash() -> None:
    raise Crash


def test_retry_after_crash_before_local_ack_applies_exactly_once(server, replicas) -> None:
    a = replicas("a")
    c = new_client(a, "Альфа", monthly_fee_kop=100)
    sync(a, server)
    edit(a, Client, c, monthly_fee_kop=200)
    edit(a, Client, c, monthly_fee_kop=300)
    edit(a, Client, c, monthly_fee_kop=200)
    before = server_rows(server, "SELECT count(*) FROM sync_change_log")[0][0]
    with pytest.raises(Crash):
        sync(a, server, before_ack=_crash)
    assert len(outbox(a)) == 3  # not acknowledged locally
    after_crash = server_rows(server, "SELECT count(*) FROM sync_change_log")[0][0]
    assert after_crash == before + 3
    report = sync(a, server)
    assert report.duplicates == 3 and outbox(a) == []
    assert server_rows(server, "SELECT count(*) FROM sync_change_log")[0][0] == after_crash
    assert server_rows(server, "SELECT monthly_fee_kop FROM clients WHERE id = %s", (c,)) == [(200,)]
    assert get(a, Client, c).monthly_fee_kop == 200


def test_interrupted_pull_resumes_without_duplicates_or_gaps(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    sync(b, server)  # initial sync done (empty): later changes come through the paged log
    ids = [new_client(a, f"Клиент {i}") for i in range(25)]
    sync(a, server)
    pages: list[int] = []

    def stop_after_first(done: int) -> None:
        pages.append(done)
        raise Crash

    with pytest.raises(Crash):
        sync(b, server, page_size=10, after_page=stop_after_first)
    with b.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM clients").scalar_one() == 10
    report = sync(b, server, page_size=10)
    assert report.pulled == 15
    assert table_dump(a, "clients") == table_dump(b, "clients")
    assert {get(b, Client, i).name for i in ids} == {f"Клиент {i}" for i in range(25)}
    assert outbox(b) == []


def test_refused_op_is_recorded_and_later_ops_still_apply(server, replicas) -> None:
    a = replicas("a")
    c = new_client(a, "До")
    sync(a, server)
    with a.session() as s:
        s.add(Item(sku="X", name="Датчик", okei_code="TOO-LONG"))  # PostgreSQL: varchar(3)
    edit(a, Client, c, name="После")
    report = sync(a, server)
    assert report.rejected == 1
    with a.engine.connect() as conn:
        (table, reason) = conn.exec_driver_sql("SELECT table_name, reason FROM sync_rejected").one()
    assert table == "items" and "Сервер отклонил" in reason and "too long" in reason
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("После",)]
    assert outbox(a) == []


def _login(dsn: str, name: str, role: str, monkeypatch: pytest.MonkeyPatch) -> str:
    password = f"pw-{uuid.uuid4().hex[:8]}"
    add_user(dsn, name, role, password)
    info = conninfo_to_dict(dsn)
    monkeypatch.setenv("MOS_PG_PASSWORD", password)
    return f"postgresql://{name}@{info['host']}:{info['port']}/{info['dbname']}"


def test_warehouse_login_is_refused_invoices_by_postgresql(server, replicas, monkeypatch) -> None:
    manager_db = replicas("m")
    client = new_client(manager_db)
    sync(manager_db, server)
    name = f"wh_{uuid.uuid4().hex[:8]}"
    dsn = _login(server, name, "warehouse", monkeypatch)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(dsn, password="wrong").close()
    with (
        psycopg.connect(dsn, password=monkeypatch_env_password()) as pg,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        pg.execute(
            "INSERT INTO invoices (id, number, client_id, issued_on, status, vat_mode, vat_rate_pct, "
            "total_kop, vat_kop, basis, external_number, resend_count, created_by, updated_by) VALUES "
            "(gen_random_uuid(), '1', %s, current_date, 'issued', 'no_vat', 0, 1, 0, '', '', 0, '', '')",
            (client,),
        )
    # The same through sync: the invoice is refused with the server's reason, the stock move goes through.
    wh = replicas("w")
    sync(wh, dsn)
    item, src, dst = new_stock(wh)
    with wh.session() as s:
        from datetime import date

        s.add(Invoice(number="С-1", client_id=client, issued_on=date(2026, 11, 23)))
    m = move(wh, item, src, dst, 3)
    report = sync(wh, dsn)
    assert report.rejected == 1
    with wh.engine.connect() as conn:
        (table, reason) = conn.exec_driver_sql("SELECT table_name, reason FROM sync_rejected").one()
    assert table == "invoices" and "нет прав на это изменение" in reason and "permission denied" in reason
    assert server_rows(server, "SELECT quantity FROM stock_moves WHERE id = %s", (m,)) == [(3,)]
    assert server_rows(server, "SELECT count(*) FROM invoices") == [(0,)]
    sync(manager_db, server)
    assert get(manager_db, StockMove, m).quantity == 3


def monkeypatch_env_password() -> str:
    import os

    return os.environ["MOS_PG_PASSWORD"]


def test_a_table_added_later_syncs_without_new_sync_code(server, replicas) -> None:
    md = MetaData()
    gadgets = Table(
        "gadgets",
        md,
        Column("id", Uuid(), primary_key=True),
        Column("version", BigInteger, nullable=False, server_default="0"),
        Column("deleted_at", DateTime(timezone=True)),
        Column("label", String(50), nullable=False),
        Column("colour", String(20), nullable=False, server_default=""),
        Column("updated_at", DateTime(timezone=True)),
    )
    server_init(server, extra_tables=[gadgets])
    a, b = replicas("a"), replicas("b")
    for r in (a, b):
        md.create_all(r.engine)
        assert install_capture(r.engine, [gadgets]) == 3
    gid = uuid.uuid4()
    with a.engine.begin() as conn:
        conn.execute(gadgets.insert().values(id=gid, label="Турникет", colour=""))
    sync_once(a, server, extra_tables=[gadgets])
    sync_once(b, server, extra_tables=[gadgets])
    with b.engine.begin() as conn:
        conn.execute(gadgets.update().where(gadgets.c.id == gid).values(colour="синий"))
    with a.engine.begin() as conn:
        conn.execute(gadgets.update().where(gadgets.c.id == gid).values(label="Турникет-2"))
    for r in (b, a, b):
        sync_once(r, server, extra_tables=[gadgets])
    assert table_dump(a, "gadgets") == table_dump(b, "gadgets")
    assert server_rows(server, "SELECT label, colour FROM gadgets") == [("Турникет-2", "синий")]


def test_initial_snapshot_is_resumable_and_then_follows_the_log(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    ids = [new_client(a, f"Клиент {i}") for i in range(9)]
    item, src, dst = new_stock(a)
    moves = [move(a, item, src, dst, q) for q in range(1, 6)]
    sync(a, server)

    def cut(copied: int) -> None:
        if copied >= 4:
            raise Crash

    with pytest.raises(Crash):
        sync(b, server, snapshot_chunk=2, after_chunk=cut)
    edit(a, Client, ids[0], name="Изменён во время снимка")
    sync(a, server)
    report = sync(b, server, snapshot_chunk=2)
    assert report.pulled >= 9 + 3 + 5 - 4
    for t in ("clients", "items", "locations", "stock_moves"):
        assert table_dump(a, t) == table_dump(b, t), t
    assert get(b, Client, ids[0]).name == "Изменён во время снимка"
    assert {get(b, StockMove, m).quantity for m in moves} == {1, 2, 3, 4, 5}
    assert outbox(b) == []


def test_a_refused_insert_does_not_linger_locally_and_its_children_follow(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    _item, src, dst = new_stock(a)
    sync(a, server)
    with a.session() as s:
        bad = Item(sku="X", name="Датчик", okei_code="TOO-LONG")  # PostgreSQL: varchar(3)
        s.add(bad)
    child = move(a, bad.id, src, dst, 4)  # refers to the refused item: refused too (foreign key)
    report = sync(a, server)
    assert report.rejected == 2
    assert server_rows(server, "SELECT count(*) FROM items WHERE id = %s", (bad.id,)) == [(0,)]
    assert get(a, Item, bad.id).deleted_at is not None  # gone from lists, like everywhere else
    assert get(a, StockMove, child).deleted_at is not None
    with a.engine.connect() as conn:
        kept = dict(conn.exec_driver_sql("SELECT table_name, cols FROM sync_rejected").fetchall())
    assert "TOO-LONG" in kept["items"] and set(kept) == {"items", "stock_moves"}  # values kept, with reasons
    assert outbox(a) == []  # burying is not captured: nothing new to send
    sync(a, server)
    sync(b, server)
    assert get(b, Item, bad.id) is None
    live = "SELECT id FROM items WHERE deleted_at IS NULL ORDER BY id"
    with a.engine.connect() as ca, b.engine.connect() as cb:
        assert ca.exec_driver_sql(live).fetchall() == cb.exec_driver_sql(live).fetchall()
