"""«Проверить подключение» without Qt (``sync.probe``) against a real throwaway PostgreSQL: the right
password works, a wrong one is named, a dead or silent port gives a Russian reason within the timeout."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from mos_desktop.db import head_revision
from mos_desktop.sync.commands import add_user
from mos_desktop.sync.probe import NO_RIGHTS, NO_SCHEMA, explain, probe
from mos_desktop.sync.server_schema import server_init

pytestmark = pytest.mark.pg


@pytest.fixture
def login(pg_dsn: str, pg_server: object) -> Iterator[tuple[str, str, str]]:
    """(DSN without password, user, password) of a password login on the test database."""
    user, password = f"probe_{uuid.uuid4().hex[:10]}", "Верный-пароль-1"
    pg_server.create_role(user, password)  # type: ignore[attr-defined]
    params = conninfo_to_dict(pg_dsn)
    dsn = make_conninfo(
        "", host=params["host"], port=params["port"], dbname=params["dbname"], user=user, sslmode="disable"
    )
    yield dsn, user, password
    pg_server.drop_role(user)  # type: ignore[attr-defined]


def test_good_credentials_connect_and_report_the_schema(login: tuple[str, str, str], pg_dsn: str) -> None:
    dsn, _user, password = login
    before = probe(dsn, password, host="127.0.0.1")
    assert (before.ok, before.ready) == (True, False)
    assert before.message.startswith("Подключение установлено, сервер PostgreSQL ")
    assert NO_SCHEMA in before.message

    server_init(pg_dsn)
    no_role = probe(dsn, password)  # a login outside the manager / warehouse roles
    assert (no_role.ok, no_role.ready) == (True, False)
    assert NO_RIGHTS in no_role.message

    manager = f"mgr_{uuid.uuid4().hex[:10]}"
    add_user(pg_dsn, manager, "manager", "Пароль-менеджера")
    params = conninfo_to_dict(dsn)
    params["user"] = manager
    after = probe(make_conninfo("", **params), "Пароль-менеджера")
    assert (after.ok, after.ready) == (True, True)
    assert f"схема MOS: версия {head_revision()} (совпадает с программой)" in after.message


def test_wrong_password_names_the_password_and_never_echoes_it(login: tuple[str, str, str]) -> None:
    dsn, _user, _password = login
    result = probe(dsn, "неверный-пароль-42")
    assert result.ok is False
    assert "пароль" in result.message.lower()
    assert "неверный-пароль-42" not in result.message
    assert result.message.isascii() is False  # Russian, not libpq's English

    missing = probe(dsn, None)  # no password at all: the server asks for one
    assert missing.ok is False
    assert "пароль" in missing.message.lower()


def test_unknown_database_is_named(login: tuple[str, str, str]) -> None:
    dsn, _user, password = login
    params = conninfo_to_dict(dsn)
    params["dbname"] = "no_such_db"
    result = probe(make_conninfo("", **params), password, dbname="no_such_db")
    assert result.ok is False
    # the server checks the login before the database; either reason is in Russian and names the thing
    assert "no_such_db" in result.message or "пароль" in result.message.lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_closed_port_is_a_russian_reason_at_once() -> None:
    port = _free_port()
    dsn = make_conninfo("", host="127.0.0.1", port=port, dbname="mos", user="petrova", sslmode="disable")
    started = time.monotonic()
    result = probe(dsn, "pw", host="127.0.0.1", port=port, timeout_s=3)
    assert time.monotonic() - started < 3
    assert result.ok is False
    assert result.message == (
        f"Сервер 127.0.0.1:{port} не принимает подключения — проверьте адрес, порт и что PostgreSQL запущен"
    )


def test_silent_port_returns_within_the_timeout() -> None:
    """A port that accepts TCP but never answers (a firewall or a hung server): the probe gives up."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the handshake; nobody ever reads or writes
        port = silent.getsockname()[1]
        dsn = make_conninfo("", host="127.0.0.1", port=port, dbname="mos", user="petrova", sslmode="disable")
        started = time.monotonic()
        result = probe(dsn, "pw", host="127.0.0.1", port=port, timeout_s=2)
        elapsed = time.monotonic() - started
    assert result.ok is False
    assert result.message == f"Сервер 127.0.0.1:{port} не ответил за 2 с — проверьте адрес, порт и сеть"
    assert 1.5 <= elapsed < 6, elapsed


@pytest.mark.parametrize(
    ("libpq", "reason"),
    [
        ('could not translate host name "db.nowhere" to address', "Сервер «db.nowhere» не найден"),
        ('FATAL:  role "ghost" does not exist', "нет такого пользователя"),
        ('FATAL:  database "mos2" does not exist', "нет базы «mos2»"),
        ("FATAL:  no pg_hba.conf entry for host", "pg_hba.conf"),
        ("SSL error: certificate verify failed", "Ошибка SSL"),
        ("received invalid response to SSL negotiation: H", "отвечает не PostgreSQL"),
        ("something new with s3cret inside", "Не удалось подключиться: something new with *** inside"),
    ],
)
def test_explain_turns_libpq_errors_into_russian(libpq: str, reason: str) -> None:
    assert reason in explain(libpq, "s3cret", host="db.nowhere", port=5432, dbname="mos2")


@pytest.mark.parametrize(
    ("libpq", "cause"),
    [
        ("fe_sendauth: no password supplied", "no_password"),
        ('FATAL:  password authentication failed for user "u"', "auth"),
        ('FATAL:  role "ghost" does not exist', "no_role"),
        ('FATAL:  database "mos2" does not exist', "no_database"),
        ('could not translate host name "db.nowhere" to address', "unknown_host"),
        ('connection to server at "127.0.0.1", port 1 failed: Connection refused', "refused"),
        ("timeout expired", "timeout"),
        ("FATAL:  no pg_hba.conf entry for host", "pg_hba"),
        ("SSL error: certificate verify failed", "ssl"),
        ("received invalid response to SSL negotiation: H", "not_postgres"),
        ("something new", "other"),
    ],
)
def test_one_reading_of_libpq_errors_for_the_dialog_and_the_command_line(libpq: str, cause: str) -> None:
    from mos_desktop.sync.connection import classify, failure_cause

    assert failure_cause(libpq) == cause
    reason = classify(Exception(libpq), {"host": "db", "port": "5432", "user": "u", "dbname": "mos"}).reason
    assert "fe_sendauth" not in reason and "FATAL" not in reason and reason[0].isupper()


def test_a_web_server_on_the_port_is_named_as_not_postgresql() -> None:
    """A real connection to something that is not PostgreSQL (an HTTP server answers libpq's SSL request
    with «H…»): the reason says so, not «check the SSL mode»."""
    import socket
    import threading

    from mos_desktop.sync.connection import SyncError, connect

    with socket.socket() as web:
        web.bind(("127.0.0.1", 0))
        web.listen(4)
        port = web.getsockname()[1]

        def answer() -> None:
            conn, _ = web.accept()
            with conn:
                conn.recv(64)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        threading.Thread(target=answer, daemon=True).start()
        with pytest.raises(SyncError) as caught:
            connect(f"postgresql://u@127.0.0.1:{port}/mos?sslmode=prefer")
    assert "отвечает не PostgreSQL" in str(caught.value)
