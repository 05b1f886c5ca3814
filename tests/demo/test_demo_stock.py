"""The demo's stock moves carry their kind (Движения → «Вид» tells receipts, transfers, issues, write-offs,
count adjustments and reversals apart), each along a route the keeper's command would take."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import select

from mos_desktop.db import open_database
from mos_desktop.demo import generate_demo
from mos_desktop.models import Location, MoveKind, StockMove
from mos_desktop.services.stock.moves import ROUTES

TODAY = date(2026, 11, 23)


def test_every_demo_move_has_a_kind_on_its_route(tmp_path: Path) -> None:
    database = open_database(tmp_path / "demo.sqlite3", daily_backup=False)
    try:
        with database.session() as s:
            generate_demo(s, clients=30, months=4, seed=3, today=TODAY)
        with database.session() as s:
            kinds = {loc.id: loc.kind for loc in s.scalars(select(Location))}
            seen: Counter[str] = Counter()
            for move in s.scalars(select(StockMove)):
                seen[move.kind] += 1
                if move.kind == MoveKind.REVERSAL:
                    assert move.reverses_move_id is not None
                    continue
                source, target = kinds[move.from_location_id], kinds[move.to_location_id]
                routes = ROUTES[MoveKind(move.kind)]
                assert any(source in a and target in b for a, b in routes), (move.kind, source, target)
        assert "" not in seen
        assert {"receipt", "transfer", "issue", "write_off", "adjustment", "reversal"} <= set(seen)
    finally:
        database.dispose()
