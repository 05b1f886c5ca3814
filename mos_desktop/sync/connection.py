"""Connections to the shared PostgreSQL: libpq DSN plus a password from the environment or the keyring.

The password comes from ``MOS_PG_PASSWORD`` (automation) or the OS keyring (``config.get_secret``); it is
passed to libpq as a separate argument, never put into the DSN string, a log line or an exception text.

A DSN is checked before use (``parse_dsn``): one libpq cannot parse, or with an empty value, gives a
``SyncError`` naming the expected form, never a traceback and never the DSN itself (a malformed DSN may
still hold a password). The command line also refuses a ``--dsn`` that carries a password
(``check_cli_dsn``): it would end up in the shell history and the process list.
"""

from __future__ import annotations

import os
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from mos_desktop import config
from mos_desktop.config import get_secret, set_secret

SECRET_NAME = config.PG_PASSWORD_SECRET
CONNECT_TIMEOUT_S = 10
DSN_FORM = (
    "postgresql://пользователь@сервер:5432/база?sslmode=require или "
    "host=сервер port=5432 dbname=база user=пользователь"
)
PASSWORD_IN_DSN = (
    "--dsn: пароль в строке подключения не принимается (он остался бы в истории команд и в списке "
    "процессов). Уберите его из --dsn и задайте в переменной окружения MOS_PG_PASSWORD или сохраните "
    "в хранилище паролей: Сервис → Общая база…"
)


class SyncError(Exception):
    """A sync problem with a Russian message for the user (never contains the password)."""


def password() -> str | None:
    return os.environ.get("MOS_PG_PASSWORD") or get_secret(SECRET_NAME)


def remember_password(value: str) -> bool:
    """Keyring when available; otherwise kept in memory for this run (returns False then)."""
    return set_secret(SECRET_NAME, value)


def parse_dsn(dsn: str, *, source: str = "Строка подключения к общей базе") -> dict[str, Any]:
    """The DSN's parameters; ``SyncError`` (naming ``source`` and the expected form) when it is malformed."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.Error:  # libpq's message may quote the string, password and all: not shown
        raise SyncError(f"{source}: строка не разобрана — ожидается {DSN_FORM}.") from None
    empty = sorted(k for k, v in params.items() if k != "password" and not str(v or "").strip())
    if not params or empty:
        what = f"пустое значение {', '.join(empty)}" if empty else "не указаны ни сервер, ни база"
        raise SyncError(f"{source}: {what} — ожидается {DSN_FORM}.")
    port = str(params.get("port", "5432"))
    if not all(p.strip().isdigit() and 1 <= int(p) <= 65535 for p in port.split(",")):
        raise SyncError(f"{source}: порт — число от 1 до 65535 (обычно 5432); ожидается {DSN_FORM}.")
    return params


def check_cli_dsn(dsn: str) -> str:
    """A ``--dsn`` from the command line: well-formed (``parse_dsn``) and without a password."""
    params = parse_dsn(dsn, source="--dsn")
    if "password" in params:
        raise SyncError(PASSWORD_IN_DSN)
    return dsn


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    in_dsn = parse_dsn(dsn).get("password")
    kwargs: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "autocommit": autocommit}
    pw = password()
    if pw:
        kwargs["password"] = pw
    try:
        return psycopg.connect(dsn, **kwargs)
    except psycopg.OperationalError as exc:
        reason = _safe(exc, in_dsn)
        raise SyncError(f"Общая база недоступна: {reason}. Изменения сохранены локально.") from None
    except psycopg.Error:  # e.g. an option libpq does not know
        raise SyncError(f"Строка подключения к общей базе не принята: ожидается {DSN_FORM}.") from None


def sa_engine(dsn: str) -> Engine:
    """A SQLAlchemy engine on the same DSN (Alembic needs one); one connection, no pool."""
    return create_engine("postgresql+psycopg://", creator=lambda: connect(dsn), poolclass=NullPool)


def _safe(exc: BaseException, *also: str | None) -> str:
    """The first line of an error, with every known password masked."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for pw in (password(), *also):
        if pw:
            text = text.replace(pw, "***")
    return text
