"""Move documents: every kind posts, nothing goes below zero, serials stay in one place, reversals undo."""

from __future__ import annotations

from datetime import date

import pytest
from stockhelp import TODAY, USER, post, yard

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import StockMove
from mos_desktop.services.stock.ledger import balances, serial_places
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves
from mos_desktop.services.stock.reversal import ReverseForm, reverse_move


def test_receipt_transfer_issue_return_write_off(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 10), ("CAM-1", 2, "C1, C2"), on=date(2026, 11, 1))
        post(s, "transfer", "RUM", "OFC", ("R-01", 4), ("CAM-1", 1, "C2"), on=date(2026, 11, 2))
        post(s, "issue", "OFC", "ЖК Альфа", ("R-01", 3), ("CAM-1", 1, "C2"), on=date(2026, 11, 3))
        post(s, "return", "CL-1", "RUM", ("R-01", 1), on=date(2026, 11, 4))
        post(s, "write_off", "RUM", None, ("R-01", 2), note="Брак", on=date(2026, 11, 5))
        got = balances(s)
        assert got[(y.reader.id, y.warehouse.id)] == 10 - 4 + 1 - 2
        assert got[(y.reader.id, y.office.id)] == 1
        assert got[(y.reader.id, y.site.id)] == 2
        assert got[(y.reader.id, y.write_off.id)] == 2
        assert serial_places(s, y.camera.id, ["C1", "C2"]) == {
            "C1": (y.warehouse.id, date(2026, 11, 1)),
            "C2": (y.site.id, date(2026, 11, 3)),
        }
        moves = s.query(StockMove).order_by(StockMove.document_ref).all()
        assert {m.document_ref for m in moves} == {f"Т1-{n:06d}" for n in range(1, 6)}
        assert {m.author for m in moves} == {USER}
        assert [m.kind for m in moves][:3] == ["receipt"] * 3  # one row per serial


def test_not_below_zero_names_item_location_and_balance(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 3), on=date(2026, 11, 1))
        with pytest.raises(ValidationError) as caught:
            post(s, "issue", "RUM", "CL-1", ("CAM-1", 0, ""), ("R-01", 2), ("R-01", 2))
    errors = {e.field: e.message for e in caught.value.errors}
    assert "lines[0].quantity" in errors
    assert errors["lines[2].quantity"].startswith(
        "Строка 3: «Считыватель» на «Склад Румянцево» остаток 3 шт, а нужно 4"
    )


def test_back_dated_issue_may_not_make_a_later_day_negative(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 5), on=date(2026, 11, 10))
        post(s, "issue", "RUM", "CL-1", ("R-01", 5), on=date(2026, 11, 12))
        with pytest.raises(ValidationError, match="остаток 0 шт"):
            post(s, "issue", "RUM", "CL-1", ("R-01", 1), on=date(2026, 11, 11))
        with pytest.raises(ValidationError, match="остаток 0 шт"):
            post(s, "issue", "RUM", "CL-1", ("R-01", 1), on=date(2026, 11, 9))


def test_serial_rules(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("CAM-1", 2, "C1 C2"), on=date(2026, 11, 1))
        post(s, "transfer", "RUM", "OFC", ("CAM-1", 1, "C1"), on=date(2026, 11, 2))
        with pytest.raises(ValidationError) as caught:
            post(s, "issue", "RUM", "CL-1", ("CAM-1", 1, "C1"))
        assert caught.value.errors[0].field == "lines[0].serials"
        assert "C1 числится в «Офис», а не на «Склад Румянцево»" in caught.value.message
        with pytest.raises(ValidationError, match="нужно 2 номер"):
            post(s, "issue", "RUM", "CL-1", ("CAM-1", 2, "C2"))
        with pytest.raises(ValidationError, match="C2 уже числится в «Склад Румянцево»"):
            post(s, "receipt", "SUP-1", "RUM", ("CAM-1", 1, "C2"))
        with pytest.raises(ValidationError, match="указан дважды"):
            post(s, "receipt", "SUP-1", "RUM", ("CAM-1", 2, "C7 C7"))
        with pytest.raises(ValidationError, match="без учёта серийных номеров"):
            post(s, "receipt", "SUP-1", "RUM", ("R-01", 1, "X"))
        with pytest.raises(ValidationError, match="нигде не числится"):
            post(s, "issue", "RUM", "CL-1", ("CAM-1", 1, "C9"))


