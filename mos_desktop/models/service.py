"""Client service: questions (process 1), trainings (7), service contracts and visits (11)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Synced, str_enum


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class RoutedTo(enum.StrEnum):
    NONE = "none"  # the manager answers it
    SUPPORT = "support"  # ТП
    SALES = "sales"  # ОП
    ENGINEER = "engineer"


class Question(Synced, Base):
    __tablename__ = "questions"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    received_at: Mapped[datetime]
    category: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    important: Mapped[bool] = mapped_column(Boolean, default=False)
    routed_to: Mapped[RoutedTo] = mapped_column(str_enum(RoutedTo), default=RoutedTo.NONE)
    status: Mapped[QuestionStatus] = mapped_column(str_enum(QuestionStatus), default=QuestionStatus.OPEN)
    due_date: Mapped[date | None] = mapped_column(default=None, index=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class TrainingStatus(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


class Training(Synced, Base):
    """A training session, with the questionnaire the ТП needs."""

    __tablename__ = "trainings"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[TrainingStatus] = mapped_column(str_enum(TrainingStatus), default=TrainingStatus.PLANNED)
    trainer: Mapped[str] = mapped_column(String(120), default="")
    participants: Mapped[str] = mapped_column(String(500), default="")
    reschedule_count: Mapped[int] = mapped_column(Integer, default=0)
    feedback: Mapped[str] = mapped_column(Text, default="")
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    recording_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    server_format: Mapped[str] = mapped_column(String(100), default="")  # cloud / on-premise
    equipment_installed: Mapped[str] = mapped_column(Text, default="")
    integration_configured: Mapped[bool | None] = mapped_column(Boolean, default=None)
    access_points: Mapped[int | None] = mapped_column(Integer, default=None)


class ServiceContract(Synced, Base):
    __tablename__ = "service_contracts"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    number: Mapped[str] = mapped_column(String(60))
    signed_on: Mapped[date | None] = mapped_column(default=None)
    valid_to: Mapped[date | None] = mapped_column(default=None)
    emergency_sla_days: Mapped[int] = mapped_column(Integer, default=2)
    planned_visits_per_year: Mapped[int] = mapped_column(Integer, default=0)
    monthly_fee_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    terms: Mapped[str] = mapped_column(Text, default="")


class VisitKind(enum.StrEnum):
    PLANNED = "planned"
    EMERGENCY = "emergency"


class VisitStatus(enum.StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


class ServiceVisit(Synced, Base):
    """A planned or emergency visit; emergency ones carry an SLA deadline from the contract."""

    __tablename__ = "service_visits"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sites.id"), default=None)
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_contracts.id"), default=None)
    contractor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contractors.id"), default=None)
    kind: Mapped[VisitKind] = mapped_column(str_enum(VisitKind), default=VisitKind.PLANNED)
    status: Mapped[VisitStatus] = mapped_column(str_enum(VisitStatus), default=VisitStatus.REQUESTED)
    requested_at: Mapped[datetime]
    sla_due_at: Mapped[datetime | None] = mapped_column(default=None)
    scheduled_on: Mapped[date | None] = mapped_column(default=None, index=True)
    done_on: Mapped[date | None] = mapped_column(default=None)
    address: Mapped[str] = mapped_column(String(500), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    works_done: Mapped[str] = mapped_column(Text, default="")  # detailed list for the act, one per line
    amount_kop: Mapped[int] = mapped_column(BigInteger, default=0)


class VisitPart(Synced, Base):
    """A spare part used on a visit; taken from stock by a stock move."""

    __tablename__ = "visit_parts"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_visits.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    serial: Mapped[str] = mapped_column(String(100), default="")
    stock_move_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stock_moves.id"), default=None)
