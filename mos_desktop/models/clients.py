"""Clients (the portfolio), their people, sites, equipment, fees, onboarding and contact history."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Ledger, Synced, str_enum


class ClientStatus(enum.StrEnum):
    LEAD = "lead"
    PILOT = "pilot"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEAVING = "leaving"
    TERMINATED = "terminated"


CLIENT_STATUS_RU: dict[ClientStatus, str] = {
    ClientStatus.LEAD: "Лид",
    ClientStatus.PILOT: "Пилот",
    ClientStatus.ACTIVE: "Активный",
    ClientStatus.SUSPENDED: "Приостановлен",
    ClientStatus.LEAVING: "Уходит",
    ClientStatus.TERMINATED: "Расторгнут",
}


class Client(Synced, Base):
    """A client organisation (ЖК, бизнес-центр, площадка). ``manager`` empty means unassigned."""

    __tablename__ = "clients"

    name: Mapped[str] = mapped_column(String(300), index=True)
    legal_name: Mapped[str] = mapped_column(String(300), default="")
    inn: Mapped[str] = mapped_column(String(12), index=True)
    kpp: Mapped[str] = mapped_column(String(9), default="")
    ogrn: Mapped[str] = mapped_column(String(15), default="")
    status: Mapped[ClientStatus] = mapped_column(str_enum(ClientStatus), default=ClientStatus.ACTIVE)
    manager: Mapped[str] = mapped_column(String(120), default="", index=True)
    monthly_fee_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    fee_start_date: Mapped[date | None] = mapped_column(default=None)
    contract_number: Mapped[str] = mapped_column(String(60), default="")
    contract_date: Mapped[date | None] = mapped_column(default=None)
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    legal_address: Mapped[str] = mapped_column(String(500), default="")
    postal_address: Mapped[str] = mapped_column(String(500), default="")
    churn_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class ContactPerson(Synced, Base):
    __tablename__ = "contact_persons"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    signs_documents: Mapped[bool] = mapped_column(Boolean, default=False)


class Site(Synced, Base):
    """A client's object (a ЖК building, a BC entrance): where equipment is installed and shipped."""

    __tablename__ = "sites"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    access_points: Mapped[int] = mapped_column(Integer, default=0)
    site_ready_date: Mapped[date | None] = mapped_column(default=None)
    install_date: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class InstalledEquipment(Synced, Base):
    __tablename__ = "installed_equipment"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sites.id"), default=None)
    item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("items.id"), default=None)
    name: Mapped[str] = mapped_column(String(300))
    serial: Mapped[str] = mapped_column(String(100), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    installed_on: Mapped[date | None] = mapped_column(default=None)
    ours: Mapped[bool] = mapped_column(Boolean, default=True)  # False: the client's existing hardware


class FeeChange(Ledger, Base):
    """Subscription fee (АП) history: the fee in force from ``valid_from``."""

    __tablename__ = "fee_changes"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    valid_from: Mapped[date]
    monthly_fee_kop: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(300), default="")


class CloudOnboarding(Synced, Base):
    """Process 6: the client's cloud, step by step with the time each step was done."""

    __tablename__ = "cloud_onboardings"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    cloud_url: Mapped[str] = mapped_column(String(300), default="")
    url_agreed_at: Mapped[datetime | None] = mapped_column(default=None)
    cloud_created_at: Mapped[datetime | None] = mapped_column(default=None)
    support_account_at: Mapped[datetime | None] = mapped_column(default=None)
    credentials_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    materials_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class InteractionKind(enum.StrEnum):
    CALL_OUT = "call_out"
    CALL_IN = "call_in"
    CALL_MISSED = "call_missed"
    EMAIL = "email"
    MESSENGER = "messenger"
    MEETING = "meeting"


class Interaction(Synced, Base):
    """Every contact with a client. A missed incoming call stays open until ``answered_at``."""

    __tablename__ = "interactions"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[InteractionKind] = mapped_column(str_enum(InteractionKind))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
