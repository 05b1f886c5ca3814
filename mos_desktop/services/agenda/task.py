"""One line of the agenda (``Task``), its kinds of work (``TaskKind`` with the Russian ``TASK_KIND_RU``) and
the small text pieces its sources share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from mos_desktop.services.listing import Level
from mos_desktop.services.queries import CONTACT_EVERY_DAYS
from mos_desktop.timeutil import to_moscow


class TaskKind(StrEnum):
    """What kind of work an agenda line is (its «Что»); the Russian words are in ``TASK_KIND_RU``."""

    VISIT_EMERGENCY = "visit_emergency"
    MISSED_CALL = "missed_call"
    PROMISE_BROKEN = "promise_broken"
    DELIVERY = "delivery"
    TRAINING = "training"
    VISIT_PLANNED = "visit_planned"
    QUESTION = "question"
    CLAIM_RESPONSE = "claim_response"
    DEBTOR_CALL = "debtor_call"
    NO_CONTACT = "no_contact"
    DOCS_UNSIGNED = "docs_unsigned"
    PILOT_ENDING = "pilot_ending"
    PAY_SUPPLIER = "pay_supplier"
    PAY_CARRIER = "pay_carrier"
    PAY_CONTRACTOR = "pay_contractor"
    PAY_OTHER = "pay_other"
    TOP_UP_DOSTAVISTA = "top_up_dostavista"


TASK_KIND_RU: dict[TaskKind, str] = {
    TaskKind.VISIT_EMERGENCY: "Выезд (аварийный)",
    TaskKind.MISSED_CALL: "Пропущенный звонок",
    TaskKind.PROMISE_BROKEN: "Не оплатил в обещанный срок",
    TaskKind.DELIVERY: "Доставка",
    TaskKind.TRAINING: "Обучение",
    TaskKind.VISIT_PLANNED: "Выезд (плановый)",
    TaskKind.QUESTION: "Вопрос клиента",
    TaskKind.CLAIM_RESPONSE: "Претензия: срок ответа",
    TaskKind.DEBTOR_CALL: "Звонок должнику",
    TaskKind.NO_CONTACT: f"Нет контакта > {CONTACT_EVERY_DAYS} дней",
    TaskKind.DOCS_UNSIGNED: "Документы не подписаны",
    TaskKind.PILOT_ENDING: "Пилот заканчивается",
    TaskKind.PAY_SUPPLIER: "Счёт поставщику к оплате",
    TaskKind.PAY_CARRIER: "Счёт ТК к оплате",
    TaskKind.PAY_CONTRACTOR: "Счёт подрядчику к оплате",
    TaskKind.PAY_OTHER: "Счёт к оплате",
    TaskKind.TOP_UP_DOSTAVISTA: "Пополнить Достависту",
}


@dataclass
class Task:
    level: Level
    when: date
    what: TaskKind
    client: str
    details: str
    kind: str  # what ``id`` is: "client", "shipment", ... (``Row.kind``)
    id: uuid.UUID
    amount: int | None = None  # kopecks
    at: datetime | None = None  # orders tasks of the same day (a training at 11:00 before one at 15:00)


def short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters (whitespace folded, "…" where cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hhmm(moment: datetime) -> str:
    return to_moscow(moment).strftime("%H:%M")


def joined(parts: Iterable[str | None], sep: str = ", ") -> str:
    """The non-empty parts joined: ["№ 5", "", None, "В пути"] → "№ 5, В пути"."""
    return sep.join(p for p in parts if p)


def phone_note(phone: str) -> str:
    return f"; тел. {phone}" if phone else ""
