"""The portfolio list (debt, last contact, tints, speed) and the client card (validate, save, delete)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from mos_desktop.db import Database
from mos_desktop.errors import NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    CallOutcome,
    Client,
    CollectionCall,
    FeeChange,
    Interaction,
    InteractionKind,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
)
from mos_desktop.money import NBSP
from mos_desktop.services.clients import (
    ClientCard,
    delete_client,
    get_client,
    list_clients,
    new_client_card,
    save_client,
    validate_client,
)
from mos_desktop.timeutil import MOSCOW
from mos_desktop.validation import complete_inn

TODAY = date(2026, 11, 23)


def inn_no(n: int) -> str:
    return complete_inn(f"77{n:07d}")


def card(n: int = 1, **kw: object) -> ClientCard:
    base = replace(new_client_card(), name=f"ЖК Тест {n}", inn=inn_no(n), monthly_fee="12 000,00")
    return replace(base, **kw)  # type: ignore[arg-type]


def add_invoice(
    s, client_id: uuid.UUID, kop: int, *, status: InvoiceStatus = InvoiceStatus.ISSUED
) -> Invoice:  # type: ignore[no-untyped-def]
    inv = Invoice(
        id=uuid7(),
        number=str(uuid7())[:8],
        client_id=client_id,
        issued_on=TODAY,
        total_kop=kop,
        status=status,
    )
    s.add(inv)
    s.flush()
    return inv


def pay(s, invoice: Invoice, kop: int) -> None:  # type: ignore[no-untyped-def]
    p = Payment(id=uuid7(), received_on=TODAY, amount_kop=kop)
    s.add(p)
    s.flush()
    s.add(PaymentAllocation(id=uuid7(), payment_id=p.id, invoice_id=invoice.id, amount_kop=kop))


def row_of(listing, client_id):  # type: ignore[no-untyped-def]
    return next(r for r in listing.rows if r.id == client_id)


def test_empty_list_has_columns_and_summary(db: Database) -> None:
    with db.session() as s:
        listing = list_clients(s, today=TODAY)
    assert [c.title for c in listing.columns] == [
        "Клиент",
        "ИНН",
        "Статус",
        "АП",
        "Менеджер",
        "Долг",
        "Последний контакт",
    ]
    assert listing.rows == []
    assert listing.summary.startswith("Клиентов: 0")


def test_debt_and_last_contact(db: Database) -> None:
    with db.session() as s:
        a = save_client(s, card(1, manager="Иванова А. А."), user="u", today=TODAY)
        b = save_client(s, card(2), user="u", today=TODAY)
        c = save_client(s, card(3, status="lead"), user="u", today=TODAY)
        inv1 = add_invoice(s, a, 1_200_000)
        add_invoice(s, a, 500_000)
        add_invoice(s, a, 9_900_000, status=InvoiceStatus.CANCELLED)  # not a debt
        pay(s, inv1, 1_000_000)
        gone = add_invoice(s, b, 300_000)
        gone.deleted_at = datetime.now(UTC)  # tombstoned invoice: not a debt
        inv_b = add_invoice(s, b, 100_000)
        pay(s, inv_b, 100_000)
        # Contact: the later of an interaction and a collection call, as a Moscow date.
        s.add(
            Interaction(
                id=uuid7(),
                client_id=a,
                at=datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
                kind=InteractionKind.CALL_OUT,
            )
        )
        s.add(
            CollectionCall(
                id=uuid7(),
                client_id=a,
                called_at=datetime(2026, 11, 20, 22, 30, tzinfo=UTC),  # 21.11 01:30 in Moscow
                outcome=CallOutcome.REACHED,
            )
        )
        s.add(
            Interaction(
                id=uuid7(),
                client_id=b,
                at=datetime(2026, 11, 22, 12, 0, tzinfo=MOSCOW),
                kind=InteractionKind.EMAIL,
            )
        )
    with db.session() as s:
        listing = list_clients(s, today=TODAY)
    ra, rb, rc = row_of(listing, a), row_of(listing, b), row_of(listing, c)
    assert ra.values == (
        "ЖК Тест 1",
        inn_no(1),
        "Активный",
        1_200_000,
        "Иванова А. А.",
        700_000,
        date(2026, 11, 21),
    )
    assert ra.level == "danger"  # debt and it is the 23rd
    assert ra.kind == "client"
    assert rb.values[5] == 0 and rb.values[6] == date(2026, 11, 22)
    assert rb.values[4] == "не закреплён"
    assert rb.level == ""
    assert rc.values[2] == "Лид" and rc.values[6] is None
    assert rc.level == ""  # a lead is not in weekly contact
    assert "иванова" in ra.search_text and inn_no(1) in ra.search_text
    nb = NBSP
    assert listing.summary == (
        f"Клиентов: 3 · АП в месяц: 24{nb}000,00{nb}₽ · Не оплачено по счетам: 7{nb}000,00{nb}₽ у 1 клиента · "
        "Без менеджера: 2"
    )
    # November's unpaid invoice is still chased on 5 December (calls go on daily until paid);
    # a stale contact is a warning.
    with db.session() as s:
        early = list_clients(s, today=date(2026, 12, 5))
    assert row_of(early, a).level == "danger"
    assert row_of(early, b).level == "warning"  # 22.11 → 05.12 is 13 days
    with db.session() as s:
        assert row_of(list_clients(s, today=date(2026, 11, 29)), b).level == ""  # 7 days: fine
    assert row_of(early, c).level == ""


def test_a_new_client_gets_a_week_before_the_first_contact_is_due(db: Database) -> None:
    """The weekly-contact rule (``queries.contact_due``): never contacted, a client is due a week after
    arriving in the base; Портфель tints exactly the clients Сегодня lists as «Нет контакта»."""
    from factories import msk

    from mos_desktop.models import Client
    from mos_desktop.services.today import list_agenda

    with db.session() as s:
        week = save_client(s, card(1, status="pilot"), user="u", today=TODAY)
        older = save_client(s, card(2, status="active"), user="u", today=TODAY)
        lead = save_client(s, card(3, status="lead"), user="u", today=TODAY)
        s.get(Client, week).created_at = msk(TODAY - timedelta(days=7))
        s.get(Client, older).created_at = msk(TODAY - timedelta(days=8))
        s.get(Client, lead).created_at = msk(TODAY - timedelta(days=30))
        s.flush()
        portfolio = list_clients(s, today=TODAY)
        agenda = list_agenda(s, today=TODAY)
    assert row_of(portfolio, week).level == ""
    assert row_of(portfolio, older).level == "warning"
    assert row_of(portfolio, lead).level == ""
    no_contact = {r.id for r in agenda.rows if str(r.values[1]).startswith("Нет контакта")}
    assert no_contact == {r.id for r in portfolio.rows if r.level == "warning"} == {older}


def test_deleted_clients_are_not_listed(db: Database) -> None:
    with db.session() as s:
        a = save_client(s, card(1), user="u", today=TODAY)
        b = save_client(s, card(2), user="u", today=TODAY)
        delete_client(s, a, user="u")
        listing = list_clients(s, today=TODAY)
    assert [r.id for r in listing.rows] == [b]
    with db.session() as s, pytest.raises(NotFoundError):
        get_client(s, a)


def _bulk_clients(db: Database, n: int) -> None:
    """n clients, two invoices each (most paid), one contact each: generated inside SQLite (fast setup)."""
    script = f"""
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {n})
    INSERT INTO clients (id, version, created_at, created_by, updated_at, updated_by, name, legal_name, inn,
        kpp, ogrn, status, manager, monthly_fee_kop, contract_number, phone, email, legal_address,
        postal_address, churn_risk, notes)
    SELECT printf('a%031x', i), 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00', '', 'Клиент ' || i, '',
        printf('%010d', i), '', '', 'active', CASE WHEN i % 3 = 0 THEN 'М' ELSE '' END, 1000000, '', '', '',
        '', '', 0, '' FROM seq;
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {2 * n})
    INSERT INTO invoices (id, version, created_at, created_by, updated_at, updated_by, number, client_id,
        issued_on, status, vat_mode, vat_rate_pct, total_kop, vat_kop, basis, external_number, resend_count)
    SELECT printf('b%031x', i), 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00', '', 'N' || i,
        printf('a%031x', i / 2), '2026-11-15', 'issued', 'no_vat', 0, 1000000, 0, '', '', 0 FROM seq;
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {2 * n})
    INSERT INTO payments (id, version, created_at, created_by, updated_at, updated_by, received_on,
        amount_kop, payer_inn, payer_name, payer_account, purpose, bank_doc_number, source, import_key)
    SELECT printf('c%031x', i), 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00', '', '2026-11-16',
        1000000, '', '', '', '', '', 'manual', '' FROM seq WHERE i % 5 != 0;
    INSERT INTO payment_allocations (id, version, created_at, created_by, updated_at, updated_by,
        payment_id, invoice_id, amount_kop)
    SELECT 'd' || substr(id, 2), 0, created_at, '', created_at, '', id, 'b' || substr(id, 2), 1000000
    FROM payments;
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {n})
    INSERT INTO interactions (id, version, created_at, created_by, updated_at, updated_by, client_id, at,
        kind, contact_name, summary)
    SELECT printf('e%031x', i), 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00', '',
        printf('a%031x', i), datetime('2026-11-20 10:00:00', '-' || (i % 20) || ' days'), 'call_out', '', ''
    FROM seq;
    """
    raw = db.engine.raw_connection()
    try:
        raw.executescript(script)  # type: ignore[attr-defined]
        raw.commit()
    finally:
        raw.close()


@pytest.mark.parametrize("n", [300, 30_000])
def test_listing_at_scale_is_complete_and_sums_right(db: Database, n: int) -> None:
    """Speed is measured in `make bench`; here the aggregate query must stay right at portfolio scale."""
    _bulk_clients(db, n)
    with db.session() as s:
        listing = list_clients(s, today=TODAY)
        expected_debt = s.scalar(select(func.sum(Invoice.total_kop))) - s.scalar(
            select(func.sum(PaymentAllocation.amount_kop))
        )
    assert len(listing.rows) == n
    assert sum(r.values[5] for r in listing.rows) == expected_debt


# --- card ----------------------------------------------------------------------------------------------


def test_round_trip_and_fee_history(db: Database) -> None:
    original = card(
        1,
        legal_name='ООО "Тест"',
        kpp="770701001",
        ogrn="1027700132195",
        manager="Петров П. П.",
        fee_start_date=date(2026, 1, 1),
        contract_number="Д-17",
        contract_date=date(2025, 12, 20),
        phone="+7 495 123-45-67",
        email="info@test.ru",
        legal_address="Москва",
        postal_address="Москва, а/я 1",
        churn_risk=True,
        notes="многострочная\nзаметка",
    )
    with db.session() as s:
        cid = save_client(s, original, user="Петров", today=TODAY)
    with db.session() as s:
        loaded = get_client(s, cid)
        client = s.get(Client, cid)
        assert client is not None and client.created_by == "Петров" and client.monthly_fee_kop == 1_200_000
        history = s.scalars(select(FeeChange).where(FeeChange.client_id == cid)).all()
    assert loaded == replace(original, id=cid, monthly_fee=f"12{NBSP}000,00")
    assert [(h.valid_from, h.monthly_fee_kop) for h in history] == [(date(2026, 1, 1), 1_200_000)]

    # Saving unchanged adds no history; a fee change adds one, dated today.
    with db.session() as s:
        save_client(s, loaded, user="Сидоров", today=TODAY)
        save_client(s, replace(loaded, monthly_fee="15000"), user="Сидоров", today=TODAY)
    with db.session() as s:
        history = s.scalars(select(FeeChange).where(FeeChange.client_id == cid).order_by(FeeChange.id)).all()
        client = s.get(Client, cid)
        assert client is not None and client.updated_by == "Сидоров" and client.created_by == "Петров"
    assert [(h.valid_from, h.monthly_fee_kop) for h in history][1:] == [(TODAY, 1_500_000)]
    assert "12" in history[1].reason


def test_new_client_without_fee_has_no_history(db: Database) -> None:
    with db.session() as s:
        cid = save_client(s, card(5, monthly_fee=""), user="u", today=TODAY)
        assert s.scalar(select(func.count()).select_from(FeeChange).where(FeeChange.client_id == cid)) == 0


LABELS = {
    "name": "Название",
    "inn": "ИНН",
    "kpp": "КПП",
    "email": "Email",
    "phone": "Телефон",
    "monthly_fee": "АП",
    "status": "Статус",
    "contract_date": "Дата договора",
    "fee_start_date": "Дата начала АП",
    "ogrn": "ОГРН",
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"inn": "7707083894"}, "inn"),
        ({"kpp": "77070100"}, "kpp"),
        ({"inn": "500100732259", "kpp": "770701001"}, "kpp"),
        ({"email": "почта"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"monthly_fee": "-5"}, "monthly_fee"),
        ({"monthly_fee": "двенадцать"}, "monthly_fee"),
        ({"status": "vip"}, "status"),
        ({"contract_date": date(2027, 6, 1)}, "contract_date"),
        ({"fee_start_date": date(1900, 1, 1)}, "fee_start_date"),
        ({"ogrn": "1027700132196"}, "ogrn"),
        ({"name": "Я" * 301}, "name"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(db: Database, changes: dict, field: str) -> None:
    bad = card(1, **changes)
    errors = validate_client(bad, today=TODAY)
    assert [e.field for e in errors] == [field]
    with db.session() as s, pytest.raises(ValidationError) as info:
        save_client(s, bad, user="u", today=TODAY)
    message = info.value.for_field(field)
    assert message is not None and message.startswith(LABELS[field] + ":")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 0
        assert s.scalar(select(func.count()).select_from(FeeChange)) == 0


def test_duplicate_inn_is_refused_but_a_deleted_twin_is_not(db: Database) -> None:
    with db.session() as s:
        first = save_client(s, card(1, name="Первый"), user="u", today=TODAY)
    with db.session() as s, pytest.raises(ValidationError) as info:
        save_client(s, card(1, name="Второй"), user="u", today=TODAY)
    assert "Первый" in (info.value.for_field("inn") or "")
    with db.session() as s:
        delete_client(s, first, user="u")
        second = save_client(s, card(1, name="Второй"), user="u", today=TODAY)
    assert second != first


def test_saving_or_deleting_a_missing_client(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(NotFoundError):
            save_client(s, card(1, id=uuid7()), user="u", today=TODAY)
        with pytest.raises(NotFoundError):
            delete_client(s, uuid7(), user="u")


def test_portfolio_call_list_and_report_agree_on_debt(db: Database) -> None:
    """One debt figure: a partial payment counts, a deleted payment does not, an overpaid invoice does not
    cancel another one's debt, an invoice dated after today is not owed yet."""
    import json

    from factories import client, invoice, payment

    from mos_desktop.services.payments import list_call_list
    from mos_desktop.services.reports import export_clients

    with db.session() as s:
        owner = client(s, "ЖК Долг", inn=inn_no(7))
        partial = invoice(s, owner, 10_000, date(2026, 11, 15))
        payment(s, 4_000, date(2026, 11, 16), pays=[(partial, 4_000)])
        deleted = invoice(s, owner, 3_000, date(2026, 10, 15))
        payment(s, 3_000, date(2026, 10, 16), pays=[(deleted, 3_000)], deleted_at=datetime.now(UTC))
        over = invoice(s, owner, 1_000, date(2026, 9, 15))
        payment(s, 1_500, date(2026, 9, 16), pays=[(over, 1_500)])
        invoice(s, owner, 7_000, date(2026, 11, 25))  # issued after today
        portfolio = row_of(list_clients(s, today=TODAY), owner.id)
        calls = row_of(list_call_list(s, today=TODAY), owner.id)
        report = json.loads(export_clients(s, "json", today=TODAY))
    expected = (10_000 - 4_000 + 3_000) * 100
    assert portfolio.values[5] == expected
    assert calls.values[1] == expected
    assert report[0]["debt"] == "9000.00"


