"""What «Печать» offers for a row: the forms of its record kind, and whom to e-mail the paper to.

The GUI asks here (on its worker) instead of deciding itself, so the CLI and the GUI agree on which forms a
record has.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

# record kind (``Row.kind``) -> the forms printed from it, the usual one first
FORMS_OF_KIND: dict[str, tuple[str, ...]] = {
    "invoice": ("invoice", "act"),
    "shipment": ("torg12", "upd", "handover-act", "waybill"),
    "stock_move": ("move",),
    "purchase_order": ("receipt",),
    "service_visit": ("visit-act",),
    "client": ("reconciliation", "claim"),
    "claim": ("claim",),
}


@dataclass(frozen=True)
class FormChoice:
    key: str  # the CLI's KIND: "invoice", "torg12", ...
    title: str  # «Счёт на оплату»


def forms_for(kind: str) -> list[FormChoice]:
    from mos_desktop.documents.kinds import FORMS

    return [FormChoice(k, FORMS[k].title) for k in FORMS_OF_KIND.get(kind, ()) if k in FORMS]


ISSUED = "issued_document"  # a register row: printed with the form its document was issued with


def printable_kinds() -> set[str]:
    return {kind for kind in FORMS_OF_KIND if forms_for(kind)} | {ISSUED}


def client_of(session: Session, kind: str, record_id: uuid.UUID) -> uuid.UUID | None:
    """The client a record's paper goes to (for the recipients and the client's history)."""
    if kind == "client":
        return record_id
    if kind == "issued_document":
        from mos_desktop.models import IssuedDocument

        issued = session.get(IssuedDocument, record_id)
        return issued.client_id if issued is not None else None
    from mos_desktop.services.records.nearest import nearest

    found = nearest(session, kind, record_id, {"client"})
    return found[1] if found else None


def recipients(session: Session, client_id: uuid.UUID | None, *, client_first: bool = False) -> list[str]:
    """The client's e-mail addresses, each once. A printed paper goes first to those who sign documents,
    then the primary contact, then the client's own address; a resent invoice (``client_first``) goes
    first to the client's own address (its accounting), then the primary contact and the others."""
    from mos_desktop.models import Client, ContactPerson

    if client_id is None:
        return []
    rows: list[Any] = list(
        session.execute(
            select(ContactPerson.email, ContactPerson.signs_documents, ContactPerson.is_primary)
            .where(
                ContactPerson.client_id == client_id,
                ContactPerson.deleted_at.is_(None),
                ContactPerson.email != "",
            )
            .order_by(ContactPerson.is_primary.desc(), ContactPerson.id)
        )
    )
    if not client_first:
        rows.sort(key=lambda r: (not r[1], not r[2]))
    contacts = [r[0].strip() for r in rows]
    client = session.get(Client, client_id)
    own = [client.email.strip()] if client is not None and client.email.strip() else []
    found = own + contacts if client_first else contacts + own
    return list(dict.fromkeys(a for a in found if a))
