"""The count dialog's reads: a sheet of what the ledger expects at a location, a saved count with the
items not yet counted, and saving + confirming in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from stockhelp import TODAY, USER, post, yard

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import StockMove
from mos_desktop.services.stock.counts import (
    CountForm,
    CountLineForm,
    PostCountForm,
    count_sheet,
    load_count,
    post_count,
    save_count,
)
from mos_desktop.services.stock.ledger import balances


def test_sheet_then_saved_count_then_posted(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), ("CAM-1", 2, "C1 C2"), on=date(2026, 11, 1))
        sheet = count_sheet(s, y.warehouse.id, date(2026, 11, 20))
        assert [(line.sku, line.expected, line.serial_tracked) for line in sheet.lines] == [
            ("CAM-1", 2, True),
            ("R-01", 10, False),
        ]
        assert sheet.lines[0].expected_serials == ("C1", "C2")
        assert count_sheet(s, y.warehouse.id, date(2026, 10, 1)).lines == []  # nothing there yet
        with pytest.raises(ValidationError, match="не считают"):
            count_sheet(s, y.write_off.id, TODAY)

        saved = save_count(
            s,
            CountForm(y.warehouse.id, date(2026, 11, 20), [CountLineForm("R-01", "9")]),
            user=USER,
            today=TODAY,
        )
        assert saved.record_id is not None
        loaded = load_count(s, saved.record_id)
        assert not loaded.closed and loaded.location == "Склад Румянцево"
        by_sku = {line.sku: line for line in loaded.lines}
        assert by_sku["R-01"].counted == 9 and by_sku["CAM-1"].counted is None  # not counted yet

        form = CountForm(
            y.warehouse.id,
            date(2026, 11, 20),
            [CountLineForm("R-01", "9"), CountLineForm("CAM-1", "", "C1")],
            count_id=saved.record_id,
        )
        changes = post_count(s, PostCountForm(form, "Т1"), user=USER, today=TODAY)
        assert "корректировок 2" in changes.message
        assert balances(s)[(y.reader.id, y.warehouse.id)] == 9
        closed = load_count(s, saved.record_id)
        assert closed.closed and closed.document_ref.startswith("Т1-")
        assert {line.sku: line.expected for line in closed.lines} == {"R-01": 10, "CAM-1": 2}
        assert s.query(StockMove).filter_by(kind="adjustment").count() == 2
