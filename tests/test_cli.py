"""The command line: dispatch, exit codes (0 ok, 1 user error, 2 usage), Russian messages, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from mos_desktop import config
from mos_desktop.cli import main
from mos_desktop.db import open_database
from mos_desktop.models import Client
from mos_desktop.validation import complete_inn

INN_A = complete_inn("770000101")
INN_B = complete_inn("770000102")


def client_count(db_path: Path) -> int:
    database = open_database(db_path, daily_backup=False)
    try:
        with database.session() as s:
            return s.scalar(select(func.count()).select_from(Client)) or 0
    finally:
        database.dispose()


@pytest.fixture
def client_csv(tmp_path: Path) -> Path:
    path = tmp_path / "clients.csv"
    with open(path, "w", encoding="cp1251", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Наименование", "ИНН", "АП", "Регион"])
        w.writerow(["ЖК Первый", INN_A, "12\u00a0000,00", "Москва"])
        w.writerow(["ЖК Второй", INN_B, "8 000", "МО"])
        w.writerow(["Опечатка", "1234567890", "1", "МО"])
    return path


def test_help_is_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "использование: mos-desktop" in out and "demo-data" in out and "--db" in out
    assert "показать эту справку" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["frobnicate"], "недопустимое значение"),
        (["report"], "не хватает аргументов"),
        (["report", "clients", "--format", "pdf"], "недопустимое значение 'pdf'"),
        (["demo-data", "--clients", "many"], "ожидается число"),
        (["report", "clients", "--format", "xlsx"], "--out"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "x.sqlite3"), *argv]) == 2
    err = capsys.readouterr().err
    assert "ошибка:" in err and fragment in err


def test_import_clients_prints_counts_and_rejected_lines(
    tmp_path: Path, client_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(db_path), "import", "clients", str(client_csv)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Добавлено 2, обновлено 0, отклонено 1"
    assert out[1].startswith("строка 4: ИНН:")
    assert out[2] == "Не распознаны и пропущены столбцы: «Регион»"
    assert client_count(db_path) == 2
    # Twice: nothing new.
    assert main(["--db", str(db_path), "import", "clients", str(client_csv)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Добавлено 0, обновлено 0, отклонено 1, без изменений 2"
    assert client_count(db_path) == 2


def test_fatal_import_exits_1_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "no_inn.csv"
    path.write_text("Наименование;АП\nЖК;100\n", encoding="utf-8")
    db_path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(db_path), "import", "clients", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("Ошибка: ") and "«ИНН»" in captured.err
    assert "Traceback" not in captured.err
    assert client_count(db_path) == 0


def test_a_binary_csv_is_a_russian_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(bytes(range(256)) * 50)
    db_path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(db_path), "import", "clients", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Ошибка: ") and "не текстовый файл CSV" in err
    assert "Traceback" not in err and "Error" not in err
    assert client_count(db_path) == 0


def test_report_formats(tmp_path: Path, client_csv: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    db_path = str(tmp_path / "cli.sqlite3")
    assert main(["--db", db_path, "import", "clients", str(client_csv)]) == 0
    capsysbinary.readouterr()

    assert main(["--db", db_path, "report", "clients"]) == 0
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert {d["inn"]: d["monthly_fee"] for d in data} == {INN_A: "12000.00", INN_B: "8000.00"}

    assert main(["--db", db_path, "report", "clients", "--format", "csv"]) == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "ИНН" and {r[0] for r in rows[1:]} == {INN_A, INN_B}

    out = tmp_path / "portfolio.xlsx"
    assert main(["--db", db_path, "report", "clients", "--format", "xlsx", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws is not None and ws.max_row == 3 and ws["A1"].value == "ИНН"


def test_report_to_an_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no" / "such" / "dir" / "r.json"
    open_database(tmp_path / "x.sqlite3", daily_backup=False).dispose()
    assert main(["--db", str(tmp_path / "x.sqlite3"), "report", "clients", "--out", str(target)]) == 1
    assert "Не удалось записать" in capsys.readouterr().err


def test_not_a_database_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("это не база", encoding="utf-8")
    assert main(["--db", str(bogus), "report", "clients"]) == 1
    err = capsys.readouterr().err
    assert "не является базой" in err and "Traceback" not in err
    assert bogus.read_text(encoding="utf-8") == "это не база"


def test_gui_and_self_check_dispatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mos_desktop.app
    import mos_desktop.selfcheck

    calls: list[tuple[str, Path]] = []
    monkeypatch.setattr(mos_desktop.app, "run_gui", lambda path: calls.append(("gui", path)) or 0)
    monkeypatch.setattr(
        mos_desktop.selfcheck, "run_self_check", lambda path, out: calls.append(("check", path)) or 7
    )
    assert main([]) == 0
    assert main(["--db", str(tmp_path / "a.sqlite3")]) == 0
    assert main(["--db", str(tmp_path / "b.sqlite3"), "--self-check"]) == 7
    assert calls == [
        ("gui", config.default_db_path()),
        ("gui", tmp_path / "a.sqlite3"),
        ("check", tmp_path / "b.sqlite3"),
    ]


def test_logging_goes_to_the_log_folder_and_is_released(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = list(logging.getLogger().handlers)
    open_database(tmp_path / "x.sqlite3", daily_backup=False).dispose()
    assert main(["--db", str(tmp_path / "x.sqlite3"), "report", "clients"]) == 0
    log_file = config.log_dir() / "mos-desktop.log"
    assert "mos-desktop report" in log_file.read_text(encoding="utf-8")
    assert logging.getLogger().handlers == before


def test_demo_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db_path), "demo-data", "--clients", "5", "--months", "2", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.strip() and "5" in out
    assert client_count(db_path) == 5
    # A second run refuses to mix demo data into a filled database: a user error, nothing added.
    assert main(["--db", str(db_path), "demo-data", "--clients", "5"]) == 1
    assert "Ошибка:" in capsys.readouterr().err
    assert client_count(db_path) == 5


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mos_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )


def test_real_process_exit_codes(tmp_path: Path, client_csv: Path) -> None:
    db = str(tmp_path / "proc.sqlite3")
    ok = _run("--db", db, "import", "clients", str(client_csv))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Добавлено 2, обновлено 0, отклонено 1")

    report = _run("--db", db, "report", "clients", "--format", "json")
    assert report.returncode == 0 and len(json.loads(report.stdout)) == 2

    user_error = _run("--db", db, "import", "clients", str(tmp_path / "missing.xlsx"))
    assert user_error.returncode == 1
    assert user_error.stderr.startswith("Ошибка: ") and "Traceback" not in user_error.stderr

    usage = _run("--db", db, "report", "clients", "--format", "pdf")
    assert usage.returncode == 2 and "ошибка" in usage.stderr


def test_one_log_file_one_handler_and_no_alembic_chatter(tmp_path: Path) -> None:
    from mos_desktop.logsetup import setup_logging

    db = tmp_path / "fresh.sqlite3"
    assert main(["--db", str(db), "demo-data", "--clients", "3", "--months", "1"]) == 0
    path, handler = setup_logging()
    again, none = setup_logging()  # the GUI started by the CLI: no second handler
    try:
        assert again == path == config.log_dir() / "mos-desktop.log" and none is None
        ours = [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(path)]
        assert len(ours) == 1
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()
    text = path.read_text(encoding="utf-8")
    assert "mos-desktop demo-data" in text
    assert "setup plugin" not in text


@pytest.mark.parametrize(
    ("argv", "window_only"),
    [
        ([], True),
        (["--db", "x.sqlite3"], True),
        (["--db=x.sqlite3", "--self-check"], True),
        (["--db", "report"], True),  # a file named like a command is still a file
        (["--help"], False),
        (["-h"], False),
        (["report", "clients"], False),
        (["--db", "x", "report", "clients"], False),
        (["--dbx"], False),
    ],
)
def test_the_window_needs_only_the_global_options(argv: list[str], window_only: bool) -> None:
    """Starting the window builds no sub-command parsers (they import their modules before the first
    paint); a command, --help or anything unknown gets the whole command line."""
    from mos_desktop.cli import build_parser, only_global_options

    assert only_global_options(argv) is window_only
    if window_only:
        args = build_parser(with_commands=False).parse_args(argv)
        assert args.command is None


def test_a_missing_statement_file_is_said_in_russian(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mos_desktop",
            "--db",
            str(tmp_path / "x.sqlite3"),
            "import",
            "bank",
            str(tmp_path / "нет.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "файл или папка не найдены" in done.stderr
    assert "No such file" not in done.stderr
