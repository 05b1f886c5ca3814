"""«Отправить счёт повторно»: the invoice's PDF by e-mail, the resend counted and logged on the client.

Network I/O never runs inside a database transaction (an SMTP server may take its 20-second timeout, and
SQLite's write lock would be held all that time), so the command is three steps:

1. ``prepare_resend(session, form, ...)`` — in the worker, in a transaction: checks the form, renders the
   invoice (``documents.api.prepare``: the issued document is stored on its first print, a re-print is
   the same document) and builds the letter from the e-mail templates of the settings.
2. ``send_resend(letter, settings)`` — on a thread of its own, with no session: SMTP (``documents.mail``);
   a failure is ``SendError`` saying why in Russian (password, server unreachable, address refused), and
   nothing is counted.
3. ``record_resend(session, letter, ...)`` — in the worker again: the resend counted on the invoice
   (``resend_count``, ``last_resent_at``) and the e-mail on the client's history.

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

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.models import Client, ContactPerson, Invoice, InvoiceStatus
from mos_desktop.timeutil import now_utc

_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


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
    client = session.get(Client, client_id)
    found = [client.email] if client is not None and client.email else []
    found += session.scalars(
        select(ContactPerson.email)
        .where(
            ContactPerson.client_id == client_id,
            ContactPerson.deleted_at.is_(None),
            ContactPerson.email != "",
        )
        .order_by(ContactPerson.is_primary.desc(), ContactPerson.id)
    )
    return list(dict.fromkeys(a.strip() for a in found if a.strip()))


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
    """Step 3: the resend counted on the invoice and the e-mail on the client's history."""
    from mos_desktop.documents.mail import log_sent

    invoice = session.get(Invoice, prepared.invoice_id)
    if invoice is None or invoice.deleted_at is not None:
        raise NotFoundError("Счёт отправлен, но не найден: его удалили на другом рабочем месте")
    at = now_utc()
    invoice.resend_count += 1
    invoice.last_resent_at = at
    invoice.updated_by = user
    to = tuple(prepared.letter.to)
    log_sent(session, prepared.client_id, prepared.title, to, user=user, at=at)
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
