"""Stock counts: saved open, confirmed once; differences become adjustment moves against the ledger."""

from __future__ import annotations

from datetime import date

import pytest
from stockhelp import TODAY, USER, post, yard

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import StockCountLine, StockMove
from mos_desktop.services.stock.counts import (
    ConfirmCountForm,
    CountForm,
    CountLineForm,
    confirm_count,
    save_count,
)
from mos_desktop.services.stock.ledger import balances, serial_places


def test_count_posts_shortage_and_surplus_on_confirmation(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), ("CAM-1", 2, "C1 C2"), on=date(2026, 11, 1))
        form = CountForm(
            "RUM",
            date(2026, 11, 20),
            [CountLineForm("R-01", "8"), CountLineForm("CAM-1", serials="C1 C5")],
        )
        saved = save_count(s, form, user=USER, today=TODAY)
        assert s.query(StockMove).filter_by(kind="adjustment").count() == 0  # nothing until confirmed
        lines = {line.item_id: line for line in s.query(StockCountLine)}
        assert (lines[y.reader.id].expected, lines[y.reader.id].counted) == (10, 8)
        assert saved.record_id is not None
        changes = confirm_count(s, ConfirmCountForm(saved.record_id, series="Т1"), user=USER, today=TODAY)
        assert "корректировок 3" in changes.message
        got = balances(s)
        assert got[(y.reader.id, y.warehouse.id)] == 8
        assert got[(y.camera.id, y.warehouse.id)] == 2
        places = serial_places(s, y.camera.id, ["C1", "C2", "C5"])
        assert places["C2"][0] == y.write_off.id and places["C5"][0] == y.warehouse.id
        with pytest.raises(ValidationError, match="уже проведена"):
            confirm_count(s, ConfirmCountForm(saved.record_id), user=USER, today=TODAY)


def test_count_refuses_unknown_items_and_outside_locations(db: Database) -> None:
    with db.session() as s:
        yard(s)
        with pytest.raises(ValidationError) as caught:
            save_count(
                s,
                CountForm("WO", None, [CountLineForm("Z", "1"), CountLineForm("R-01", "-1")]),
                user=USER,
                today=TODAY,
            )
    assert {e.field for e in caught.value.errors} == {"location", "lines[0].sku", "lines[1].counted"}
