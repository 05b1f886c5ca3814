"""Contractors for installs and service visits (process 18): rates, contracts, jobs."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Synced, str_enum


class Contractor(Synced, Base):
    __tablename__ = "contractors"

    name: Mapped[str] = mapped_column(String(300), index=True)
    inn: Mapped[str] = mapped_column(String(12), default="")
    specialization: Mapped[str] = mapped_column(String(300), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    rating: Mapped[int | None] = mapped_column(Integer, default=None)  # 1..5
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class ContractorRate(Synced, Base):
    __tablename__ = "contractor_rates"

    contractor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contractors.id"), index=True)
    work_name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20), default="шт")
    price_kop: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date]


class ContractorContract(Synced, Base):
    __tablename__ = "contractor_contracts"

    contractor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contractors.id"), index=True)
    number: Mapped[str] = mapped_column(String(60))
    signed_on: Mapped[date | None] = mapped_column(default=None)
    valid_to: Mapped[date | None] = mapped_column(default=None)
    terms: Mapped[str] = mapped_column(Text, default="")


class JobStatus(enum.StrEnum):
    AGREED = "agreed"
    SCHEDULED = "scheduled"
    DONE = "done"
    ACCEPTED = "accepted"  # work checked
    CANCELLED = "cancelled"


class ContractorJob(Synced, Base):
    __tablename__ = "contractor_jobs"

    contractor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contractors.id"), index=True)
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_visits.id"), default=None)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.AGREED)
    scheduled_on: Mapped[date | None] = mapped_column(default=None, index=True)
    done_on: Mapped[date | None] = mapped_column(default=None)
    price_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    quality_rating: Mapped[int | None] = mapped_column(Integer, default=None)
    payable_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payables.id"), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
