"""`make bench`: startup, search and memory figures of MOS Desktop as JSON, with targets and pass/fail.

    .venv/bin/python benchmarks/run.py --out bench.json

Every ratio is measured within this one run (app and baseline launches alternate, so machine load hits
both alike). Demo databases are generated once per size in a temporary folder and removed at the end.

Figures (top-level keys): startup_s, startup_baseline_s, startup_ratio, startup_data_s, startup_data_ratio,
startup_fresh_data_s, startup_fresh_data_ratio, filter_ms_300, filter_ms_30000, rss_mb; ``targets``, ``pass`` and ``details`` say what each means and how it was measured.

Sync figures (``bench_sync``, against a throwaway PostgreSQL cluster started like the tests' one,
tests/pgserver.py; ``make bench`` installs the server programs first, scripts/ensure-test-deps.sh):
sync_initial_rows_per_s, sync_initial_ratio, sync_push_ops_per_s, sync_latency_ms_p50,
sync_latency_ms_p99, capture_overhead_ratio. Without PostgreSQL they are null, with a note in
``details.sync_note``. ``--skip-sync`` / ``--only-sync`` run the parts separately.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = date(2026, 11, 23)
SEED = 1

TARGETS = {
    "startup_ratio": ("<=", 1.5),
    "startup_data_ratio": ("<=", 3.0),
    "filter_ms_300": ("<=", 16.0),
    "filter_ms_30000": ("<=", 100.0),
    "rss_mb": ("<=", 250.0),
    # Платежи (benchmarks/payments_bench.py)
    "bank_import_10k_s": ("<=", 1.0),
    "invoice_run_300_s": ("<=", 0.5),
    "receivables_ms": ("<=", 100.0),
    # Склад (benchmarks/stock_bench.py)
    "stock_report_100k_ms": ("<=", 100.0),
    "move_post_ms": ("<=", 10.0),
    # Документы (benchmarks/documents_bench.py)
    "act_pdf_ms": ("<=", 100.0),
    "act_docx_ms": ("<=", 100.0),
    "invoices_batch_300_s": ("<=", 15.0),
}


SYNC_TARGETS = {
    "sync_initial_ratio": ("<=", 2.0),
    "sync_push_ops_per_s": (">=", 2000.0),
    "sync_latency_ms_p50": ("<=", 300.0),
    "sync_latency_ms_p99": ("<=", 1000.0),
    "capture_overhead_ratio": ("<=", 3.0),
}
SYNC_FIGURES = (
    "sync_initial_rows_per_s",
    "sync_initial_ratio",
    "sync_push_ops_per_s",
    "sync_latency_ms_p50",
    "sync_latency_ms_p99",
    "capture_overhead_ratio",
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_demo(path: Path, clients: int, months: int) -> float:
    from mos_desktop.db import open_database
    from mos_desktop.demo import generate_demo

    started = time.perf_counter()
    database = open_database(path, daily_backup=False)
    try:
        with database.session() as s:
            generate_demo(s, clients=clients, months=months, seed=SEED, today=TODAY)
    finally:
        database.dispose()
    return time.perf_counter() - started


def app_command() -> list[str]:
    script = Path(sys.executable).parent / ("mos-desktop.exe" if os.name == "nt" else "mos-desktop")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from mos_desktop.cli import main; sys.exit(main())"]


def compile_package() -> None:
    """The package's bytecode written, as an installed app has it (a wheel or the bundle ships it; a user's
    first launch writes it). Where PYTHONDONTWRITEBYTECODE is set (CI, sandboxes) an editable install would
    otherwise compile every module from source at every launch: a third of the app's time to its frame."""
    import compileall

    compileall.compile_dir(str(ROOT / "mos_desktop"), quiet=1)


