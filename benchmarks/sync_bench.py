"""Sync benchmarks against a throwaway PostgreSQL (tests/pgserver.py): figures for bench.json.

* ``sync_initial_rows_per_s`` / ``sync_initial_ratio``: first sync of N stock moves from the server into an
  empty local database, against COPY out of PostgreSQL plus plain executemany into SQLite of the same rows.
* ``sync_push_ops_per_s``: M offline edits pushed (server apply rate, end to end of the push).
* ``capture_overhead_ratio``: a local edit with the capture triggers vs the same edit without them.

``measure(dsn_factory, workdir)`` is what a runner calls (``dsn_factory()`` -> fresh empty database DSN);
``python benchmarks/sync_bench.py`` starts its own cluster and prints JSON.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from mos_desktop.db import open_database
from mos_desktop.models import Client, ClientStatus
from mos_desktop.sync.engine import sync_once
from mos_desktop.sync.push import push
from mos_desktop.sync.server_schema import server_init
from mos_desktop.sync.tables import specs


def _seed_server(dsn: str, rows: int) -> None:
    with psycopg.connect(dsn) as pg:
        pg.execute(
            "INSERT INTO items (id, sku, name, unit, okei_code, category, serial_tracked, heavy, min_stock, "
            "created_by, updated_by) VALUES ('00000000-0000-7000-8000-000000000001', 'S', 'Считыватель', "
            "'шт', '796', '', false, false, 0, '', '')"
        )
        for code in ("A", "B"):
            pg.execute(
                "INSERT INTO locations (id, code, name, kind, address, created_by, updated_by) VALUES "
                "(%s, %s, %s, 'warehouse', '', '', '')",
                (f"00000000-0000-7000-8000-00000000000{2 if code == 'A' else 3}", code, code),
            )
        pg.execute(
            "INSERT INTO stock_moves (id, item_id, quantity, from_location_id, to_location_id, moved_on, serial, "
            "document_ref, author, note, created_by, updated_by) SELECT gen_random_uuid(), "
            "'00000000-0000-7000-8000-000000000001', 1 + g %% 7, '00000000-0000-7000-8000-000000000002', "
            "'00000000-0000-7000-8000-000000000003', date '2026-01-01' + (g %% 300), '', 'Н-' || g, 'bench', '', "
            "'', '' FROM generate_series(1, %s) AS g",
            (rows,),
        )


def _baseline(dsn: str, path: Path) -> float:
    """COPY the same rows out of PostgreSQL, executemany them into a plain SQLite table."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(
        "CREATE TABLE moves (id, item_id, quantity, from_location_id, to_location_id, moved_on, serial, "
        "document_ref, author, note, version, deleted_at, created_at, created_by, updated_at, updated_by)"
    )
    start = time.perf_counter()
    with (
        psycopg.connect(dsn) as pg,
        pg.cursor() as cur,
        cur.copy(
            "COPY (SELECT id, item_id, quantity, from_location_id, to_location_id, moved_on, serial, "
            "document_ref, author, note, version, deleted_at, created_at, created_by, updated_at, updated_by "
            "FROM stock_moves) TO STDOUT"
        ) as copy,
    ):
        rows = list(copy.rows())
    con.executemany(f"INSERT INTO moves VALUES ({', '.join('?' * 16)})", rows)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def measure(
    dsn_factory: Callable[[], str], workdir: Path, rows: int = 100_000, ops: int = 10_000
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    dsn = dsn_factory()
    server_init(dsn)
    _seed_server(dsn, rows)
    base = _baseline(dsn, workdir / "baseline.sqlite3")
    db = open_database(workdir / "initial.sqlite3", daily_backup=False)
    start = time.perf_counter()
    pulled = sync_once(db, dsn).pulled
    initial = time.perf_counter() - start
    out["sync_initial_rows"] = pulled
    out["sync_initial_rows_per_s"] = round(pulled / initial)
    out["sync_initial_baseline_s"] = round(base, 3)
    out["sync_initial_s"] = round(initial, 3)
    out["sync_initial_ratio"] = round(initial / base, 2)
    db.dispose()

    dsn2 = dsn_factory()
    server_init(dsn2)
    db2 = open_database(workdir / "push.sqlite3", daily_backup=False)
    sync_once(db2, dsn2)
    with db2.session() as s:
        clients = [
            Client(
                name=f"К{i}",
                legal_name="",
                inn="",
                kpp="",
                ogrn="",
                status=ClientStatus.ACTIVE,
                manager="",
                monthly_fee_kop=0,
                contract_number="",
                phone="",
                email="",
                legal_address="",
                postal_address="",
                churn_risk=False,
                notes="",
            )
            for i in range(ops // 10)
        ]
        s.add_all(clients)
    sync_once(db2, dsn2)
    with db2.engine.begin() as conn:  # ops offline edits: 10 per client
        for round_ in range(10):
            conn.exec_driver_sql(
                "UPDATE clients SET notes = ?, monthly_fee_kop = monthly_fee_kop + 1", (f"r{round_}",)
            )
    start = time.perf_counter()
    with psycopg.connect(dsn2) as pg:
        result = push(db2.engine, pg, specs(), "bench")
    elapsed = time.perf_counter() - start
    out["sync_push_ops"] = result.applied
    out["sync_push_ops_per_s"] = round(result.applied / elapsed)

    # capture overhead: the same single-row edit with and without the triggers
    def timed_edits(engine: Any, n: int = 300) -> float:
        t = time.perf_counter()
        for i in range(n):
            with engine.begin() as conn:
                conn.exec_driver_sql("UPDATE clients SET phone = ? WHERE name = 'К1'", (str(i),))
        return time.perf_counter() - t

    with_capture = timed_edits(db2.engine)
    with db2.engine.begin() as conn:
        for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    without = timed_edits(db2.engine)
    out["capture_overhead_ratio"] = round(with_capture / without, 2)
    db2.dispose()
    return out


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pgserver import PgServer

    server = PgServer.start()
    n = 0

    def factory() -> str:
        nonlocal n
        n += 1
        return server.create_database(f"bench_{n}")

    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(
                json.dumps(
                    measure(factory, Path(tmp), rows=int(sys.argv[1]) if len(sys.argv) > 1 else 100_000),
                    indent=2,
                )
            )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
