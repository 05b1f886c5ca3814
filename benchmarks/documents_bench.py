"""Printed-document figures for `make bench` (benchmarks/run.py): one act, warm, as PDF and as DOCX, and
the month's 300 invoices with their payment QR as one PDF, with a progress callback.

    act_pdf_ms, act_docx_ms   median of 15 renders of one act (api.render: lookup of the stored document,
                              data assembly, layout, rendering), after 3 uncounted warm-up renders
    invoices_batch_300_s      api.render_batch of 300 invoices into one PDF (QR on), progress reported
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

TARGETS = {  # the figures and their limits; benchmarks/run.py keeps its own copy
    "act_pdf_ms": ("<=", 100.0),
    "act_docx_ms": ("<=", 100.0),
    "invoices_batch_300_s": ("<=", 15.0),
}
WARMUP, RUNS, BATCH = 3, 15, 300


def bench_documents(db: Path, today: date, details: dict[str, Any]) -> dict[str, float]:
    from sqlalchemy import select

    from mos_desktop.db import open_database
    from mos_desktop.documents import api
    from mos_desktop.documents.company import demo_settings
    from mos_desktop.models import Invoice
    from mos_desktop.models.billing import InvoiceStatus

    settings = demo_settings()
    database = open_database(db, daily_backup=False)
    try:
        session = database.session_factory()
        try:
            invoices = list(
                session.scalars(
                    select(Invoice.id)
                    .where(Invoice.status == InvoiceStatus.ISSUED)
                    .order_by(Invoice.issued_on.desc(), Invoice.number)
                    .limit(BATCH)
                )
            )
            act = invoices[0]

            def timed(fmt: api.Format) -> float:
                for _ in range(WARMUP):
                    api.render(session, "act", act, fmt, settings=settings, today=today)
                samples = []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    api.render(session, "act", act, fmt, settings=settings, today=today)
                    samples.append((time.perf_counter() - started) * 1000)
                return statistics.median(samples)

            act_pdf = timed("pdf")
            act_docx = timed("docx")
            steps: list[int] = []
            started = time.perf_counter()
            data = api.render_batch(
                session,
                "invoice",
                invoices,
                settings=settings,
                progress=lambda done, total: steps.append(done),
            )
            batch_s = time.perf_counter() - started
            assert isinstance(data, bytes)
            details["documents"] = {
                "invoices_in_batch": len(invoices),
                "batch_pdf_mb": round(len(data) / 1e6, 2),
                "batch_progress_calls": len(steps),
                "measured_as": __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
            }
        finally:
            session.rollback()  # the issued-document records the bench made are not kept
            session.close()
    finally:
        database.dispose()
    return {
        "act_pdf_ms": round(act_pdf, 2),
        "act_docx_ms": round(act_docx, 2),
        "invoices_batch_300_s": round(batch_s, 2),
    }


if __name__ == "__main__":  # a quick look without the rest of `make bench`
    import json
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from mos_desktop.db import open_database
    from mos_desktop.demo import generate_demo

    day = date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite3"
        database = open_database(path, daily_backup=False)
        with database.session() as s:
            generate_demo(s, clients=300, months=12, seed=1, today=day)
        database.dispose()
        found: dict[str, Any] = {}
        print(json.dumps({**bench_documents(path, day, found), **found}, ensure_ascii=False, indent=1))
