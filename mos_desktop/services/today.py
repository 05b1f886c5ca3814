"""Сегодня: the manager's day as one list, most urgent first.

Each source below is one query; together they gather debtor calls (from the 20th), promises to pay that
fell due, today's deliveries, trainings and visits, emergency visits near or past their SLA, questions
and claims coming due, missed calls, clients not contacted for over a week, pilots ending, payables to
pay and closing documents unsigned for over 14 days. ``Row.kind`` names the record ``Row.id`` opens.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Claim,
    ClaimStatus,
    Client,
    CollectionCall,
    Contractor,
    DocsStatus,
    Interaction,
    InteractionKind,
    Payable,
    PayableKind,
    PayableStatus,
    Pilot,
    PilotStatus,
    Question,
    QuestionStatus,
    ServiceVisit,
    Shipment,
    ShipmentStatus,
    Training,
    TrainingStatus,
    VisitKind,
    VisitStatus,
)
from mos_desktop.money import format_rub
from mos_desktop.services.contractors import visit_level
from mos_desktop.services.labels import PAYABLE_STATUS_RU, SHIPMENT_STATUS_RU, carrier_label
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.logistics import DOCS_SIGN_DAYS
from mos_desktop.services.payments import PAYABLE_SOON_DAYS, client_phone
from mos_desktop.services.payments import latest_promise_subquery as promises
from mos_desktop.services.queries import (
    CONTACT_EVERY_DAYS,
    NEEDS_CONTACT,
    client_debts,
    day_bounds,
    day_start,
    is_chased,
    last_contact,
    moscow_date,
    urgency_key,
)
from mos_desktop.timeutil import format_date, to_moscow

PILOT_NOTICE_DAYS = 7
CLAIM_NOTICE_DAYS = 7
SLA_NOTICE_DAYS = 1  # emergency visits whose SLA ends today or tomorrow

PAYABLE_WHAT = {
    PayableKind.SUPPLIER: "Счёт поставщику к оплате",
    PayableKind.CARRIER: "Счёт ТК к оплате",
    PayableKind.CONTRACTOR: "Счёт подрядчику к оплате",
    PayableKind.OTHER: "Счёт к оплате",
}


@dataclass
class Task:
    level: Level
    when: date
    what: str
    client: str
    details: str
    amount: int | None
    kind: str
    id: uuid.UUID
    at: datetime | None = None  # orders tasks of the same day (a training at 11:00 before one at 15:00)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hhmm(moment: datetime) -> str:
    return to_moscow(moment).strftime("%H:%M")


def _debts_and_promises(session: Session, today: date) -> list[Task]:
    """Debtor calls from each debtor's chase day (``queries.chase_from``) until paid, and promises to pay
    that fell due while the debt is still there."""
    debts = client_debts(today)
    promise = promises()
    start, end = day_bounds(today)
    called_today = exists().where(
        CollectionCall.client_id == Client.id,
        CollectionCall.deleted_at.is_(None),
        CollectionCall.called_at >= start,
        CollectionCall.called_at < end,
    )
    query = (
        select(
            Client.id,
            Client.name,
            debts.c.debt_kop,
            debts.c.oldest_issued_on,
            promise.c.id,
            promise.c.promise_date,
            promise.c.promise_kop,
            called_today,
            client_phone(),
            debts.c.chase_from,
        )
        .join(debts, debts.c.client_id == Client.id)
        .outerjoin(promise, promise.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None))
    )
    tasks = []
    rows = session.execute(query)
    for cid, name, debt, oldest, pid, promised_on, promised_kop, called, phone, chase in rows:
        phone_text = f"; тел. {phone}" if phone else ""
        if promised_on is not None and promised_on <= today and not (called and promised_on < today):
            level: Level = "danger" if promised_on < today else "warning"
            details = f"Обещал оплатить {format_date(promised_on)}, долг {format_rub(debt)}{phone_text}"
            tasks.append(
                Task(
                    level,
                    promised_on,
                    "Обещал оплатить",
                    name,
                    details,
                    promised_kop or debt,
                    "collection_call",
                    pid,
                )
            )
        elif is_chased(chase, today) and not called and not (promised_on and promised_on > today):
            details = f"Неоплаченный счёт с {format_date(oldest)}{phone_text}"
            tasks.append(Task("warning", today, "Звонок должнику", name, details, debt, "client", cid))
    return tasks


def _shipments(session: Session, today: date) -> list[Task]:
    query = (
        select(Shipment, Client.name)
        .outerjoin(Client, and_(Client.id == Shipment.client_id, Client.deleted_at.is_(None)))
        .where(
            Shipment.deleted_at.is_(None),
            Shipment.status != ShipmentStatus.CANCELLED,
            or_(
                Shipment.agreed_ship_on == today,
                Shipment.planned_delivery_on == today,
                and_(
                    Shipment.docs_status == DocsStatus.SENT,
                    Shipment.docs_sent_on < today - timedelta(days=DOCS_SIGN_DAYS),
                ),
            ),
        )
    )
    tasks = []
    for ship, client in session.execute(query):
        if ship.docs_status == DocsStatus.SENT and ship.docs_sent_on is not None:
            days = (today - ship.docs_sent_on).days
            if days > DOCS_SIGN_DAYS:
                details = f"Отгрузка № {ship.number}: документы отправлены {format_date(ship.docs_sent_on)}, {days} дн. без подписи"
                tasks.append(
                    Task(
                        "danger",
                        ship.docs_sent_on,
                        "Документы не подписаны",
                        client or "",
                        details,
                        None,
                        "shipment",
                        ship.id,
                    )
                )
        if today in (ship.agreed_ship_on, ship.planned_delivery_on):
            step = "отгрузка сегодня" if ship.agreed_ship_on == today else "доставка сегодня"
            parts = [
                f"№ {ship.number}",
                step,
                carrier_label(ship.carrier_kind, ship.carrier_name),
                SHIPMENT_STATUS_RU[ship.status],
                ship.to_address,
            ]
            level: Level = "ok" if ship.status == ShipmentStatus.DELIVERED else "warning"
            tasks.append(
                Task(
                    level,
                    today,
                    "Доставка",
                    client or "",
                    ", ".join(p for p in parts if p),
                    None,
                    "shipment",
                    ship.id,
                )
            )
    return tasks


def _trainings(session: Session, today: date) -> list[Task]:
    start, end = day_bounds(today)
    query = (
        select(Training, Client.name)
        .join(Client, Client.id == Training.client_id)
        .where(
            Training.deleted_at.is_(None),
            Client.deleted_at.is_(None),
            Training.scheduled_at >= start,
            Training.scheduled_at < end,
            Training.status != TrainingStatus.CANCELLED,
        )
    )
    tasks = []
    for training, client in session.execute(query):
        parts = [
            f"в {_hhmm(training.scheduled_at)}",
            training.trainer and f"ведёт {training.trainer}",
            training.participants and f"участники: {training.participants}",
        ]
        level: Level = "ok" if training.status == TrainingStatus.DONE else "warning"
        tasks.append(
            Task(
                level,
                today,
                "Обучение",
                client,
                _short(", ".join(p for p in parts if p)),
                None,
                "training",
                training.id,
                training.scheduled_at,
            )
        )
    return tasks


def _visits(session: Session, today: date) -> list[Task]:
    sla_horizon = day_start(today + timedelta(days=SLA_NOTICE_DAYS + 1))
    query = (
        select(ServiceVisit, Client.name, Contractor.name)
        .join(Client, Client.id == ServiceVisit.client_id)
        .outerjoin(
            Contractor, and_(Contractor.id == ServiceVisit.contractor_id, Contractor.deleted_at.is_(None))
        )
        .where(
            ServiceVisit.deleted_at.is_(None),
            Client.deleted_at.is_(None),
            ServiceVisit.status != VisitStatus.CANCELLED,
            or_(
                ServiceVisit.scheduled_on == today,
                and_(
                    ServiceVisit.kind == VisitKind.EMERGENCY,
                    ServiceVisit.status.in_((VisitStatus.REQUESTED, VisitStatus.SCHEDULED)),
                    ServiceVisit.sla_due_at < sla_horizon,
                ),
            ),
        )
    )
    tasks = []
    for v, client, contractor in session.execute(query):
        emergency = v.kind == VisitKind.EMERGENCY
        parts = [_short(v.problem, 80), v.address, contractor and f"подрядчик {contractor}"]
        if emergency and v.sla_due_at is not None:
            parts.append(f"срок по SLA {format_date(moscow_date(v.sla_due_at))} {_hhmm(v.sla_due_at)}")
        when = today if v.scheduled_on == today else moscow_date(v.sla_due_at) or today
        what = "Выезд (аварийный)" if emergency else "Выезд (плановый)"
        level = visit_level(v.kind, v.status, v.scheduled_on, v.sla_due_at, today)
        tasks.append(
            Task(
                level,
                when,
                what,
                client,
                "; ".join(p for p in parts if p),
                None,
                "service_visit",
                v.id,
                v.sla_due_at,
            )
        )
    return tasks


def _questions(session: Session, today: date) -> list[Task]:
    query = (
        select(Question, Client.name)
        .join(Client, Client.id == Question.client_id)
        .where(
            Question.deleted_at.is_(None),
            Client.deleted_at.is_(None),
            Question.status != QuestionStatus.DONE,
            Question.due_date <= today,
        )
    )
    tasks = []
    for q, client in session.execute(query):
        assert q.due_date is not None
        level: Level = "danger" if q.due_date < today else "warning"
        details = ("Срочно: " if q.urgent else "") + _short(q.text)
        tasks.append(
            Task(level, q.due_date, "Вопрос клиента", client, details, None, "question", q.id, q.received_at)
        )
    return tasks


def _missed_calls(session: Session, today: date) -> list[Task]:
    query = (
        select(Interaction, Client.name)
        .join(Client, Client.id == Interaction.client_id)
        .where(
            Interaction.deleted_at.is_(None),
            Client.deleted_at.is_(None),
            Interaction.kind == InteractionKind.CALL_MISSED,
            Interaction.answered_at.is_(None),
            Interaction.at < day_bounds(today)[1],
        )
    )
    tasks = []
    for call, client in session.execute(query):
        on = moscow_date(call.at) or today
        level: Level = "danger" if on < today else "warning"
        details = ", ".join(p for p in (f"в {_hhmm(call.at)}", call.contact_name, _short(call.summary)) if p)
        tasks.append(
            Task(
                level,
                on,
                "Пропущенный звонок",
                client,
                f"Перезвонить: {details}",
                None,
                "interaction",
                call.id,
                call.at,
            )
        )
    return tasks


def _weekly_contact(session: Session, today: date) -> list[Task]:
    """Clients needing weekly contact (``queries.NEEDS_CONTACT``) whose last real contact
    (``queries.last_contact``) or, never contacted, their arrival is over CONTACT_EVERY_DAYS old."""
    contact = last_contact(today)
    query = (
        select(Client.id, Client.name, Client.created_at, contact.c.at, client_phone())
        .outerjoin(contact, contact.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None), Client.status.in_(NEEDS_CONTACT))
    )
    tasks = []
    for cid, name, created, contacted, phone in session.execute(query):
        since = moscow_date(contacted) if contacted is not None else moscow_date(created)
        assert since is not None
        days = (today - since).days
        if days <= CONTACT_EVERY_DAYS:
            continue
        details = (
            f"Последний контакт {format_date(since)}, {days} дн. назад"
            if contacted is not None
            else f"Контактов не было (клиент в базе с {format_date(since)})"
        )
        if phone:
            details += f"; тел. {phone}"
        due = since + timedelta(days=CONTACT_EVERY_DAYS)
        tasks.append(Task("warning", due, "Нет контакта > 7 дней", name, details, None, "client", cid))
    return tasks


def _pilots(session: Session, today: date) -> list[Task]:
    query = (
        select(Pilot, Client.name)
        .join(Client, Client.id == Pilot.client_id)
        .where(
            Pilot.deleted_at.is_(None),
            Client.deleted_at.is_(None),
            Pilot.status.in_((PilotStatus.PLANNED, PilotStatus.RUNNING)),
            Pilot.end_date <= today + timedelta(days=PILOT_NOTICE_DAYS),
        )
    )
    tasks = []
    for pilot, client in session.execute(query):
        assert pilot.end_date is not None
        level: Level = "danger" if pilot.end_date < today else "warning"
        details = f"Окончание пилота {format_date(pilot.end_date)}"
        if pilot.billing_start_date:
            details += f", оплата с {format_date(pilot.billing_start_date)}"
        tasks.append(
            Task(level, pilot.end_date, "Пилот заканчивается", client, details, None, "pilot", pilot.id)
        )
    return tasks


def _claims(session: Session, today: date) -> list[Task]:
    query = (
        select(Claim, Client.name)
        .join(Client, Client.id == Claim.client_id)
        .where(
            Claim.deleted_at.is_(None),
            Client.deleted_at.is_(None),
            Claim.status.in_((ClaimStatus.OPEN, ClaimStatus.SENT, ClaimStatus.IN_COURT)),
            Claim.response_due <= today + timedelta(days=CLAIM_NOTICE_DAYS),
        )
    )
    tasks = []
    for claim, client in session.execute(query):
        assert claim.response_due is not None
        level: Level = "danger" if claim.response_due < today else "warning"
        details = f"Ответ до {format_date(claim.response_due)}: {_short(claim.subject, 90)}"
        if claim.lawyer:
            details += f"; юрист {claim.lawyer}"
        tasks.append(
            Task(
                level,
                claim.response_due,
                "Претензия: срок ответа",
                client,
                details,
                claim.amount_kop or None,
                "claim",
                claim.id,
            )
        )
    return tasks


def _payables(session: Session, today: date) -> list[Task]:
    query = select(Payable).where(
        Payable.deleted_at.is_(None),
        Payable.status.in_((PayableStatus.RECEIVED, PayableStatus.IN_PLAN)),
        Payable.due_on <= today + timedelta(days=PAYABLE_SOON_DAYS),
    )
    tasks = []
    for (p,) in session.execute(query):
        assert p.due_on is not None
        level: Level = "danger" if p.due_on < today else "warning"
        details = f"Счёт № {p.number} от {format_date(p.issued_on)}, оплатить до {format_date(p.due_on)}"
        details += f", {PAYABLE_STATUS_RU[p.status]}"
        tasks.append(
            Task(
                level, p.due_on, PAYABLE_WHAT[p.kind], p.counterparty, details, p.amount_kop, "payable", p.id
            )
        )
    return tasks


SOURCES: tuple[Callable[[Session, date], list[Task]], ...] = (
    _debts_and_promises,
    _shipments,
    _trainings,
    _visits,
    _questions,
    _missed_calls,
    _weekly_contact,
    _pilots,
    _claims,
    _payables,
)


# Within one tint, what the manager should do first: a missed call or a broken promise before a
# delivery, a delivery before the weekly courtesy calls, paperwork chasing last. Not listed: in between.
WHAT_PRIORITY = {
    "Выезд (аварийный)": 0,
    "Пропущенный звонок": 1,
    "Обещал оплатить": 2,
    "Доставка": 3,
    "Обучение": 3,
    "Выезд (плановый)": 3,
    "Вопрос клиента": 4,
    "Претензия: срок ответа": 4,
    "Звонок должнику": 6,
    "Нет контакта > 7 дней": 8,
    "Документы не подписаны": 9,
}


def agenda_tasks(session: Session, today: date) -> list[Task]:
    tasks = [task for source in SOURCES for task in source(session, today)]
    tasks.sort(
        key=lambda t: urgency_key(
            t.level, WHAT_PRIORITY.get(t.what, 5), t.when, t.at or day_start(t.when), t.client
        )
    )
    return tasks


def list_agenda(session: Session, *, today: date) -> Listing:
    tasks = agenda_tasks(session, today)
    rows = [Row(t.id, (t.when, t.what, t.client, t.details, t.amount), t.level, kind=t.kind) for t in tasks]
    overdue = sum(t.level == "danger" for t in tasks)
    open_count = sum(t.level != "ok" for t in tasks)
    summary = f"Дел: {open_count}, из них просрочено: {overdue}" if tasks else ""
    columns = [
        Column("when", "Когда", "date"),
        Column("what", "Что"),
        Column("client", "Клиент"),
        Column("details", "Подробности", stretch=True),
        Column("amount", "Сумма", "money"),
    ]
    return Listing(columns, rows, summary)
