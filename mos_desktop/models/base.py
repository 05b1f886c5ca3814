"""Declarative base and the columns every synced table shares.

Every synced row has a UUIDv7 primary key made on the workstation, a ``version`` (the server's change
sequence of its last change, 0 until the row has been synced), a tombstone ``deleted_at`` and who/when
columns. Money is integer kopecks (``*_kop`` columns), never float.

Tables are one of two sync kinds (``__sync_kind__``): ``"row"`` rows merge per column; ``"ledger"`` rows are
insert-only facts (stock moves, payments, calls) whose merge is a union.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, Date, DateTime, Enum, MetaData, String, TypeDecorator, Uuid, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mos_desktop.ids import uuid7

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always handed back timezone-aware.

    SQLite keeps no zone, so aware values are converted to UTC on the way in and tagged UTC on the way
    out; PostgreSQL uses ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (UTC or Europe/Moscow)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def str_enum(enum_cls: type[enum.Enum], length: int = 32) -> Enum:
    """A portable enum column: stored as its string value, no native type, no CHECK (sync-friendly)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        str: String(),
        date: Date(),
    }


class Synced:
    """Mixin for every table that syncs with the shared PostgreSQL."""

    __sync_kind__: ClassVar[str] = "row"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid7)
    version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())
    created_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )
    updated_by: Mapped[str] = mapped_column(String(120), default="", server_default="")


class Ledger(Synced):
    """Insert-only facts: never edited, corrected by a reversing entry; merge is a union."""

    __sync_kind__: ClassVar[str] = "ledger"


def synced_tables() -> list[Any]:
    """The tables that sync, in dependency order (parents before children)."""
    return [t for t in Base.metadata.sorted_tables if "version" in t.c and "deleted_at" in t.c]