def test_portfolio_contact_is_real_and_not_in_the_future(db: Database) -> None:
    from factories import call, client, interaction, msk

    with db.session() as s:
        owner = client(s, "ЖК Контакт", inn=inn_no(8))
        interaction(s, owner, msk(date(2026, 11, 10)))
        call(s, owner, msk(date(2026, 11, 20)), CallOutcome.NO_ANSWER)
        interaction(s, owner, msk(date(2026, 11, 21)), InteractionKind.CALL_MISSED)
        interaction(s, owner, msk(date(2026, 11, 30)), InteractionKind.MEETING)  # planned, not yet held
        row = row_of(list_clients(s, today=TODAY), owner.id)
    assert row.values[6] == date(2026, 11, 10)
    assert row.level == "warning"  # 13 days without a real contact


def test_portfolio_tint_follows_the_chase_date(db: Database) -> None:
    from factories import client, interaction, invoice, msk

    with db.session() as s:
        owner = client(s, "ЖК Отсрочка", inn=inn_no(9))
        invoice(s, owner, 1_000, date(2026, 11, 15), due_on=date(2026, 11, 27))
        interaction(s, owner, msk(date(2026, 11, 20)))  # in touch: only the debt can tint the row
        before = row_of(list_clients(s, today=TODAY), owner.id)
        due = row_of(list_clients(s, today=date(2026, 11, 27)), owner.id)
        december = row_of(list_clients(s, today=date(2026, 12, 2)), owner.id)
    assert (before.level, due.level, december.level) == ("", "danger", "danger")


