"""What a new user reads from ``mos-desktop server …`` / ``sync …``: connection failures classified in Russian
(no libpq English, «сохранены локально» only where a sync was meant), the administrator's password asked once
in a terminal, «создан» vs «уже был: пароль заменён», refused changes listed after ``sync --once`` and by
``sync rejected``, conflicts with Russian titles, record names, roubles and Moscow time."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from synchelp import edit, new_client, sync

from mos_desktop.cli import main
from mos_desktop.models import Client
from mos_desktop.money import format_rub
from mos_desktop.sync import connection
from mos_desktop.sync.cli_commands import _status_line
from mos_desktop.sync.labels import moscow_text, who_text
from mos_desktop.sync.server_schema import add_user

MENU = "Сервис → Общая база…"
DEAD_DSN = "postgresql://postgres@127.0.0.1:1/nowhere"
LIBPQ_WORDS = ("fe_sendauth", "connection failed", "password authentication", "Connection refused", "FATAL")
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def no_password_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOS_PG_PASSWORD", raising=False)
    monkeypatch.delenv("MOS_PG_PASSWORD_NEW", raising=False)
    monkeypatch.setattr(connection, "_run_password", None)  # restored after the test whatever it typed
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal unless a test says so


def _no_prompt(prompt: str = "") -> str:
    raise AssertionError(f"getpass must not be called: {prompt}")


def _dsn_as(pg_dsn: str, user: str) -> str:
    info = conninfo_to_dict(pg_dsn)
    return f"postgresql://{user}@{info['host']}:{info['port']}/{info['dbname']}"


def _superuser_with_password(pg_dsn: str) -> tuple[str, str]:
    name, password = f"adm_{uuid.uuid4().hex[:8]}", f"Adm-{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_dsn, autocommit=True) as pg:
        pg.execute(f"CREATE ROLE {name} LOGIN SUPERUSER PASSWORD '{password}'")
    return name, password


def _logs(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.log"))


# --- classification, without a server -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("libpq", "kind", "words"),
    [
        ('connection to server at "db", port 5432 failed: fe_sendauth: no password supplied', "no_password",
         ["Пароль не задан (пользователь ivanova)", "MOS_PG_PASSWORD", MENU]),
        ('connection to server at "db", port 5432 failed: FATAL:  password authentication failed for user '
         '"ivanova"', "auth", ["Пароль или логин не подошли (пользователь ivanova) — проверьте их"]),
        ('connection to server at "db", port 5432 failed: Connection refused\n\tIs the server running?',
         "unreachable", ["Общая база недоступна (сервер db:6543 не отвечает)"]),
        ("failed to resolve host 'db': [Errno -2] Name or service not known", "unreachable",
         ["сервер db:6543 не отвечает"]),
        ('connection to server at "db", port 5432 failed: timeout expired', "unreachable", ["не отвечает"]),
        ('connection to server at "db" failed: FATAL:  database "mos" does not exist', "no_database",
         ["нет базы mos"]),
        ('FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "ivanova"', "other", ["pg_hba.conf"]),
        ("something nobody expected", "other", ["подробности — в журнале"]),
    ],
)  # fmt: skip
def test_connection_failures_are_classified_in_russian(libpq, kind, words) -> None:
    params = {"host": "db", "port": "6543", "user": "ivanova", "dbname": "mos"}
    failed = connection.classify(psycopg.OperationalError(libpq), params)
    assert failed.kind == kind
    for word in words:
        assert word in failed.reason
    for word in LIBPQ_WORDS:
        assert word not in failed.reason
    assert str(failed) == f"{failed.reason} Изменения сохранены локально."
    assert "сохранены локально" not in failed.reason


def test_who_and_when_as_a_person_reads_them() -> None:
    assert who_text("15e1e82f7dc0") == "рабочее место 15e1e82f7dc0"
    assert who_text("Иванова") == "Иванова" and who_text(None) == "—"
    assert moscow_text("2026-11-23T12:38:05.123456+00:00") == "23.11.2026 15:38"
    assert moscow_text("2026-11-23T12:38:05", suffix=True) == "23.11.2026 15:38 (МСК)"  # naive = UTC
    assert moscow_text(None) == ""
    status = SimpleNamespace(running=False, online=True, last_sync_at=datetime(2026, 11, 23, 12, 37, tzinfo=UTC),
                             pending=0, conflicts=0, rejected=0, error=None)  # fmt: skip
    assert "последняя синхронизация: 23.11.2026 15:37 (МСК);" in _status_line(status)


# --- connection failures on the command line -----------------------------------------------------------


@pytest.mark.pg
def test_no_password_and_wrong_password_are_named_not_called_unreachable(
    pg_dsn, capsys, caplog, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr("getpass.getpass", _no_prompt)  # stdin is not a terminal: never asked
    name, password = f"u_{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex}"
    add_user(pg_dsn, name, "manager", password)
    dsn = _dsn_as(pg_dsn, name)
    db = str(tmp_path / "l.sqlite3")
    caplog.set_level(logging.WARNING, logger="mos_desktop.sync.connection")

    assert main(["--db", db, "server", "init", "--dsn", dsn]) == 1
    err = capsys.readouterr().err
    assert f"Пароль не задан (пользователь {name})" in err and "MOS_PG_PASSWORD" in err and MENU in err
    assert "недоступна" not in err and "сохранены локально" not in err
    assert not any(word in err for word in LIBPQ_WORDS)
    assert "no password supplied" in caplog.text  # the original, for the administrator

    assert main(["--db", db, "sync", "--once", "--dsn", dsn]) == 1
    err = capsys.readouterr().err
    assert "Пароль не задан" in err and "Изменения сохранены локально." in err

    wrong = "Wrong-Password-1"
    monkeypatch.setenv("MOS_PG_PASSWORD", wrong)
    monkeypatch.setenv("MOS_PG_PASSWORD_NEW", "новый-пароль-1")
    for command in (
        ["server", "init"],
        ["server", "add-user", "x_new", "--role", "manager"],
        ["sync", "--once"],
    ):
        assert main(["--db", db, *command, "--dsn", dsn]) == 1
        err = capsys.readouterr().err
        assert f"Пароль или логин не подошли (пользователь {name}) — проверьте их" in err
        assert ("сохранены локально" in err) == (command[0] == "sync")
        assert not any(word in err for word in LIBPQ_WORDS)
    assert "password authentication failed" in caplog.text
    assert wrong not in caplog.text + _logs(tmp_path) and password not in caplog.text


@pytest.mark.pg
def test_an_unreachable_server_is_named_with_host_and_port(capsys, caplog, tmp_path) -> None:
    db = str(tmp_path / "l.sqlite3")
    assert main(["--db", db, "server", "init", "--dsn", DEAD_DSN]) == 1
    err = capsys.readouterr().err
    assert "Общая база недоступна (сервер 127.0.0.1:1 не отвечает)" in err
    assert "сохранены локально" not in err and "Connection refused" not in err
    assert "Connection refused" in caplog.text
    assert main(["--db", db, "sync", "--once", "--dsn", DEAD_DSN]) == 1
    err = capsys.readouterr().err
    assert "сервер 127.0.0.1:1 не отвечает" in err and "Изменения сохранены локально." in err


@pytest.mark.pg
def test_in_a_terminal_the_admin_password_is_asked_once(pg_dsn, capsys, monkeypatch, tmp_path) -> None:
    admin, admin_password = _superuser_with_password(pg_dsn)
    dsn, db = _dsn_as(pg_dsn, admin), str(tmp_path / "l.sqlite3")
    prompts: list[str] = []
    answers = {
        "Пароль администратора": admin_password,
        "Пароль нового": "новый-пароль-1",
        "Повторите": "новый-пароль-1",
    }

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(v for k, v in answers.items() if prompt.startswith(k))

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", ask)
    assert main(["--db", db, "server", "init", "--dsn", dsn]) == 0
    assert prompts == [f"Пароль администратора PostgreSQL (пользователь {admin}): "]
    assert "Схема данных создана" in capsys.readouterr().out

    monkeypatch.setattr(connection, "_run_password", None)  # a new run
    prompts.clear()
    name = f"u_{uuid.uuid4().hex[:8]}"
    assert main(["--db", db, "server", "add-user", name, "--role", "warehouse", "--dsn", dsn]) == 0
    assert [p.split(" ")[0] + " " + p.split(" ")[1] for p in prompts] == [
        "Пароль администратора", "Пароль нового", "Повторите пароль:"
    ]  # fmt: skip
    assert f"Логин {name} создан" in capsys.readouterr().out

    monkeypatch.setattr(connection, "_run_password", None)
    prompts.clear()
    answers["Пароль администратора"] = "not-the-password"  # asked once, then the reason, no second prompt
    assert main(["--db", db, "server", "init", "--dsn", dsn]) == 1
    assert len(prompts) == 1
    assert f"Пароль или логин не подошли (пользователь {admin})" in capsys.readouterr().err


@pytest.mark.pg
def test_add_user_says_whether_the_login_was_created_or_its_password_replaced(
    server, capsys, monkeypatch, tmp_path
) -> None:
    db, name = str(tmp_path / "l.sqlite3"), f"ivanova_{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("MOS_PG_PASSWORD_NEW", "первый-пароль-1")
    assert main(["--db", db, "server", "add-user", name, "--role", "manager", "--dsn", server]) == 0
    assert capsys.readouterr().out.strip() == f"Логин {name} создан: роль «менеджер по сопровождению»."
    monkeypatch.setenv("MOS_PG_PASSWORD_NEW", "второй-пароль-2")
    assert main(["--db", db, "server", "add-user", name, "--role", "warehouse", "--dsn", server]) == 0
    assert capsys.readouterr().out.strip() == f"Логин {name} уже был: пароль заменён, роль «кладовщик»."
    info = conninfo_to_dict(server)
    with psycopg.connect(host=info["host"], port=info["port"], dbname=info["dbname"], user=name,
                         password="второй-пароль-2") as pg:  # fmt: skip
        assert pg.execute("SELECT pg_has_role(current_user, 'mos_warehouse', 'member')").fetchone() == (True,)


# --- what sync --once, sync rejected, sync conflicts, sync status print -------------------------------


@pytest.mark.pg
def test_sync_once_lists_this_runs_refused_changes_and_sync_rejected_lists_them_all(
    server, replicas, capsys, tmp_path
) -> None:
    a, b = replicas("a"), replicas("b")
    client = new_client(a, "ООО Ромашка")
    sync(a, server)
    sync(b, server)
    with a.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM clients WHERE id = ?", (client.hex,))  # a tombstone
    sync(a, server)
    edit(b, Client, client, notes="важная заметка")
    b_path = str(tmp_path / "b.sqlite3")

    assert main(["--db", b_path, "sync", "--once", "--dsn", server]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Отклонено:" in x)
    assert "Клиенты «ООО Ромашка» (изменение: Заметки «важная заметка») — " in line and "удалена" in line
    assert "Сервер отклонил изменений: 1 — они в списке отклонённых (Сервис → Синхронизация…)" in out
    assert "clients" not in out

    assert main(["--db", b_path, "sync", "--once", "--dsn", server]) == 0
    assert "Отклонено" not in capsys.readouterr().out  # only this run's refusals

    assert main(["--db", b_path, "sync", "rejected", "--format", "json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["table"], item["table_title"], item["record"]) == ("clients", "Клиенты", "ООО Ромашка")
    assert (
        item["kind"] == "update" and item["cols"]["notes"] == "важная заметка" and "удалена" in item["reason"]
    )
    assert main(["--db", b_path, "sync", "rejected"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Клиенты «ООО Ромашка» (изменение: Заметки «важная заметка») — ")
    assert text.rstrip().endswith(moscow_text(item["rejected_at"]))
    assert main(["--db", str(tmp_path / "a.sqlite3"), "sync", "rejected"]) == 0
    assert capsys.readouterr().out.strip() == "Отклонённых изменений нет."


@pytest.mark.pg
def test_conflicts_and_status_read_in_russian_with_roubles_and_moscow_time(
    server, replicas, capsys, tmp_path
) -> None:
    a, b = replicas("a"), replicas("b")
    client = new_client(a, "ООО Ромашка")
    sync(a, server)
    sync(b, server)
    edit(a, Client, client, monthly_fee_kop=2_000_00)
    edit(b, Client, client, monthly_fee_kop=3_000_50)
    sync(a, server)
    assert sync(b, server).conflicts == 1
    b_path = str(tmp_path / "b.sqlite3")

    assert main(["--db", b_path, "sync", "conflicts", "--format", "json"]) == 0
    (c,) = json.loads(capsys.readouterr().out)
    assert (c["table"], c["column"], c["mine"], c["theirs"]) == (
        "clients",
        "monthly_fee_kop",
        3_000_50,
        2_000_00,
    )
    assert (c["record"], c["table_title"], c["column_title"]) == ("ООО Ромашка", "Клиенты", "АП в месяц")
    assert main(["--db", b_path, "sync", "status", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    last_sync = datetime.fromisoformat(status["last_sync"])
    assert last_sync.utcoffset() is not None  # JSON keeps ISO with its offset

    assert main(["--db", b_path, "sync", "conflicts"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    created = datetime.fromisoformat(c["created_at"])
    created = created if created.tzinfo else created.replace(tzinfo=UTC)
    expected = (
        f"Клиенты «ООО Ромашка», поле «АП в месяц»: моё «{format_rub(3_000_50)}» "
        f"({who_text(c['mine_by'])}), их «{format_rub(2_000_00)}» ({who_text(c['theirs_by'])}); "
        f"{created.astimezone(MOSCOW):%d.%m.%Y %H:%M}"
    )
    assert line == expected
    assert f"рабочее место {status['workstation_id']}" in line or status["workstation_id"] not in line
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", line) and "UTC" not in line and "clients" not in line

    assert main(["--db", b_path, "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert f"Последняя синхронизация: {last_sync.astimezone(MOSCOW):%d.%m.%Y %H:%M} (МСК)\n" in out
