"""«Отправить счёт повторно»: the invoice's PDF by e-mail, the resend counted and logged on the client.

Network I/O never runs inside a database transaction (an SMTP server may take its 20-second timeout, and
SQLite's write lock would be held all that time), so the command is three steps:

1. ``prepare_resend(session, form, ...)`` — in the worker, in a transaction: checks the form, renders the
   invoice (``documents.api.prepare``: the issued document is stored on its first print, a re-print is
   the same document) and builds the letter from the e-mail templates of the settings.
2. ``send_resend(letter, settings)`` — on a thread of its own, with no session: SMTP (``documents.mail``);
   a failure is ``SendError`` saying why in Russian (password, server unreachable, address refused), and
   nothing is counted.
3. ``record_resend(session, letter, ...)`` — in the worker again: the e-mail on the client's history,
   marked «(повторно)», and ``last_resent_at`` on the invoice.

How many times an invoice was resent is derived (``resends_by_invoice``): its e-mails logged as resends
plus the collection calls «счёт отправлен повторно» about it. Both are rows each workstation inserts, so
after sync the count adds up; a counter on the invoice row would be a read-then-write that sync merges
field by field (two workstations resending once each would end at n + 1). ``Invoice.resend_count`` is
still written, with the count as this workstation knows it, for whatever reads the column.

``resend_invoice`` runs the three in order for the command line and tests, each database step in a
transaction of its own.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Subquery, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.models import (
    CallOutcome,
    CollectionCall,
    Interaction,
    Invoice,
    InvoiceStatus,
)
from mos_desktop.models.clients import InteractionKind
from mos_desktop.timeutil import now_utc

_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
RESENT_MARK = "(повторно)"  # ends the history line of a resent invoice: «… № АП-РМ1-2611-0001 (повторно)»


def resends_by_invoice(invoice_id: uuid.UUID | None = None) -> Subquery:
    """(invoice_id, resends): the e-mails logged as resends of the invoice (on its client's history, by
    its number) plus the collection calls «счёт отправлен повторно» about it; only invoices resent at
    least once. ``invoice_id``: just that invoice."""
    calls = select(CollectionCall.invoice_id.label("invoice_id")).where(
        CollectionCall.outcome == CallOutcome.INVOICE_RESENT,
        CollectionCall.deleted_at.is_(None),
        CollectionCall.invoice_id.is_not(None),
    )
    mails = select(Invoice.id.label("invoice_id")).join(
        Interaction,
        and_(
            Interaction.client_id == Invoice.client_id,
            Interaction.kind == InteractionKind.EMAIL,
            Interaction.deleted_at.is_(None),
            Interaction.summary.like(literal("%№ ") + Invoice.number + literal(f" {RESENT_MARK}")),
        ),
    )
    if invoice_id is not None:
        calls = calls.where(CollectionCall.invoice_id == invoice_id)
        mails = mails.where(Invoice.id == invoice_id)
    both = union_all(calls, mails).subquery()
    return (
        select(both.c.invoice_id, func.count().label("resends"))
        .group_by(both.c.invoice_id)
        .subquery("resends")
    )


def resend_count(session: Session, invoice_id: uuid.UUID) -> int:
    """How many times the invoice was resent (see ``resends_by_invoice``)."""
    counted = resends_by_invoice(invoice_id)
    return int(session.scalar(select(counted.c.resends)) or 0)


@dataclass
class ResendForm:
    """The invoice and whom to send it to (addresses separated by commas or semicolons; empty: the
    client's e-mail and its contacts')."""

    invoice_id: uuid.UUID
    to: str = ""


@dataclass(frozen=True)
class ResendLetter:
    """What step 1 made for steps 2 and 3: plain data, no session."""

    invoice_id: uuid.UUID
    client_id: uuid.UUID
    title: str  # «Счёт на оплату № АП-РМ1-2611-0001»
    letter: Any  # documents.mail.Letter (the PDF attached)


def client_addresses(session: Session, client_id: uuid.UUID) -> list[str]:
    """The client's e-mail, then its contacts' (the primary first), each once."""
    from mos_desktop.documents.choices import recipients

    return recipients(session, client_id, client_first=True)


def invoice_addresses(session: Session, invoice_id: uuid.UUID) -> list[str]:
    """Whom a resent invoice goes to by default: its client's addresses."""
    invoice = session.get(Invoice, invoice_id)
    return client_addresses(session, invoice.client_id) if invoice is not None else []


