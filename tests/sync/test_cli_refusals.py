"""The command line's guard rails: a password in ``--dsn`` and a malformed ``--dsn`` are refused in Russian
(exit 1, no traceback, the password never echoed nor logged); texts point to the real menu; ``server init``
runs twice; ``server add-user`` checks the login before asking for a password."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import psycopg
import pytest

from mos_desktop.cli import main
from mos_desktop.sync import runner
from mos_desktop.sync.connection import SyncError, connect

SECRET = "Sekret-7731"
MENU = "Сервис → Общая база…"
PASSWORD_DSNS = [
    f"postgresql://mos:{SECRET}@db.example.ru:5432/mos",
    f"host=db.example.ru dbname=mos user=mos password={SECRET}",
    f"postgresql://mos@db.example.ru/mos?sslmode=require&password={SECRET}",
]
MALFORMED_DSNS = ["postgresql://[bad", "host=", "foo bar", "host=db port=abc", "nosuchoption=1", ""]
COMMANDS = [["server", "init"], ["server", "add-user", "sklad", "--role", "warehouse"], ["sync", "--once"]]


def _logs(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.log"))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("dsn", PASSWORD_DSNS, ids=("uri", "keyvalue", "query"))
def test_a_password_in_dsn_is_refused_and_never_echoed(dsn, command, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MOS_PG_PASSWORD_NEW", "новый-пароль-1")
    code = main(["--db", str(tmp_path / "l.sqlite3"), *command, "--dsn", dsn])
    out = capsys.readouterr()
    assert code == 1
    assert "--dsn" in out.err and "MOS_PG_PASSWORD" in out.err and MENU in out.err
    assert "Traceback" not in out.err
    assert SECRET not in out.out + out.err + _logs(tmp_path)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("dsn", MALFORMED_DSNS)
def test_a_malformed_dsn_is_refused_in_russian_without_a_traceback(dsn, command, capsys, tmp_path) -> None:
    code = main(["--db", str(tmp_path / "l.sqlite3"), *command, "--dsn", dsn])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Ошибка: --dsn:") and "postgresql://" in err and "host=" in err and "dbname=" in err
    assert "Traceback" not in err and "ProgrammingError" not in err


def test_a_malformed_saved_dsn_fails_as_a_sync_error_not_a_traceback() -> None:
    with pytest.raises(SyncError, match="ожидается postgresql://") as caught:
        connect(f"postgresql://mos:{SECRET}@[bad")
    assert SECRET not in str(caught.value)


def test_texts_point_to_the_real_menu(capsys, monkeypatch, tmp_path) -> None:
    assert main(["--db", str(tmp_path / "a.sqlite3"), "sync", "--once"]) == 1
    err = capsys.readouterr().err
    assert "Общая база не настроена" in err and MENU in err and "Настройки" not in err
    assert MENU in runner.NOT_CONFIGURED and "Настройки" not in runner.NOT_CONFIGURED
    monkeypatch.setenv("COLUMNS", "400")  # argparse must not wrap the menu path
    assert main(["sync", "--help"]) == 0
    assert MENU in capsys.readouterr().out


@pytest.mark.pg
def test_server_init_twice_then_a_password_free_dsn_works(pg_dsn, capsys, tmp_path) -> None:
    db = str(tmp_path / "l.sqlite3")
    assert main(["--db", db, "server", "init", "--dsn", pg_dsn]) == 0
    assert main(["--db", db, "server", "init", "--dsn", pg_dsn]) == 0
    out = capsys.readouterr().out
    assert "уже актуальна" in out and "проверены" in out
    with psycopg.connect(pg_dsn) as pg:
        assert pg.execute("SELECT value FROM sync_server_meta WHERE key = 'sync_schema'").fetchone() == ("1",)


@pytest.mark.pg
@pytest.mark.parametrize(
    ("name", "message"),
    [("postgres", "администратор или владелец"), ("mos_warehouse", "служебной ролью"), ("a b", "Логин:")],
)
def test_add_user_refuses_bad_logins_before_asking_for_a_password(
    pg_dsn, name, message, capsys, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("MOS_PG_PASSWORD_NEW", "новый-пароль-1")
    db = str(tmp_path / "l.sqlite3")
    assert main(["--db", db, "server", "add-user", name, "--role", "manager", "--dsn", pg_dsn]) == 1
    assert message in capsys.readouterr().err


@pytest.mark.pg
def test_add_user_with_a_short_password_is_refused(pg_dsn, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("MOS_PG_PASSWORD_NEW", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "коротко")
    name = f"u_{uuid.uuid4().hex[:8]}"
    code = main(["--db", str(tmp_path / "l.sqlite3"), "server", "add-user", name, "--role", "manager",
                 "--dsn", pg_dsn])  # fmt: skip
    assert code == 1
    assert "Пароль: не короче 8 символов" in capsys.readouterr().err
    with psycopg.connect(pg_dsn) as pg:
        assert pg.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (name,)).fetchone() == (0,)