def test_save_writes_only_fields_changed_in_the_card(db: Database) -> None:
    with db.session() as s:
        cid = save_client(s, card(1, phone="+7 495 111-11-11"), user="u", today=TODAY)
    with db.session() as s:
        opened = get_client(s, cid)
    with db.session() as s:  # sync brings another workplace's edit meanwhile
        other = s.get(Client, cid)
        other.manager, other.monthly_fee_kop, other.notes = "Петрова Е. В.", 1_500_000, "с другого места"
    with db.session() as s:
        save_client(s, replace(opened, email="a@b.ru"), user="u", today=TODAY)
    with db.session() as s:
        stored = s.get(Client, cid)
        assert (stored.email, stored.manager, stored.monthly_fee_kop, stored.notes) == (
            "a@b.ru",
            "Петрова Е. В.",
            1_500_000,
            "с другого места",
        )
        # no fee history written for a fee the user did not touch
        assert s.scalar(select(func.count()).select_from(FeeChange).where(FeeChange.client_id == cid)) == 1


def test_save_refuses_a_field_changed_on_both_sides(db: Database) -> None:
    with db.session() as s:
        cid = save_client(s, card(1, phone="+7 495 111-11-11"), user="u", today=TODAY)
    with db.session() as s:
        opened = get_client(s, cid)
    with db.session() as s:
        s.get(Client, cid).phone = "+7 495 222-22-22"
    with pytest.raises(ValidationError) as info, db.session() as s:
        save_client(s, replace(opened, phone="+7 495 333-33-33", email="x@y.ru"), user="u", today=TODAY)
    message = info.value.for_field("phone")
    assert message == (
        "Телефон: изменено на другом рабочем месте, пока карточка была открыта "
        "(сейчас: +7 495 222-22-22). Проверьте и сохраните ещё раз."
    )
    with db.session() as s:
        stored = s.get(Client, cid)
        assert (stored.phone, stored.email) == ("+7 495 222-22-22", "")  # nothing written
    # The same value on both sides is no clash.
    with db.session() as s:
        save_client(s, replace(opened, phone="+7 495 222-22-22"), user="u", today=TODAY)


