"""Property: 3 replicas, random edits (same and different fields), stock moves, deletes, syncs, cuts
(crash after the server commit before the local ack; crash after a pull page) and restarts. At the end
every replica equals the server, and every committed local write is on the server's change log, or a
recorded conflict, or a rejected change with its reason."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synchelp import move, new_client, new_stock

from mos_desktop.db import Database, open_database
from mos_desktop.models import Client
from mos_desktop.sync.engine import sync_once
from mos_desktop.sync.server_schema import server_init
from mos_desktop.sync.tables import canonical, specs

pytestmark = pytest.mark.pg

N = 3
COLUMNS = ("name", "phone", "notes")
VALUES = ("x", "y", "z")

step = st.one_of(
    st.tuples(
        st.just("edit"),
        st.integers(0, N - 1),
        st.integers(0, 2),
        st.sampled_from(COLUMNS),
        st.sampled_from(VALUES),
    ),
    st.tuples(st.just("move"), st.integers(0, N - 1), st.integers(1, 9)),
    st.tuples(st.just("delete"), st.integers(0, N - 1), st.integers(0, 2)),
    st.tuples(st.just("sync"), st.integers(0, N - 1)),
    st.tuples(st.just("cut_push"), st.integers(0, N - 1)),
    st.tuples(st.just("cut_pull"), st.integers(0, N - 1)),
    st.tuples(st.just("restart"), st.integers(0, N - 1)),
)


class Crash(Exception):
    pass


def _crash(*_: Any) -> None:
    raise Crash


def local_rows(database: Database, table: str) -> dict[str, dict[str, Any]]:
    spec = specs()[table]
    with database.engine.connect() as conn:
        result = conn.exec_driver_sql(f"SELECT * FROM {table}")
        names = list(result.keys())
        return {
            r[names.index(spec.pk)]: {c: canonical(v, spec.kinds[c]) for c, v in zip(names, r, strict=True)}
            for r in result
        }


def server_table(pg: psycopg.Connection[Any], table: str) -> dict[str, dict[str, Any]]:
    spec = specs()[table]
    out = {}
    for (data,) in pg.execute(f"SELECT to_jsonb(t) FROM {table} AS t").fetchall():
        row = {c: canonical(data[c], spec.kinds[c]) for c in spec.columns}
        out[row[spec.pk]] = row
    return out


@settings(
    max_examples=int(os.environ.get("MOS_SYNC_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(step, min_size=5, max_size=18))
def test_random_interleavings_converge_and_lose_nothing(pg_server, steps) -> None:
    dsn = pg_server.create_database(f"h_{uuid.uuid4().hex[:12]}")
    root = Path(tempfile.mkdtemp(prefix="mos-conv-"))
    dbs: list[Database] = []
    try:
        server_init(dsn)
        dbs = [open_database(root / f"r{i}.sqlite3", daily_backup=False) for i in range(N)]
        clients = [new_client(dbs[0], f"К{i}") for i in range(3)]
        item, src, dst = new_stock(dbs[0])
        for d in dbs:
            sync_once(d, dsn)
        writes: list[tuple[int, uuid.UUID, str, str]] = []
        for s in steps:
            kind, r = s[0], s[1]
            d = dbs[r]
            if kind == "edit":
                _, _, ci, col, val = s
                with d.session() as ses:
                    row = ses.get(Client, clients[ci])
                    if row.deleted_at is None and getattr(row, col) != val:
                        setattr(row, col, val)
                        writes.append((r, clients[ci], col, val))
            elif kind == "move":
                move(d, item, src, dst, s[2])
            elif kind == "delete":
                with d.session() as ses:
                    row = ses.get(Client, clients[s[2]])
                    if row.deleted_at is None:
                        row.deleted_at = datetime.now(UTC)
            elif kind == "sync":
                sync_once(d, dsn)
            elif kind == "cut_push":
                with contextlib.suppress(Crash):
                    sync_once(d, dsn, before_ack=_crash)
            elif kind == "cut_pull":
                with contextlib.suppress(Crash):
                    sync_once(d, dsn, page_size=1, after_page=_crash)
            elif kind == "restart":
                d.dispose()
                dbs[r] = open_database(root / f"r{r}.sqlite3", daily_backup=False)
        for _ in range(2):
            for d in dbs:
                sync_once(d, dsn)
        with psycopg.connect(dsn) as pg:
            for table in specs():
                expected = server_table(pg, table)
                for i, d in enumerate(dbs):
                    assert local_rows(d, table) == expected, (table, i)
            conflicts = pg.execute("SELECT row_id, column_name, mine FROM sync_conflicts").fetchall()
            conflict_set = {(r.hex, c, json.loads(m)) for r, c, m in conflicts}
            for r, row_id, col, val in writes:
                if (row_id.hex, col, val) in conflict_set:
                    continue
                logged = pg.execute(
                    "SELECT 1 FROM sync_change_log WHERE row_id = %s AND row_data->>%s = %s LIMIT 1",
                    (row_id, col, val),
                ).fetchone()
                if logged:
                    continue
                with dbs[r].engine.connect() as conn:
                    rejected = conn.exec_driver_sql("SELECT cols, reason FROM sync_rejected").fetchall()
                assert any(json.loads(c).get(col) == val and reason for c, reason in rejected), (r, col, val)
            for d in dbs:
                with d.engine.connect() as conn:
                    assert conn.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar_one() == 0
    finally:
        for d in dbs:
            d.dispose()
        shutil.rmtree(root, ignore_errors=True)
        pg_server.drop_database(dsn.rsplit("/", 1)[1])
