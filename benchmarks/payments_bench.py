"""Платежи figures for `make bench`: a bank statement of 10,000 payments imported (parsed, matched, written)
against a year of 300 clients, the month's invoice run for 300 clients, the receivables list.

Each measurement runs in a transaction that is rolled back, so the runs see the same database.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

PAYMENTS_TARGETS = {
    "bank_import_10k_s": ("<=", 1.0),
    "invoice_run_300_s": ("<=", 0.5),
    "receivables_ms": ("<=", 100.0),
}
OUR_ACCOUNT = "40702810900000000001"


def _statement(session: Any, count: int, seed: int) -> bytes:
    """``count`` incoming payments: most name an open invoice of its client with the right amount, some
    pay part of it, some pay by amount only, some come from strangers."""
    from sqlalchemy import select

    from mos_desktop.models import Client
    from mos_desktop.services.payments.bank_import import load_book

    rng = random.Random(seed)
    book = load_book(session)
    open_invoices = [i for rows in book.open_by_client.values() for i in rows]
    accounts = {cid: f"40702810{n:012d}" for n, (cid,) in enumerate(session.execute(select(Client.id)))}
    inns = {cid: inn for cid, inn in session.execute(select(Client.id, Client.inn))}
    lines = [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        "Кодировка=Windows",
        "ДатаНачала=01.11.2026",
        "ДатаКонца=23.11.2026",
        f"РасчСчет={OUR_ACCOUNT}",
        "СекцияРасчСчет",
        f"РасчСчет={OUR_ACCOUNT}",
        "НачальныйОстаток=0.00",
        "КонечныйОстаток=0.00",
        "КонецРасчСчет",
    ]
    for n in range(count):
        kind = rng.random()
        if open_invoices and kind < 0.85:
            inv = rng.choice(open_invoices)
            inn, account = inns[inv.client_id], accounts[inv.client_id]
            kop = inv.remaining_kop if kind < 0.7 else max(inv.remaining_kop // 2, 1)
            purpose = f"Оплата по счету № {inv.number} от {inv.issued_on:%d.%m.%Y} за абонентское обслуживание. Без НДС"
        else:
            inn, account, kop = "500100732259", "40802810000000000099", rng.randint(100, 100_000) * 100
            purpose = "Оплата по счету б/н за услуги. Без НДС"
        day = 1 + n % 23
        lines += [
            "СекцияДокумент=Платежное поручение",
            f"Номер={1000 + n}",
            f"Дата={day:02d}.11.2026",
            f"Сумма={kop // 100}.{kop % 100:02d}",
            f"ПлательщикСчет={account}",
            f"ПлательщикИНН={inn}",
            "Плательщик1=ООО Плательщик",
            "ПлательщикБИК=044525225",
            f"ПолучательСчет={OUR_ACCOUNT}",
            "ПолучательИНН=7736207543",
            "Получатель1=ООО МОС",
            "ВидОплаты=01",
            "Очередность=5",
            f"ДатаПоступило={day:02d}.11.2026",
            "ДатаСписано=",
            f"НазначениеПлатежа={purpose}",
            "КонецДокумента",
        ]
    lines.append("КонецФайла")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def _timed(database: Any, action: Any, runs: int) -> list[float]:
    """Wall times of ``action(session)``, each in a transaction rolled back afterwards."""
    times = []
    for _ in range(runs):
        session = database.session_factory()
        try:
            started = time.perf_counter()
            action(session)
            session.flush()
            times.append(time.perf_counter() - started)
        finally:
            session.rollback()
            session.close()
    return times


def bench_payments(db_path: Path, today: date, *, payments: int = 10_000, runs: int = 3) -> dict[str, Any]:
    from mos_desktop.db import open_database
    from mos_desktop.services.payments.bank_import import (
        StatementImportForm,
        apply_statement,
        preview_statement,
    )
    from mos_desktop.services.payments.invoicing import InvoiceRunForm, run_invoices
    from mos_desktop.services.payments.receivables import list_receivables

    database = open_database(db_path, daily_backup=False)
    try:
        with database.session() as s:
            data = _statement(s, payments, seed=1)
        ours = frozenset({OUR_ACCOUNT})
        results: dict[str, Any] = {}

        def preview(s: Any) -> None:
            preview_statement(s, data, our_accounts=ours)

        def imported(s: Any) -> None:
            result = apply_statement(
                s, StatementImportForm(data, "bench.txt", ours), user="bench", today=today
            )
            results["summary"] = result.summary.as_dict()

        month = date(today.year + (today.month == 12), today.month % 12 + 1, 1)

        def run(s: Any) -> None:
            changes = run_invoices(s, InvoiceRunForm(month, "БЕНЧ"), user="bench", today=today)
            results["invoices_made"] = len(changes.ids)

        def receivables(s: Any) -> None:
            results["receivables_rows"] = len(list_receivables(s, today=today).rows)

        preview_s = _timed(database, preview, runs)
        import_s = _timed(database, imported, runs)
        run_s = _timed(database, run, runs)
        receivables_s = _timed(database, receivables, runs + 4)
    finally:
        database.dispose()
    return {
        "bank_import_10k_s": round(statistics.median(import_s), 3),
        "invoice_run_300_s": round(statistics.median(run_s), 3),
        "receivables_ms": round(statistics.median(receivables_s) * 1000, 2),
        "details": {
            "statement_bytes": len(data),
            "statement_payments": payments,
            "bank_preview_s": round(statistics.median(preview_s), 3),
            "bank_import_runs_s": [round(t, 3) for t in import_s],
            "invoice_run_runs_s": [round(t, 3) for t in run_s],
            "receivables_runs_ms": [round(t * 1000, 2) for t in receivables_s],
            **results,
            "measured_as": (
                "in process on the 300-client, 12-month demo database; bank_import: parse (cp1251) + match + "
                "write payments and allocations of a 10,000-payment statement (85 % name an open invoice, "
                "of which a fifth pay half), median of 3, each rolled back; invoice_run: run_invoices for "
                "the next month (every billable client new), median of 3, rolled back; receivables: "
                "list_receivables (ageing per client), median of 7"
            ),
        },
    }


if __name__ == "__main__":  # quick look: python benchmarks/payments_bench.py DB
    import json
    import sys

    print(json.dumps(bench_payments(Path(sys.argv[1]), date(2026, 11, 23)), ensure_ascii=False, indent=1))
