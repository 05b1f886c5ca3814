"""Agenda sources about client care: questions coming due, missed calls, clients not contacted for over a
week, pilots ending."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Client,
    Interaction,
    InteractionKind,
    Pilot,
    PilotStatus,
    Question,
    QuestionStatus,
)
from mos_desktop.services.agenda.task import Task, TaskKind, hhmm, joined, phone_note, short
from mos_desktop.services.levels import due_level
from mos_desktop.services.payments import client_phone
from mos_desktop.services.queries import (
    NEEDS_CONTACT,
    contact_due,
    contact_overdue,
    day_bounds,
    last_contact,
    moscow_date,
    with_client_name,
)
from mos_desktop.timeutil import format_date

PILOT_NOTICE_DAYS = 7


def questions(session: Session, today: date) -> list[Task]:
    query = with_client_name(Question, Question.status != QuestionStatus.DONE, Question.due_date <= today)
    tasks = []
    for q, client in session.execute(query):
        assert q.due_date is not None
        details = ("Срочно: " if q.urgent else "") + short(q.text)
        level = due_level(q.due_date, today)
        tasks.append(
            Task(level, q.due_date, TaskKind.QUESTION, client, details, "question", q.id, at=q.received_at)
        )
    return tasks


def missed_calls(session: Session, today: date) -> list[Task]:
    query = with_client_name(
        Interaction,
        Interaction.kind == InteractionKind.CALL_MISSED,
        Interaction.answered_at.is_(None),
        Interaction.at < day_bounds(today)[1],
    )
    tasks = []
    for call, client in session.execute(query):
        on = moscow_date(call.at) or today
        details = "Перезвонить: " + joined((f"в {hhmm(call.at)}", call.contact_name, short(call.summary)))
        tasks.append(
            Task(
                due_level(on, today),
                on,
                TaskKind.MISSED_CALL,
                client,
                details,
                "interaction",
                call.id,
                at=call.at,
            )
        )
    return tasks


def weekly_contact(session: Session, today: date) -> list[Task]:
    """Clients whose weekly contact is overdue (``queries.contact_due``, the rule Портфель tints by)."""
    contact = last_contact(today)
    query = (
        select(Client.id, Client.name, Client.status, Client.created_at, contact.c.at, client_phone())
        .outerjoin(contact, contact.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None), Client.status.in_(NEEDS_CONTACT))
    )
    tasks = []
    for cid, name, status, created, contacted_at, phone in session.execute(query):
        contacted, since = moscow_date(contacted_at), moscow_date(created)
        due = contact_due(status, contacted, since)
        if due is None or not contact_overdue(due, today):
            continue
        if contacted is not None:
            details = f"Последний контакт {format_date(contacted)}, {(today - contacted).days} дн. назад"
        else:
            details = f"Контактов не было (клиент в базе с {format_date(since) if since else '—'})"
        details += phone_note(phone)
        tasks.append(Task("warning", due, TaskKind.NO_CONTACT, name, details, "client", cid))
    return tasks


def pilots(session: Session, today: date) -> list[Task]:
    query = with_client_name(
        Pilot,
        Pilot.status.in_((PilotStatus.PLANNED, PilotStatus.RUNNING)),
        Pilot.end_date <= today + timedelta(days=PILOT_NOTICE_DAYS),
    )
    tasks = []
    for pilot, client in session.execute(query):
        end = pilot.end_date
        assert end is not None
        level = due_level(end, today, soon_days=PILOT_NOTICE_DAYS)
        details = f"Окончание пилота {format_date(end)}"
        if pilot.billing_start_date:
            details += f", оплата с {format_date(pilot.billing_start_date)}"
        tasks.append(Task(level, end, TaskKind.PILOT_ENDING, client, details, "pilot", pilot.id))
    return tasks
