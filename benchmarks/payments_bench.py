"""Платежи figures for `make bench`: a bank statement of 10,000 payments imported (parsed, matched, written)
against a year of 300 clients, the month's invoice run for 300 clients, the receivables list.

Each measurement runs in a transaction that is rolled back, so the runs see the same database.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PAYMENTS_TARGETS = {
    "bank_import_10k_s": ("<=", 1.0),
    "invoice_run_300_s": ("<=", 0.5),
    "receivables_ms": ("<=", 100.0),
}
OUR_ACCOUNT = "40702810900000000001"
OUR_INN = "7736207543"


def _business_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _kop(text_kop: int) -> str:
    return f"{text_kop // 100}.{text_kop % 100:02d}"


def _statement(session: Any, count: int, seed: int, today: date) -> bytes:
    """A year's statement of ``count`` payments on business days, as a bank writes one:

    - every open invoice of the database paid by its client after it was issued: most in full naming it,
      some in part naming it, some by the amount alone; a few left unpaid;
    - a few clients paying an invoice they had paid already (a double payment: unmatched);
    - about 1 % of the payments already imported (an overlapping file: skipped as duplicates);
    - 15 % outgoing to about 200 suppliers, the rest incoming from about 800 other payers (refunds, other
      income: unmatched), amounts spread log-uniformly from 300 ₽ to 600,000 ₽ with kopecks;
    - every payer has one account and numbers its orders in sequence, the order dated 0-3 days before the
      bank date; so lines differ the way real ones do and «похож на загруженный» stays the rare case.
    """
    from sqlalchemy import select

    from mos_desktop.models import Client, Invoice, Payment
    from mos_desktop.services.payments.bank_import import load_book

    rng = random.Random(seed)
    days = _business_days(today - timedelta(days=364), today)
    book = load_book(session)
    open_invoices = sorted((i for rows in book.open_by_client.values() for i in rows), key=lambda i: i.number)
    inns: dict[Any, str] = {cid: inn for cid, inn in session.execute(select(Client.id, Client.inn))}
    accounts: dict[Any, str] = {
        cid: account
        for cid, account in session.execute(
            select(Payment.client_id, Payment.payer_account).where(Payment.client_id.is_not(None))
        )
    }
    for n, cid in enumerate(sorted(inns)):
        accounts.setdefault(cid, f"40702810{n:012d}")
    next_number: dict[str, int] = {}

    def number(account: str) -> int:
        value = next_number.get(account, rng.randint(100, 3000)) + rng.randint(1, 3)
        next_number[account] = value
        return value

    def log_uniform(low_rub: int, high_rub: int) -> int:
        return int(math.exp(rng.uniform(math.log(low_rub * 100), math.log(high_rub * 100))))

    # (bank date, payer inn, payer account, payee inn, payee account, kop, purpose, (number, date) or None)
    docs: list[tuple[date, str, str, str, str, int, str, tuple[str, date] | None]] = []
    for inv in open_invoices:
        kind = rng.random()
        if kind >= 0.9:
            continue
        inn, account = inns[inv.client_id], accounts[inv.client_id]
        day = rng.choice([d for d in days if d >= inv.issued_on] or days[-1:])
        named = (
            f"Оплата по счету № {inv.number} от {inv.issued_on:%d.%m.%Y} за абонентское обслуживание. Без НДС"
        )
        if kind < 0.6:
            docs.append((day, inn, account, OUR_INN, OUR_ACCOUNT, inv.remaining_kop, named, None))
        elif kind < 0.75:
            part = max(inv.remaining_kop * rng.choice((1, 2, 3)) // 4, 1)
            docs.append((day, inn, account, OUR_INN, OUR_ACCOUNT, part, "Частичная " + named.lower(), None))
        else:
            purpose = "Оплата за абонентское обслуживание. Без НДС"
            docs.append((day, inn, account, OUR_INN, OUR_ACCOUNT, inv.remaining_kop, purpose, None))
    paid = list(
        session.execute(
            select(Invoice.client_id, Invoice.number, Invoice.issued_on, Invoice.total_kop)
            .where(Invoice.number.not_in([i.number for i in open_invoices]))
            .order_by(Invoice.number)
        )
    )
    for cid, inv_number, issued_on, total in rng.sample(paid, min(len(paid), count // 100)):
        day = rng.choice([d for d in days if d >= issued_on] or days[-1:])
        purpose = f"Оплата по счету № {inv_number} от {issued_on:%d.%m.%Y}. Без НДС"
        docs.append((day, inns[cid], accounts[cid], OUR_INN, OUR_ACCOUNT, total, purpose, None))
    imported = list(
        session.execute(
            select(
                Payment.received_on, Payment.payer_inn, Payment.payer_account, Payment.amount_kop,
                Payment.purpose, Payment.bank_doc_number, Payment.bank_doc_date,
            )
            .where(Payment.bank_doc_number != "", Payment.reverses_id.is_(None), Payment.amount_kop > 0)
            .order_by(Payment.received_on, Payment.bank_doc_number)
        )
    )  # fmt: skip
    for day, inn, account, kop, purpose, doc_number, doc_date in imported[-(count // 100) :]:
        docs.append((day, inn, account, OUR_INN, OUR_ACCOUNT, kop, purpose, (doc_number, doc_date or day)))
    payers = [(f"77{rng.randrange(10**8):08d}", f"40702810{rng.randrange(10**12):012d}") for _ in range(800)]
    suppliers = [
        (f"50{rng.randrange(10**8):08d}", f"40702810{rng.randrange(10**12):012d}") for _ in range(200)
    ]
    while len(docs) < count:
        day = rng.choice(days)
        if rng.random() < 0.15:
            inn, account = rng.choice(suppliers)
            purpose = f"Оплата по счету {rng.randint(1, 9999)} за оборудование. В т.ч. НДС 20 %"
            docs.append((day, OUR_INN, OUR_ACCOUNT, inn, account, log_uniform(300, 600_000), purpose, None))
        else:
            inn, account = rng.choice(payers)
            purpose = rng.choice(
                ("Возврат излишне перечисленных средств", "Оплата по договору", "Возмещение")
            )
            docs.append((day, inn, account, OUR_INN, OUR_ACCOUNT, log_uniform(300, 600_000), purpose, None))
    docs.sort(key=lambda d: d[0])
    lines = [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        "Кодировка=Windows",
        f"ДатаНачала={days[0]:%d.%m.%Y}",
        f"ДатаКонца={days[-1]:%d.%m.%Y}",
        f"РасчСчет={OUR_ACCOUNT}",
        "СекцияРасчСчет",
        f"РасчСчет={OUR_ACCOUNT}",
        "НачальныйОстаток=0.00",
        "КонечныйОстаток=0.00",
        "КонецРасчСчет",
    ]
    for day, payer_inn, payer_account, payee_inn, payee_account, kop, purpose, known in docs:
        outgoing = payer_account == OUR_ACCOUNT
        doc_number, doc_day = known or (
            str(number(payer_account)),
            day - timedelta(days=rng.choice((0, 0, 1, 3))),
        )
        lines += [
            "СекцияДокумент=Платежное поручение",
            f"Номер={doc_number}",
            f"Дата={doc_day:%d.%m.%Y}",
            f"Сумма={_kop(kop)}",
            f"ПлательщикСчет={payer_account}",
            f"ПлательщикИНН={payer_inn}",
            "Плательщик1=ООО МОС" if outgoing else "Плательщик1=ООО Плательщик",
            "ПлательщикБИК=044525225",
            f"ПолучательСчет={payee_account}",
            f"ПолучательИНН={payee_inn}",
            "Получатель1=ООО Поставщик" if outgoing else "Получатель1=ООО МОС",
            "ВидОплаты=01",
            "Очередность=5",
            f"ДатаПоступило={'' if outgoing else f'{day:%d.%m.%Y}'}",
            f"ДатаСписано={f'{day:%d.%m.%Y}' if outgoing else ''}",
            f"НазначениеПлатежа={purpose}",
            "КонецДокумента",
        ]
    lines.append("КонецФайла")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def _timed(database: Any, action: Any, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall times of ``action(session)``, each in a transaction rolled back afterwards; the process's CPU
    times into ``cpu`` (on a shared machine the wall time also counts the waits for a core)."""
    times = []
    for _ in range(runs):
        session = database.session_factory()
        try:
            started, started_cpu = time.perf_counter(), time.process_time()
            action(session)
            session.flush()
            times.append(time.perf_counter() - started)
            if cpu is not None:
                cpu.append(time.process_time() - started_cpu)
        finally:
            session.rollback()
            session.close()
    return times


