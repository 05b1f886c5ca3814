"""Sync benchmarks against a throwaway PostgreSQL (tests/pgserver.py): figures for bench.json.

* ``sync_initial_rows_per_s`` / ``sync_initial_ratio``: first sync of N stock moves from the server into an
  empty local database, against COPY out of PostgreSQL plus plain executemany into SQLite of the same rows.
* ``sync_push_ops_per_s``: M offline edits pushed (server apply rate, end to end of the push).
* ``capture_overhead_ratio``: a local edit with the capture triggers vs the same edit without them.
* ``sync_latency_ms_p50`` / ``_p99``: an edit saved on A until visible in B's database, both runners online.

``measure(dsn_factory, workdir)`` is what a runner calls (``dsn_factory()`` -> fresh empty database DSN);
``python benchmarks/run.py --only-sync`` runs these alone (on a cluster of its own) into bench.json.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from mos_desktop.db import open_database
from mos_desktop.models import Client, ClientStatus
from mos_desktop.sync.engine import sync_once
from mos_desktop.sync.push import push
from mos_desktop.sync.runner import SyncRunner
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
    """COPY the same rows (every column of the table, as the snapshot reads them) out of PostgreSQL,
    executemany them into a plain SQLite table. The columns come from the synced table's spec, so the
    baseline follows the table as it grows."""
    columns = ", ".join(f'"{c}"' for c in specs()["stock_moves"].columns)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(f"CREATE TABLE moves ({columns})")
    start = time.perf_counter()
    with (
        psycopg.connect(dsn) as pg,
        pg.cursor() as cur,
        cur.copy(f"COPY (SELECT {columns} FROM stock_moves) TO STDOUT") as copy,
    ):
        rows = list(copy.rows())
    marks = ", ".join("?" * len(rows[0])) if rows else ""
    con.executemany(f"INSERT INTO moves VALUES ({marks})", rows)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def _initial(dsn: str, workdir: Path, rows: int, repeats: int = 3) -> dict[str, Any]:
    """Baseline and our initial sync alternately, ``repeats`` times each into fresh files; medians
    (the machine's load changes from second to second, and both sides see the same)."""
    server_init(dsn)
    _seed_server(dsn, rows)
    bases: list[float] = []
    ours: list[float] = []
    pulled = 0
    for i in range(repeats):
        bases.append(_baseline(dsn, workdir / f"baseline{i}.sqlite3"))
        db = open_database(workdir / f"initial{i}.sqlite3", daily_backup=False)
        try:
            start = time.perf_counter()
            pulled = sync_once(db, dsn).pulled
            ours.append(time.perf_counter() - start)
            with db.engine.connect() as conn:
                local = conn.exec_driver_sql("SELECT count(*) FROM stock_moves").scalar_one()
        finally:
            db.dispose()
        assert local == rows, (local, rows)
    base, initial = statistics.median(bases), statistics.median(ours)
    return {
        "sync_initial_rows": pulled,
        "sync_initial_s": round(initial, 3),
        "sync_initial_rows_per_s": round(pulled / initial),
        "sync_initial_baseline_s": round(base, 3),
        "sync_initial_baseline_rows_per_s": round(rows / base),
        "sync_initial_ratio": round(initial / base, 2),
        "sync_initial_runs_s": [round(x, 2) for x in ours],
        "sync_initial_baseline_runs_s": [round(x, 2) for x in bases],
    }


def _clients(n: int) -> list[Client]:
    return [
        Client(
            name=f"К{i}", legal_name="", inn="", kpp="", ogrn="", status=ClientStatus.ACTIVE, manager="",
            monthly_fee_kop=0, contract_number="", phone="", email="", legal_address="", postal_address="",
            churn_risk=False, notes="",
        )
        for i in range(n)
    ]  # fmt: skip


def _push(dsn: str, workdir: Path, ops: int) -> tuple[dict[str, Any], Path]:
    """``ops`` offline edits (10 rounds over ops/10 clients) pushed in one go; the server apply rate."""
    server_init(dsn)
    db = open_database(workdir / "push.sqlite3", daily_backup=False)
    try:
        sync_once(db, dsn)
        with db.session() as s:
            s.add_all(_clients(max(1, ops // 10)))
        sync_once(db, dsn)
        with db.engine.begin() as conn:
            for round_ in range(10):
                conn.exec_driver_sql(
                    "UPDATE clients SET notes = ?, monthly_fee_kop = monthly_fee_kop + 1", (f"r{round_}",)
                )
        start = time.perf_counter()
        with psycopg.connect(dsn) as pg:
            result = push(db.engine, pg, specs(), "bench")
        elapsed = time.perf_counter() - start
    finally:
        db.dispose()
    assert result.rejected == 0 and result.conflicts == 0
    return {"sync_push_ops": result.applied, "sync_push_ops_per_s": round(result.applied / elapsed)}, (
        workdir / "push.sqlite3"
    )


def _capture_overhead(db_path: Path, workdir: Path, edits: int = 200) -> dict[str, Any]:
    """The same single-row edit (one transaction each, the app's durability) on a database with the
    capture triggers and on a copy without them, interleaved in blocks so machine load hits both."""
    bare_path = workdir / "bare.sqlite3"
    shutil.copyfile(db_path, bare_path)
    with_capture = open_database(db_path, daily_backup=False, upgrade=False)
    bare = open_database(bare_path, daily_backup=False, upgrade=False)
    try:
        with bare.engine.begin() as conn:
            names = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
            for (name,) in names:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        times: dict[str, list[float]] = {"with": [], "without": []}
        for block in range(edits // 20):
            for label, database in (("with", with_capture), ("without", bare)):
                for i in range(20):
                    t = time.perf_counter()
                    with database.engine.begin() as conn:
                        conn.exec_driver_sql(
                            "UPDATE clients SET phone = ? WHERE name = 'К1'", (f"{block}-{i}",)
                        )
                    times[label].append(time.perf_counter() - t)
    finally:
        with_capture.dispose()
        bare.dispose()
    med_with, med_without = statistics.median(times["with"]), statistics.median(times["without"])
    return {
        "capture_edit_ms": round(med_with * 1000, 3),
        "capture_edit_bare_ms": round(med_without * 1000, 3),
        "capture_overhead_ratio": round(med_with / med_without, 2),
    }


def _wait_for_listeners(dsn: str, count: int, seconds: float = 30.0) -> None:
    """Until ``count`` sessions of this database have run LISTEN (the runners' listeners are ready)."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(dsn, autocommit=True) as pg:
        while time.monotonic() < deadline:
            (listening,) = pg.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN %'"
            ).fetchone()  # type: ignore[misc]
            if listening >= count:
                time.sleep(0.2)  # and their start-up sync cycles are over
                return
            time.sleep(0.02)
    raise RuntimeError(f"the sync runners' listeners did not connect within {seconds} s")


def _latency(dsn: str, workdir: Path, samples: int) -> dict[str, Any]:
    """Edit saved on A (one transaction, then ``request_sync()`` as the GUI does) until B's database
    shows it, both runners online; B learns of it only through LISTEN/NOTIFY (polling set to 10 min)."""
    server_init(dsn)
    a = open_database(workdir / "lat_a.sqlite3", daily_backup=False)
    b = open_database(workdir / "lat_b.sqlite3", daily_backup=False)
    with a.session() as s:
        (client,) = _clients(1)
        s.add(client)
    sync_once(a, dsn)
    sync_once(b, dsn)
    key = client.id.hex
    # debounce 0.2 s is leading-edge: a single save goes out at once; samples are spaced beyond it.
    ra = SyncRunner(a.path, lambda: dsn, poll_interval_s=600, debounce_s=0.2)
    rb = SyncRunner(b.path, lambda: dsn, poll_interval_s=600, debounce_s=0.2)
    ra.start()
    rb.start()
    found: list[float] = []
    try:
        _wait_for_listeners(dsn, 2)  # both runners' LISTEN connections are up
        with b.engine.connect() as reader:
            for i in range(samples):
                value = f"lat-{i}"
                start = time.perf_counter()
                with a.engine.begin() as conn:
                    conn.exec_driver_sql("UPDATE clients SET notes = ? WHERE id = ?", (value, key))
                ra.request_sync()
                deadline = start + 10
                while time.perf_counter() < deadline:
                    got = reader.exec_driver_sql("SELECT notes FROM clients WHERE id = ?", (key,)).scalar()
                    reader.rollback()
                    if got == value:
                        found.append(time.perf_counter() - start)
                        break
                    time.sleep(0.002)
                time.sleep(0.25)
    finally:
        ra.stop()
        rb.stop()
        a.dispose()
        b.dispose()
    ms = sorted(x * 1000 for x in found)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))] if ms else None
    return {
        "sync_latency_samples": len(ms),
        "sync_latency_lost": samples - len(ms),
        "sync_latency_ms_p50": round(statistics.median(ms), 1) if ms else None,
        "sync_latency_ms_p99": round(p99, 1) if p99 is not None else None,
    }


def measure(
    dsn_factory: Callable[[], str],
    workdir: Path,
    *,
    rows: int = 100_000,
    ops: int = 10_000,
    latency_samples: int = 50,
) -> dict[str, Any]:
    """Every sync figure; ``dsn_factory()`` must return a DSN of a fresh, empty database each call."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {}
    out.update(_initial(dsn_factory(), workdir, rows))
    pushed, push_db = _push(dsn_factory(), workdir, ops)
    out.update(pushed)
    out.update(_capture_overhead(push_db, workdir))
    out.update(_latency(dsn_factory(), workdir, latency_samples))
    return out
