"""Growth and risk: upsell deals (14), pilots (15), claims (16), marketing feedback (12)."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Synced, str_enum


class DealKind(enum.StrEnum):
    SUBSCRIPTION = "subscription"  # new monthly revenue
    EQUIPMENT = "equipment"  # one-off sale


class DealStage(enum.StrEnum):
    IDEA = "idea"
    QUALIFIED = "qualified"
    HANDED_TO_SALES = "handed_to_sales"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"


class Deal(Synced, Base):
    __tablename__ = "deals"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[DealKind] = mapped_column(str_enum(DealKind), default=DealKind.EQUIPMENT)
    stage: Mapped[DealStage] = mapped_column(str_enum(DealStage), default=DealStage.IDEA)
    amount_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    monthly_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    sales_manager: Mapped[str] = mapped_column(String(120), default="")
    next_step: Mapped[str] = mapped_column(String(300), default="")
    next_step_on: Mapped[date | None] = mapped_column(default=None, index=True)
    closed_on: Mapped[date | None] = mapped_column(default=None)


class PilotStatus(enum.StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    CONVERTED = "converted"  # ended with paid subscription
    CANCELLED = "cancelled"


class Pilot(Synced, Base):
    __tablename__ = "pilots"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sites.id"), default=None)
    status: Mapped[PilotStatus] = mapped_column(str_enum(PilotStatus), default=PilotStatus.PLANNED)
    install_date: Mapped[date | None] = mapped_column(default=None)
    start_date: Mapped[date | None] = mapped_column(default=None)
    end_date: Mapped[date | None] = mapped_column(default=None, index=True)
    billing_start_date: Mapped[date | None] = mapped_column(default=None)
    equipment: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")


class ClaimKind(enum.StrEnum):
    FROM_CLIENT = "from_client"
    TO_CLIENT = "to_client"  # debt collection, претензия
    LAWSUIT = "lawsuit"


class ClaimStatus(enum.StrEnum):
    OPEN = "open"
    SENT = "sent"
    IN_COURT = "in_court"
    SETTLED = "settled"
    CLOSED = "closed"


class Claim(Synced, Base):
    __tablename__ = "claims"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[ClaimKind] = mapped_column(str_enum(ClaimKind))
    status: Mapped[ClaimStatus] = mapped_column(str_enum(ClaimStatus), default=ClaimStatus.OPEN)
    opened_on: Mapped[date]
    subject: Mapped[str] = mapped_column(Text)
    amount_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    response_due: Mapped[date | None] = mapped_column(default=None, index=True)
    lawyer: Mapped[str] = mapped_column(String(120), default="")
    documents: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    win_back: Mapped[bool] = mapped_column(default=False)


class FeedbackKind(enum.StrEnum):
    WISH = "wish"
    CASE = "case"
    PARTNER_PLACEMENT = "partner_placement"
    PARTNER_AGREEMENT = "partner_agreement"
    THANK_YOU_LETTER = "thank_you_letter"


class Feedback(Synced, Base):
    __tablename__ = "feedback"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[FeedbackKind] = mapped_column(str_enum(FeedbackKind))
    received_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    published_url: Mapped[str] = mapped_column(String(500), default="")
