"""Where stock is and how its papers are numbered: items and locations found by id, code, SKU or name, the
warehouse, supplier and write-off locations, serials as typed, and the workstation's document numbers.

Shared by the move commands (``moves``), counts (``counts``), the CSV exchange and purchase orders.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from mos_desktop.ids import as_uuid, uuid7
from mos_desktop.models import Item, Location, LocationKind, SerialNumber, StockCount, StockMove, Supplier

SERIAL_SPLIT = re.compile(r"[\s,;]+")
SERIES_FALLBACK = "РМ"

LocationRef = str | uuid.UUID | None


def parse_int(text: Any) -> int | None:
    raw = str(text if text is not None else "").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.lstrip("-").isdigit()):
        return None
    return int(raw)


# --- looking things up -------------------------------------------------------------------------------


def find_item(session: Session, ref: str | uuid.UUID) -> Item | None:
    item_id = as_uuid(ref)
    if item_id is not None:
        row = session.get(Item, item_id)
        return row if row is not None and row.deleted_at is None else None
    sku = str(ref).strip()
    if not sku:
        return None
    for statement, value in ((_ITEM_BY_SKU, sku), (_ITEM_BY_SKU_ANY_CASE, sku.lower())):
        row = session.scalars(statement, {"ref": value}).first()
        if row is not None:
            return row
    return None


def find_serial(session: Session, ref: str) -> tuple[Item, str] | None:
    """A serial number as a scanner reads it off a sticker → (its item, the serial as registered), when
    exactly one live item has that serial (in any letter case when no exact match)."""
    text = str(ref).strip()
    if not text:
        return None
    for statement, value in ((_SERIAL, text), (_SERIAL_ANY_CASE, text.lower())):
        rows = session.execute(statement, {"ref": value}).all()
        if rows:
            if len({item.id for item, _serial in rows}) != 1:
                return None  # two items share the number: the keeper picks the item
            return rows[0][0], rows[0][1]
    return None


# Lookups built once (building and keying a statement is a fair part of posting a move in a few ms)
def _first_live(entity: Any, condition: Any) -> Any:
    return (
        select(entity)
        .where(entity.deleted_at.is_(None), condition)
        .order_by(entity.archived, entity.id)
        .limit(1)
    )


_ITEM_BY_SKU = _first_live(Item, Item.sku == bindparam("ref"))
_ITEM_BY_SKU_ANY_CASE = _first_live(Item, func.lower(Item.sku) == bindparam("ref"))
_SERIALS = (
    select(Item, SerialNumber.serial)
    .join(SerialNumber, SerialNumber.item_id == Item.id)
    .where(Item.deleted_at.is_(None), SerialNumber.deleted_at.is_(None))
    .limit(5)
)
_SERIAL = _SERIALS.where(SerialNumber.serial == bindparam("ref"))
_SERIAL_ANY_CASE = _SERIALS.where(func.lower(SerialNumber.serial) == bindparam("ref"))
_LOCATION_BY_CODE = _first_live(Location, Location.code == bindparam("ref"))
_LOCATION_BY_NAME = _first_live(Location, Location.name == bindparam("ref"))


def find_location(session: Session, ref: LocationRef) -> Location | None:
    """A location by id, code or name (case-insensitive), as ``report stock`` prints them."""
    if ref is None:
        return None
    location_id = as_uuid(ref)
    if location_id is not None:
        row = session.get(Location, location_id)
        return row if row is not None and row.deleted_at is None else None
    text = str(ref).strip()
    if not text:
        return None
    live = Location.deleted_at.is_(None)
    for statement in (_LOCATION_BY_CODE, _LOCATION_BY_NAME):  # exact first (indexed), then any letter case
        row = session.scalars(statement, {"ref": text}).first()
        if row is not None:
            return row
    folded = text.casefold()  # SQLite's lower() folds ASCII only: compare Cyrillic here
    for row in session.scalars(select(Location).where(live).order_by(Location.archived, Location.id)):
        if folded in (row.code.casefold(), row.name.casefold()):
            return row
    return None


def _only(session: Session, kind: LocationKind) -> Location | None:
    query = select(Location).where(
        Location.deleted_at.is_(None), Location.kind == kind, Location.archived.is_(False)
    )
    rows = list(session.scalars(query.order_by(Location.code).limit(2)))
    return rows[0] if len(rows) == 1 else None


def main_warehouse(session: Session) -> Location | None:
    query = select(Location).where(
        Location.deleted_at.is_(None), Location.kind == LocationKind.WAREHOUSE, Location.archived.is_(False)
    )
    return session.scalars(query.order_by(Location.code).limit(1)).first()


def supplier_location(session: Session, supplier: Supplier, *, create: bool) -> Location | None:
    """The location goods of ``supplier`` come from (made on the first receipt from it)."""
    names = (f"Поставщик: {supplier.name}".casefold(), supplier.name.casefold())
    query = select(Location).where(Location.deleted_at.is_(None), Location.kind == LocationKind.SUPPLIER)
    # compared here: SQLite's lower() folds ASCII only, and supplier names are Cyrillic
    row = next((r for r in session.scalars(query.order_by(Location.id)) if r.name.casefold() in names), None)
    if row is None and create:
        row = Location(
            id=uuid7(),
            code=f"SUP-{str(supplier.id)[-6:].upper()}",
            name=f"Поставщик: {supplier.name}",
            kind=LocationKind.SUPPLIER,
        )
        session.add(row)
    return row


def write_off_location(session: Session, *, create: bool) -> Location | None:
    row = (
        _only(session, LocationKind.WRITE_OFF)
        or session.scalars(
            select(Location)
            .where(Location.deleted_at.is_(None), Location.kind == LocationKind.WRITE_OFF)
            .order_by(Location.code)
            .limit(1)
        ).first()
    )
    if row is None and create:
        row = Location(id=uuid7(), code="WO", name="Списание", kind=LocationKind.WRITE_OFF)
        session.add(row)
    return row


def split_serials(text: str) -> list[str]:
    return [s for s in SERIAL_SPLIT.split(text.strip()) if s]


# --- document numbers ---------------------------------------------------------------------------------


def document_series(session: Session, series: str) -> str:
    """The workstation's series: the one set in the settings, else «РМ» and six digits derived from its
    sync id (digits only: hex letters A–F beside Cyrillic «РМ» read as Cyrillic and were typed wrong)."""
    text = series.strip()
    if text:
        return text
    from mos_desktop.sync.pull import get_state, set_state

    conn = session.connection()
    ws = get_state(conn, "workstation_id")
    if not ws:
        ws = uuid.uuid4().hex[:12]
        set_state(conn, "workstation_id", ws)
    return f"{SERIES_FALLBACK}{int(ws[:8], 16) % 1_000_000:06d}"


def next_document_ref(session: Session, series: str) -> str:
    """``<series>-000123``: one more than the highest number of this series in the ledger (only this
    workstation issues numbers of its series, so the local ledger holds the highest)."""
    prefix = f"{document_series(session, series)}-"
    upper = prefix[:-1] + "."  # '.' sorts right after '-': the range is every ref starting with prefix
    refs = session.scalars(_MOVE_REFS, {"low": prefix, "high": upper})
    highest = 0
    for ref in refs:
        tail = ref[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    counts = _count_refs(session, prefix, upper)
    return f"{prefix}{max(highest, counts) + 1:06d}"


_MOVE_REFS = (
    select(StockMove.document_ref)
    .where(StockMove.document_ref >= bindparam("low"), StockMove.document_ref < bindparam("high"))
    .order_by(StockMove.document_ref.desc())
    .limit(20)
)
_COUNT_REFS = select(StockCount.document_ref).where(
    StockCount.document_ref >= bindparam("low"), StockCount.document_ref < bindparam("high")
)


def _count_refs(session: Session, prefix: str, upper: str) -> int:
    """Counts take their numbers from the same series before their adjustments are posted."""
    refs = session.scalars(_COUNT_REFS, {"low": prefix, "high": upper})
    return max((int(r[len(prefix) :]) for r in refs if r[len(prefix) :].isdigit()), default=0)
