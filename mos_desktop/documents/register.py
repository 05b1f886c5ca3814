"""The register of issued documents (Логистика → «Выданные документы», the client card's «Документы») and
their e-mail state: the command that records a send, sent or failed.

A document's send state: «отправлен» (with whom and when) once a letter left; «не отправлен: причина» when
the last attempt failed (a later success clears the reason); empty when nobody tried. Its signed state is
the closing-documents tracking of its shipment (Логистика → «Закрывающие документы») for a shipment's
papers; other papers have none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import UserError
from mos_desktop.models import Client, DocsStatus, IssuedDocument, Shipment
from mos_desktop.services.labels import DOCS_STATUS_RU
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.timeutil import now_utc, to_moscow

MAX_REASON = 500
SENT, UNSENT = "отправлен", "не отправлен"


def kind_title(kind: object) -> str:
    from mos_desktop.documents.kinds import FORMS

    for form in FORMS.values():
        if form.kind is not None and form.kind == kind:
            return form.title
    return str(kind)


def send_state(sent_at: object, sent_to: str, send_error: str) -> str:
    if send_error:
        return f"{UNSENT}: {send_error}"
    if sent_at is not None:
        return f"{SENT} {to_moscow(sent_at):%d.%m.%Y %H:%M}" + (f" — {sent_to}" if sent_to else "")  # type: ignore[arg-type]
    return ""


def _query() -> Any:
    return (
        select(
            IssuedDocument.id,
            IssuedDocument.kind,
            IssuedDocument.number,
            IssuedDocument.issued_on,
            Client.name,
            IssuedDocument.total_kop,
            IssuedDocument.sent_at,
            IssuedDocument.sent_to,
            IssuedDocument.send_error,
            Shipment.docs_status,
        )
        .outerjoin(Client, Client.id == IssuedDocument.client_id)
        .outerjoin(
            Shipment,
            (IssuedDocument.source_table == Shipment.__tablename__)
            & (Shipment.id == IssuedDocument.source_id),
        )
        .where(IssuedDocument.deleted_at.is_(None))
        .order_by(IssuedDocument.issued_on.desc(), IssuedDocument.number.desc())
    )


def _listing(session: Session, query: Any, *, with_client: bool) -> Listing:
    rows: list[Row] = []
    unsent = 0
    for doc_id, kind, number, day, client, total, sent_at, sent_to, error, docs in session.execute(query):
        level: Level = "warning" if error else ""
        if docs == DocsStatus.SIGNED:
            level = "ok"
        unsent += bool(error)
        signed = DOCS_STATUS_RU[docs] if docs is not None else ""
        state = send_state(sent_at, str(sent_to or ""), str(error or ""))
        values: tuple[object, ...] = (number, kind_title(kind), day)
        if with_client:
            values += (client or "",)
        values += (total, state, signed)
        rows.append(Row(doc_id, values, level, kind="issued_document"))
    columns = [
        Column("number", "Номер"),
        Column("kind", "Документ", stretch=not with_client),
        Column("issued_on", "Дата", "date"),
    ]
    if with_client:
        columns.append(Column("client", "Клиент", stretch=True))
    columns += [
        Column("total", "Сумма", "money"),
        Column("sent", "Отправка по e-mail", "status"),
        Column("signed", "Подписание"),
    ]
    summary = ""
    if rows:
        summary = f"Документов: {len(rows)}" + (f", не отправлено из-за ошибки: {unsent}" if unsent else "")
    return Listing(columns, rows, summary)


def list_issued_documents(session: Session, *, today: date) -> Listing:
    """Every issued document, newest first: kind, number, date, client, total, sent or not, signed state."""
    return _listing(session, _query(), with_client=True)


def list_client_documents(session: Session, client_id: uuid.UUID) -> Listing:
    """The documents issued to one client (the client card's «Документы»)."""
    return _listing(session, _query().where(IssuedDocument.client_id == client_id), with_client=False)


def issued_form(session: Session, issued_id: uuid.UUID) -> tuple[str, str]:
    """(form key, Russian title) an issued document re-prints with."""
    from mos_desktop.documents.api import form_key_of
    from mos_desktop.documents.kinds import FORMS

    issued = session.get(IssuedDocument, issued_id)
    if issued is None or issued.deleted_at is not None:
        raise UserError("Документ не найден: возможно, его удалили на другом рабочем месте")
    key = form_key_of(issued.kind)
    return key, FORMS[key].title


@dataclass(frozen=True)
class SendForm:
    """The outcome of one e-mail of a document: ``error`` empty when it left."""

    issued_id: uuid.UUID | None  # None: a paper that is not stored (the receipt note)
    client_id: uuid.UUID | None
    title: str  # «Счёт на оплату № …»
    to: tuple[str, ...]
    error: str = ""


def record_send(session: Session, form: SendForm, *, user: str, today: date) -> Changes:
    """On the issued document: sent (when, to whom; the reason of an earlier failure cleared) and on the
    client's history; or not sent, with the reason. A failed send changes nothing else."""
    from mos_desktop.documents.mail import log_sent

    at = now_utc()
    issued = session.get(IssuedDocument, form.issued_id) if form.issued_id is not None else None
    if form.issued_id is not None and issued is None:
        raise UserError("Документ не найден: возможно, его удалили на другом рабочем месте")
    to = ", ".join(form.to)
    if form.error:
        if issued is not None:
            issued.send_error = form.error[:MAX_REASON]
            issued.updated_by = user
            session.flush()
        return Changes.of(
            Area.DOCUMENTS, record_id=form.issued_id, message=f"{form.title}: не отправлен — {form.error}"
        )
    if issued is not None:
        issued.sent_at, issued.sent_to, issued.send_error = at, to[:500], ""
        issued.updated_by = user
    log_sent(session, form.client_id, form.title, form.to, user=user, at=at)
    return Changes.of(
        Area.DOCUMENTS,
        Area.INTERACTIONS,
        Area.CLIENTS,
        record_id=form.issued_id,
        message=f"{form.title}: отправлен ({to})",
    )
