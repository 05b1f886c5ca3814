"""In-process search benchmark: the portfolio tab's ListView over N clients, keystroke by keystroke.

Times ``ListView.set_search_text(text)`` (the proxy filters synchronously inside it) and, separately, the
same plus a synchronous repaint of the table's viewport (what the user sees). Median per keystroke over
several rounds of typing the term and clearing the box.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROUNDS = 7


def keystrokes(term: str) -> list[str]:
    """Prefixes as typed; a trailing space changes no filter, so it is not a separate keystroke."""
    return [term[:i] for i in range(1, len(term) + 1) if not term[:i].endswith(" ")]


def pick_term(keys: list[str], preferred: str = "жк с") -> str:
    """The brief's term when the data has it, else the first four letters of the commonest word."""
    if any(preferred in key for key in keys):
        return preferred
    words = Counter(w for key in keys for w in key.split() if len(w) >= 4 and w.isalpha())
    return words.most_common(1)[0][0][:4] if words else "а"


def bench_filter(db_path: Path, today: date) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from mos_desktop.db import open_database
    from mos_desktop.services.listing import run_list
    from mos_desktop.views.common.context import AppContext
    from mos_desktop.views.common.list_view import ListView
    from mos_desktop.views.tabs import TABS

    app = QApplication.instance() or QApplication([])
    spec = next(tab for tab in TABS if tab.key == "portfolio").lists[0]
    database = open_database(db_path, daily_backup=False)
    ctx = AppContext(database, today=lambda: today)
    view = ListView(ctx, spec, "portfolio")
    try:
        t0 = time.perf_counter()
        with database.session() as s:
            listing = run_list(s, spec.source, today=today)
        t1 = time.perf_counter()
        view.set_listing(listing)  # before show(): no background reload races the measurement
        t2 = time.perf_counter()
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        total = view.total_count()
        term = pick_term(view.proxy._keys)
        filter_ms: list[float] = []
        paint_ms: list[float] = []
        shown: dict[str, int] = {}
        per_key: dict[str, list[float]] = {k: [] for k in keystrokes(term)}
        for _ in range(ROUNDS):
            for text in keystrokes(term):
                start = time.perf_counter()
                view.set_search_text(text)
                filtered = time.perf_counter()
                view.table.viewport().repaint()
                painted = time.perf_counter()
                filter_ms.append((filtered - start) * 1000)
                paint_ms.append((painted - start) * 1000)
                per_key[text].append((filtered - start) * 1000)
                shown[text] = view.shown_count()
            view.set_search_text("")
            app.processEvents()
        if view.shown_count() != total:
            raise RuntimeError("clearing the search did not bring every row back")
        return {
            "rows": total,
            "term": term,
            "shown_per_keystroke": shown,
            "filter_ms_median": statistics.median(filter_ms),
            "filter_ms_max": max(filter_ms),
            "filter_ms_per_keystroke": {k: round(statistics.median(v), 3) for k, v in per_key.items()},
            "filter_and_repaint_ms_median": statistics.median(paint_ms),
            "list_service_ms": (t1 - t0) * 1000,
            "format_and_show_ms": (t2 - t1) * 1000,
            "samples": len(filter_ms),
        }
    finally:
        view.close()
        view.deleteLater()
        ctx.runner.wait()
        app.processEvents()
        database.dispose()
