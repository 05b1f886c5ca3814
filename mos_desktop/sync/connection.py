"""Connections to the shared PostgreSQL: libpq DSN plus a password from the environment or the keyring.

The password comes from ``MOS_PG_PASSWORD`` (automation) or the OS keyring (``config.get_secret``); it is
passed to libpq as a separate argument, never put into the DSN string, a log line or an exception text.
"""

from __future__ import annotations

import os
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from mos_desktop import config
from mos_desktop.config import get_secret, set_secret

SECRET_NAME = config.PG_PASSWORD_SECRET
CONNECT_TIMEOUT_S = 10


class SyncError(Exception):
    """A sync problem with a Russian message for the user (never contains the password)."""


def password() -> str | None:
    return os.environ.get("MOS_PG_PASSWORD") or get_secret(SECRET_NAME)


def remember_password(value: str) -> bool:
    """Keyring when available; otherwise kept in memory for this run (returns False then)."""
    return set_secret(SECRET_NAME, value)


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    kwargs: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "autocommit": autocommit}
    pw = password()
    if pw:
        kwargs["password"] = pw
    try:
        return psycopg.connect(dsn, **kwargs)
    except psycopg.OperationalError as exc:
        raise SyncError(f"Общая база недоступна: {_safe(exc)}. Изменения сохранены локально.") from None


def sa_engine(dsn: str) -> Engine:
    """A SQLAlchemy engine on the same DSN (Alembic needs one); one connection, no pool."""
    return create_engine("postgresql+psycopg://", creator=lambda: connect(dsn), poolclass=NullPool)


def _safe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    pw = password()
    return text.replace(pw, "***") if pw else text
