"""``mos-desktop server …`` and ``mos-desktop sync …`` against a real PostgreSQL."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from mos_desktop.cli import main
from mos_desktop.db import open_database
from mos_desktop.models import Client, ClientStatus
from mos_desktop.sync.settings import ConnectionSettings, save_connection

pytestmark = pytest.mark.pg

DEAD_DSN = "postgresql://postgres@127.0.0.1:1/nowhere"


def _add_client(db_path: Path, name: str) -> uuid.UUID:
    database = open_database(db_path, daily_backup=False)
    try:
        with database.session() as s:
            client = Client(
                name=name, legal_name=name, inn="", kpp="", ogrn="", status=ClientStatus.ACTIVE, manager="",
                monthly_fee_kop=0, contract_number="", phone="", email="", legal_address="", postal_address="",
                churn_risk=False, notes="",
            )  # fmt: skip
            s.add(client)
        return client.id
    finally:
        database.dispose()


def test_server_init_twice_then_add_user_who_can_log_in(pg_dsn, capsys, monkeypatch, tmp_path) -> None:
    db = str(tmp_path / "l.sqlite3")
    assert main(["--db", db, "server", "init", "--dsn", pg_dsn]) == 0
    first = capsys.readouterr().out
    assert "Схема данных создана" in first and "Объекты синхронизации созданы" in first
    assert main(["--db", db, "server", "init", "--dsn", pg_dsn]) == 0
    second = capsys.readouterr().out
    assert "уже актуальна" in second and "проверены" in second

    name, password = f"wh_{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex}"
    monkeypatch.setenv("MOS_PG_PASSWORD_NEW", password)
    assert main(["--db", db, "server", "add-user", name, "--role", "warehouse", "--dsn", pg_dsn]) == 0
    out = capsys.readouterr()
    assert f"Логин {name} создан" in out.out and "кладовщик" in out.out
    assert password not in out.out + out.err
    logs = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.log"))
    assert password not in logs
    info = conninfo_to_dict(pg_dsn)
    with psycopg.connect(host=info["host"], port=info["port"], dbname=info["dbname"], user=name,
                         password=password) as pg:  # fmt: skip
        assert pg.execute("SELECT pg_has_role(current_user, 'mos_warehouse', 'member')").fetchone() == (True,)


def test_add_user_without_a_password_source_is_refused(pg_dsn, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("MOS_PG_PASSWORD_NEW", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    code = main(["--db", str(tmp_path / "l.sqlite3"), "server", "add-user", "x", "--role", "manager",
                 "--dsn", pg_dsn])  # fmt: skip
    assert code == 1
    assert "MOS_PG_PASSWORD_NEW" in capsys.readouterr().err


def test_sync_once_then_status_and_conflicts_as_json(pg_dsn, capsys, tmp_path) -> None:
    a, b = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    assert main(["--db", a, "server", "init", "--dsn", pg_dsn]) == 0
    client = _add_client(Path(a), "Исходное")
    assert main(["--db", a, "sync", "--once", "--dsn", pg_dsn]) == 0
    assert "Отправлено изменений: 1" in capsys.readouterr().out
    # b: settings saved in the config folder instead of --dsn
    info = conninfo_to_dict(pg_dsn)
    save_connection(ConnectionSettings(host=info["host"], port=int(info["port"]), dbname=info["dbname"],
                                       user=info["user"], sslmode="disable"))  # fmt: skip
    assert main(["--db", b, "sync", "--once"]) == 0
    capsys.readouterr()
    for path, name in ((a, "От А"), (b, "От Б")):
        database = open_database(Path(path), daily_backup=False)
        with database.session() as s:
            s.get(Client, client).name = name
        database.dispose()
    assert main(["--db", a, "sync", "--once", "--dsn", pg_dsn]) == 0
    assert main(["--db", b, "sync", "--once"]) == 0
    assert "конфликтов: 1" in capsys.readouterr().out
    assert main(["--db", b, "sync", "status", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pending"] == 0 and status["conflicts"] == 1 and status["rejected"] == 0
    assert status["last_sync"] and status["cursor"] > 0
    assert main(["--db", b, "sync", "conflicts", "--format", "json"]) == 0
    (conflict,) = json.loads(capsys.readouterr().out)
    assert (conflict["table"], conflict["column"]) == ("clients", "name")
    assert (conflict["mine"], conflict["theirs"], conflict["base"]) == ("От Б", "От А", "Исходное")
    assert main(["--db", b, "sync", "conflicts"]) == 0
    assert "Клиенты «От А», поле «Название»: моё «От Б»" in capsys.readouterr().out


def test_sync_once_unreachable_exits_1_in_russian_and_keeps_the_outbox(capsys, tmp_path) -> None:
    db = tmp_path / "a.sqlite3"
    _add_client(db, "Офлайн")
    assert main(["--db", str(db), "sync", "--once", "--dsn", DEAD_DSN]) == 1
    err = capsys.readouterr().err
    assert "Общая база недоступна" in err and "сохранены локально" in err
    assert main(["--db", str(db), "sync", "status", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 1


def test_sync_without_settings_or_dsn_says_what_to_do(capsys, tmp_path) -> None:
    assert main(["--db", str(tmp_path / "a.sqlite3"), "sync", "--once"]) == 1
    assert "Общая база не настроена" in capsys.readouterr().err


def test_sync_in_the_foreground_runs_until_ctrl_c(pg_dsn, tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "a.sqlite3"
    assert main(["--db", str(db), "server", "init", "--dsn", pg_dsn]) == 0
    _add_client(db, "Фон")
    env = {**os.environ, "MOS_DESKTOP_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from mos_desktop.cli import main; sys.exit(main())", "--db", str(db), "sync", "--dsn", pg_dsn],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        lines: list[str] = []
        while time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            lines.append(line)
            if "в сети" in line and "ожидают отправки: 0" in line:
                break
        assert any("ожидают отправки: 0" in x for x in lines), lines
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Синхронизация остановлена" in out
    with psycopg.connect(pg_dsn) as pg:
        assert pg.execute("SELECT name FROM clients").fetchall() == [("Фон",)]


def test_status_of_a_missing_database_is_refused_not_created(capsys, tmp_path) -> None:
    missing = tmp_path / "typo.sqlite3"
    assert main(["--db", str(missing), "sync", "status", "--format", "json"]) == 1
    assert "не найдена" in capsys.readouterr().err and not missing.exists()
