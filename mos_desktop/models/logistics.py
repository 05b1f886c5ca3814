"""Deliveries (processes 3, 4, 5, 17): shipments, their closing documents, the Dostavista balance."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Ledger, Synced, str_enum


class CarrierKind(enum.StrEnum):
    COURIER = "courier"  # Dostavista
    HEAVY_FREIGHT = "heavy_freight"  # barriers, turnstiles, booms
    TRANSPORT_COMPANY = "transport_company"  # СДЭК, Деловые Линии
    PICKUP = "pickup"


class ShipmentStatus(enum.StrEnum):
    PLANNED = "planned"
    AGREED = "agreed"  # ship date agreed with the client
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class DocsStatus(enum.StrEnum):
    NONE = "none"
    SENT = "sent"
    SIGNED = "signed"  # signed copy returned


class Shipment(Synced, Base):
    __tablename__ = "shipments"

    number: Mapped[str] = mapped_column(String(40), index=True)
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sites.id"), default=None)
    carrier_kind: Mapped[CarrierKind] = mapped_column(str_enum(CarrierKind))
    carrier_name: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[ShipmentStatus] = mapped_column(str_enum(ShipmentStatus), default=ShipmentStatus.PLANNED)
    from_address: Mapped[str] = mapped_column(String(500), default="")
    to_address: Mapped[str] = mapped_column(String(500), default="")
    goods_arrival_on: Mapped[date | None] = mapped_column(default=None)  # goods expected at the warehouse
    agreed_ship_on: Mapped[date | None] = mapped_column(default=None, index=True)
    planned_delivery_on: Mapped[date | None] = mapped_column(default=None)
    shipped_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    install_on: Mapped[date | None] = mapped_column(default=None)
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    tracking_url: Mapped[str] = mapped_column(String(500), default="")
    cost_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    weight_kg: Mapped[int] = mapped_column(Integer, default=0)
    quality_rating: Mapped[int | None] = mapped_column(Integer, default=None)  # 1..5
    docs_status: Mapped[DocsStatus] = mapped_column(str_enum(DocsStatus), default=DocsStatus.NONE)
    docs_sent_on: Mapped[date | None] = mapped_column(default=None)
    docs_signed_on: Mapped[date | None] = mapped_column(default=None)
    payable_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payables.id"), default=None)
    client_feedback: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ShipmentLine(Synced, Base):
    __tablename__ = "shipment_lines"

    shipment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shipments.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    serial: Mapped[str] = mapped_column(String(100), default="")
    price_kop: Mapped[int] = mapped_column(BigInteger, default=0)


class DostavistaEntry(Ledger, Base):
    """The prepaid Dostavista balance as a ledger: top-ups positive, delivery charges negative."""

    __tablename__ = "dostavista_entries"

    at: Mapped[datetime] = mapped_column(index=True)
    amount_kop: Mapped[int] = mapped_column(BigInteger)
    shipment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shipments.id"), default=None)
    order_number: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
