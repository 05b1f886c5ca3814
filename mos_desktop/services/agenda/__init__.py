"""The agenda's sources: each is one query that turns due work of one kind into ``Task`` lines.

Together they gather the call list's debtors (from the 20th; broken promises marked), today's deliveries,
trainings and visits, emergency visits near or past their SLA, questions and claims coming due, missed
calls, clients not contacted for over a week, pilots ending, payables to pay, closing documents unsigned
for over 14 days and a Dostavista balance below its threshold. ``services.today`` merges and orders them
into the "Сегодня" list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from mos_desktop.services.agenda import care, fieldwork, money
from mos_desktop.services.agenda.task import Task

Source = Callable[[Session, date], list[Task]]

SOURCES: tuple[Source, ...] = (
    money.debtors,
    fieldwork.shipments,
    fieldwork.trainings,
    fieldwork.visits,
    care.questions,
    care.missed_calls,
    care.weekly_contact,
    care.pilots,
    money.claims,
    money.payables,
    money.dostavista,
)

__all__ = ["SOURCES", "Source", "Task"]
