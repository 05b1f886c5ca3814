"""What syncs and how its values look on each side.

The synced tables come from the model metadata (``models.synced_tables()``: every table with ``version``
and ``deleted_at``) plus ``sync_conflicts`` (conflict records made by the server, synced down to every
workstation and resolved by ordinary edits). Nothing here is hand-listed per table, so a table added later
syncs with no new sync code.

Values travel in the *canonical* form, which is exactly how SQLite stores them through SQLAlchemy: UUIDs
as 32 lowercase hex digits, booleans as 0/1, dates as ``YYYY-MM-DD``, timestamps as UTC
``YYYY-MM-DD HH:MM:SS.ffffff``, integers and strings as they are. The capture triggers produce this form
with no Python involved; push converts it to PostgreSQL parameters and pull converts PostgreSQL's JSON
back into it. Merge compares canonical values only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
)

from mos_desktop.models import Base, synced_tables

# Local bookkeeping tables live on their own MetaData: they never count as synced model tables.
sync_metadata = MetaData()

# Conflict records: made by the server during push, synced to every workstation like a model table.
sync_conflicts = Table(
    "sync_conflicts",
    sync_metadata,
    Column("id", Uuid(), primary_key=True),
    Column("version", BigInteger, nullable=False, server_default="0"),
    Column("deleted_at", DateTime(timezone=True)),
    Column("table_name", String(100), nullable=False),
    Column("row_id", Uuid(), nullable=False),
    Column("column_name", String(100), nullable=False),
    Column("base", Text),
    Column("mine", Text),
    Column("theirs", Text),
    Column("mine_by", String(200), nullable=False, server_default=""),
    Column("theirs_by", String(200), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", String(200), nullable=False, server_default=""),
    Column("updated_at", DateTime(timezone=True)),
    Column("updated_by", String(200), nullable=False, server_default=""),
    info={"sync_kind": "row"},
)

# Never sent as a change: the server assigns it.
BOOKKEEPING = frozenset({"version"})
# Sent with a change but never a conflict: whoever's change is applied last stamps them.
STAMPS = frozenset({"updated_at", "updated_by"})

DT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


@dataclass(frozen=True)
class TableSpec:
    name: str
    pk: str
    columns: tuple[str, ...]  # every column, in table order
    kinds: dict[str, str]  # column -> uuid | bool | date | datetime | int | text
    sync_kind: str  # "row" or "ledger"


def _kind(col_type: Any) -> str:
    t = col_type.impl if isinstance(col_type, TypeDecorator) else col_type
    if isinstance(t, Uuid):
        return "uuid"
    if isinstance(t, Boolean):
        return "bool"
    if isinstance(t, DateTime):
        return "datetime"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Integer):
        return "int"
    return "text"


def _sync_kind(table: Table) -> str:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return str(getattr(mapper.class_, "__sync_kind__", "row"))
    return str(table.info.get("sync_kind", "row"))


def spec_for(table: Table) -> TableSpec:
    (pk,) = [c.name for c in table.primary_key.columns]
    return TableSpec(
        name=table.name,
        pk=pk,
        columns=tuple(c.name for c in table.columns),
        kinds={c.name: _kind(c.type) for c in table.columns},
        sync_kind=_sync_kind(table),
    )


def default_tables() -> list[Table]:
    return [*synced_tables(), sync_conflicts]


def specs(extra: list[Table] | None = None) -> dict[str, TableSpec]:
    """Every synced table by name, parents before children (model metadata order)."""
    return {t.name: spec_for(t) for t in [*default_tables(), *(extra or [])]}


# --- value conversion ----------------------------------------------------------------------------


def _fmt_dt(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(DT_FORMAT)


def canonical(value: Any, kind: str) -> Any:
    """Any representation (SQLite storage, PostgreSQL Python value, PostgreSQL JSON) -> canonical."""
    if value is None:
        return None
    if kind == "uuid":
        return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex
    if kind == "bool":
        return 1 if value else 0
    if kind == "datetime":
        return _fmt_dt(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)[:10]
    if kind == "int":
        return int(value)
    return value


def to_server(value: Any, kind: str) -> Any:
    """Canonical -> a psycopg parameter of the right PostgreSQL type."""
    if value is None:
        return None
    if kind == "uuid":
        return uuid.UUID(hex=str(value))
    if kind == "bool":
        return bool(value)
    if kind == "datetime":
        parsed = datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if kind == "date":
        return date.fromisoformat(str(value)[:10])
    return value
