"""``capture.suspended``: writes inside are never queued for the server; capture works again after."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mos_desktop.db import Database
from mos_desktop.models import Client
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
