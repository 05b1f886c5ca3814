"""The fast paths of the stock ledger give the same answers and write the same rows as the plain ones:
the Core insert of a move records what the ORM would, the one-statement no-negative check equals a replay
day by day, the report leaves the date test out only when no move is dated later."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from stockhelp import TODAY, USER, post, yard

from mos_desktop.db import Database
from mos_desktop.ids import uuid7
from mos_desktop.models import StockMove
from mos_desktop.services.stock.ledger import balances, lowest_from, lowest_many, raw_balances
from mos_desktop.services.stock.lists import KIND_ORDER, stock_rows

STAMPS = {"id", "created_at", "updated_at"}


def _row(s: Session, move_id: uuid.UUID) -> dict[str, Any]:
    got = s.execute(text("SELECT * FROM stock_moves WHERE id = :id"), {"id": move_id.hex}).mappings().one()
    return {k: v for k, v in got.items() if k not in STAMPS}


def _captured(s: Session, move_id: uuid.UUID) -> tuple[dict[str, Any], Any]:
    cols, base = s.execute(
        text("SELECT cols, base FROM sync_outbox WHERE table_name = 'stock_moves' AND row_id = :id"),
        {"id": move_id.hex},
    ).one()
    return {k: v for k, v in json.loads(cols).items() if k not in STAMPS}, base


def test_posted_move_is_stored_and_captured_as_an_orm_insert(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), on=TODAY - timedelta(days=3))
        posted = post(
            s, "transfer", "RUM", "OFC", ("R-01", 4), on=TODAY - timedelta(days=1), note="На монтаж"
        )
        [posted_id] = posted
        mine = s.get(StockMove, posted_id)
        assert mine is not None and mine.version == 0 and mine.created_by == USER
        twin = StockMove(
            id=uuid7(),
            item_id=y.reader.id,
            quantity=4,
            from_location_id=y.warehouse.id,
            to_location_id=y.office.id,
            moved_on=TODAY - timedelta(days=1),
            document_ref=mine.document_ref,
            author=USER,
            kind="transfer",
            note="На монтаж",
            created_by=USER,
            updated_by=USER,
        )
        s.add(twin)
        s.flush()
        assert _row(s, posted_id) == _row(s, twin.id)
        assert _captured(s, posted_id) == _captured(s, twin.id)
        assert set(json.loads(s.execute(text("SELECT cols FROM sync_outbox LIMIT 1")).scalar_one())) >= STAMPS


def _replay_lowest(moves: list[StockMove], item_id: uuid.UUID, location_id: uuid.UUID, day: date) -> int:
    per_day: dict[date, int] = defaultdict(int)
    per_day[day] = 0  # the balance on the day itself counts, moves or not
    for m in moves:
        if m.item_id != item_id:
            continue
        if m.to_location_id == location_id:
            per_day[max(m.moved_on, day)] += m.quantity
        if m.from_location_id == location_id:
            per_day[max(m.moved_on, day)] -= m.quantity
    running, lowest = 0, None
    for on in sorted(per_day):
        running += per_day[on]
        lowest = running if lowest is None else min(lowest, running)
    assert lowest is not None
    return lowest


def test_lowest_many_equals_a_replay_for_every_item_and_day(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        start = TODAY - timedelta(days=10)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), ("CAM-1", 2, "C1 C2"), on=start)
        post(s, "transfer", "RUM", "OFC", ("R-01", 6), on=start + timedelta(days=2))
        post(s, "transfer", "OFC", "RUM", ("R-01", 2), on=start + timedelta(days=4))
        post(s, "issue", "RUM", "CL-1", ("R-01", 5), ("CAM-1", 1, "C2"), on=start + timedelta(days=6))
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 3), on=start + timedelta(days=8))
        moves = list(s.scalars(select(StockMove)))
        items = [y.reader.id, y.camera.id]
        for place in (y.warehouse, y.office, y.site, y.supplier):
            for back in range(12):
                day = TODAY - timedelta(days=back)
                got = lowest_many(s, items, place.id, day)
                assert got == {i: _replay_lowest(moves, i, place.id, day) for i in items}, (place.code, day)
                assert got[y.reader.id] == lowest_from(s, y.reader.id, place.id, day)
        assert lowest_many(s, [], y.warehouse.id, TODAY) == {}


def test_report_date_test_left_out_only_when_no_move_is_later(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), on=TODAY - timedelta(days=2))
        post(s, "transfer", "RUM", "OFC", ("R-01", 4), on=TODAY)
        key = (y.reader.id.hex, y.warehouse.id.hex)
        assert raw_balances(s, as_of=TODAY - timedelta(days=1))[key] == 10  # the later move excluded
        assert raw_balances(s, as_of=TODAY)[key] == 6
        assert raw_balances(s, as_of=TODAY + timedelta(days=30))[key] == 6
        assert raw_balances(s, as_of=TODAY - timedelta(days=3)) == {}
        assert balances(s, as_of=TODAY - timedelta(days=1))[(y.reader.id, y.warehouse.id)] == 10
        assert balances(s, item_ids=[]) == {}
        assert balances(s, item_ids=[y.camera.id]) == {}


def test_report_rows_in_order_and_read_by_attribute(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), ("CAM-1", 2, "C1 C2"), on=TODAY)
        post(s, "transfer", "RUM", "TRN", ("R-01", 3), on=TODAY)
        post(s, "transfer", "RUM", "OFC", ("R-01", 2), ("CAM-1", 1, "C1"), on=TODAY)
        post(s, "issue", "OFC", "CL-1", ("R-01", 1), on=TODAY)
        rows = stock_rows(s, as_of=TODAY)
        assert rows == sorted(rows, key=lambda r: (r.sku, r.name, KIND_ORDER[r.location_kind], r.location))
        assert [(r.sku, r.location_code, r.on_hand) for r in rows] == [
            ("CAM-1", "RUM", 1),
            ("CAM-1", "OFC", 1),
            ("R-01", "RUM", 5),
            ("R-01", "OFC", 1),
            ("R-01", "TRN", 3),
            ("R-01", "CL-1", 1),
        ]
        assert len({rows[0], rows[0]}) == 1  # immutable and hashable, as before
