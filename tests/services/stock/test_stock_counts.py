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
    count_sheet,
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


def _saved(s, day, *lines):  # type: ignore[no-untyped-def]
    saved = save_count(s, CountForm("RUM", day, list(lines)), user=USER, today=TODAY)
    assert saved.record_id is not None
    return saved.record_id


def test_a_back_dated_shortage_may_not_make_a_later_day_negative(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), on=date(2026, 11, 1))
        post(s, "issue", "RUM", "CL-1", ("R-01", 9), on=date(2026, 11, 21))
        count_id = _saved(s, date(2026, 11, 20), CountLineForm("R-01", "8"))  # 2 short on the 20th
        with pytest.raises(ValidationError) as caught:
            confirm_count(s, ConfirmCountForm(count_id), user=USER, today=TODAY)
        (error,) = caught.value.errors
        assert error.field == "lines[0].counted"
        assert "«Считыватель»" in error.message and "«Склад Румянцево»" in error.message
        assert "остаток 1 " in error.message and "недостача 2" in error.message
        assert s.query(StockMove).filter_by(kind="adjustment").count() == 0
        assert balances(s)[(y.reader.id, y.warehouse.id)] == 1


def test_two_workstations_confirming_the_same_count_post_the_same_rows(db: Database) -> None:
    """Adjustment ids derive from the count, item, location and serial: the second confirm merges."""
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), ("CAM-1", 2, "C1 C2"), on=date(2026, 11, 1))
        count_id = _saved(
            s, date(2026, 11, 20), CountLineForm("R-01", "8"), CountLineForm("CAM-1", serials="C1 C5")
        )
    posted = []
    for series in ("Т1", "Т2"):  # the same saved count, confirmed on each workstation offline
        with db.session_factory() as s:
            confirm_count(s, ConfirmCountForm(count_id, series=series), user=USER, today=TODAY)
            moves = s.query(StockMove).filter_by(kind="adjustment").all()
            posted.append(sorted((m.id, m.item_id, m.serial, m.quantity, m.from_location_id) for m in moves))
            s.rollback()
    assert len(posted[0]) == 3 and posted[0] == posted[1]


def test_serials_are_counted_as_of_the_count_day(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("CAM-1", 2, "C1 C2"), on=date(2026, 11, 1))
        post(s, "issue", "RUM", "CL-1", ("CAM-1", 1, "C2"), on=date(2026, 11, 15))  # after the count day
        assert count_sheet(s, y.warehouse.id, date(2026, 11, 10)).lines[0].expected_serials == ("C1", "C2")
        both = _saved(s, date(2026, 11, 10), CountLineForm("CAM-1", serials="C1 C2"))
        changes = confirm_count(s, ConfirmCountForm(both), user=USER, today=TODAY)
        assert "расхождений нет" in changes.message
        missing = _saved(s, date(2026, 11, 10), CountLineForm("CAM-1", serials="C1"))
        with pytest.raises(ValidationError, match="C2 перемещён позже"):
            confirm_count(s, ConfirmCountForm(missing), user=USER, today=TODAY)