def test_routes_and_required_fields(db: Database) -> None:
    with db.session() as s:
        yard(s)
        with pytest.raises(ValidationError) as caught:
            post_moves(s, MoveForm("issue", "RUM", "OFC", []), user=USER, today=TODAY)
        fields = {e.field for e in caught.value.errors}
        assert fields == {"to_location", "lines"}
        with pytest.raises(ValidationError) as caught:
            post(s, "write_off", "RUM", "WO", ("R-01", 1))
        assert caught.value.errors[0].field == "note"
        with pytest.raises(ValidationError, match="места «НЕТ» нет"):
            post(s, "transfer", "НЕТ", "OFC", ("R-01", 1))
        with pytest.raises(ValidationError, match="товара с артикулом «Z-9» нет"):
            post(s, "receipt", "SUP-1", "RUM", ("Z-9", 1))
        with pytest.raises(ValidationError, match="позже сегодняшнего"):
            post(s, "receipt", "SUP-1", "RUM", ("R-01", 1), on=date(2026, 11, 24))
        assert s.query(StockMove).count() == 0


def test_reversal_restores_and_is_refused_twice(db: Database) -> None:
    with db.session() as s:
        y = yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 5), ("CAM-1", 1, "C1"), on=date(2026, 11, 1))
        before = balances(s)
        post(s, "issue", "RUM", "CL-1", ("R-01", 2), ("CAM-1", 1, "C1"), on=date(2026, 11, 2))
        changes = reverse_move(
            s, ReverseForm("Т1-000002", "не тот клиент", series="Т1"), user=USER, today=TODAY
        )
        assert "Сторно Т1-000003" in changes.message
        after = balances(s)
        assert {k: v for k, v in after.items() if v} == {k: v for k, v in before.items() if v}
        assert serial_places(s, y.camera.id, ["C1"])["C1"][0] == y.warehouse.id
        with pytest.raises(ValidationError, match="уже сторнирован"):
            reverse_move(s, ReverseForm("Т1-000002", "ещё раз"), user=USER, today=TODAY)
        with pytest.raises(ValidationError, match="его не сторнируют"):
            reverse_move(s, ReverseForm("Т1-000003", "ещё раз"), user=USER, today=TODAY)
        with pytest.raises(ValidationError, match="Причина сторно"):
            reverse_move(s, ReverseForm("Т1-000001", ""), user=USER, today=TODAY)


def test_reversal_refused_when_the_goods_have_moved_on(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 5), on=date(2026, 11, 1))
        post(s, "issue", "RUM", "CL-1", ("R-01", 5), on=date(2026, 11, 2))
        with pytest.raises(ValidationError, match=r"Сторно невозможно: .*остаток 0 шт"):
            reverse_move(s, ReverseForm("Т1-000001", "ошибка"), user=USER, today=TODAY)


def test_document_number_given_twice_is_refused(db: Database) -> None:
    with db.session() as s:
        yard(s)
        post(s, "receipt", "SUP-1", "RUM", ("R-01", 5), document_ref="ПН-7")
        with pytest.raises(ValidationError, match="«ПН-7» уже проведён"):
            post(s, "receipt", "SUP-1", "RUM", ("R-01", 5), document_ref="ПН-7")


def test_series_falls_back_to_the_workstation(db: Database) -> None:
    with db.session() as s:
        yard(s)
        form = MoveForm("receipt", "SUP-1", "RUM", [MoveLineForm("R-01", "1")])
        changes = post_moves(s, form, user=USER, today=TODAY)
        ref = s.get(StockMove, changes.record_id).document_ref  # type: ignore[union-attr]
    series, number = ref.split("-")
    assert series[:2] == "РМ" and series[2:].isdigit() and len(series) == 8 and number == "000001"
    assert series[2:].isascii()  # digits only: no Latin letters beside the Cyrillic «РМ»


def test_a_number_shared_by_two_workstations_documents_is_not_reversed_by_number(db: Database) -> None:
    """A supplier's waybill «15» typed on two workstations offline: sync brings both documents; reversing
    «15» would undo both, so it is refused and the move is to be picked instead."""
    with db.session() as s:
        y = yard(s)
        mine = post(
            s, "receipt", "SUP-1", "RUM", ("R-01", 5), ("R-01", 1), on=date(2026, 11, 2), document_ref="15"
        )
        s.add(  # the other workstation's document, as sync brings it
            StockMove(
                item_id=y.reader.id,
                quantity=3,
                from_location_id=y.supplier.id,
                to_location_id=y.office.id,
                moved_on=date(2026, 11, 3),
                document_ref="15",
                author="Петров П.",
                kind="receipt",
                created_by="Петров П.",
                updated_by="Петров П.",
            )
        )
        s.flush()
        with pytest.raises(ValidationError) as caught:
            reverse_move(s, ReverseForm("15", "ошибка"), user=USER, today=TODAY)
        (error,) = caught.value.errors
        assert "«15»" in error.message and "2 документ" in error.message
        assert "02.11.2026" in error.message and "Петров П." in error.message
        changes = reverse_move(s, ReverseForm(mine[0], "ошибка"), user=USER, today=TODAY)  # by the move: fine
        assert len(changes.ids) == 1
