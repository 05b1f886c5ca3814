"""The warehouse (process 13) as a ledger: items, locations, moves between them, serial numbers, counts.

Balances are sums of moves; a correction is a reversing move, never an edit.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
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


class StockMove(Ledger, Base):
    """``quantity`` units of ``item`` moved from one location to another on ``moved_on``."""

    __tablename__ = "stock_moves"

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    from_location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"), index=True)
    to_location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"), index=True)
    moved_on: Mapped[date] = mapped_column(index=True)
    serial: Mapped[str] = mapped_column(String(100), default="")
    document_ref: Mapped[str] = mapped_column(String(100), default="")
    author: Mapped[str] = mapped_column(String(120), default="")
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


class StockCountLine(Synced, Base):
    __tablename__ = "stock_count_lines"

    count_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_counts.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    expected: Mapped[int] = mapped_column(Integer, default=0)
    counted: Mapped[int] = mapped_column(Integer, default=0)