def test_the_card_command_asks_the_day_a_changed_fee_takes_effect(db: Database) -> None:
    from mos_desktop.services.client_save import save_client_command

    with db.session() as s:
        cid = save_client(s, card(7, fee_start_date=date(2026, 1, 1)), user="u", today=TODAY)
    with db.session() as s:
        loaded = get_client(s, cid)
    raised = replace(loaded, monthly_fee="15 000")
    for day, message in (
        (None, "Новая АП действует с: укажите день"),
        (date(2025, 12, 1), "раньше начала АП (01.01.2026)"),
        (date(2028, 1, 1), "больше чем через год"),
    ):
        with pytest.raises(ValidationError) as caught, db.session() as s:
            save_client_command(s, replace(raised, fee_change_from=day), user="u", today=TODAY)
        assert [e.field for e in caught.value.errors] == ["fee_change_from"]
        assert message in caught.value.errors[0].message
    with db.session() as s:
        assert s.get(Client, cid).monthly_fee_kop == 1_200_000  # nothing written
        save_client_command(s, replace(raised, fee_change_from=date(2027, 1, 1)), user="u", today=TODAY)
    with db.session() as s:
        history = s.scalars(select(FeeChange).where(FeeChange.client_id == cid).order_by(FeeChange.id)).all()
    assert [(h.valid_from, h.monthly_fee_kop) for h in history] == [
        (date(2026, 1, 1), 1_200_000),
        (date(2027, 1, 1), 1_500_000),
    ]
    with db.session() as s:  # other edits of the card need no day
        again = get_client(s, cid)
        save_client_command(s, replace(again, phone="+7 495 111-22-33"), user="u", today=TODAY)


