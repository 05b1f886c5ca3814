"""The people who work in the app: managers (МОС) and warehouse keepers.

A client's ``manager`` and the ``created_by``/``updated_by`` stamps hold a user's ``login``; a manager is
chosen from this list in every form, never typed free (a typo would create a new manager).
"""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from mos_desktop.models.base import Base, Synced, str_enum


class UserRole(enum.StrEnum):
    MANAGER = "manager"
    WAREHOUSE = "warehouse"
    HEAD = "head"


USER_ROLE_RU: dict[UserRole, str] = {
    UserRole.MANAGER: "Менеджер (МОС)",
    UserRole.WAREHOUSE: "Кладовщик",
    UserRole.HEAD: "Руководитель",
}


class User(Synced, Base):
    __tablename__ = "users"

    login: Mapped[str] = mapped_column(String(120), index=True)  # what created_by / manager store
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole), default=UserRole.MANAGER)
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
