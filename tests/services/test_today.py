"""Сегодня: the agenda gathers every due task from every area, most urgent first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from factories import add, call, client, interaction, invoice, msk, payable, payment, shipment, visit
from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.db import Database
from mos_desktop.models import (
    CallOutcome,
    Claim,
    ClaimKind,
    ClaimStatus,
    Client,
    ClientStatus,
    DocsStatus,
    InteractionKind,
    Invoice,
    PayableStatus,
    Pilot,
    PilotStatus,
    Question,
    QuestionStatus,
    ShipmentStatus,
    Training,
    TrainingStatus,
    VisitKind,
    VisitStatus,
)
from mos_desktop.services.listing import Listing
from mos_desktop.services.today import list_agenda

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))


def new_client(s: Session, name: str, **kw: Any) -> Client:
    """A client that arrived today, so the weekly-contact rule stays quiet unless a test wants it."""
    kw.setdefault("created_at", msk(TODAY, 8))
    return client(s, name, **kw)


def tasks(listing: Listing) -> list[tuple[str, str, str]]:
    return [(r.values[1], r.values[2], r.level) for r in listing.rows]


def test_columns_and_empty_day(db: Database) -> None:
    with db.session() as s:
        new_client(s, "ЖК Тихий")
        listing = list_agenda(s, today=TODAY)
    assert [(c.title, c.kind) for c in listing.columns] == [
        ("Когда", "date"),
        ("Что", "text"),
        ("Клиент", "text"),
        ("Подробности", "text"),
        ("Сумма", "money"),
    ]
    assert listing.columns[3].stretch
    assert listing.rows == []
    assert listing.summary == ""


def _debtors(s: Session) -> dict[str, Client]:
    made = {}
    for name in ("Должник", "Звонили сегодня", "Обещал позже", "Нарушил обещание", "Удалён", "Оплатил"):
        made[name] = new_client(s, name, phone="+7 495 000-00-00")
        inv = invoice(s, made[name], 10_000, date(2026, 11, 15))
        if name == "Оплатил":
            payment(s, 10_000, date(2026, 11, 17), pays=[(inv, 10_000)])
    payment(s, 2_500, date(2026, 11, 18), pays=[(inv_of(s, made["Должник"]), 2_500)])
    call(s, made["Звонили сегодня"], msk(TODAY, 9))
    call(
        s,
        made["Обещал позже"],
        msk(date(2026, 11, 20)),
        CallOutcome.PROMISED,
        promise_date=date(2026, 11, 26),
    )
    call(
        s,
        made["Нарушил обещание"],
        msk(date(2026, 11, 20)),
        CallOutcome.PROMISED,
        promise_date=date(2026, 11, 21),
        promise_kop=300_000,
    )
    made["Удалён"].deleted_at = DELETED
    return made


def inv_of(s: Session, owner: Client) -> Invoice:
    return s.scalars(select(Invoice).where(Invoice.client_id == owner.id)).one()


def test_debtor_calls_start_on_the_20th_and_respect_promises(db: Database) -> None:
    with db.session() as s:
        made = _debtors(s)
        on_20th = list_agenda(s, today=TODAY)
        on_19th = list_agenda(s, today=date(2026, 11, 19))
    assert tasks(on_20th) == [
        ("Обещал оплатить", "Нарушил обещание", "danger"),
        ("Звонок должнику", "Должник", "warning"),
    ]
    promise, debtor = on_20th.rows
    assert promise.kind == "collection_call" and promise.values[0] == date(2026, 11, 21)
    assert promise.values[4] == 300_000  # the promised amount
    assert "Обещал оплатить 21.11.2026" in promise.values[3]
    assert (debtor.id, debtor.kind) == (made["Должник"].id, "client")
    assert debtor.values[0] == TODAY
    assert debtor.values[4] == 750_000  # 10 000 minus the 2 500 paid
    assert "тел. +7 495 000-00-00" in debtor.values[3]
    # On the 19th nobody is called yet; the broken promise (due the 21st) is not due either.
    assert tasks(on_19th) == []


def test_promise_due_today_is_a_warning_and_paid_promise_disappears(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Обещание")
        inv = invoice(s, owner, 5_000, date(2026, 11, 15))
        call(s, owner, msk(date(2026, 11, 20)), CallOutcome.PROMISED, promise_date=TODAY)
        before = list_agenda(s, today=TODAY)
        payment(s, 5_000, TODAY, pays=[(inv, 5_000)])
        after = list_agenda(s, today=TODAY)
    assert [(r.values[1], r.level, r.values[4]) for r in before.rows] == [
        ("Обещал оплатить", "warning", 500_000)
    ]
    assert after.rows == []


@pytest.mark.parametrize(("days", "listed"), [(7, False), (8, True)])
def test_weekly_contact_rule(db: Database, days: int, listed: bool) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Неделя", created_at=msk(date(2026, 1, 1)))
        interaction(s, owner, msk(TODAY - timedelta(days=days), 12))
        # a missed call from the client is not a contact made by the manager
        interaction(
            s, owner, msk(TODAY - timedelta(days=1)), InteractionKind.CALL_MISSED, answered_at=msk(TODAY)
        )
        listing = list_agenda(s, today=TODAY)
    rows = [r for r in listing.rows if r.values[1] == "Нет контакта > 7 дней"]
    assert [(r.values[2], r.level, r.id) for r in rows] == (
        [("ЖК Неделя", "warning", owner.id)] if listed else []
    )
    if listed:
        assert rows[0].values[0] == TODAY - timedelta(days=1)  # contact fell due yesterday
        assert rows[0].values[3].startswith(f"Последний контакт {TODAY - timedelta(days=8):%d.%m.%Y}, 8 дн.")


def test_weekly_contact_counts_collection_calls_and_only_active_clients(db: Database) -> None:
    old = msk(date(2026, 1, 1))
    with db.session() as s:
        called = new_client(s, "Звонили по долгу", created_at=old)
        call(s, called, msk(TODAY - timedelta(days=2)), CallOutcome.REACHED)
        new_client(s, "Никогда", created_at=old)
        new_client(s, "Лид", created_at=old, status=ClientStatus.LEAD)
        new_client(s, "Удалён", created_at=old, deleted_at=DELETED)
        new_client(s, "Новый")  # arrived today
        listing = list_agenda(s, today=TODAY)
    assert tasks(listing) == [("Нет контакта > 7 дней", "Никогда", "warning")]
    assert listing.rows[0].values[3] == "Контактов не было (клиент в базе с 01.01.2026)"


def test_missed_calls_until_answered(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Звонок")
        old = interaction(
            s, owner, msk(date(2026, 11, 21), 18), InteractionKind.CALL_MISSED, contact_name="Ольга"
        )
        fresh = interaction(s, owner, msk(TODAY, 9, 15), InteractionKind.CALL_MISSED)
        interaction(s, owner, msk(TODAY, 8), InteractionKind.CALL_MISSED, answered_at=msk(TODAY, 8, 30))
        interaction(s, owner, msk(TODAY, 7), InteractionKind.CALL_MISSED, deleted_at=DELETED)
        listing = list_agenda(s, today=TODAY)
    assert [(r.id, r.kind, r.level) for r in listing.rows] == [
        (old.id, "interaction", "danger"),
        (fresh.id, "interaction", "warning"),
    ]
    assert listing.rows[0].values[3] == "Перезвонить: в 18:00, Ольга"


def test_deliveries_today_and_unsigned_documents(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Доставка")
        ships = shipment(
            s, "О-1", owner, status=ShipmentStatus.AGREED, agreed_ship_on=TODAY, to_address="ул. Мира, 1"
        )
        shipment(s, "О-2", owner, status=ShipmentStatus.DELIVERED, planned_delivery_on=TODAY)
        shipment(s, "О-3", owner, status=ShipmentStatus.CANCELLED, agreed_ship_on=TODAY)
        shipment(s, "О-4", owner, agreed_ship_on=TODAY + timedelta(days=1))
        late = shipment(
            s,
            "О-5",
            owner,
            status=ShipmentStatus.DELIVERED,
            docs_status=DocsStatus.SENT,
            docs_sent_on=date(2026, 11, 8),
        )
        shipment(
            s,
            "О-6",
            owner,
            status=ShipmentStatus.DELIVERED,
            docs_status=DocsStatus.SENT,
            docs_sent_on=date(2026, 11, 9),
        )
        shipment(s, "О-7", owner, agreed_ship_on=TODAY, deleted_at=DELETED)
        listing = list_agenda(s, today=TODAY)
    assert [(r.values[1], r.level) for r in listing.rows] == [
        ("Документы не подписаны", "danger"),
        ("Доставка", "warning"),
        ("Доставка", "ok"),
    ]
    assert listing.rows[0].id == late.id and listing.rows[0].kind == "shipment"
    assert "15 дн. без подписи" in listing.rows[0].values[3]
    assert listing.rows[1].id == ships.id
    assert (
        listing.rows[1].values[3]
        == "№ О-1, отгрузка сегодня, Курьер (Достависта), Дата согласована, ул. Мира, 1"
    )


def test_trainings_today_in_time_order(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Обучение")
        late = add(s, Training(client_id=owner.id, scheduled_at=msk(TODAY, 15), trainer="Анна"))
        early = add(s, Training(client_id=owner.id, scheduled_at=msk(TODAY, 11), participants="охрана"))
        add(s, Training(client_id=owner.id, scheduled_at=msk(TODAY, 12), status=TrainingStatus.CANCELLED))
        add(s, Training(client_id=owner.id, scheduled_at=msk(TODAY + timedelta(days=1), 11)))
        # 23:30 UTC on the 22nd is 02:30 on the 23rd in Moscow: today
        night = add(s, Training(client_id=owner.id, scheduled_at=datetime(2026, 11, 22, 23, 30, tzinfo=UTC)))
        listing = list_agenda(s, today=TODAY)
    assert [r.id for r in listing.rows] == [night.id, early.id, late.id]
    assert [r.values[3] for r in listing.rows] == [
        "в 02:30",
        "в 11:00, участники: охрана",
        "в 15:00, ведёт Анна",
    ]


def test_visits_today_and_emergency_sla(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Сервис")
        emergency = {"kind": VisitKind.EMERGENCY, "status": VisitStatus.REQUESTED}
        past = visit(
            s,
            owner,
            msk(date(2026, 11, 20)),
            sla_due_at=msk(date(2026, 11, 22), 18),
            problem="Не открывается шлагбаум",
            **emergency,
        )
        near = visit(s, owner, msk(TODAY), sla_due_at=msk(TODAY + timedelta(days=1), 9), **emergency)
        visit(s, owner, msk(TODAY), sla_due_at=msk(TODAY + timedelta(days=2), 9), **emergency)  # not near yet
        visit(
            s,
            owner,
            msk(date(2026, 11, 1)),
            sla_due_at=msk(date(2026, 11, 2)),
            kind=VisitKind.EMERGENCY,
            status=VisitStatus.DONE,
        )
        planned = visit(
            s,
            owner,
            msk(date(2026, 11, 1)),
            scheduled_on=TODAY,
            status=VisitStatus.SCHEDULED,
            address="ул. Ленина, 1",
        )
        visit(s, owner, msk(date(2026, 11, 1)), scheduled_on=TODAY, deleted_at=DELETED)
        listing = list_agenda(s, today=TODAY)
    assert [(r.id, r.values[1], r.level) for r in listing.rows] == [
        (past.id, "Выезд (аварийный)", "danger"),
        (near.id, "Выезд (аварийный)", "warning"),  # an emergency comes before a planned visit
        (planned.id, "Выезд (плановый)", "warning"),
    ]
    assert listing.rows[0].values[3] == "Не открывается шлагбаум; срок по SLA 22.11.2026 18:00"
    assert listing.rows[0].values[0] == date(2026, 11, 22)


def test_questions_pilots_claims_payables_windows(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Разное")

        def question(due: date, **kw: Any) -> Question:
            return add(
                s,
                Question(
                    client_id=owner.id,
                    received_at=msk(date(2026, 11, 1)),
                    text="Как добавить ключ?",
                    due_date=due,
                    **kw,
                ),
            )

        q_late = question(TODAY - timedelta(days=1), urgent=True)
        q_today = question(TODAY)
        question(TODAY + timedelta(days=1))
        question(TODAY - timedelta(days=3), status=QuestionStatus.DONE)

        def pilot(end: date, **kw: Any) -> Pilot:
            kw.setdefault("status", PilotStatus.RUNNING)
            return add(s, Pilot(client_id=owner.id, end_date=end, **kw))

        p7 = pilot(TODAY + timedelta(days=7), billing_start_date=TODAY + timedelta(days=8))
        pilot(TODAY + timedelta(days=8))
        pilot(TODAY, status=PilotStatus.CONVERTED)

        def claim(due: date, **kw: Any) -> Claim:
            return add(
                s,
                Claim(
                    client_id=owner.id,
                    kind=ClaimKind.FROM_CLIENT,
                    opened_on=date(2026, 11, 1),
                    subject="Сломан турникет",
                    response_due=due,
                    **kw,
                ),
            )

        c7 = claim(TODAY + timedelta(days=7), amount_kop=1_000_000, lawyer="Петров")
        claim(TODAY + timedelta(days=8))
        claim(TODAY, status=ClaimStatus.CLOSED)

        pay3 = payable(s, "ООО Шлагбаумы", 45_000, TODAY + timedelta(days=3), number="123")
        payable(s, "ООО Позже", 1_000, TODAY + timedelta(days=4))
        payable(s, "ООО Оплачено", 1_000, TODAY, status=PayableStatus.PAID)
        pay_late = payable(
            s, "ООО Просрочено", 2_000, TODAY - timedelta(days=1), status=PayableStatus.IN_PLAN
        )
        listing = list_agenda(s, today=TODAY)
    assert [(r.id, r.values[1], r.level) for r in listing.rows] == [
        (q_late.id, "Вопрос клиента", "danger"),
        (pay_late.id, "Счёт поставщику к оплате", "danger"),
        (q_today.id, "Вопрос клиента", "warning"),
        (c7.id, "Претензия: срок ответа", "warning"),  # same priority as a question, later date
        (pay3.id, "Счёт поставщику к оплате", "warning"),
        (p7.id, "Пилот заканчивается", "warning"),
    ]
    by_id = {r.id: r for r in listing.rows}
    assert by_id[q_late.id].values[3] == "Срочно: Как добавить ключ?"
    assert by_id[pay3.id].values[2:] == (
        "ООО Шлагбаумы",
        "Счёт № 123 от 01.11.2026, оплатить до 26.11.2026, получен",
        4_500_000,
    )
    assert by_id[p7.id].values[3] == "Окончание пилота 30.11.2026, оплата с 01.12.2026"
    assert by_id[c7.id].values[3:] == ("Ответ до 30.11.2026: Сломан турникет; юрист Петров", 1_000_000)
    assert [r.kind for r in listing.rows] == ["question", "payable", "question", "claim", "payable", "pilot"]
    assert listing.summary == "Дел: 6, из них просрочено: 2"


def test_debtor_calls_go_on_after_month_end_and_wait_for_the_due_date(db: Database) -> None:
    """Calls about an unpaid invoice start on the 20th of its month (or its due date if later) and go on
    daily until it is paid, across the month boundary."""
    with db.session() as s:
        old_debt = new_client(s, "Октябрьский долг")
        invoice(s, old_debt, 4_000, date(2026, 10, 15))
        late_due = new_client(s, "Срок 28-го")
        invoice(s, late_due, 6_000, date(2026, 11, 15), due_on=date(2026, 11, 28))
        issued_late = new_client(s, "Счёт от 25-го")
        invoice(s, issued_late, 5_000, date(2026, 11, 25))
        on = {day: list_agenda(s, today=day) for day in (TODAY, date(2026, 11, 28), date(2026, 12, 3))}

    def debtors(listing: Listing) -> list[str]:
        return sorted(r.values[2] for r in listing.rows if r.values[1] == "Звонок должнику")

    assert debtors(on[TODAY]) == ["Октябрьский долг"]
    assert debtors(on[date(2026, 11, 28)]) == ["Октябрьский долг", "Срок 28-го", "Счёт от 25-го"]
    # 3 December: before the 20th, yet November's invoices are still unpaid.
    assert debtors(on[date(2026, 12, 3)]) == ["Октябрьский долг", "Срок 28-го", "Счёт от 25-го"]


def test_weekly_contact_counts_only_real_contacts_up_to_today(db: Database) -> None:
    old = msk(date(2026, 1, 1))
    with db.session() as s:
        no_answer = new_client(s, "Не дозвонились", created_at=old)
        call(s, no_answer, msk(TODAY - timedelta(days=1)), CallOutcome.NO_ANSWER)
        wrong = new_client(s, "Чужой номер", created_at=old)
        call(s, wrong, msk(TODAY - timedelta(days=1)), CallOutcome.WRONG_CONTACT)
        future = new_client(s, "Встреча в будущем", created_at=old)
        interaction(s, future, msk(TODAY + timedelta(days=3)), InteractionKind.MEETING)
        new_client(s, "Пилот", created_at=old, status=ClientStatus.PILOT)
        promised = new_client(s, "Обещал", created_at=old)
        call(s, promised, msk(TODAY - timedelta(days=1)), CallOutcome.PROMISED)
        tonight = new_client(s, "Вечером", created_at=old)
        interaction(s, tonight, msk(TODAY, 23, 30))
        listing = list_agenda(s, today=TODAY)
    assert sorted(r.values[2] for r in listing.rows if r.values[1] == "Нет контакта > 7 дней") == [
        "Встреча в будущем",
        "Не дозвонились",
        "Пилот",
        "Чужой номер",
    ]


def test_a_broken_promise_followed_by_a_new_call_becomes_a_debtor_call(db: Database) -> None:
    """A promise from months ago is history once the manager has called again: the day's task is the
    debtor call (which says the promise was broken), not an «Обещал оплатить» overdue since July."""
    with db.session() as s:
        owner = new_client(s, "ЖСК Давний", phone="+7 495 000-00-01")
        invoice(s, owner, 7_000, date(2026, 7, 15))
        call(s, owner, msk(date(2026, 7, 20)), CallOutcome.PROMISED, promise_date=date(2026, 7, 23))
        before = list_agenda(s, today=TODAY)
        call(s, owner, msk(date(2026, 11, 20)), CallOutcome.REACHED)
        after = list_agenda(s, today=TODAY)
    money = ("Обещал оплатить", "Звонок должнику")
    before_rows = [r for r in before.rows if r.values[1] in money]
    after_rows = [r for r in after.rows if r.values[1] in money]
    assert [(r.values[0], r.values[1]) for r in before_rows] == [(date(2026, 7, 23), "Обещал оплатить")]
    assert [(r.values[0], r.values[1], r.level) for r in after_rows] == [
        (TODAY, "Звонок должнику", "warning")
    ]
    assert "обещал оплатить 23.07.2026 — не оплатил" in after_rows[0].values[3]
