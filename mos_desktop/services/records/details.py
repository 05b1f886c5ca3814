"""A read-only view of any record: every field with its Russian title and its value as a person reads it.

The last resort of the record registry: a row whose record has no dialog and no owner with one (a
Dostavista top-up, a payment not yet allocated to a client) still opens, showing what it holds, until its
capability brings a dialog of its own.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from mos_desktop.errors import NotFoundError
from mos_desktop.services.records.nearest import OWNERS

EXTRA_MODELS = {
    "stock_count": "StockCount",
    "supplier": "Supplier",
    "contractor": "Contractor",
    "item": "Item",
    "location": "Location",
    "client": "Client",
    "user": "User",
}
HIDDEN = {"id", "version", "deleted_at", "created_at", "updated_at"}


@dataclass(frozen=True)
class Details:
    title: str  # «Платежи»
    fields: list[tuple[str, str]]  # (Russian title, value as text)


def model_for(kind: str) -> Any | None:
    import mos_desktop.models as models

    name = OWNERS[kind][0] if kind in OWNERS else EXTRA_MODELS.get(kind)
    return getattr(models, name, None) if name else None


def has_details(kind: str) -> bool:
    return model_for(kind) is not None


def details(session: Session, kind: str, record_id: uuid.UUID) -> Details:
    from mos_desktop.sync.labels import column_title, moscow_text, table_title, value_text

    model = model_for(kind)
    row = session.get(model, record_id) if model is not None else None
    if model is None or row is None:
        raise NotFoundError(
            "Запись не найдена: возможно, её удалили на другом рабочем месте — обновите список (F5)"
        )
    fields: list[tuple[str, str]] = []
    for column in sa_inspect(model).columns:
        name = column.key
        if name in HIDDEN or name.endswith("_id"):
            continue
        value = getattr(row, name)
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(value, datetime):
            text = moscow_text(value)
        elif isinstance(value, date):
            text = value.strftime("%d.%m.%Y")
        else:
            text = value_text(name, value)
        fields.append((column_title(name, model.__tablename__), text))
    return Details(table_title(model.__tablename__), fields)
