"""Opening the database a second time in the process (the sync runner does) must not drop the locks of the
connections already open: otherwise another process closing its connection deletes the live WAL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mos_desktop import dbfiles
from mos_desktop.db import open_database
from mos_desktop.models import Client

_OTHER_PROCESS = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "print(c.execute('SELECT count(*) FROM clients').fetchone()[0])\n"
    "c.close()\n"
)


def test_a_second_open_in_the_process_keeps_the_wal_of_the_first(tmp_path: Path) -> None:
    path = tmp_path / "mos.sqlite3"
    gui = open_database(path, daily_backup=False)
    try:
        with gui.session() as s:
            s.add(Client(name="ЖК Первый", inn="7707083893"))
        assert dbfiles.in_use(path)
        runner = open_database(path, upgrade=False, daily_backup=False)  # what the sync runner does
        runner.dispose()
        assert dbfiles.in_use(path)  # the GUI's engine still has it
        with gui.session() as s:
            s.add(Client(name="ЖК Второй", inn="7702070139"))
        seen = subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS, str(path)], capture_output=True, text=True, check=True
        )
        assert seen.stdout.strip() == "2"
        assert Path(f"{path}-wal").exists()  # another process's close did not take it away
        with gui.session() as s:
            s.add(Client(name="ЖК Третий", inn="7728168971"))
        again = subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS, str(path)], capture_output=True, text=True, check=True
        )
        assert again.stdout.strip() == "3"  # what the window writes reaches other processes
        with gui.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        gui.dispose()
    assert not dbfiles.in_use(path)


def test_a_file_nobody_has_open_is_checked_as_before(tmp_path: Path) -> None:
    path = tmp_path / "mos.sqlite3"
    open_database(path, daily_backup=False).dispose()
    assert not dbfiles.in_use(path)
    with open(path, "rb") as f:  # nothing of this process holds it: reading it is harmless
        assert f.read(16) == b"SQLite format 3\x00"


def test_the_file_is_held_from_before_the_first_connection_and_released_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's start-up reads the file's header while the worker opens the database: the file must
    count as in use while the migrations connect, and no longer once an open failed."""
    import mos_desktop.db as db_module

    path = tmp_path / "mos.sqlite3"
    real_migrate = db_module.migrate
    seen: list[bool] = []

    def migrate(engine: object, at: Path) -> None:
        seen.append(dbfiles.in_use(at))
        real_migrate(engine, at)  # type: ignore[arg-type]

    monkeypatch.setattr(db_module, "migrate", migrate)
    open_database(path, daily_backup=False).dispose()
    assert seen == [True] and not dbfiles.in_use(path)

    def broken(engine: object, at: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(db_module, "migrate", broken)
    with pytest.raises(RuntimeError):
        open_database(path, daily_backup=False)
    assert not dbfiles.in_use(path)


def test_a_database_that_cannot_be_created_is_refused_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mos_desktop.errors import DatabaseProblem

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "touch", denied)  # a folder the user may not write (root may: simulated)
    with pytest.raises(DatabaseProblem, match=r"Не удалось создать базу .*нет прав доступа"):
        open_database(tmp_path / "mos.sqlite3", daily_backup=False)
    assert not dbfiles.in_use(tmp_path / "mos.sqlite3")
