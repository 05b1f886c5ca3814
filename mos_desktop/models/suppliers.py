"""Buying (processes 9, 10, 19): suppliers, their dated prices, purchase orders, partner agreements."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Ledger, Synced, str_enum


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
    supplier_code: Mapped[str] = mapped_column(String(60), default="", server_default="")  # their article
    vat_rate_pct: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0: без НДС
    min_quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    checked_on: Mapped[date | None] = mapped_column(default=None)  # when the price was last confirmed


class PurchaseStatus(enum.StrEnum):
    DRAFT = "draft"
    INVOICE_REQUESTED = "invoice_requested"
    INVOICE_RECEIVED = "invoice_received"
    IN_PLAN = "in_plan"  # entered into ПФ
    PAID = "paid"
    SHIPPED = "shipped"
    PARTIAL = "partial"  # received in part: the remainder is still expected
    ACCEPTED = "accepted"  # received in full
    CLOSED = "closed"
    CANCELLED = "cancelled"


class PurchaseOrder(Synced, Base):
    __tablename__ = "purchase_orders"

    number: Mapped[str] = mapped_column(String(40), index=True)
    supplier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("suppliers.id"), index=True)
    status: Mapped[PurchaseStatus] = mapped_column(str_enum(PurchaseStatus), default=PurchaseStatus.DRAFT)
    ordered_on: Mapped[date]
    supplier_invoice_number: Mapped[str] = mapped_column(String(60), default="")
    supplier_invoice_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    expected_on: Mapped[date | None] = mapped_column(default=None, index=True)  # arrival at the warehouse
    expected_ship_on: Mapped[date | None] = mapped_column(default=None)  # the supplier ships
    accepted_on: Mapped[date | None] = mapped_column(default=None)
    remote_acceptance: Mapped[bool] = mapped_column(Boolean, default=False)
    non_standard: Mapped[bool] = mapped_column(Boolean, default=False)
    payable_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payables.id"), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    accepted_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    discrepancy_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class PurchaseOrderStep(Ledger, Base):
    """A dated step of a purchase order through its states (the order keeps the current one)."""

    __tablename__ = "purchase_order_steps"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    status: Mapped[str] = mapped_column(String(32))  # a PurchaseStatus value
    step_on: Mapped[date]
    author: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class PurchaseAttachment(Synced, Base):
    """A file kept with an order's acceptance (photos of the goods, the signed note): its name and path."""

    __tablename__ = "purchase_attachments"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(300))
    path: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class GoodsRequestStatus(enum.StrEnum):
    OPEN = "open"
    ORDERED = "ordered"
    DECLINED = "declined"


class GoodsRequest(Synced, Base):
    """A non-standard goods request: what, for which client, and how it ended."""

    __tablename__ = "goods_requests"

    what: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    requested_on: Mapped[date]
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(32), default="open")  # a GoodsRequestStatus value
    outcome: Mapped[str] = mapped_column(Text, default="")
    purchase_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("purchase_orders.id"), default=None
    )


class GoodsRequestAnswer(Synced, Base):
    """One supplier asked about a non-standard request, and its answer."""

    __tablename__ = "goods_request_answers"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("goods_requests.id"), index=True)
    supplier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("suppliers.id"))
    asked_on: Mapped[date]
    answer: Mapped[str] = mapped_column(Text, default="")
    price_kop: Mapped[int | None] = mapped_column(BigInteger, default=None)
    lead_days: Mapped[int | None] = mapped_column(Integer, default=None)


class PurchaseOrderLine(Synced, Base):
    __tablename__ = "purchase_order_lines"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    price_kop: Mapped[int] = mapped_column(BigInteger)
    received_quantity: Mapped[int] = mapped_column(Integer, default=0)
    defective_quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # refused


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
