"""Money in: invoices on the 15th, payments as a bank would show them, allocations, debtor calls."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from mos_desktop.demo.checksums import make_account, make_inn12
from mos_desktop.demo.company import DEMO_INVOICE_SERIES
from mos_desktop.demo.context import (
    BILLABLE,
    ClientInfo,
    Ctx,
    month_start,
    month_title,
    workday_on_or_after,
    workday_on_or_before,
    workdays,
)
from mos_desktop.models import (
    CallOutcome,
    ClientStatus,
    CollectionCall,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentSource,
    VatMode,
)

Row = dict[str, Any]
PaymentEvent = tuple[date, list[tuple[Row, int]], str]

CALL_NOTES = {
    CallOutcome.NO_ANSWER: ("Не берут трубку", "Занято", "Абонент недоступен"),
    CallOutcome.REACHED: ("Бухгалтер передаст директору", "Счёт получен, оплата на согласовании"),
    CallOutcome.PROMISED: ("Обещали оплатить", "Платёжка в банке, оплата к дате", "Оплатят после поступления средств"),
    CallOutcome.INVOICE_RESENT: ("Счёт потеряли, отправлен повторно на e-mail бухгалтера",),
    CallOutcome.WRONG_CONTACT: ("Номер не принадлежит клиенту, нужен новый контакт",),
    CallOutcome.REFUSED: ("Отказываются платить до устранения неисправности шлагбаума",),
}  # fmt: skip


def make_billing(ctx: Ctx) -> None:
    invoices = _make_invoices(ctx)
    rng = ctx.rng("payments")
    settled: dict[Any, date] = {}
    for client in ctx.clients:
        mine = invoices.get(client.number, [])
        if mine:
            _pay(ctx, rng, client, mine, settled)
    _unidentified_payments(ctx, rng)
    _collection_calls(ctx, invoices, settled)
    debts: dict[int, tuple[int, date]] = {}
    paid = _paid_amounts(ctx)
    for number, rows in invoices.items():
        open_rows = [
            r for r in rows if r["status"] == InvoiceStatus.ISSUED and paid.get(r["id"], 0) < r["total_kop"]
        ]
        if open_rows:
            debt = sum(r["total_kop"] - paid.get(r["id"], 0) for r in open_rows)
            debts[number] = (debt, open_rows[0]["issued_on"])
    ctx.shared["debts"] = debts


def _make_invoices(ctx: Ctx) -> dict[int, list[Row]]:
    rng = ctx.rng("invoices")
    by_client: dict[int, list[Row]] = {}
    corrections = 0
    for issue in ctx.invoice_dates:
        period = month_start(issue)
        seq = 0
        for client in ctx.clients:
            amount, text = _month_charge(client, period)
            if amount <= 0:
                continue
            fee = client.fee_on(issue)
            previous = client.fee_on(period - timedelta(days=1))
            if previous and previous != fee and corrections < 3 and rng.random() < 0.5:
                corrections += 1  # issued with the old fee, cancelled and re-issued: process 8
                seq += 1
                row = _invoice(ctx, client, issue, seq, previous, InvoiceStatus.CANCELLED)
                by_client.setdefault(client.number, []).append(row)
            seq += 1
            by_client.setdefault(client.number, []).append(
                _invoice(ctx, client, issue, seq, amount, InvoiceStatus.ISSUED, text)
            )
    return by_client


def _month_charge(client: ClientInfo, period: date) -> tuple[int, str]:
    """What the month's invoice run bills the client (``invoicing.fee_spans`` and ``prorated_kop``: the
    fee in force on each billable day, a start mid-month prorated), and its line's text; so that running
    the invoices for a demo month again finds them all unchanged."""
    from mos_desktop.services.payments.invoicing import fee_spans, invoice_line_text, prorated_kop

    if client.fee_start is None or (client.end_on is not None and client.end_on < period):
        return 0, ""
    if client.status not in BILLABLE and client.status != ClientStatus.TERMINATED:
        return 0, ""
    spans = fee_spans(client.fees, client.fee_start, period)
    return prorated_kop(spans, period), invoice_line_text(spans)


def _invoice(
    ctx: Ctx, client: ClientInfo, issue: date, seq: int, fee: int, status: InvoiceStatus, text: str = ""
) -> Row:
    period = month_start(issue)
    number = f"АП-{DEMO_INVOICE_SERIES}-{issue:%y%m}-{seq:04d}"  # as the invoice run numbers them
    invoice_id = ctx.add(
        Invoice,
        number=number,
        client_id=client.id,
        issued_on=issue,
        period=period,
        due_on=issue.replace(day=20),
        status=status,
        vat_mode=VatMode.NO_VAT,
        vat_rate_pct=0,
        total_kop=fee,
        vat_kop=0,
        basis=f"Договор {client.contract}",
        external_number=f"{(issue.month - 1) * 10000 + seq}",
        resend_count=0,
        last_resent_at=None,
    )
    ctx.add(
        InvoiceLine,
        invoice_id=invoice_id,
        position=1,
        name=text or f"Абонентская плата за {month_title(period)}",
        quantity=1,
        unit="мес.",
        price_kop=fee,
        amount_kop=fee,
    )
    return ctx.rows[Invoice][-1]


def _plan(ctx: Ctx, rng: random.Random, client: ClientInfo, invoices: list[Row]) -> list[PaymentEvent]:
    events: list[PaymentEvent] = []
    pending: list[Row] = []
    quiet_since = ctx.today - timedelta(days=100)
    for inv in invoices:
        if inv["status"] != InvoiceStatus.ISSUED:
            continue
        day, amount = inv["issued_on"], inv["total_kop"]
        profile = client.profile
        if profile == "punctual" and rng.random() < 0.04:
            profile = "late"
        if profile == "punctual":
            events.append((day + timedelta(days=rng.randint(0, 4)), [(inv, amount)], "full"))
        elif profile == "late":
            extra = rng.randint(5, 20) if rng.random() < 0.88 else rng.randint(21, 50)
            events.append((day + timedelta(days=extra), [(inv, amount)], "full"))
        elif profile == "partial" and rng.random() < 0.6:
            part = amount // 2 // 100 * 100
            events.append((day + timedelta(days=rng.randint(1, 6)), [(inv, part)], "partial"))
            if rng.random() < 0.75:
                events.append((day + timedelta(days=rng.randint(12, 35)), [(inv, amount - part)], "rest"))
        elif profile == "partial":
            events.append((day + timedelta(days=rng.randint(5, 25)), [(inv, amount)], "full"))
        else:
            pending.append(inv)
            may_pay = client.status != ClientStatus.SUSPENDED or day < quiet_since
            if may_pay and rng.random() < 0.45:
                events.append(
                    (day + timedelta(days=rng.randint(6, 30)), [(x, x["total_kop"]) for x in pending], "lump")
                )
                pending = []
    return events


def _purpose(
    ctx: Ctx, rng: random.Random, client: ClientInfo, parts: list[tuple[Row, int]], kind: str
) -> str:
    refs = ", ".join(f"№ {inv['number']} от {inv['issued_on']:%d.%m.%Y}" for inv, _ in parts)
    if kind == "lump":
        return f"Оплата по счетам {refs} за абонентское обслуживание. Без НДС"
    if kind == "partial":
        return f"Частичная оплата по счету {refs}. Без НДС"
    if rng.random() < 0.1:
        period = parts[0][0]["period"]
        return f"Оплата абонентской платы за {month_title(period)} по договору {client.contract}. НДС не облагается"
    return f"Оплата по счету {refs} за абонентское обслуживание. Без НДС"


def _pay(
    ctx: Ctx, rng: random.Random, client: ClientInfo, invoices: list[Row], settled: dict[Any, date]
) -> None:
    paid: dict[Any, int] = {}
    events = sorted(_plan(ctx, rng, client, invoices), key=lambda e: e[0])
    for day, parts, kind in events:
        received = workday_on_or_after(day)
        if received > ctx.today:
            continue
        amount = sum(p for _, p in parts)
        doc_date = workday_on_or_before(received - timedelta(days=1)) if rng.random() < 0.4 else received
        doc_number = str(rng.randint(1, 3000))
        payer_inn = client.inn if rng.random() > 0.03 else ""
        bank = rng.random() < 0.92
        payment_id = ctx.add(
            Payment,
            received_on=received,
            amount_kop=amount,
            client_id=client.id,
            payer_inn=payer_inn,
            payer_name=client.legal_name,
            payer_account=client.account,
            purpose=_purpose(ctx, rng, client, parts, kind),
            bank_doc_number=doc_number,
            bank_doc_date=doc_date,
            source=PaymentSource.BANK_IMPORT if bank else PaymentSource.MANUAL,
            import_key=f"{doc_date:%Y%m%d}|{doc_number}|{payer_inn}|{amount}" if bank else "",
        )
        for inv, part in parts:
            ctx.add(PaymentAllocation, payment_id=payment_id, invoice_id=inv["id"], amount_kop=part)
            paid[inv["id"]] = paid.get(inv["id"], 0) + part
            if paid[inv["id"]] >= inv["total_kop"]:
                settled[inv["id"]] = received


def _unidentified_payments(ctx: Ctx, rng: random.Random) -> None:
    """Money whose payer we cannot match: no client, sometimes no ИНН (the bank import's mess)."""
    for n in range(ctx.count(3)):
        day = workday_on_or_before(ctx.today - timedelta(days=rng.randint(1, 20)))
        inn = make_inn12(rng) if n % 2 == 0 else ""
        amount = rng.randint(30, 150) * 10000
        ctx.add(
            Payment,
            received_on=day,
            amount_kop=amount,
            client_id=None,
            payer_inn=inn,
            payer_name=f"ИП {rng.choice(('Семёнов А. В.', 'Гришина О. Н.', 'Тарасов И. П.'))}" if inn else "",
            payer_account=make_account(rng, "044525974", prefix="40802810"),
            purpose="Оплата по счету б/н за услуги. Без НДС",
            bank_doc_number=str(rng.randint(1, 999)),
            bank_doc_date=day,
            source=PaymentSource.BANK_IMPORT,
            import_key=f"{day:%Y%m%d}|unmatched-{n}|{inn}|{amount}",
        )


def _paid_amounts(ctx: Ctx) -> dict[Any, int]:
    paid: dict[Any, int] = {}
    for alloc in ctx.rows[PaymentAllocation]:
        paid[alloc["invoice_id"]] = paid.get(alloc["invoice_id"], 0) + alloc["amount_kop"]
    return paid


def _collection_calls(ctx: Ctx, invoices: dict[int, list[Row]], settled: dict[Any, date]) -> None:
    """From the 20th, calls every 1–3 working days until paid; the last call of an open debt carries
    a promise due today, an overdue one, a future one, or none (in turn, so every kind exists)."""
    rng = ctx.rng("calls")
    paid = _paid_amounts(ctx)
    turn = 0
    for client in ctx.clients:
        for inv in invoices.get(client.number, []):
            if inv["status"] != InvoiceStatus.ISSUED:
                continue
            twentieth = inv["issued_on"].replace(day=20)
            start = workday_on_or_after(twentieth)
            paid_on = settled.get(inv["id"])
            if start >= ctx.today or (paid_on is not None and paid_on <= twentieth):
                continue
            end = min(
                paid_on - timedelta(days=1) if paid_on else ctx.today - timedelta(days=1),
                start + timedelta(days=45),
            )
            days = workdays(start, end)
            chosen: list[date] = []
            i = 0
            while i < len(days) and len(chosen) < 4:
                chosen.append(days[i])
                i += rng.randint(1, 4)
            remaining = inv["total_kop"] - paid.get(inv["id"], 0)
            for k, day in enumerate(chosen):
                promise: date | None
                last = k == len(chosen) - 1
                if last and paid_on is not None:
                    outcome, promise = CallOutcome.PROMISED, paid_on
                elif last:
                    outcome, promise = _open_debt_outcome(ctx, rng, client, day, turn)
                    turn += 1
                else:
                    outcome = rng.choices(
                        (CallOutcome.NO_ANSWER, CallOutcome.REACHED, CallOutcome.PROMISED, CallOutcome.INVOICE_RESENT, CallOutcome.WRONG_CONTACT),
                        weights=(35, 20, 25, 15, 5),
                    )[0]  # fmt: skip
                    promise = (
                        day + timedelta(days=rng.randint(2, 6)) if outcome == CallOutcome.PROMISED else None
                    )
                called_at = ctx.moment(rng, day, 10, 18)
                if outcome == CallOutcome.INVOICE_RESENT:
                    inv["resend_count"] += 1
                    inv["last_resent_at"] = called_at
                ctx.add(
                    CollectionCall,
                    client_id=client.id,
                    invoice_id=inv["id"],
                    called_at=called_at,
                    outcome=outcome,
                    promise_date=promise,
                    promise_kop=(inv["total_kop"] if paid_on else remaining) if promise else 0,
                    note=rng.choice(CALL_NOTES[outcome]),
                )


def _open_debt_outcome(
    ctx: Ctx, rng: random.Random, client: ClientInfo, day: date, turn: int
) -> tuple[CallOutcome, date | None]:
    scenario = turn % 4
    if scenario == 0:
        return CallOutcome.PROMISED, ctx.today
    if scenario == 1:
        overdue = ctx.today - timedelta(days=rng.randint(1, 5))
        return CallOutcome.PROMISED, max(day, overdue) if max(day, overdue) < ctx.today else day
    if scenario == 2:
        return CallOutcome.PROMISED, workday_on_or_after(ctx.today + timedelta(days=rng.randint(1, 7)))
    if client.profile == "bad" and rng.random() < 0.4:
        return CallOutcome.REFUSED, None
    return rng.choice((CallOutcome.NO_ANSWER, CallOutcome.INVOICE_RESENT, CallOutcome.REACHED)), None