def bench_payments(db_path: Path, today: date, *, payments: int = 10_000, runs: int = 5) -> dict[str, Any]:
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
            data = _statement(s, payments, seed=1, today=today)
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
        import_cpu: list[float] = []
        run_cpu: list[float] = []
        import_s = _timed(database, imported, runs, import_cpu)
        run_s = _timed(database, run, runs, run_cpu)
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
            "bank_import_cpu_runs_s": [round(t, 3) for t in import_cpu],
            "invoice_run_runs_s": [round(t, 3) for t in run_s],
            "invoice_run_cpu_runs_s": [round(t, 3) for t in run_cpu],
            "receivables_runs_ms": [round(t * 1000, 2) for t in receivables_s],
            **results,
            "measured_as": (
                "in process on the 300-client, 12-month demo database; bank_import: parse (cp1251) + match + "
                "write payments and allocations (Core bulk inserts, captured for sync in bulk) of a year's "
                "10,000-payment statement (nine in ten open invoices paid in full, in part or by amount alone, "
                "double payments, 1 % already imported, 15 % outgoing, the rest from other payers; "
                "amounts log-uniform with kopecks, business days, per-payer order numbers; see _statement), "
                "median of 5, each rolled back; *_cpu_runs_s: the process's CPU time of the same runs; "
                "invoice_run: run_invoices for "
                "the next month (every billable client new), median of 5, rolled back; receivables: "
                "list_receivables (ageing per client), median of 9"
            ),
        },
    }


if __name__ == "__main__":  # quick look: python benchmarks/payments_bench.py DB
    import json
    import sys

    print(json.dumps(bench_payments(Path(sys.argv[1]), date(2026, 11, 23)), ensure_ascii=False, indent=1))
