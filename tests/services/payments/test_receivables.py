"""Receivables by ageing bucket, the debtors report in three formats, payables steps, Dostavista balance."""

from __future__ import annotations

import json
from datetime import date

import pytest
from factories import client, invoice, payment

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import PayableStatus
from mos_desktop.services.payments.dostavista import DostavistaForm, add_dostavista_entry, dostavista_balance
from mos_desktop.services.payments.payables import PayableForm, PayableStepForm, payable_step, save_payable
from mos_desktop.services.payments.receivables import export_debtors, list_receivables

TODAY = date(2026, 11, 24)


def test_ageing_buckets_and_debtors_report(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893")
        for issued, rub in (
            (date(2026, 11, 15), 1_000),
            (date(2026, 10, 15), 2_000),
            (date(2026, 7, 15), 3_000),
        ):
            invoice(s, owner, rub, issued, due_on=issued.replace(day=20), number=f"С-{issued.month}")
        paid = invoice(s, owner, 500, date(2026, 9, 15), due_on=date(2026, 9, 20), number="С-9")
        payment(s, 200, date(2026, 9, 25), pays=[(paid, 200)])
        listing = list_receivables(s, today=TODAY)
        report = json.loads(export_debtors(s, "json", today=TODAY))
        csv_text = export_debtors(s, "csv", today=TODAY).decode("utf-8-sig")
        xlsx = export_debtors(s, "xlsx", today=TODAY)
    (row,) = listing.records()
    assert (row["d1_30"], row["d31_60"], row["d61_90"], row["d90_plus"]) == (
        100_000,
        200_000,
        30_000,
        300_000,
    )
    assert row["total"] == 630_000
    assert [r["invoice_number"] for r in report] == ["С-7", "С-9", "С-10", "С-11"]
    assert report[1] == {
        "inn": "7707083893",
        "client": "ЖК Альфа",
        "invoice_number": "С-9",
        "invoice_date": "2026-09-15",
        "amount": "500.00",
        "paid": "200.00",
        "due": "2026-09-20",
        "days_overdue": 65,
    }
    lines = csv_text.splitlines()  # for programs, like the JSON: its keys, a decimal point, ISO dates
    assert lines[0] == "inn,client,invoice_number,invoice_date,amount,paid,due,days_overdue"
    assert lines[2] == "7707083893,ЖК Альфа,С-9,2026-09-15,500.00,200.00,2026-09-20,65"
    assert xlsx[:2] == b"PK"


def test_payable_steps(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(ValidationError) as caught:
            save_payable(s, PayableForm("", "1", "01.11.2026", "0"), user="u", today=TODAY)
        assert {e.field for e in caught.value.errors} == {"counterparty", "amount"}
        pid = save_payable(
            s,
            PayableForm("СДЭК", "77", "01.11.2026", "1 500", due_on="10.11.2026", kind="carrier"),
            user="u",
            today=TODAY,
        ).record_id
        assert pid is not None
        payable_step(s, PayableStepForm(pid, "in_plan", "20.11.2026"), user="u", today=TODAY)
        payable_step(s, PayableStepForm(pid, "task"), user="u", today=TODAY)
        payable_step(s, PayableStepForm(pid, "paid"), user="u", today=TODAY)
        from mos_desktop.models import Payable

        row = s.get(Payable, pid)
        assert row is not None and row.status == PayableStatus.PAID
        assert (row.entered_in_plan_on, row.payment_task_on, row.paid_on) == (
            date(2026, 11, 20),
            TODAY,
            TODAY,
        )
        with pytest.raises(ValidationError, match="уже оплачен"):
            payable_step(s, PayableStepForm(pid, "paid"), user="u", today=TODAY)


def test_dostavista_balance_and_threshold(db: Database) -> None:
    with db.session() as s:
        add_dostavista_entry(s, DostavistaForm("topup", "5000"), user="u", today=TODAY)
        add_dostavista_entry(
            s, DostavistaForm("charge", "2 500,50", order_number="D-1"), user="u", today=TODAY
        )
        balance = dostavista_balance(s, threshold_kop=300_000)
    assert balance.balance_kop == 249_950 and balance.low and "пополните" in balance.warning
