"""«Проверить подключение»: connect with the typed (maybe unsaved) password and describe the server.

No Qt here: the settings page runs ``probe`` on a worker, never on the GUI thread. It connects with a
timeout, asks the server's version, compares the shared schema's Alembic revision with this program's and
turns libpq's English errors into a Russian reason with the fix. The password is passed to libpq as its
own argument and never appears in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from mos_desktop.db import head_revision
from mos_desktop.sync.connection import failure_cause

CONNECT_TIMEOUT_S = 5
NO_SCHEMA = "схема MOS не создана: выполните «mos-desktop server init --dsn …»"
NO_RIGHTS = (
    "схема MOS: нет прав на чтение — администратор должен выдать роль "
    "(«mos-desktop server add-user ИМЯ --role manager|warehouse»)"
)


@dataclass(frozen=True)
class ProbeResult:
    ok: bool  # connected and logged in
    message: str
    ready: bool = False  # and the shared schema is there, readable, at this program's version


def probe(
    dsn: str,
    password: str | None,
    *,
    host: str = "",
    port: int | str = "",
    dbname: str = "",
    timeout_s: int = CONNECT_TIMEOUT_S,
) -> ProbeResult:
    """Connect (at most ``timeout_s`` per address; libpq counts at least 2 s), run a trivial query and
    check the shared schema's version. Never raises for a connection problem: ``ok=False`` with why."""
    kwargs: dict[str, Any] = {"connect_timeout": max(int(timeout_s), 1), "autocommit": True}
    if password:
        kwargs["password"] = password
    try:
        with psycopg.connect(dsn, **kwargs) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            version = str(row[0]).split()[0] if row else "?"
            ready, schema = _schema_state(conn, head_revision())
    except psycopg.OperationalError as exc:
        reason = explain(str(exc), password, host=host, port=port, dbname=dbname, timeout_s=timeout_s)
        return ProbeResult(False, reason)
    except psycopg.Error as exc:
        return ProbeResult(False, "Сервер ответил ошибкой: " + _first_line(str(exc), password))
    return ProbeResult(True, f"Подключение установлено, сервер PostgreSQL {version}, {schema}", ready)


def _schema_state(conn: psycopg.Connection[Any], head: str) -> tuple[bool, str]:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        conn.execute("SELECT 1 FROM sync_server_meta LIMIT 1")
    except psycopg.errors.UndefinedTable:
        return False, NO_SCHEMA
    except psycopg.errors.InsufficientPrivilege:
        return False, NO_RIGHTS
    if row is None:
        return False, NO_SCHEMA
    revision = str(row[0])
    if revision == head:
        return True, f"схема MOS: версия {revision} (совпадает с программой)"
    return False, f"схема MOS: версия {revision}, программа ждёт {head} — обновите программу или схему"


def explain(
    text: str,
    password: str | None,
    *,
    host: str = "",
    port: int | str = "",
    dbname: str = "",
    timeout_s: int = CONNECT_TIMEOUT_S,
) -> str:
    """libpq's English error as a Russian reason with the fix."""
    cause = failure_cause(text)
    where = f"{host}:{port}" if host else "сервер"
    if cause == "auth":
        return "Неверный пароль или имя пользователя — проверьте пароль или попросите администратора"
    if cause == "no_password":
        return "Сервер требует пароль — введите пароль в поле «Пароль»"
    if cause == "unknown_host":
        return f"Сервер «{host}» не найден — проверьте адрес"
    if cause == "refused":
        return f"Сервер {where} не принимает подключения — проверьте адрес, порт и что PostgreSQL запущен"
    if cause == "timeout":
        return f"Сервер {where} не ответил за {timeout_s} с — проверьте адрес, порт и сеть"
    if cause == "no_database":
        return f"На сервере нет базы «{dbname}» — проверьте имя базы"
    if cause == "no_role":
        return "На сервере нет такого пользователя — проверьте имя пользователя"
    if cause == "pg_hba":
        return (
            "Сервер не разрешает подключение с этого компьютера (pg_hba.conf) — обратитесь к администратору"
        )
    if cause == "not_postgres":
        return f"На {where} отвечает не PostgreSQL (другая программа на этом порту) — проверьте адрес и порт"
    if cause == "ssl":
        return "Ошибка SSL: " + _first_line(text, password) + " — проверьте режим SSL и файл сертификата"
    if cause == "unreachable":
        return f"Сервер {where} недоступен — проверьте сеть, адрес и порт"
    return "Не удалось подключиться: " + _first_line(text, password)


def _first_line(text: str, password: str | None) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "неизвестная ошибка"
    return line.replace(password, "***") if password else line
