"""Money in: invoices (process 8), payments and their allocation, collection calls (2);
money out: payables (10, 17)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Ledger, Synced, str_enum


class VatMode(enum.StrEnum):
    NO_VAT = "no_vat"  # "Без НДС" (УСН)
    VAT_INCLUDED = "vat_included"
    VAT_ON_TOP = "vat_on_top"


class InvoiceStatus(enum.StrEnum):
    ISSUED = "issued"
    CANCELLED = "cancelled"


class Invoice(Synced, Base):
    """A client invoice (счёт). Paid/unpaid is derived from allocations, not stored.

    A subscription invoice has a ``period`` (the billed month); the invoice run makes at most one live
    issued invoice per client and period. A correction cancels the old one (kept, with its reason) and
    issues a new one whose ``corrects_id`` points at it."""

    __tablename__ = "invoices"

    number: Mapped[str] = mapped_column(String(40), index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    issued_on: Mapped[date] = mapped_column(index=True)
    period: Mapped[date | None] = mapped_column(default=None)  # first day of the billed month
    due_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[InvoiceStatus] = mapped_column(str_enum(InvoiceStatus), default=InvoiceStatus.ISSUED)
    vat_mode: Mapped[VatMode] = mapped_column(str_enum(VatMode), default=VatMode.NO_VAT)
    vat_rate_pct: Mapped[int] = mapped_column(Integer, default=0)
    total_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    vat_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    basis: Mapped[str] = mapped_column(String(300), default="")  # contract reference
    external_number: Mapped[str] = mapped_column(String(40), default="")  # number in 1С
    resend_count: Mapped[int] = mapped_column(Integer, default=0)
    last_resent_at: Mapped[datetime | None] = mapped_column(default=None)
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"), default=None)
    cancel_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")


class InvoiceLine(Synced, Base):
    __tablename__ = "invoice_lines"

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str] = mapped_column(String(20), default="шт")
    price_kop: Mapped[int] = mapped_column(BigInteger)
    amount_kop: Mapped[int] = mapped_column(BigInteger)
    item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("items.id"), default=None)


class PaymentSource(enum.StrEnum):
    BANK_IMPORT = "bank_import"
    MANUAL = "manual"


class PaymentDirection(enum.StrEnum):
    INCOMING = "incoming"  # money from a client (or anyone) to our account
    OUTGOING = "outgoing"  # money from our account: suppliers, ТК, contractors, Dostavista top-ups


class Payment(Ledger, Base):
    """A payment on our account (incoming, or outgoing from a bank statement). ``import_key`` makes a
    twice-imported bank statement harmless. ``payer_*`` is the other side: the payer of an incoming
    payment, the recipient of an outgoing one. A reversal is another row with the negated amount and
    ``reverses_id`` set (with its ``reason``): the ledger is never edited."""

    __tablename__ = "payments"

    received_on: Mapped[date] = mapped_column(index=True)
    amount_kop: Mapped[int] = mapped_column(BigInteger)
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    payer_inn: Mapped[str] = mapped_column(String(12), default="")
    payer_name: Mapped[str] = mapped_column(String(300), default="")
    payer_account: Mapped[str] = mapped_column(String(20), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    bank_doc_number: Mapped[str] = mapped_column(String(40), default="")
    bank_doc_date: Mapped[date | None] = mapped_column(default=None)
    source: Mapped[PaymentSource] = mapped_column(str_enum(PaymentSource), default=PaymentSource.MANUAL)
    import_key: Mapped[str] = mapped_column(String(200), default="")
    direction: Mapped[PaymentDirection] = mapped_column(
        str_enum(PaymentDirection), default=PaymentDirection.INCOMING, server_default="incoming"
    )
    our_account: Mapped[str] = mapped_column(String(20), default="", server_default="")
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"), default=None)
    reason: Mapped[str] = mapped_column(String(300), default="", server_default="")


class PaymentAllocation(Ledger, Base):
    """The part of a payment that settles one invoice (one payment may pay several). Taken back by a
    row with the negated amount (a reversal or a re-allocation), never edited."""

    __tablename__ = "payment_allocations"

    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount_kop: Mapped[int] = mapped_column(BigInteger)


class CallOutcome(enum.StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    PROMISED = "promised"
    REFUSED = "refused"
    WRONG_CONTACT = "wrong_contact"
    INVOICE_RESENT = "invoice_resent"
    DISPUTE = "dispute"  # the client disputes the invoice (a fault, a wrong amount)
    PAID = "paid"  # the client says it has paid: off the list while the money travels


class CollectionCall(Ledger, Base):
    """A debtor call from the 20th, with the promise-to-pay if any."""

    __tablename__ = "collection_calls"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"), default=None)
    called_at: Mapped[datetime] = mapped_column(index=True)
    outcome: Mapped[CallOutcome] = mapped_column(str_enum(CallOutcome))
    promise_date: Mapped[date | None] = mapped_column(default=None)
    promise_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class PayableKind(enum.StrEnum):
    SUPPLIER = "supplier"
    CARRIER = "carrier"  # ТК, freight
    CONTRACTOR = "contractor"
    OTHER = "other"


class PayableStatus(enum.StrEnum):
    RECEIVED = "received"  # invoice in hand
    IN_PLAN = "in_plan"  # entered into ПФ (план-факт)
    PAID = "paid"
    CANCELLED = "cancelled"


class Payable(Synced, Base):
    """An invoice we must pay: supplier, ТК or contractor."""

    __tablename__ = "payables"

    kind: Mapped[PayableKind] = mapped_column(str_enum(PayableKind))
    status: Mapped[PayableStatus] = mapped_column(str_enum(PayableStatus), default=PayableStatus.RECEIVED)
    counterparty: Mapped[str] = mapped_column(String(300))
    counterparty_inn: Mapped[str] = mapped_column(String(12), default="")
    supplier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("suppliers.id"), default=None)
    contractor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contractors.id"), default=None)
    number: Mapped[str] = mapped_column(String(60), default="")
    issued_on: Mapped[date]
    due_on: Mapped[date | None] = mapped_column(default=None, index=True)
    amount_kop: Mapped[int] = mapped_column(BigInteger)
    entered_in_plan_on: Mapped[date | None] = mapped_column(default=None)
    payment_task_on: Mapped[date | None] = mapped_column(default=None)  # payment task set in ПФ
    paid_on: Mapped[date | None] = mapped_column(default=None)
    purpose: Mapped[str] = mapped_column(Text, default="")
