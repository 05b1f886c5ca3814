"""The start-up list kept from the last run: shown only for the same database file, program and list,
marked as refreshing, replaced by fresh rows; anything unreadable is ignored."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from viewhelp import TODAY

from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.views.common import list_cache
from mos_desktop.views.common.formatting import prepare
from mos_desktop.views.tabs import TABS

SAVED_AT = datetime(2026, 11, 22, 15, 4, tzinfo=UTC)
PORTFOLIO = next(t for t in TABS if t.key == "portfolio")


def sample() -> Any:
    columns = [
        Column("name", "Клиент", stretch=True),
        Column("due", "Срок", "date"),
        Column("debt", "Долг", "money"),
        Column("at", "Когда", "datetime"),
        Column("ok", "Да", "bool"),
        Column("rate", "Ставка"),
    ]
    rows = [
        Row(
            uuid.UUID("0190f5a0-0000-7000-8000-000000000001"),
            ("ЖК Альфа", date(2026, 11, 1), 123456, SAVED_AT, True, Decimal("1.25")),
            "danger",
            "жк альфа",
            "client",
        ),
        Row(None, ("Без id", None, 0, None, False, None)),
    ]
    return prepare(Listing(columns, rows, summary="Долг всего: 1 234,56 ₽"))


def make_db(path: Path, marker: str = "a") -> Path:
    """A small SQLite file (the cache reads only the file's state, never its contents)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (x TEXT)")
    con.execute("INSERT INTO t VALUES (?)", (marker,))
    con.commit()
    con.close()
    return path


def identity(db_path: Path, **changed: str) -> list_cache.Identity:
    fields = {"list_key": "today.agenda", "schema": "0003", "version": "0.1.0", **changed}
    return list_cache.Identity(db_path.resolve(), **fields)


def test_values_round_trip(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    prepared = sample()
    assert list_cache.save(tmp_path, identity(db_path), prepared, SAVED_AT)
    kept = list_cache.load(tmp_path, identity(db_path))
    assert kept is not None
    assert kept.saved_at == SAVED_AT
    assert kept.prepared.columns == prepared.columns
    assert kept.prepared.rows == prepared.rows  # ids are UUIDs again, dates dates, Decimals Decimals
    assert kept.prepared.display == prepared.display
    assert kept.prepared.keys == prepared.keys
    assert kept.prepared.summary == prepared.summary
    assert kept.prepared.total == 2


def test_another_database_at_the_same_path_is_never_shown(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3", "mine")
    other = make_db(tmp_path / "other.sqlite3", "theirs")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    before = db_path.stat()
    shutil.copy2(other, db_path)  # copied over it: same inode, size and header (both files are alike)
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the modification time put back
    after = db_path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    assert list_cache.load(tmp_path, identity(db_path)) is None  # its change time gives it away


def test_another_database_path_has_its_own_file(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    other = make_db(tmp_path / "other.sqlite3")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    assert list_cache.load(tmp_path, identity(other)) is None
    # even a file of another path put in its place is refused by the path written inside it
    list_cache.cache_path(tmp_path, db_path).replace(list_cache.cache_path(tmp_path, other.resolve()))
    assert list_cache.load(tmp_path, identity(other)) is None


def test_a_database_changed_since_is_not_shown(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO t VALUES ('later')")
    con.commit()
    assert list_cache.load(tmp_path, identity(db_path)) is None  # a -wal file now, and a new header
    con.close()


def test_the_state_taken_before_the_worker_opened_the_file_is_the_one_compared(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    before = list_cache.file_state(db_path)
    con = sqlite3.connect(db_path)  # this run's worker opens (and changes) the file meanwhile
    con.execute("INSERT INTO t VALUES ('now')")
    con.commit()
    con.close()
    assert list_cache.load(tmp_path, identity(db_path), before) is not None


@pytest.mark.parametrize(
    "changed", [{"schema": "0002"}, {"version": "0.2.0"}, {"list_key": "portfolio.clients"}]
)
def test_another_schema_program_or_list_is_not_shown(tmp_path: Path, changed: dict[str, str]) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    assert list_cache.load(tmp_path, identity(db_path, **changed)) is None


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff garbage",
        b"[1, 2, 3]",
        b'{"format": 1',
        "кириллица не в JSON".encode("cp1251"),
    ],
)
def test_an_unreadable_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    path = list_cache.cache_path(tmp_path, db_path.resolve())
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert list_cache.load(tmp_path, identity(db_path)) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p["prepared"]["rows"][0][1].__setitem__(1, {"x": "1"}),  # unknown tag
        lambda p: p["prepared"]["display"].pop(),  # rows and display disagree
        lambda p: p["prepared"].pop("keys"),
        lambda p: p.__setitem__("saved_at", "вчера"),
        lambda p: p["prepared"]["rows"][0][1].__setitem__(1, {"d": "2026-13-45"}),
    ],
)
def test_a_damaged_file_is_ignored(tmp_path: Path, damage: Any) -> None:
    import json

    db_path = make_db(tmp_path / "mos.sqlite3")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    path = list_cache.cache_path(tmp_path, db_path.resolve())
    payload = json.loads(path.read_text(encoding="utf-8"))
    damage(payload)
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert list_cache.load(tmp_path, identity(db_path)) is None


def test_rows_with_a_value_it_cannot_store_are_not_kept(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "mos.sqlite3")
    assert list_cache.save(tmp_path, identity(db_path), sample(), SAVED_AT)
    floats = prepare(Listing([Column("x", "X")], [Row(None, (1.5,))]))
    assert not list_cache.save(tmp_path, identity(db_path), floats, SAVED_AT)
    assert not list_cache.cache_path(tmp_path, db_path.resolve()).exists()  # the older file went too


# --- on screen ---------------------------------------------------------------------------------------
def show_view(ctx: Any, qtbot: Any) -> Any:
    from PySide6.QtWidgets import QMainWindow

    from mos_desktop.views.common.list_view import ListView

    window = QMainWindow()
    qtbot.addWidget(window)
    view = ListView(ctx, PORTFOLIO.lists[0], PORTFOLIO.key)
    window.setCentralWidget(view)
    return window, view


def kept_rows(db: Any) -> list_cache.Kept:
    from mos_desktop.views.common.list_view import load_listing

    with db.session() as s:
        return list_cache.Kept(load_listing(s, PORTFOLIO.lists[0], TODAY), SAVED_AT)


def add_second_client(db: Any, name: str) -> None:
    from viewhelp import inn_for

    from mos_desktop.services.clients import new_client_card, save_client

    with db.session() as s:
        card = new_client_card()
        card.name, card.inn, card.monthly_fee, card.status = name, inn_for(2), "2000", "active"
        save_client(s, card, user="test", today=TODAY)


def names(view: Any) -> list[str]:
    return sorted(str(view.value(view.model.row_at(r), "name")) for r in range(view.model.rowCount()))


def test_kept_rows_show_at_once_marked_then_fresh_rows_replace_them(
    ctx: Any, db: Any, qtbot: Any, add_clients: Any
) -> None:
    add_clients(("ЖК Альфа", "1000", "active"))
    kept = kept_rows(db)
    add_second_client(db, "ЖК Бета")  # written after the rows were kept
    window, view = show_view(ctx, qtbot)
    rows = list_cache.StartupRows(view, kept)
    assert rows.showing_kept and view.has_data
    assert names(view) == ["ЖК Альфа"]
    assert not view.table.isEnabled()  # greyed, nothing to open or act on
    assert (
        window.statusBar().currentMessage()
        == "Обновляется… Показан список на 22.11.2026 18:04, из прошлого запуска"
    )
    fresh: list[bool] = []
    rows.on_fresh(lambda: fresh.append(True))

    window.show()  # the list loads as it would without kept rows
    qtbot.waitUntil(lambda: fresh == [True])
    assert names(view) == ["ЖК Альфа", "ЖК Бета"]
    assert view.table.isEnabled() and not rows.showing_kept
    assert window.statusBar().currentMessage() == ""
    assert rows.latest is view.model.prepared  # what the exit keeps for the next start


def test_kept_rows_go_when_the_fresh_load_fails(
    ctx: Any, db: Any, qtbot: Any, add_clients: Any, monkeypatch: Any
) -> None:
    from mos_desktop.services import listing

    add_clients(("ЖК Альфа", "1000", "active"))
    kept = kept_rows(db)
    window, view = show_view(ctx, qtbot)
    rows = list_cache.StartupRows(view, kept)

    def broken(_path: str) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(listing, "resolve", broken)
    window.show()
    qtbot.waitUntil(lambda: not rows.showing_kept)
    assert view.model.rowCount() == 0 and rows.latest is None
    assert view.error and view.empty_text_shown() == view.error
    assert [str(e) for e in ctx.crashes] == ["a bug"]
    ctx.crashes.clear()


def test_no_kept_rows_leaves_the_list_as_it_was(ctx: Any, qtbot: Any) -> None:
    window, view = show_view(ctx, qtbot)
    rows = list_cache.StartupRows(view, None)
    assert not rows.showing_kept and not view.has_data and view.table.isEnabled()
    window.show()
    qtbot.waitUntil(lambda: rows.latest is not None)
