"""The warehouse (process 13) as a ledger: items, locations, moves between them, serial numbers, counts.

Balances are sums of moves; a correction is a reversing move, never an edit.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Ledger, Synced, str_enum


class Item(Synced, Base):
    __tablename__ = "items"

    sku: Mapped[str] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20), default="шт")
    okei_code: Mapped[str] = mapped_column(String(3), default="796")  # 796 = штука
    category: Mapped[str] = mapped_column(String(100), default="")
    serial_tracked: Mapped[bool] = mapped_column(Boolean, default=False)
    heavy: Mapped[bool] = mapped_column(Boolean, default=False)  # needs freight, not a courier
    min_stock: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class LocationKind(enum.StrEnum):
    SUPPLIER = "supplier"
    WAREHOUSE = "warehouse"
    OFFICE = "office"
    CLIENT_SITE = "client_site"
    WRITE_OFF = "write_off"
    IN_TRANSIT = "in_transit"


class Location(Synced, Base):
    __tablename__ = "locations"

    code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[LocationKind] = mapped_column(str_enum(LocationKind))
    address: Mapped[str] = mapped_column(String(500), default="")
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class MoveKind(enum.StrEnum):
    """What a move document does; stored as text (``""`` on moves made before kinds were recorded)."""

    RECEIPT = "receipt"  # from a supplier, against a purchase order
    TRANSFER = "transfer"  # between own locations (Румянцево → офис and back, in transit)
    ISSUE = "issue"  # to a client's site
    RETURN = "return"  # from a client's site
    WRITE_OFF = "write_off"  # with a reason
    ADJUSTMENT = "adjustment"  # a confirmed stock count's difference
    REVERSAL = "reversal"  # undoes one earlier move


class StockMove(Ledger, Base):
    """``quantity`` units of ``item`` moved from one location to another on ``moved_on``.

    Serial-tracked items move one row per unit (``quantity`` 1, ``serial`` set). ``document_ref`` groups the
    lines of one move document and is unique across workstations (the workstation's series + a counter).
    """

    __tablename__ = "stock_moves"
    # Balances are two grouped index scans (units in by destination, units out by source), never a table
    # read: these indexes cover every column the balance query touches.
    __table_args__ = (
        Index("ix_stock_moves_in", "item_id", "to_location_id", "moved_on", "quantity", "deleted_at"),
        Index("ix_stock_moves_out", "item_id", "from_location_id", "moved_on", "quantity", "deleted_at"),
    )

    # no index of its own: both covering indexes above lead with item_id (one fewer to build on sync)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    from_location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"))  # ix_stock_moves_out
    to_location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"), index=True)
    moved_on: Mapped[date] = mapped_column(index=True)
    serial: Mapped[str] = mapped_column(String(100), default="", index=True)
    document_ref: Mapped[str] = mapped_column(String(100), default="", index=True)
    author: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20), default="", server_default="")  # a MoveKind value
    shipment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shipments.id"), default=None)
    purchase_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("purchase_orders.id"), default=None
    )
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_visits.id"), default=None)
    reverses_move_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stock_moves.id"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class SerialNumber(Synced, Base):
    """A serial-tracked unit. Where it is now is derived from its moves."""

    __tablename__ = "serial_numbers"

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"), index=True)
    serial: Mapped[str] = mapped_column(String(100), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class StockCount(Synced, Base):
    """An inventory count at one location; differences are posted as moves to/from write-off."""

    __tablename__ = "stock_counts"

    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"), index=True)
    counted_on: Mapped[date]
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    counted_by: Mapped[str] = mapped_column(String(120), default="")
    document_ref: Mapped[str] = mapped_column(String(100), default="", server_default="")  # its adjustments
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class StockCountLine(Synced, Base):
    __tablename__ = "stock_count_lines"

    count_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_counts.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    expected: Mapped[int] = mapped_column(Integer, default=0)
    counted: Mapped[int] = mapped_column(Integer, default=0)
    serials: Mapped[str] = mapped_column(Text, default="", server_default="")  # found, serial items only
