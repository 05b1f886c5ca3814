"""``capture.suspended``: writes inside are never queued for the server; capture works again after.
``capture.insert_captured``: a bulk insert queues exactly what the per-row trigger would."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mos_desktop.db import Database
from mos_desktop.ids import uuid7
from mos_desktop.models import Client, Location, LocationKind
from mos_desktop.sync import capture


def _outbox(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(text("SELECT count(*) FROM sync_outbox")) or 0)


def _triggers(db: Database) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")))


def test_writes_inside_are_not_captured_and_capture_resumes(db: Database) -> None:
    before = _triggers(db)
    with db.session() as session, capture.suspended(session.connection(), ["clients"]):
        session.add(Client(name="ЖК Демо", inn="7707083893"))
        session.flush()
    assert _outbox(db) == 0
    assert _triggers(db) == before
    with db.session() as session:
        session.add(Client(name="ЖК Настоящий", inn="7707083893"))
    assert _outbox(db) == 1


def test_a_failure_inside_rolls_back_and_keeps_the_triggers(db: Database) -> None:
    before = _triggers(db)
    with (
        pytest.raises(RuntimeError),
        db.session() as session,
        capture.suspended(session.connection(), ["clients"]),
    ):
        session.add(Client(name="ЖК Демо", inn="7707083893"))
        session.flush()
        raise RuntimeError("boom")
    assert _triggers(db) == before
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM clients")) == 0
        session.add(Client(name="ЖК Настоящий", inn="7707083893"))
    assert _outbox(db) == 1


# --- insert_captured: one INSERT … SELECT instead of a trigger per row ---------------------------------
_SQL = "INSERT INTO locations (id, code, name, kind, address, created_by) VALUES (?, ?, ?, ?, ?, ?)"


def _rows(names: list[str]) -> list[tuple[str, ...]]:
    return [(uuid7().hex, f"К-{n}", name, "warehouse", "", "u") for n, name in enumerate(names)]


def _outbox_rows(db: Database) -> list[tuple[str, str, str, dict[str, object], object]]:
    with db.session() as session:
        rows = session.execute(
            text("SELECT table_name, row_id, kind, cols, base FROM sync_outbox ORDER BY seq")
        ).all()
    return [(t, r, k, json.loads(c), b) for t, r, k, c, b in rows]


def test_bulk_capture_writes_the_triggers_outbox_rows_in_insert_order(db: Database) -> None:
    names = [f"Склад «{n}»" for n in range(5)]
    by_trigger, in_bulk = _rows(names), _rows(names)
    with db.session() as session:
        session.connection().exec_driver_sql(_SQL, by_trigger)
    with db.session() as session:
        capture.insert_captured(session.connection(), Location.__table__, _SQL, in_bulk)
    rows = _outbox_rows(db)
    assert [r[1] for r in rows] == [r[0] for r in by_trigger + in_bulk]  # every row once, in order
    assert {r[2] for r in rows} == {"insert"} and {r[4] for r in rows} == {None}
    trigger_cols, bulk_cols = [r[3] for r in rows[:5]], [r[3] for r in rows[5:]]
    for made_by_trigger, made_in_bulk, row in zip(trigger_cols, bulk_cols, in_bulk, strict=True):
        assert list(made_in_bulk) == list(made_by_trigger)  # the same columns, in the same order
        assert made_in_bulk["id"] == row[0]
        differ = {"id", "created_at", "updated_at"}
        assert {k: v for k, v in made_in_bulk.items() if k not in differ} == {
            k: v for k, v in made_by_trigger.items() if k not in differ
        }
    with db.session() as session:
        assert session.scalar(text("SELECT active FROM sync_apply_guard WHERE id = 1")) == 0
        session.add(Location(code="П", name="После", kind=LocationKind.WAREHOUSE))  # triggers capture again
    assert len(_outbox_rows(db)) == 11


def test_bulk_capture_under_the_guard_captures_nothing(db: Database) -> None:
    with db.session() as session:
        conn = session.connection()
        conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 1 WHERE id = 1")
        capture.insert_captured(conn, Location.__table__, _SQL, _rows(["Склад с сервера"]))
        assert conn.exec_driver_sql("SELECT active FROM sync_apply_guard WHERE id = 1").scalar() == 1
        conn.exec_driver_sql("UPDATE sync_apply_guard SET active = 0 WHERE id = 1")
    assert _outbox_rows(db) == []


def test_a_failed_bulk_insert_leaves_the_guard_off_and_writes_nothing(db: Database) -> None:
    rows = _rows(["Склад 1", "Склад 2"])
    with pytest.raises(IntegrityError), db.session() as session:
        capture.insert_captured(session.connection(), Location.__table__, _SQL, [*rows, rows[0]])
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM locations")) == 0
        assert session.scalar(text("SELECT active FROM sync_apply_guard WHERE id = 1")) == 0
    assert _outbox_rows(db) == []


def test_an_insert_is_captured_as_the_same_text_by_json_object_or_the_aggregate(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Narrow tables' insert triggers build the row with ``json_object``, wide ones with the aggregate
    ``json_group_object``: the server must get the same text either way."""
    sql = (
        "INSERT INTO locations (id, code, name, kind, address, client_id, created_at, created_by, "
        "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)"
    )
    stamp = "2026-12-01 10:00:00.000000"
    values = ("К-1", 'Склад «Север» \\ "1"', "warehouse", "ул. Тверская, 1", stamp, "u", stamp, "u")
    ids = [uuid7().hex, uuid7().hex]
    with db.session() as session:
        session.connection().exec_driver_sql(sql, (ids[0], *values))
    monkeypatch.setattr(capture, "_JSON_OBJECT_MAX_PAIRS", 0)
    assert capture.install_capture(db.engine) > 0
    with db.session() as session:
        trigger = session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'sync_i_locations'"))
        assert "json_group_object" in trigger
        session.connection().exec_driver_sql(sql, (ids[1], *values))
    with db.session() as session:
        first, second = session.scalars(text("SELECT cols FROM sync_outbox ORDER BY seq")).all()
    assert first.replace(ids[0], "ID") == second.replace(ids[1], "ID")
