"""Платежи lists: debtors to call from the 20th, invoices with paid/remaining, payments, payables."""

from __future__ import annotations

from datetime import date

import pytest
from factories import add, call, client, invoice, msk, payable, payment
from sqlalchemy.orm import Session

from mos_desktop.db import Database
from mos_desktop.models import CallOutcome, ContactPerson, InvoiceStatus, PayableKind, PayableStatus
from mos_desktop.services.payments import (
    list_call_list,
    list_invoices,
    list_payables,
    list_payments,
)

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))


def _debtors(s: Session) -> dict[str, object]:
    """A portfolio with every case the call list must sort out; returns the rows it made."""
    alpha = client(s, "ЖК Альфа", phone="+7 495 111-11-11")
    october = invoice(s, alpha, 5_000, date(2026, 10, 15), number="С-1")
    november = invoice(s, alpha, 10_000, date(2026, 11, 15), number="С-2")
    payment(s, 4_000, date(2026, 11, 18), client_id=alpha.id, pays=[(november, 4_000)])
    gone = payment(s, 5_000, date(2026, 11, 19), client_id=alpha.id, pays=[(october, 5_000)])
    gone.deleted_at = DELETED  # a tombstoned payment settles nothing
    call(s, alpha, msk(date(2026, 10, 25)), CallOutcome.NO_ANSWER)
    call(s, alpha, msk(date(2026, 11, 20)), CallOutcome.NO_ANSWER)
    call(
        s,
        alpha,
        msk(date(2026, 11, 21)),
        CallOutcome.PROMISED,
        promise_date=date(2026, 11, 22),
        promise_kop=1_100_000,
    )

    paid_up = client(s, "ЖК Бета")
    inv = invoice(s, paid_up, 3_000, date(2026, 11, 15))
    payment(s, 3_000, date(2026, 11, 16), pays=[(inv, 3_000)])

    cancelled = client(s, "ЖК Гамма")
    invoice(s, cancelled, 7_000, date(2026, 11, 15), status=InvoiceStatus.CANCELLED)

    tombstoned = client(s, "ЖК Дельта", deleted_at=DELETED)
    invoice(s, tombstoned, 1_000, date(2026, 11, 15))

    dropped = client(s, "ЖК Эпсилон")
    invoice(s, dropped, 1_000, date(2026, 11, 15), deleted_at=DELETED)

    promised = client(s, "ЖК Зета")
    contact_phone = "+7 900 000-00-00"
    add(
        s,
        ContactPerson(client_id=promised.id, full_name="Иванов И. И.", phone=contact_phone, is_primary=True),
    )
    invoice(s, promised, 2_000, date(2026, 11, 15), due_on=date(2026, 11, 20))
    call(s, promised, msk(date(2026, 11, 23)), CallOutcome.PROMISED, promise_date=date(2026, 11, 25))
    return {"alpha": alpha, "promised": promised}


def test_call_list_debt_after_partial_payment_and_calls(db: Database) -> None:
    with db.session() as s:
        made = _debtors(s)
        listing = list_call_list(s, today=TODAY)
        back = list_call_list(s, today=date(2026, 11, 26))
    assert [c.title for c in listing.columns][:2] == ["Клиент", "Долг"]
    # ЖК Зета promised the 25th: off the list until the 26th. ЖК Альфа's promise of the 22nd is broken.
    assert [r.values for r in listing.rows] == [
        (
            "ЖК Альфа",
            1_100_000,
            date(2026, 10, 15),
            39,
            2,
            "Обещал оплатить",
            date(2026, 11, 22),
            "+7 495 111-11-11",
            1,
        ),
    ]
    assert [r.level for r in listing.rows] == ["danger"]
    assert [(r.id, r.kind) for r in listing.rows] == [(made["alpha"].id, "client")]
    assert listing.summary == "К обзвону: 1, их долг: 11\u00a0000,00\u00a0₽ · звонков сегодня: 1"
    assert [r.values[0] for r in back.rows] == ["ЖК Альфа", "ЖК Зета"]


@pytest.mark.parametrize(("day", "rows", "note"), [(19, 0, True), (20, 1, False)])
def test_call_list_starts_on_the_20th(db: Database, day: int, rows: int, note: bool) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        invoice(s, owner, 10_000, date(2026, 11, 15))
        listing = list_call_list(s, today=date(2026, 11, day))
    assert [(r.values[0], r.values[1], r.level) for r in listing.rows] == [
        ("ЖК Альфа", 1_000_000, "warning")
    ][:rows]
    assert ("Обзвон начинается 20.11.2026" in listing.summary) is note


def test_call_list_empty_when_everyone_paid(db: Database) -> None:
    with db.session() as s:
        owner = client(s)
        inv = invoice(s, owner, 1_000, date(2026, 11, 15))
        payment(s, 1_500, date(2026, 11, 16), pays=[(inv, 1_500)])
        listing = list_call_list(s, today=TODAY)
    assert listing.rows == []
    assert listing.summary == ""


