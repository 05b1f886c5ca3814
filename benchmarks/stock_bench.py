"""Stock figures for ``make bench``: the balance report over 100,000 moves, and posting one move.

stock_report_100k_ms: median of ``stock_rows`` (every item × location: on hand, reserved, free, low
stock) on a database holding ``moves`` stock moves (60 items, 40 locations), straight from the ledger.
move_post_ms: median of one transfer document through ``post_moves`` (validation with the balance and
date checks, number, insert with the sync capture triggers) and its commit, on the same database: the
keeper waits for the commit (synchronous=FULL: an fsync of the WAL, the disk's figure, given apart).

Wall-clock figures on a shared machine swing with its load: the details give each figure's range, the
CPU time of the measuring thread (what the code costs, whatever the load) and the load average around
the runs.
"""

from __future__ import annotations

import os
import random
import statistics
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 23)


def _fill(database: Any, moves: int) -> tuple[list[Any], Any, Any]:
    from sqlalchemy import insert

    from mos_desktop.ids import uuid7
    from mos_desktop.models import Item, Location, LocationKind, StockMove

    rng = random.Random(7)
    with database.session() as s:
        items = [Item(id=uuid7(), sku=f"SKU-{n:03d}", name=f"Товар {n}", min_stock=5) for n in range(60)]
        supplier = Location(id=uuid7(), code="SUP", name="Поставщик", kind=LocationKind.SUPPLIER)
        warehouse = Location(id=uuid7(), code="RUM", name="Склад Румянцево", kind=LocationKind.WAREHOUSE)
        office = Location(id=uuid7(), code="OFC", name="Офис", kind=LocationKind.OFFICE)
        sites = [
            Location(id=uuid7(), code=f"CL-{n}", name=f"Объект {n}", kind=LocationKind.CLIENT_SITE)
            for n in range(37)
        ]
        s.add_all([*items, supplier, warehouse, office, *sites])
        s.flush()
        rows: list[dict[str, Any]] = []
        start = TODAY - timedelta(days=700)
        for n in range(moves):
            item = items[(n // 4) % len(items)]  # each item gets every kind of move in turn
            day = start + timedelta(days=n * 700 // moves)
            if n % 4 == 0:  # receipts keep every balance positive
                src, dst, qty = supplier.id, warehouse.id, 40
            elif n % 4 == 1:
                src, dst, qty = warehouse.id, office.id, 10
            elif n % 4 == 2:
                src, dst, qty = office.id, rng.choice(sites).id, 5
            else:
                src, dst, qty = warehouse.id, rng.choice(sites).id, 5
            rows.append(
                {
                    "id": uuid.UUID(int=uuid7().int + n),
                    "item_id": item.id,
                    "quantity": qty,
                    "from_location_id": src,
                    "to_location_id": dst,
                    "moved_on": day,
                    "document_ref": f"B-{n:06d}",
                    "kind": "transfer",
                }
            )
        from mos_desktop.sync.capture import suspended

        with suspended(s.connection(), ["stock_moves"]):  # bench data stays local, and fills fast
            s.execute(insert(StockMove), rows)
    return items, warehouse, office


def _load() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def _range(values: list[float]) -> list[float]:
    return [round(min(values), 2), round(max(values), 2)]


def measure(work: Path, *, moves: int = 100_000, runs: int = 15) -> dict[str, Any]:
    from mos_desktop.db import open_database
    from mos_desktop.services.stock.lists import stock_rows
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    work.mkdir(parents=True, exist_ok=True)
    database = open_database(work / "stock.sqlite3", daily_backup=False)
    try:
        started = time.perf_counter()
        items, _warehouse, _office = _fill(database, moves)
        fill_s = time.perf_counter() - started
        with database.engine.connect() as conn:  # the steady state: the bulk fill checkpointed out of the WAL
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        load_before = _load()
        report_ms: list[float] = []
        report_cpu_ms: list[float] = []
        rows = 0
        for _ in range(runs + 1):
            with database.session() as s:
                t0, c0 = time.perf_counter(), time.thread_time()
                rows = len(stock_rows(s, as_of=TODAY))
                report_ms.append((time.perf_counter() - t0) * 1000)
                report_cpu_ms.append((time.thread_time() - c0) * 1000)
        post_ms: list[float] = []
        command_ms: list[float] = []
        commit_ms: list[float] = []
        post_cpu_ms: list[float] = []
        for n in range(runs + 1):
            form = MoveForm(
                "transfer", "RUM", "OFC", [MoveLineForm(items[n % len(items)].sku, "1")], series="BENCH"
            )
            t0, c0 = time.perf_counter(), time.thread_time()
            with database.session() as s:
                post_moves(s, form, user="bench", today=TODAY)
                s.flush()
                t1 = time.perf_counter()
            t2, c2 = time.perf_counter(), time.thread_time()
            post_ms.append((t2 - t0) * 1000)
            command_ms.append((t1 - t0) * 1000)
            commit_ms.append((t2 - t1) * 1000)
            post_cpu_ms.append((c2 - c0) * 1000)
        load_after = _load()
        with database.session() as s:
            queued = (
                s.connection()
                .exec_driver_sql("SELECT count(*) FROM sync_outbox WHERE table_name = 'stock_moves'")
                .scalar_one()
            )
    finally:
        database.dispose()
    return {
        "stock_report_100k_ms": round(statistics.median(report_ms[1:]), 2),
        "move_post_ms": round(statistics.median(post_ms[1:]), 3),
        "details": {
            "moves": moves,
            "report_rows": rows,
            "fill_s": round(fill_s, 2),
            "stock_report_ms_runs": [round(x, 2) for x in report_ms[1:]],
            "stock_report_ms_range": _range(report_ms[1:]),
            "stock_report_cpu_ms_median": round(statistics.median(report_cpu_ms[1:]), 2),
            "move_post_ms_runs": [round(x, 3) for x in post_ms[1:]],
            "move_post_ms_range": _range(post_ms[1:]),
            "move_post_cpu_ms_median": round(statistics.median(post_cpu_ms[1:]), 3),
            "move_command_ms_median_before_commit": round(statistics.median(command_ms[1:]), 3),
            "move_commit_ms_median": round(statistics.median(commit_ms[1:]), 3),
            "move_commit_ms_range": _range(commit_ms[1:]),
            "capture_rows_queued_by_posts": queued,
            "loadavg": load_after,
            "loadavg_before": load_before,
        },
    }


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(measure(Path(tempfile.mkdtemp(prefix="stock-bench-"))), indent=1))
