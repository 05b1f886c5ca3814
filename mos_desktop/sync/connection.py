"""Connections to the shared PostgreSQL: libpq DSN plus a password from the environment or the keyring.

The password comes from ``MOS_PG_PASSWORD`` (automation) or the OS keyring (``config.get_secret``); it is
passed to libpq as a separate argument, never put into the DSN string, a log line or an exception text.

A DSN is checked before use (``parse_dsn``): one libpq cannot parse, or with an empty value, gives a
``SyncError`` naming the expected form, never a traceback and never the DSN itself (a malformed DSN may
still hold a password). The command line also refuses a ``--dsn`` that carries a password
(``check_cli_dsn``): it would end up in the shell history and the process list.

A failed connection is classified (``ConnectFailed.kind``: no password, wrong password or login, server not
answering, database missing, other) into a Russian reason without libpq's English text; the original goes
to the log at WARNING, passwords masked. ``str(exc)`` adds «Изменения сохранены локально.» (right for a
sync); ``exc.reason`` is the bare reason (``server init`` / ``add-user`` change nothing locally).
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import threading
import time
from typing import Any, Literal

import psycopg
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from mos_desktop import config
from mos_desktop.config import get_secret

log = logging.getLogger(__name__)

# An unreachable server is retried every half minute by two threads (the cycle and the listener): the log
# says a failure once, and again only when it changes or ten minutes have passed.
REPEAT_FAILURE_S = 600.0
_failures: dict[str, float] = {}
_failures_lock = threading.Lock()


def _log_failure(text: str) -> None:
    now = time.monotonic()
    with _failures_lock:
        last = _failures.get(text)
        repeated = last is not None and now - last < REPEAT_FAILURE_S
        if not repeated:
            _failures[text] = now
    log.log(logging.DEBUG if repeated else logging.WARNING, "%s", text)


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


SAVED_LOCALLY = "Изменения сохранены локально."
FailureKind = Literal["no_password", "auth", "unreachable", "no_database", "other"]


class SyncError(Exception):
    """A sync problem with a Russian message for the user (never contains the password)."""


class ConnectFailed(SyncError):
    """The connection itself failed. ``reason``: the Russian reason alone; ``str()``: it plus
    «Изменения сохранены локально.»; ``kind``: what went wrong (``FailureKind``)."""

    def __init__(self, kind: FailureKind, reason: str, user: str = "") -> None:
        super().__init__(f"{reason} {SAVED_LOCALLY}")
        self.kind: FailureKind = kind
        self.reason = reason
        self.user = user


_run_password: str | None = None  # typed in at a prompt (command line): this process only, never stored


def password() -> str | None:
    return os.environ.get("MOS_PG_PASSWORD") or _run_password or get_secret(SECRET_NAME)


def use_password_for_this_run(value: str) -> None:
    """A password typed in at a prompt: used by ``connect`` for the rest of this process, never saved."""
    global _run_password
    _run_password = value or None


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
        params = parse_dsn(dsn)
        _log_failure(f"connecting to {_where(params)} as {_user(params, exc)} failed: {_masked(exc, in_dsn)}")
        raise classify(exc, params) from None
    except psycopg.Error:  # e.g. an option libpq does not know
        raise SyncError(f"Строка подключения к общей базе не принята: ожидается {DSN_FORM}.") from None


def sa_engine(dsn: str) -> Engine:
    """A SQLAlchemy engine on the same DSN (Alembic needs one); one connection, no pool."""
    return create_engine("postgresql+psycopg://", creator=lambda: connect(dsn), poolclass=NullPool)


# What went wrong when connecting, read off libpq's (English) message; the wording for the user is the
# caller's: the command line (``classify``) and the settings dialog (``sync.probe.explain``) say it
# differently, but they must agree on what happened.
Cause = Literal[
    "no_password", "auth", "no_role", "unknown_host", "refused", "timeout", "unreachable", "no_database",
    "pg_hba", "not_postgres", "ssl", "other",
]  # fmt: skip
_CAUSES: tuple[tuple[Cause, re.Pattern[str]], ...] = (
    ("no_password", re.compile(r"no password supplied|password is required|fe_sendauth", re.I)),
    ("auth", re.compile(r"password authentication failed|authentication failed for user", re.I)),
    ("no_role", re.compile(r"role \S+ does not exist", re.I)),
    ("no_database", re.compile(r"database \S+ does not exist", re.I)),
    (
        "unknown_host",
        re.compile(
            r"could not translate host|failed to resolve host|name or service not known|nodename", re.I
        ),
    ),
    ("refused", re.compile(r"connection refused", re.I)),
    ("timeout", re.compile(r"timeout expired|timed out", re.I)),
    (
        "unreachable",
        re.compile(
            r"no route to host|network is unreachable|could not connect|server closed the connection|"
            r"connection reset|host is down",
            re.I,
        ),
    ),
    ("pg_hba", re.compile(r"pg_hba\.conf", re.I)),
    # something else answers on that port (a web server's «HTTP/1.1 …» to libpq's SSL request)
    ("not_postgres", re.compile(r"invalid response to SSL negotiation|unsupported frontend protocol", re.I)),
    ("ssl", re.compile(r"SSL|certificate", re.I)),
)


def failure_cause(text: str) -> Cause:
    """What a libpq connection error means (the first matching cause; ``other`` when none does)."""
    return next((cause for cause, pattern in _CAUSES if pattern.search(text)), "other")


def classify(exc: BaseException, params: dict[str, Any]) -> ConnectFailed:
    """A failed connection as a Russian reason for the command line (no libpq text in it)."""
    cause = failure_cause(str(exc))
    user, where = _user(params, exc), _where(params)
    if cause == "no_password":
        return ConnectFailed(
            "no_password",
            f"Пароль не задан (пользователь {user}): укажите его в переменной окружения MOS_PG_PASSWORD "
            f"или сохраните в «Сервис → Общая база…».",
            user,
        )
    if cause in ("auth", "no_role"):
        return ConnectFailed(
            "auth", f"Пароль или логин не подошли (пользователь {user}) — проверьте их.", user
        )
    if cause == "no_database":
        name = params.get("dbname") or user
        return ConnectFailed(
            "no_database", f"На сервере {where} нет базы {name} — проверьте имя базы в строке подключения."
        )
    if cause in ("unknown_host", "refused", "timeout", "unreachable"):
        return ConnectFailed(
            "unreachable",
            f"Общая база недоступна (сервер {where} не отвечает): проверьте сеть, адрес и порт.",
        )
    if cause == "pg_hba":
        return ConnectFailed(
            "other",
            f"Сервер {where} не пускает пользователя {user} с этого компьютера (настройка pg_hba.conf) — "
            "обратитесь к администратору общей базы.",
        )
    if cause == "not_postgres":
        return ConnectFailed(
            "unreachable",
            f"На {where} отвечает не PostgreSQL (другая программа на этом порту) — проверьте адрес и порт "
            "общей базы (обычно 5432).",
        )
    if cause == "ssl":
        return ConnectFailed(
            "other",
            f"Защищённое соединение с сервером {where} не установлено — проверьте режим SSL "
            f"(sslmode={params.get('sslmode') or 'prefer'}) и файл сертификата.",
        )
    return ConnectFailed(
        "other",
        f"Подключиться к общей базе (сервер {where}, пользователь {user}) не удалось; подробности — в журнале.",
    )


def _where(params: dict[str, Any]) -> str:
    host = str(params.get("host") or params.get("hostaddr") or "localhost")
    return f"{host}:{params.get('port') or 5432}"


def _user(params: dict[str, Any], exc: BaseException | None = None) -> str:
    if params.get("user"):
        return str(params["user"])
    pgconn = getattr(exc, "pgconn", None)
    if pgconn is not None and getattr(pgconn, "user", None):
        return bytes(pgconn.user).decode("utf-8", "replace")
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment: libpq would fail the same way
        return "?"


def _masked(exc: BaseException, *also: str | None) -> str:
    """The whole error text on one line, with every known password masked (for the log)."""
    return _mask(" ".join(str(exc).split()) or type(exc).__name__, also)


def _safe(exc: BaseException, *also: str | None) -> str:
    """The first line of an error, with every known password masked."""
    return _mask(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, also)


def _mask(text: str, also: tuple[str | None, ...]) -> str:
    for pw in (password(), *also):
        if pw:
            text = text.replace(pw, "***")
    return text
