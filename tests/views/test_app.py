"""Start-up: one instance per database, refused database files, first paint, the self-check."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mos_desktop.instance_lock import InstanceLock
from mos_desktop.views.tabs import TABS


def test_second_instance_exits_cleanly_with_a_message(
    tmp_path: Path, qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from mos_desktop.app import run_gui

    db_path = tmp_path / "mos.sqlite3"
    with InstanceLock(db_path.resolve()):
        assert run_gui(db_path) == 1
    assert "уже открыта" in capsys.readouterr().err


def test_foreign_file_is_refused_and_left_untouched(
    tmp_path: Path, qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from mos_desktop.app import run_gui

    db_path = tmp_path / "notes.sqlite3"
    db_path.write_bytes(b"not a database at all" * 10)
    before = db_path.read_bytes()
    assert run_gui(db_path) == 1
    assert db_path.read_bytes() == before
    assert "не является базой" in capsys.readouterr().err


def test_a_missing_db_folder_is_refused_not_created(
    tmp_path: Path, qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from mos_desktop.app import run_gui

    db_path = tmp_path / "опечатка" / "mos.sqlite3"
    assert run_gui(db_path) == 1
    assert not db_path.parent.exists()
    err = capsys.readouterr().err
    assert "не найдена" in err and "--db" in err


def launch_until_painted(db_path: Path, home: Path) -> dict[str, float]:
    """The app with MOS_DESKTOP_QUIT_AFTER_PAINT=1 (the start-up benchmark's mode): its timing lines."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MOS_DESKTOP_QUIT_AFTER_PAINT="1")
    env["MOS_DESKTOP_HOME"] = str(home)
    code = "import sys; from pathlib import Path; from mos_desktop.app import run_gui; sys.exit(run_gui(Path(sys.argv[1])))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return {name: float(value) for name, value in (line.split() for line in done.stdout.splitlines())}


def test_the_command_line_the_gui_starts_through_loads_no_sqlalchemy() -> None:
    """`mos-desktop` builds its whole parser before it opens the window: any SQLAlchemy or model import
    there runs on the GUI thread ahead of the first paint (it cost 0.9 s when a package re-exported its
    lists eagerly). The database worker imports them after the paint."""
    code = (
        "import sys; from mos_desktop.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' or "
        "m.startswith('mos_desktop.models')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_quit_after_first_paint_prints_the_time(tmp_path: Path) -> None:
    lines = launch_until_painted(tmp_path / "mos.sqlite3", tmp_path / "home")
    assert set(lines) == {"window-painted", "painted", "fresh-painted"}, lines
    # the window paints first, the first tab's rows from the database after it
    assert 0.05 < lines["window-painted"] <= lines["painted"] <= lines["fresh-painted"] < 60


def test_the_next_start_shows_the_rows_kept_at_exit_until_the_database_changes(
    tmp_path: Path, add_clients: Any, db: Any
) -> None:
    import sqlite3

    add_clients(("ЖК Альфа", "1000", "active"))
    db.dispose()
    home = tmp_path / "home"
    log_file = home / "logs" / "mos-desktop.log"
    kept_line = "kept rows shown until fresh ones arrive"

    launch_until_painted(db.path, home)  # the first start reads the database; its exit keeps the rows
    assert kept_line not in log_file.read_text(encoding="utf-8")
    launch_until_painted(db.path, home)
    assert log_file.read_text(encoding="utf-8").count(kept_line) == 1

    con = sqlite3.connect(db.path)  # anything else writing the file (here: the same rows, rewritten)
    con.execute("UPDATE clients SET name = name")
    con.commit()
    con.close()
    launch_until_painted(db.path, home)
    text = log_file.read_text(encoding="utf-8")
    assert text.count(kept_line) == 1
    assert "the database file changed since it was kept" in text


def test_self_check_prints_a_line_per_tab(tmp_path: Path, qapp: Any) -> None:
    from mos_desktop.selfcheck import run_self_check

    out = io.StringIO()
    assert run_self_check(tmp_path / "fresh.sqlite3", out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    for tab in TABS:
        assert any(line.startswith(f"{tab.title}: 0 строк") for line in lines), (tab.title, lines)
    assert (
        "Платежи: 0 строк (Обзвон должников: 0, Счета: 0, Поступления: 0, Дебиторка: 0, Неоплаченные счета: 0, "
        "К оплате: 0)"
    ) in lines
    assert lines[-1] == "Самопроверка пройдена"


def test_self_check_counts_rows(tmp_path: Path, qapp: Any, add_clients: Any, db: Any) -> None:
    from mos_desktop.selfcheck import run_self_check

    add_clients(("ЖК Альфа", "1", "active"), ("ЖК Бета", "2", "active"))
    db.dispose()
    out = io.StringIO()
    assert run_self_check(db.path, out) == 0, out.getvalue()
    assert "Портфель: 2 строки (Клиенты: 2, Сотрудники: 0)" in out.getvalue().splitlines()


def test_self_check_fails_when_a_list_fails(tmp_path: Path, qapp: Any, monkeypatch: Any) -> None:
    from mos_desktop.selfcheck import run_self_check
    from mos_desktop.services import listing

    real = listing.resolve

    def resolve(path: str) -> Any:
        if path.endswith(":list_payments"):
            raise ModuleNotFoundError("No module named 'payments_gone'")
        return real(path)

    monkeypatch.setattr(listing, "resolve", resolve)
    out = io.StringIO()
    assert run_self_check(tmp_path / "fresh.sqlite3", out) == 1
    text = out.getvalue()
    assert "Поступления: ошибка" in text
    assert text.splitlines()[-1] == "Самопроверка не пройдена"
