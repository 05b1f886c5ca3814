"""Remote acceptance of a purchase order: the files kept with it (photos of the goods, the signed note).

Only the path is stored (the shared folder or the workstation's disk): the files themselves stay where
they are and open with the system's viewer. Removing an attachment leaves a tombstone (sync)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import PurchaseAttachment, PurchaseOrder
from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.timeutil import now_utc


@dataclass
class AttachmentForm:
    order_id: uuid.UUID
    paths: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class RemoveAttachmentForm:
    attachment_id: uuid.UUID


@dataclass(frozen=True)
class Acceptance:
    """What the acceptance dialog shows about the order."""

    order_id: uuid.UUID
    number: str
    remote: bool
    accepted_by: str
    accepted_on: date | None
    discrepancy_note: str


def _order(session: Session, order_id: uuid.UUID) -> PurchaseOrder:
    order = session.get(PurchaseOrder, order_id)
    if order is None or order.deleted_at is not None:
        raise NotFoundError("Заказ поставщику удалён — обновите список (F5)")
    return order


def acceptance(session: Session, order_id: uuid.UUID) -> Acceptance:
    o = _order(session, order_id)
    return Acceptance(o.id, o.number, o.remote_acceptance, o.accepted_by, o.accepted_on, o.discrepancy_note)


def add_attachments(session: Session, form: AttachmentForm, *, user: str, today: date) -> Changes:
    """Keep the paths of files with the order (each must exist when added); the order is marked as
    accepted remotely."""
    order = _order(session, form.order_id)
    errors: list[FieldError] = []
    if not form.paths:
        errors.append(FieldError("paths", "Файлы: выберите хотя бы один файл"))
    for i, raw in enumerate(form.paths):
        path = Path(raw)
        if not path.is_file():
            errors.append(FieldError(f"paths[{i}]", f"Файл «{raw}» не найден — проверьте, что он доступен"))
        elif len(str(path)) > 1000:
            errors.append(FieldError(f"paths[{i}]", f"Путь к файлу «{path.name}» длиннее 1000 знаков"))
    if errors:
        raise ValidationError(errors)
    ids = []
    for raw in form.paths:
        path = Path(raw).resolve()
        row = PurchaseAttachment(
            id=uuid7(),
            order_id=order.id,
            file_name=path.name[:300],
            path=str(path),
            note=form.note.strip(),
            created_by=user,
            updated_by=user,
        )
        session.add(row)
        ids.append(row.id)
    order.remote_acceptance, order.updated_by = True, user
    session.flush()
    return Changes.of(
        Area.ORDERS,
        ids=ids,
        record_id=order.id,
        message=f"Заказ {order.number}: файлов приёмки добавлено {len(ids)}",
    )


def remove_attachment(session: Session, form: RemoveAttachmentForm, *, user: str, today: date) -> Changes:
    row = session.get(PurchaseAttachment, form.attachment_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Файл уже убран из заказа — обновите список (F5)")
    row.deleted_at, row.updated_by = now_utc(), user
    session.flush()
    return Changes.of(
        Area.ORDERS, ids=[row.id], record_id=row.order_id, message=f"Файл «{row.file_name}» убран"
    )


def list_attachments(session: Session, order_id: uuid.UUID) -> Listing:
    query = (
        select(PurchaseAttachment)
        .where(PurchaseAttachment.order_id == order_id, PurchaseAttachment.deleted_at.is_(None))
        .order_by(PurchaseAttachment.created_at, PurchaseAttachment.id)
    )
    rows = [
        Row(a.id, (a.file_name, a.note, a.created_by, a.path), kind="purchase_attachment")
        for a in session.scalars(query)
    ]
    columns = [
        Column("file_name", "Файл"),
        Column("note", "Комментарий"),
        Column("author", "Кто добавил"),
        Column("path", "Где лежит", stretch=True),
    ]
    return Listing(columns, rows, f"Файлов: {len(rows)}" if rows else "")
