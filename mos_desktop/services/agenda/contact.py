"""Closing the agenda's call lines from Сегодня: a missed call called back, a client not contacted for a
week called. Both are a call to the client logged as an interaction (``CALL_OUT``); a missed call is
answered by it (``answered_at``), so «Перезвонить» leaves the list, and the call is the client's latest
contact, so «Нет контакта» leaves it too. A call back that did not get through («Не дозвонился») is written
on the missed call itself (the time and the note added to its text): no contact was made, so nothing counts
as one, and the missed call stays on Сегодня, saying when it was tried, until someone gets through.
``phone_for`` is the number a row's call goes to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, ValidationError
from mos_desktop.models import Client, Interaction, InteractionKind
from mos_desktop.services.payments.calls import on_business_day
from mos_desktop.timeutil import to_moscow


def phone_for(session: Session, kind: str, record_id: uuid.UUID) -> str:
    """The phone of a row's client (``kind`` "client", or "interaction": the missed call's client)."""
    from mos_desktop.services.payments import client_phone

    client_id: uuid.UUID | None = record_id
    if kind == "interaction":
        call = session.get(Interaction, record_id)
        client_id = call.client_id if call is not None else None
    elif kind != "client":
        client_id = None
    if client_id is None:
        return ""
    return str(session.scalar(select(client_phone()).where(Client.id == client_id)) or "")


@dataclass
class ContactCallForm:
    """A call made to the client: to ``client_id``, or back to the missed call ``missed_call_id``."""

    client_id: uuid.UUID | None = None
    missed_call_id: uuid.UUID | None = None
    note: str = ""  # what was said
    reached: bool = True  # False: a call back that did not get through (a missed call only)


def log_contact_call(session: Session, form: ContactCallForm, *, user: str, today: date) -> Changes:
    errors: list[FieldError] = []
    missed = session.get(Interaction, form.missed_call_id) if form.missed_call_id is not None else None
    if form.missed_call_id is not None:
        if missed is None or missed.deleted_at is not None or missed.kind != InteractionKind.CALL_MISSED:
            errors.append(
                FieldError("missed_call_id", "Пропущенный звонок: не найден — обновите список (F5)")
            )
        elif missed.answered_at is not None:
            errors.append(
                FieldError(
                    "missed_call_id", "Пропущенный звонок: уже отмечен как перезвонили — обновите список"
                )
            )
    if not form.reached and form.missed_call_id is None:
        errors.append(
            FieldError("reached", "Не дозвонились: отмечается только на пропущенном звонке — запишите звонок")
        )
    client_id = missed.client_id if missed is not None else form.client_id
    client = session.get(Client, client_id) if client_id is not None else None
    if client is None or client.deleted_at is not None:
        errors.append(
            FieldError("client_id", "Клиент: не найден — возможно, его удалили; обновите список (F5)")
        )
    if errors:
        raise ValidationError(errors)
    assert client is not None
    at = on_business_day(today)
    note = " ".join(form.note.split())
    if not form.reached:
        assert missed is not None
        return _not_reached(missed, client, note, at, user)
    call = Interaction(
        client_id=client.id,
        at=at,
        kind=InteractionKind.CALL_OUT,
        contact_name=missed.contact_name if missed is not None else "",
        summary=note or ("Перезвонили на пропущенный звонок" if missed is not None else "Звонок клиенту"),
        created_by=user,
        updated_by=user,
    )
    session.add(call)
    if missed is not None:
        missed.answered_at = at
        missed.updated_by = user
    session.flush()
    what = "перезвонили на пропущенный звонок" if missed is not None else "звонок записан"
    return Changes.of(
        Area.INTERACTIONS,
        Area.CLIENTS,
        record_id=call.id,
        ids=[client.id, missed.id if missed is not None else None],
        message=f"{client.name}: {what}",
    )


def _not_reached(missed: Interaction, client: Client, note: str, at: datetime, user: str) -> Changes:
    """The attempt goes into the missed call's text («…; не дозвонились 23.11 в 10:15: занято»); it stays
    unanswered, so it stays on Сегодня."""
    moment = to_moscow(at)
    attempt = f"не дозвонились {moment:%d.%m} в {moment:%H:%M}" + (f": {note}" if note else "")
    missed.summary = f"{missed.summary}; {attempt}" if missed.summary.strip() else attempt
    missed.updated_by = user
    return Changes.of(
        Area.INTERACTIONS,
        Area.CLIENTS,
        record_id=missed.id,
        ids=[client.id, missed.id],
        message=f"{client.name}: не дозвонились — пропущенный звонок остаётся в списке «Сегодня»",
    )