def test_a_first_fee_or_a_moved_start_runs_from_the_fee_start(db: Database) -> None:
    """Only a change of an existing fee asks its day; a client's first fee starts at «Начало АП» (a client
    connected on the 10th is billed from the 10th), and so does a fee whose start moved in the same edit."""
    from mos_desktop.services.client_save import save_client_command

    with db.session() as s:
        cid = save_client(s, card(8, monthly_fee="", fee_start_date=None), user="u", today=TODAY)
    with db.session() as s:
        loaded = get_client(s, cid)
        first = replace(loaded, monthly_fee="9 000", fee_start_date=date(2026, 11, 10))
        save_client_command(s, replace(first, fee_change_from=date(2026, 12, 1)), user="u", today=TODAY)
    with db.session() as s:
        again = get_client(s, cid)
        moved = replace(again, monthly_fee="9 500", fee_start_date=date(2026, 11, 20))
        save_client_command(s, moved, user="u", today=TODAY)  # no day asked: the start moved
    with db.session() as s:
        history = s.scalars(select(FeeChange).where(FeeChange.client_id == cid).order_by(FeeChange.id)).all()
    assert [(h.valid_from, h.monthly_fee_kop) for h in history] == [
        (date(2026, 11, 10), 900_000),
        (date(2026, 11, 20), 950_000),
    ]


def test_a_fee_changed_into_an_invoiced_month_says_which_invoice_the_run_will_correct(db: Database) -> None:
    from factories import invoice

    from mos_desktop.services.client_save import save_client_command

    with db.session() as s:
        cid = save_client(s, card(9, fee_start_date=date(2026, 1, 1)), user="u", today=TODAY)
        owner = s.get(Client, cid)
        invoice(s, owner, 12_000, date(2026, 11, 15), number="АП-2026-11-0009")
    with db.session() as s:
        loaded = get_client(s, cid)
        raised = replace(loaded, monthly_fee="15 000")
        later = save_client_command(
            s, replace(raised, fee_change_from=date(2026, 12, 1)), user="u", today=TODAY
        )
        assert later.message.endswith("сохранён")  # December is not invoiced yet: nothing to say
    with db.session() as s:
        again = replace(get_client(s, cid), monthly_fee="16 000")
        changes = save_client_command(
            s, replace(again, fee_change_from=date(2026, 11, 1)), user="u", today=TODAY
        )
    assert "уже выставлен счёт № АП-2026-11-0009 за ноябрь 2026" in changes.message
    assert "аннулирован и выставлен заново" in changes.message
