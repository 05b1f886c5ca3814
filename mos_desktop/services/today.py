"""Сегодня: the manager's day as one list, most urgent first.

The rules of what is due live in ``services.agenda`` (one source per kind of work); this module merges
their tasks, orders them and lays them out as the list. ``Row.kind`` names the record ``Row.id`` opens.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from mos_desktop.services.agenda import SOURCES, Task
from mos_desktop.services.agenda.task import TASK_KIND_RU, TaskKind
from mos_desktop.services.levels import urgency_key
from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.services.queries import day_start

# Within one tint, what the manager should do first: a missed call or a broken promise before a
# delivery, a delivery before the weekly courtesy calls, paperwork chasing last. Not listed: in between.
WHAT_PRIORITY = {
    TaskKind.VISIT_EMERGENCY: 0,
    TaskKind.MISSED_CALL: 1,
    TaskKind.PROMISE_BROKEN: 2,
    TaskKind.DELIVERY: 3,
    TaskKind.TRAINING: 3,
    TaskKind.VISIT_PLANNED: 3,
    TaskKind.QUESTION: 4,
    TaskKind.CLAIM_RESPONSE: 4,
    TaskKind.DEBTOR_CALL: 6,
    TaskKind.NO_CONTACT: 8,
    TaskKind.DOCS_UNSIGNED: 9,
}

COLUMNS = (
    Column("when", "Когда", "date"),
    Column("what", "Что"),
    Column("client", "Клиент"),
    Column("details", "Подробности", stretch=True),
    Column("amount", "Сумма", "money"),
)


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
    rows = [
        Row(t.id, (t.when, TASK_KIND_RU[t.what], t.client, t.details, t.amount), t.level, kind=t.kind)
        for t in tasks
    ]
    # The count of lines is next to the search box already: the summary says only what it does not.
    overdue = sum(t.level == "danger" for t in tasks)
    done = sum(t.level == "ok" for t in tasks)
    summary = f"Просрочено: {overdue}" + (f", сделано: {done}" if done else "") if tasks else ""
    return Listing(list(COLUMNS), rows, summary)
