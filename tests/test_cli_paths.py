"""Bad --db paths and a missing screen: a Russian message, exit 1, no traceback, nothing created."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mos_desktop.cli import main


def test_read_only_command_refuses_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "typo" / "mos.sqlite3"
    assert main(["--db", str(target), "report", "clients", "--format", "json"]) == 1
    assert "не найдена" in capsys.readouterr().err
    assert not target.parent.exists()


def test_a_folder_given_as_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data.sqlite3"
    folder.mkdir()
    assert main(["--db", str(folder), "demo-data", "--clients", "3", "--months", "1"]) == 1
    err = capsys.readouterr().err
    assert "это папка" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_gui_without_a_screen_says_so_instead_of_running_invisibly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["MOS_DESKTOP_HOME"] = str(tmp_path / "home")
    if not sys.platform.startswith("linux"):
        pytest.skip("the no-screen check is for Linux sessions without a display server")
    done = subprocess.run(
        [sys.executable, "-m", "mos_desktop"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "Нет экрана" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("where", ["after", "equals"])
def test_db_may_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    """People type ``mos-desktop demo-data --db new.sqlite3``: --db is global wherever it stands."""
    target = tmp_path / "new.sqlite3"
    db_args = ["--db", str(target)] if where == "after" else [f"--db={target}"]
    assert main(["demo-data", "--clients", "3", "--months", "1", *db_args]) == 0
    assert target.exists()
    capsys.readouterr()
    assert main(["report", "clients", *db_args, "--format", "json"]) == 0
    assert '"inn"' in capsys.readouterr().out


def test_hoisting_leaves_other_arguments_alone() -> None:
    from mos_desktop.cli import hoist_global_options

    assert hoist_global_options(["import", "clients", "a.csv", "--db", "x"]) == [
        "--db",
        "x",
        "import",
        "clients",
        "a.csv",
    ]
    assert hoist_global_options(["import", "clients", "--", "--db"]) == ["import", "clients", "--", "--db"]
