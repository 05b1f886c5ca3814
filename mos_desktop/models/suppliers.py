"""Buying (processes 9, 10, 19): suppliers, their dated prices, purchase orders, partner agreements."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Synced, str_enum


class Supplier(Synced, Base):
    """One legal entity of a supplier; ``group_name`` joins the entities of one supplier."""

    __tablename__ = "suppliers"

    name: Mapped[str] = mapped_column(String(300), index=True)
    group_name: Mapped[str] = mapped_column(String(300), default="")
    inn: Mapped[str] = mapped_column(String(12), default="")
    kpp: Mapped[str] = mapped_column(String(9), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    payment_terms: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Availability(enum.StrEnum):
    IN_STOCK = "in_stock"
    ON_ORDER = "on_order"
    UNAVAILABLE = "unavailable"


class SupplierPrice(Synced, Base):
    __tablename__ = "supplier_prices"

    supplier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("suppliers.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"), index=True)
    price_kop: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None] = mapped_column(default=None)
    availability: Mapped[Availability] = mapped_column(str_enum(Availability), default=Availability.IN_STOCK)
    lead_days: Mapped[int] = mapped_column(Integer, default=0)


class PurchaseStatus(enum.StrEnum):
    DRAFT = "draft"
    INVOICE_REQUESTED = "invoice_requested"
    INVOICE_RECEIVED = "invoice_received"
    IN_PLAN = "in_plan"  # entered into ПФ
    PAID = "paid"
    SHIPPED = "shipped"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


class PurchaseOrder(Synced, Base):
    __tablename__ = "purchase_orders"

    number: Mapped[str] = mapped_column(String(40), index=True)
    supplier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("suppliers.id"), index=True)
    status: Mapped[PurchaseStatus] = mapped_column(str_enum(PurchaseStatus), default=PurchaseStatus.DRAFT)
    ordered_on: Mapped[date]
    supplier_invoice_number: Mapped[str] = mapped_column(String(60), default="")
    supplier_invoice_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    expected_on: Mapped[date | None] = mapped_column(default=None, index=True)
    accepted_on: Mapped[date | None] = mapped_column(default=None)
    remote_acceptance: Mapped[bool] = mapped_column(Boolean, default=False)
    non_standard: Mapped[bool] = mapped_column(Boolean, default=False)
    payable_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payables.id"), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class PurchaseOrderLine(Synced, Base):
    __tablename__ = "purchase_order_lines"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    price_kop: Mapped[int] = mapped_column(BigInteger)
    received_quantity: Mapped[int] = mapped_column(Integer, default=0)


class PartnerAgreement(Synced, Base):
    """Process 19: agreements with interesting organisations (suppliers, contractors, partners)."""

    __tablename__ = "partner_agreements"

    partner_name: Mapped[str] = mapped_column(String(300))
    partner_inn: Mapped[str] = mapped_column(String(12), default="")
    kind: Mapped[str] = mapped_column(String(100), default="")  # supply, service, marketing, ...
    supplier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("suppliers.id"), default=None)
    contractor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contractors.id"), default=None)
    signed_on: Mapped[date | None] = mapped_column(default=None)
    valid_to: Mapped[date | None] = mapped_column(default=None)
    terms: Mapped[str] = mapped_column(Text, default="")