def bench_startup(db: Path, work: Path, runs: int) -> dict[str, Any]:
    from startup import gui_env, launch

    compile_package()

    app_cmd = [*app_command(), "--db", str(db)]
    base_cmd = [sys.executable, str(HERE / "baseline_window.py")]
    results: dict[str, list[Any]] = {"app": [], "baseline": []}
    for i in range(runs + 1):  # run 0 warms the file cache (and does the app's daily backup): not counted
        for kind, cmd in (("app", app_cmd), ("baseline", base_cmd)):
            home = work / f"home-{kind}"
            launched = launch(cmd, gui_env(home), workdir=work)
            if launched.returncode != 0 or launched.wall_s is None:
                raise RuntimeError(
                    f"{kind} run {i} did not report a first paint (exit {launched.returncode}): "
                    f"{' '.join(cmd)}\n{launched.stderr_tail}"
                )
            log(f"  {kind:8} run {i}: {launched.wall_s:.3f} s, peak RSS {launched.peak_rss_mb:.0f} MB")
            if i > 0:
                results[kind].append(launched)
    app, base = results["app"], results["baseline"]
    return {
        "app_wall_s": [round(r.wall_s, 4) for r in app],
        "app_inner_s": [r.inner_s for r in app],
        "app_window_painted_wall_s": [
            None if r.window_wall_s is None else round(r.window_wall_s, 4) for r in app
        ],
        "app_fresh_painted_wall_s": [
            None if r.fresh_wall_s is None else round(r.fresh_wall_s, 4) for r in app
        ],
        "baseline_wall_s": [round(r.wall_s, 4) for r in base],
        "baseline_inner_s": [r.inner_s for r in base],
        "app_peak_rss_mb": [round(r.peak_rss_mb, 1) for r in app],
        "baseline_peak_rss_mb": [round(r.peak_rss_mb, 1) for r in base],
        "app_ru_maxrss_mb_upper_bound": [round(r.ru_maxrss_mb, 1) for r in app],
        # The main window paints before its database is open; the first tab's rows follow.
        "startup_s": statistics.median(r.window_wall_s for r in app if r.window_wall_s is not None),
        "startup_data_s": statistics.median(r.wall_s for r in app),
        "startup_fresh_data_s": statistics.median(r.fresh_wall_s or r.wall_s for r in app),
        "startup_baseline_s": statistics.median(r.wall_s for r in base),
        "startup_inner_s": statistics.median(r.inner_s for r in app if r.inner_s is not None)
        if any(r.inner_s is not None for r in app)
        else None,
    }


def bench_self_check_rss(db: Path, work: Path) -> float:
    from startup import gui_env, launch

    launched = launch(
        [*app_command(), "--db", str(db), "--self-check"], gui_env(work / "home-app"), workdir=work
    )
    if launched.returncode != 0:
        raise RuntimeError(f"--self-check failed ({launched.returncode}):\n{launched.stderr_tail}")
    return launched.peak_rss_mb


