"""Documents issued (acts, invoices, waybills): kind, number, date, file, what was printed, whether it was
sent by e-mail."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Synced, str_enum


class DocumentKind(enum.StrEnum):
    INVOICE = "invoice"
    ACT = "act"
    VISIT_ACT = "visit_act"
    TORG12 = "torg12"
    UPD = "upd"
    TRANSPORT_WAYBILL = "transport_waybill"
    HANDOVER_ACT = "handover_act"
    INTERNAL_MOVE = "internal_move"
    RECONCILIATION = "reconciliation"
    CLAIM_LETTER = "claim_letter"


class IssuedDocument(Synced, Base):
    """Numbers carry the workstation's series prefix, so offline workstations never collide.

    ``snapshot`` is the form's assembled data as JSON (``documents.snapshot``): a re-print lays out what
    was issued, whatever changed in the settings or the records since. ``sent_at``/``sent_to`` the last
    e-mail that left; ``send_error`` why the last attempt failed (cleared by a later success).
    """

    __tablename__ = "issued_documents"

    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind))
    number: Mapped[str] = mapped_column(String(40), index=True)
    issued_on: Mapped[date]
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    source_table: Mapped[str] = mapped_column(String(60), default="")
    source_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    total_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    snapshot: Mapped[str] = mapped_column(Text, default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    sent_to: Mapped[str] = mapped_column(String(500), default="", server_default="")
    send_error: Mapped[str] = mapped_column(String(500), default="", server_default="")
