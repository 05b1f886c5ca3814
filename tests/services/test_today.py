"""Сегодня: the agenda gathers every due task from every area, most urgent first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from factories import (
    add,
    call,
    client,
    dostavista,
    interaction,
    invoice,
    msk,
    payable,
    payment,
    shipment,
    visit,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop import config
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
from mos_desktop.services.logistics import list_dostavista
from mos_desktop.services.payments.calls import call_list
from mos_desktop.services.today import list_agenda

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))
TOP_UP = "Пополнить Достависту"


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


def _money(listing: Listing) -> list[Any]:
    return [r for r in listing.rows if r.values[1] in (BROKEN, DEBTOR)]


BROKEN, DEBTOR = "Не оплатил в обещанный срок", "Звонок должнику"


def test_debtors_are_the_call_list_with_broken_promises_marked(db: Database) -> None:
    with db.session() as s:
        made = _debtors(s)
        on_23rd = list_agenda(s, today=TODAY)
        on_19th = list_agenda(s, today=date(2026, 11, 19))
    # Called today without an answer: still on the call list, so still a task (the last call noted).
    assert tasks(on_23rd) == [
        (BROKEN, "Нарушил обещание", "danger"),
        (DEBTOR, "Должник", "warning"),
        (DEBTOR, "Звонили сегодня", "warning"),
    ]
    broken, debtor, called = on_23rd.rows
    assert (broken.id, broken.kind) == (made["Нарушил обещание"].id, "client")
    assert broken.values[0] == date(2026, 11, 21)  # the promised day
    assert broken.values[4] == 1_000_000  # the debt
    assert broken.values[3].startswith("Обещал оплатить 21.11.2026 — не оплатил.")
    assert (debtor.id, debtor.kind) == (made["Должник"].id, "client")
    assert debtor.values[0] == TODAY
    assert debtor.values[4] == 750_000  # 10 000 minus the 2 500 paid
    assert "тел. +7 495 000-00-00" in debtor.values[3]
    assert "последний звонок 23.11.2026: Не дозвонились" in called.values[3]
    # On the 19th nobody is called yet; the broken promise (due the 21st) is not due either.
    assert tasks(on_19th) == []


@pytest.mark.parametrize("day", [date(2026, 11, 19), date(2026, 11, 20), TODAY, date(2026, 11, 27)])
def test_one_rule_the_agenda_follows_the_call_list(db: Database, day: date) -> None:
    """The agenda's debtors are exactly the call list's clients, a task marked broken exactly when the
    call list marks the promise broken, whatever the day."""
    with db.session() as s:
        _debtors(s)
        listing = list_agenda(s, today=day)
        entries = call_list(s, day)
    rows = _money(listing)
    assert {r.id for r in rows} == {e.client_id for e in entries}
    broken = {e.client_id for e in entries if e.promise_broken}
    assert {r.id for r in rows if r.values[1] == BROKEN} == broken
    assert all(r.level == ("danger" if r.id in broken else "warning") for r in rows)


def test_a_promise_keeps_the_client_off_until_the_day_after_and_payment_clears_it(db: Database) -> None:
    with db.session() as s:
        owner = new_client(s, "ЖК Обещание")
        inv = invoice(s, owner, 5_000, date(2026, 11, 15))
        call(s, owner, msk(date(2026, 11, 20)), CallOutcome.PROMISED, promise_date=TODAY)
        on_the_day = list_agenda(s, today=TODAY)
        next_day = list_agenda(s, today=TODAY + timedelta(days=1))
        payment(s, 5_000, TODAY, pays=[(inv, 5_000)])
        paid = list_agenda(s, today=TODAY + timedelta(days=1))
    assert _money(on_the_day) == []
    assert [(r.values[1], r.level, r.values[4]) for r in _money(next_day)] == [(BROKEN, "danger", 500_000)]
    assert _money(paid) == []


def test_the_call_start_day_comes_from_the_settings(db: Database) -> None:
    settings = config.load_settings()
    settings.collection_start_day = 25
    config.save_settings(settings)
    with db.session() as s:
        new_client(s, "ЖК Поздний обзвон")
        invoice(s, s.scalars(select(Client)).one(), 5_000, date(2026, 11, 15))
        assert _money(list_agenda(s, today=TODAY)) == [] and call_list(s, TODAY) == []
        assert [r.values[2] for r in _money(list_agenda(s, today=date(2026, 11, 25)))] == [
            "ЖК Поздний обзвон"
        ]


def test_dostavista_below_the_threshold_of_the_settings(db: Database) -> None:
    """The balance and the threshold of the ledger list in Логистика (the setting, read by one function)."""

    def top_up(listing: Listing) -> list[Any]:
        return [r for r in listing.rows if r.values[1] == TOP_UP]

    with db.session() as s:
        assert top_up(list_agenda(s, today=TODAY)) == []  # Dostavista not used: nothing to top up
        dostavista(s, msk(date(2026, 11, 1)), 5_000)
        dostavista(s, msk(date(2026, 11, 3)), -2_500)
        low = list_agenda(s, today=TODAY)  # 2 500 ₽ under the default 3 000 ₽
        ledger_low = list_dostavista(s, today=TODAY)
        settings = config.load_settings()
        settings.dostavista_low_rub = 2_000
        config.save_settings(settings)
        enough = list_agenda(s, today=TODAY)
        ledger_enough = list_dostavista(s, today=TODAY)
        dostavista(s, msk(date(2026, 11, 4)), -3_000)
        negative = list_agenda(s, today=TODAY)
    (task,) = top_up(low)
    assert (task.kind, task.level, task.values[2], task.values[4]) == (
        "dostavista_entry",
        "warning",
        "Достависта",
        250_000,
    )
    assert "меньше порога 3" in task.values[3] and "пополните" in ledger_low.summary
    assert top_up(enough) == [] and "пополните" not in ledger_enough.summary
    assert [r.level for r in ledger_enough.rows] == ["", ""]
    assert [r.level for r in top_up(negative)] == ["danger"]


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
    assert listing.rows[0].values[3] == "Срок по SLA 22.11.2026 18:00; Не открывается шлагбаум"
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
    assert listing.summary == "Просрочено: 2"


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


def test_a_broken_promise_stays_marked_after_a_later_call_as_the_call_list_marks_it(db: Database) -> None:
    """A promise from July that was never kept: the call list marks it broken until a new promise (a later
    call without one does not clear it), and so does the agenda — one task, dated the promised day."""
    with db.session() as s:
        owner = new_client(s, "ЖСК Давний", phone="+7 495 000-00-01")
        invoice(s, owner, 7_000, date(2026, 7, 15))
        call(s, owner, msk(date(2026, 7, 20)), CallOutcome.PROMISED, promise_date=date(2026, 7, 23))
        before = list_agenda(s, today=TODAY)
        call(s, owner, msk(date(2026, 11, 20)), CallOutcome.REACHED)
        after = list_agenda(s, today=TODAY)
        (entry,) = call_list(s, TODAY)
    assert entry.promise_broken
    for listing in (before, after):
        assert [(r.values[0], r.values[1], r.level) for r in _money(listing)] == [
            (date(2026, 7, 23), BROKEN, "danger")
        ]
    assert "последний звонок 20.11.2026" in _money(after)[0].values[3]