def versions() -> dict[str, Any]:
    import PySide6
    import sqlalchemy
    from PySide6.QtCore import qVersion

    cpu = ""
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "sqlalchemy": sqlalchemy.__version__,
        "platform": platform.platform(),
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "loadavg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def bench_sync(work: Path, details: dict[str, Any], rows: int, ops: int) -> dict[str, Any]:
    """The sync figures (benchmarks/sync_bench.py) on a throwaway PostgreSQL cluster; each None, with
    ``details["sync_note"]`` saying why, when no PostgreSQL server can be started here."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pgserver import PgServer, PgUnavailable
    from sync_bench import measure

    try:
        server = PgServer.start()
    except (PgUnavailable, RuntimeError, OSError) as exc:
        details["sync_note"] = (
            f"sync figures not measured: no PostgreSQL server could be started ({exc}); "
            "install it with `bash scripts/ensure-test-deps.sh` (`make bench` does)"
        )
        log(details["sync_note"])
        return dict.fromkeys(SYNC_FIGURES)
    made = 0

    def fresh_database() -> str:
        nonlocal made
        made += 1
        return server.create_database(f"bench_{made}")

    try:
        log(f"sync: initial {rows} rows, push {ops} ops, capture, latency (PostgreSQL {server.bin_dir}) ...")
        measured = measure(fresh_database, work / "sync", rows=rows, ops=ops)
    finally:
        server.stop()
    details["sync"] = measured
    details["sync_measured_as"] = (
        "throwaway PostgreSQL cluster (tests/pgserver.py, fsync off) on this machine. initial: first "
        f"sync of {rows} stock moves into an empty local database vs COPY out of PostgreSQL + plain "
        "executemany into SQLite of the same rows, alternating, 3 runs each, medians; push: "
        f"{ops} offline edits pushed, applied ops per second end to end; latency: edit saved on A until "
        "visible in B's database, both runners online (LISTEN/NOTIFY, polling 10 min); capture: median "
        "single-row edit transaction with the capture triggers vs the same database without them"
    )
    return {key: measured.get(key) for key in SYNC_FIGURES}


def sync_only(args: argparse.Namespace, work: Path, report: dict[str, Any], details: dict[str, Any]) -> int:
    """``--only-sync``: the sync figures alone, in the same report layout."""
    try:
        figures = bench_sync(work, details, args.sync_rows, args.sync_ops)
        complete(report, figures, details)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return write(args.out, report, figures)


def complete(report: dict[str, Any], figures: dict[str, Any], details: dict[str, Any]) -> None:
    """The figures, the targets of those measured, pass/fail, the machine's load at the end, details."""
    report.update(figures)
    report["targets"] = {
        k: f"{op} {limit}" for k, (op, limit) in {**TARGETS, **SYNC_TARGETS}.items() if k in figures
    }
    report["pass"] = verdicts(figures)
    report["all_pass"] = all(v is True for v in report["pass"].values())
    report["machine"]["loadavg_at_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    report["details"] = details


def write(out: Path, report: dict[str, Any], figures: dict[str, Any]) -> int:
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log(json.dumps({k: report[k] for k in (*figures, "pass")}, ensure_ascii=False, indent=1))
    return 0


def verdicts(figures: dict[str, Any]) -> dict[str, bool | None]:
    """Pass/fail of every target whose figure was measured in this run (None: could not measure)."""
    out: dict[str, bool | None] = {}
    for key, (op, limit) in {**TARGETS, **SYNC_TARGETS}.items():
        if key not in figures:
            continue
        value = figures.get(key)
        out[key] = None if value is None else (value <= limit if op == "<=" else value >= limit)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench.json"))
    parser.add_argument("--runs", type=int, default=9, help="counted launches per startup figure")
    parser.add_argument("--small", type=int, default=300, help="clients in the small demo database")
    parser.add_argument("--large", type=int, default=30000, help="clients in the large demo database")
    parts = parser.add_mutually_exclusive_group()
    parts.add_argument("--skip-sync", action="store_true", help="no sync figures (no PostgreSQL needed)")
    parts.add_argument("--only-sync", action="store_true", help="only the sync figures")
    parser.add_argument("--sync-rows", type=int, default=100_000, help="server rows of the initial sync")
    parser.add_argument("--sync-ops", type=int, default=10_000, help="offline edits pushed")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="mos-bench-"))
    os.environ["MOS_DESKTOP_HOME"] = str(work / "home-inproc")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": versions()}
    details: dict[str, Any] = {}
    if args.only_sync:
        return sync_only(args, work, report, details)
    try:
        small, large = work / f"demo-{args.small}.sqlite3", work / f"demo-{args.large}.sqlite3"
        log(f"demo database, {args.small} clients, 12 months ...")
        details["demo_small_generate_s"] = round(make_demo(small, args.small, 12), 2)
        log("startup (app and baseline alternate) ...")
        startup = bench_startup(small, work, args.runs)
        details["startup"] = startup
        details["startup_measured_as"] = (
            "median wall time from just before Popen to the child's 'window-painted' line being read "
            "(the main window's first paint: title, menus, tab bar and status bar; the current tab's list is "
            "built right after this paint; the worker starts opening the database then, or once the kept rows "
            "are painted); "
            "startup_data_s: to its 'painted' line (the first tab's rows from the 300-client database "
            "painted; the rows kept from the last run, marked as refreshing, when the database file is as "
            "that run left it: views/common/list_cache.py); startup_fresh_data_s: to its 'fresh-painted' "
            "line (the rows read from the database painted; no target); baseline: to its 'painted' line "
            "(a bare QMainWindow with one QTableView). "
            f"QT_QPA_PLATFORM=offscreen, MOS_DESKTOP_QUIT_AFTER_PAINT=1; {args.runs} launches each, alternating, "
            "after one uncounted warm-up run each; "
            "the package's bytecode compiled first (compile_package), as an installed app has it"
        )
        log("peak RSS of --self-check (renders every tab) ...")
        self_check_rss = bench_self_check_rss(small, work)
        details["rss_mb_startup_max"] = max(startup["app_peak_rss_mb"])
        details["rss_mb_self_check"] = round(self_check_rss, 1)
        details["rss_measured_as"] = (
            "max of the child's VmHWM (/proc/<pid>/status, polled every 10 ms) over the startup launches "
            "and one --self-check run (which renders every tab)"
        )

        from filtering import bench_filter

        log("search, small ...")
        filter_small = bench_filter(small, TODAY)
        from payments_bench import bench_payments

        log("payments: bank statement of 10,000, invoice run, receivables ...")
        payments = bench_payments(small, TODAY)
        details["payments"] = payments.pop("details")

        from documents_bench import bench_documents

        log("documents: one act as PDF and DOCX, 300 invoices with QR into one PDF ...")
        documents = bench_documents(small, TODAY, details)
        log(f"demo database, {args.large} clients, 1 month ...")
        details["demo_large_generate_s"] = round(make_demo(large, args.large, 1), 2)
        log("search, large ...")
        filter_large = bench_filter(large, TODAY)
        details["filter_ms_30000_worst_keystroke"] = max(filter_large["filter_ms_per_keystroke"].values())
        details["filter_small"] = filter_small
        details["filter_large"] = filter_large
        details["filter_measured_as"] = (
            "median over keystrokes of ListView.set_search_text(prefix) (synchronous proxy filter), "
            "portfolio tab, in process; filter_and_repaint_ms_median adds a synchronous viewport repaint"
        )

        figures = {
            "startup_s": round(startup["startup_s"], 4),
            "startup_baseline_s": round(startup["startup_baseline_s"], 4),
            "startup_ratio": round(startup["startup_s"] / startup["startup_baseline_s"], 3),
            "startup_data_s": round(startup["startup_data_s"], 4),
            "startup_data_ratio": round(startup["startup_data_s"] / startup["startup_baseline_s"], 3),
            "startup_fresh_data_s": round(startup["startup_fresh_data_s"], 4),
            "startup_fresh_data_ratio": round(
                startup["startup_fresh_data_s"] / startup["startup_baseline_s"], 3
            ),
            f"filter_ms_{args.small}": round(filter_small["filter_ms_median"], 3),
            f"filter_ms_{args.large}": round(filter_large["filter_ms_median"], 3),
            "rss_mb": round(max(details["rss_mb_startup_max"], self_check_rss), 1),
            **payments,
            **documents,
        }
        from stock_bench import measure as bench_stock

        log("stock: balances over 100,000 moves, one move posted through its command ...")
        stock = bench_stock(work / "stock")
        details["stock"] = stock.pop("details")
        details["stock_measured_as"] = (
            "stock_report_100k_ms: median of 15 stock_rows() (every item x location: on hand, reserved, free, "
            "low stock; 60 items, 40 locations) over 100,000 moves, in process; move_post_ms: median of 15 "
            "one-line transfers through post_moves (checks, number, insert with capture triggers) and commit"
        )
        figures.update(stock)
        if not args.skip_sync:
            figures.update(bench_sync(work, details, args.sync_rows, args.sync_ops))
        complete(report, figures, details)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return write(args.out, report, figures)


if __name__ == "__main__":
    sys.exit(main())
