"""«Проверить подключение»: connect with the typed (maybe unsaved) password and describe the server.

No Qt here: the settings page runs ``probe`` off the GUI thread. The password is passed to libpq as its
own argument and never appears in a message.
"""

from __future__ import annotations

from dataclasses import dataclass

CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    message: str


def probe(
    dsn: str, password: str | None, *, host: str = "", port: int | str = "", dbname: str = ""
) -> ProbeResult:
    import psycopg

    from mos_desktop.db import head_revision

    kwargs: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S, "autocommit": True}
    if password:
        kwargs["password"] = password
    try:
        with psycopg.connect(dsn, **kwargs) as conn:  # type: ignore[arg-type]
            version = str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]  # type: ignore[index]
            schema = _schema_text(conn, head_revision())
    except psycopg.OperationalError as exc:
        return ProbeResult(False, explain(str(exc), password, host=host, port=port, dbname=dbname))
    except psycopg.Error as exc:
        return ProbeResult(False, "Сервер ответил ошибкой: " + _first_line(str(exc), password))
    return ProbeResult(True, f"Подключение установлено, сервер PostgreSQL {version}, {schema}")


def _schema_text(conn: object, head: str) -> str:
    import psycopg

    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()  # type: ignore[attr-defined]
        conn.execute("SELECT 1 FROM sync_server_meta LIMIT 1")  # type: ignore[attr-defined]
    except psycopg.errors.UndefinedTable:
        return "схема MOS не создана: выполните «mos-desktop server init --dsn …»"
    except psycopg.errors.InsufficientPrivilege:
        return "схема MOS: нет прав на чтение — проверьте роль пользователя"
    if row is None:
        return "схема MOS не создана: выполните «mos-desktop server init --dsn …»"
    revision = str(row[0])
    if revision == head:
        return f"схема MOS: версия {revision} (совпадает с программой)"
    return f"схема MOS: версия {revision}, программа ждёт {head} — обновите программу или схему"


def explain(
    text: str, password: str | None, *, host: str = "", port: int | str = "", dbname: str = ""
) -> str:
    """libpq's English error as a Russian reason with the fix."""
    low = text.lower()
    where = f"{host}:{port}" if host else "сервер"
    if "password authentication failed" in low or "no password supplied" in low:
        return "Неверный пользователь или пароль — проверьте их или попросите администратора"
    if "could not translate host name" in low or "name or service not known" in low:
        return f"Сервер «{host}» не найден — проверьте адрес"
    if "connection refused" in low:
        return f"Сервер {where} не принимает подключения — проверьте адрес, порт и что PostgreSQL запущен"
    if "timeout expired" in low or "timed out" in low:
        return f"Сервер {where} не ответил за {CONNECT_TIMEOUT_S} секунд — проверьте адрес и сеть"
    if "database" in low and "does not exist" in low:
        return f"На сервере нет базы «{dbname}» — проверьте имя базы"
    if "role" in low and "does not exist" in low:
        return "На сервере нет такого пользователя — проверьте имя пользователя"
    if "pg_hba.conf" in low:
        return (
            "Сервер не разрешает подключение с этого компьютера (pg_hba.conf) — обратитесь к администратору"
        )
    if "ssl" in low or "certificate" in low:
        return "Ошибка SSL: " + _first_line(text, password) + " — проверьте режим SSL и файл сертификата"
    return "Не удалось подключиться: " + _first_line(text, password)


def _first_line(text: str, password: str | None) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "неизвестная ошибка"
    return line.replace(password, "***") if password else line