def _recipients(
    session: Session, form: ResendForm, client_id: uuid.UUID, errors: list[FieldError]
) -> list[str]:
    typed = [a.strip() for a in re.split(r"[,;\s]+", form.to) if a.strip()]
    if not typed:
        typed = client_addresses(session, client_id)
        if not typed:
            errors.append(
                FieldError("to", "Кому: у клиента и его контактов нет e-mail — впишите адрес получателя")
            )
    for address in typed:
        if not _ADDRESS.fullmatch(address):
            errors.append(FieldError("to", f"Кому: «{address}» — не адрес e-mail (например, buh@example.ru)"))
    return typed


def prepare_resend(
    session: Session, form: ResendForm, *, settings: Any, user: str, today: date
) -> ResendLetter:
    """Step 1: check, render the invoice's PDF, build the letter (see the module docstring)."""
    from mos_desktop.documents import api, mail

    invoice = session.get(Invoice, form.invoice_id)
    if invoice is None or invoice.deleted_at is not None:
        raise NotFoundError("Счёт не найден — обновите список (F5)")
    errors: list[FieldError] = []
    if invoice.status != InvoiceStatus.ISSUED:
        errors.append(
            FieldError("invoice_id", f"Счёт № {invoice.number} аннулирован — отправьте действующий счёт")
        )
    to = _recipients(session, form, invoice.client_id, errors)
    if errors:
        raise ValidationError(errors)
    prepared = api.prepare(session, "invoice", invoice.id, settings=settings, today=today, user=user)
    title = f"{prepared.form.title} № {prepared.number}"
    attachment = mail.Attachment(prepared.file_name("pdf"), prepared.render("pdf"))
    letter = mail.letter_for(title, to, attachment, settings=settings, user=user)
    return ResendLetter(invoice.id, invoice.client_id, title, letter)


def send_resend(prepared: ResendLetter, settings: Any) -> None:
    """Step 2: SMTP, no session; ``documents.mail.SendError`` says why it failed."""
    from mos_desktop.documents import mail

    mail.send(prepared.letter, mail.smtp_from_settings(settings), mail.smtp_password())


def record_resend(session: Session, prepared: ResendLetter, *, user: str, today: date) -> Changes:
    """Step 3: the e-mail on the client's history as a resend (which counts it) and the time on the invoice."""
    from mos_desktop.documents.mail import log_sent

    invoice = session.get(Invoice, prepared.invoice_id)
    if invoice is None or invoice.deleted_at is not None:
        raise NotFoundError("Счёт отправлен, но не найден: его удалили на другом рабочем месте")
    at = now_utc()
    to = tuple(prepared.letter.to)
    log_sent(session, prepared.client_id, f"{prepared.title} {RESENT_MARK}", to, user=user, at=at)
    invoice.resend_count = resend_count(session, invoice.id)
    invoice.last_resent_at = at
    invoice.updated_by = user
    return Changes.of(
        Area.INVOICES,
        Area.INTERACTIONS,
        Area.CLIENTS,
        Area.CALLS,
        record_id=invoice.id,
        message=f"{prepared.title} отправлен повторно ({', '.join(to)}), отправок: {invoice.resend_count}",
    )


def resend_invoice(
    open_session: Callable[[], AbstractContextManager[Session]],
    form: ResendForm,
    *,
    settings: Any,
    user: str,
    today: date,
    send: Callable[[ResendLetter, Any], None] = send_resend,
) -> Changes:
    """The three steps in order, each database step in its own transaction (``open_session`` is
    ``Database.session``); the letter leaves between them. A failed send raises and counts nothing."""
    with open_session() as session:
        prepared = prepare_resend(session, form, settings=settings, user=user, today=today)
    send(prepared, settings)
    with open_session() as session:
        return record_resend(session, prepared, user=user, today=today)
