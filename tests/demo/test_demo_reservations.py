"""The demo plans only shipments the warehouse can cover: the units reserved for planned and agreed
shipments are on hand at Румянцево today, so «Остатки» never shows negative free stock (a trial saw −4
and −5 on barriers and GSM controllers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mos_desktop.db import open_database
from mos_desktop.demo import generate_demo
from mos_desktop.services.stock.lists import stock_rows
from mos_desktop.services.stock.reservations import reserved_by_item

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("seed", [1, 5])
def test_no_location_has_negative_free_stock_today(tmp_path: Path, seed: int) -> None:
    database = open_database(tmp_path / "demo.sqlite3", daily_backup=False)
    try:
        with database.session() as s:
            generate_demo(s, clients=60, months=4, seed=seed, today=TODAY)
        with database.session() as s:
            assert reserved_by_item(s), "the demo should have open shipments reserving stock"
            rows = stock_rows(s, as_of=TODAY)
            negative = [(r.sku, r.location, r.on_hand, r.reserved, r.free) for r in rows if r.free < 0]
            assert negative == []
            assert any(r.reserved > 0 for r in rows)
    finally:
        database.dispose()