def test_invoices_paid_remaining_status_and_period(db: Database) -> None:
    with db.session() as s:
        _debtors(s)
        listing = list_invoices(s, today=TODAY)
    by_number = {r.values[0]: r for r in listing.rows}
    alpha_nov = by_number["С-2"]
    assert alpha_nov.values == (
        "С-2",
        date(2026, 11, 15),
        "ЖК Альфа",
        "ноябрь 2026",
        1_000_000,
        400_000,
        600_000,
        "частично",
        0,
    )
    assert alpha_nov.level == "danger"  # no due date: due on the day of issue
    assert by_number["С-1"].values[4:8] == (500_000, 0, 500_000, "не оплачен")
    assert by_number["С-1"].values[3] == "октябрь 2026"
    states = sorted((r.values[2], r.values[7], r.level) for r in listing.rows)
    assert states == [
        ("ЖК Альфа", "не оплачен", "danger"),
        ("ЖК Альфа", "частично", "danger"),
        ("ЖК Бета", "оплачен", "ok"),
        ("ЖК Гамма", "аннулирован", ""),
        ("ЖК Зета", "не оплачен", "danger"),
    ]
    assert all(r.kind == "invoice" for r in listing.rows)
    # newest first
    assert [r.values[1] for r in listing.rows] == sorted((r.values[1] for r in listing.rows), reverse=True)
    assert listing.summary == (
        "Счетов: 5 на 20\u00a0000,00\u00a0₽, оплачено 7\u00a0000,00\u00a0₽, остаток 13\u00a0000,00\u00a0₽"
    )


def test_invoice_not_yet_due_is_not_red(db: Database) -> None:
    with db.session() as s:
        owner = client(s)
        sent = invoice(s, owner, 1_000, date(2026, 11, 15), due_on=date(2026, 11, 25))
        for hour in (10, 11):  # resent twice: counted from the calls logged, not a counter
            call(s, owner, msk(date(2026, 11, 20), hour), CallOutcome.INVOICE_RESENT, invoice_id=sent.id)
        listing = list_invoices(s, today=TODAY)
    assert [(r.values[7], r.values[8], r.level) for r in listing.rows] == [("не оплачен", 2, "")]


def test_payments_allocated_and_unallocated(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        inv = invoice(s, owner, 10_000, date(2026, 11, 15))
        payment(
            s,
            4_000,
            date(2026, 11, 18),
            client_id=owner.id,
            payer_name="ООО Альфа",
            payer_inn="7707083893",
            purpose="Оплата по счету № С-2",
            pays=[(inv, 4_000)],
        )
        payment(s, 2_500, date(2026, 11, 20), payer_name="ИП Неизвестный", purpose="Оплата")
        payment(s, 100, date(2026, 11, 21), deleted_at=DELETED)
        listing = list_payments(s, today=TODAY)
    assert [r.values for r in listing.rows] == [
        (date(2026, 11, 20), 250_000, "ИП Неизвестный", "", "Оплата", "не разнесён", 0),
        (
            date(2026, 11, 18),
            400_000,
            "ООО Альфа",
            "7707083893",
            "Оплата по счету № С-2",
            "ЖК Альфа",
            400_000,
        ),
    ]
    assert [r.level for r in listing.rows] == ["warning", "ok"]
    assert listing.summary == "Поступлений: 2 на 6\u00a0500,00\u00a0₽, не разнесено: 2\u00a0500,00\u00a0₽"


def test_payables_overdue_soon_paid(db: Database) -> None:
    with db.session() as s:
        payable(s, "ООО Поставщик", 1_000, date(2026, 11, 22), number="П-1")  # overdue
        payable(s, "СДЭК", 500, date(2026, 11, 26), kind=PayableKind.CARRIER, status=PayableStatus.IN_PLAN)
        payable(s, "Монтажник", 700, date(2026, 11, 27), kind=PayableKind.CONTRACTOR)  # 4 days: not soon
        payable(s, "ООО Оплачено", 300, date(2026, 11, 1), status=PayableStatus.PAID)
        payable(s, "ООО Отмена", 200, date(2026, 11, 1), status=PayableStatus.CANCELLED)
        payable(s, "ООО Удалено", 900, date(2026, 11, 1), deleted_at=DELETED)
        listing = list_payables(s, today=TODAY)
    assert [(r.values[0], r.values[1], r.values[6], r.level) for r in listing.rows] == [
        ("Поставщик", "ООО Поставщик", "получен", "danger"),
        ("ТК", "СДЭК", "в ПФ", "warning"),
        ("Подрядчик", "Монтажник", "получен", ""),
        ("Поставщик", "ООО Отмена", "отменён", ""),  # closed ones go last
        ("Поставщик", "ООО Оплачено", "оплачен", "ok"),
    ]
    assert listing.rows[0].values[2:6] == ("П-1", date(2026, 11, 1), date(2026, 11, 22), 100_000)
    assert listing.summary == "К оплате: 2\u00a0200,00\u00a0₽, из них просрочено: 1\u00a0000,00\u00a0₽"


def test_call_list_keeps_chasing_after_month_end_and_waits_for_due_date(db: Database) -> None:
    with db.session() as s:
        october = client(s, "ЖК Октябрь")
        invoice(s, october, 1_000, date(2026, 10, 15))
        due_later = client(s, "ЖК Отсрочка")
        invoice(s, due_later, 2_000, date(2026, 11, 15), due_on=date(2026, 11, 30))
        on_23rd = list_call_list(s, today=TODAY)
        on_3rd = list_call_list(s, today=date(2026, 12, 3))
    assert [r.values[0] for r in on_23rd.rows] == ["ЖК Октябрь"]
    assert "Обзвон начинается" not in on_23rd.summary  # someone is already being called
    assert [r.values[0] for r in on_3rd.rows] == ["ЖК Отсрочка", "ЖК Октябрь"]  # the larger debt first
