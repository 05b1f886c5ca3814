"""The shared tint rule (``levels.due_level``), the urgency order, and the shared query helpers and text
pieces the agenda sources use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import client, interaction, msk, shipment
from sqlalchemy import select

from mos_desktop.db import Database
from mos_desktop.models import Client, Interaction, InteractionKind, Shipment
from mos_desktop.services.agenda.task import joined, short
from mos_desktop.services.levels import due_level, urgency_key
from mos_desktop.services.queries import live_client_of, with_client_name

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("offset", "soon_days", "level"),
    [
        (-30, 0, "danger"),
        (-1, 0, "danger"),
        (0, 0, "warning"),
        (1, 0, ""),
        (-1, 3, "danger"),
        (0, 3, "warning"),
        (3, 3, "warning"),
        (4, 3, ""),
    ],
)
def test_due_level_past_soon_and_later(offset: int, soon_days: int, level: str) -> None:
    assert due_level(TODAY + timedelta(days=offset), TODAY, soon_days=soon_days) == level


def test_due_level_without_a_day_is_plain() -> None:
    assert due_level(None, TODAY) == ""
    assert due_level(None, TODAY, soon_days=7) == ""


def test_urgency_key_orders_danger_warning_plain_info_ok_then_the_rest() -> None:
    levels = ["ok", "info", "", "warning", "danger", "unknown"]
    assert sorted(levels, key=urgency_key) == ["danger", "warning", "", "unknown", "info", "ok"]
    pairs = [("warning", 2), ("danger", 5), ("warning", 1)]
    assert sorted(pairs, key=lambda p: urgency_key(*p)) == [("danger", 5), ("warning", 1), ("warning", 2)]


def test_with_client_name_skips_deleted_rows_and_deleted_clients(db: Database) -> None:
    deleted_at = msk(TODAY - timedelta(days=1))
    with db.session() as s:
        alive, gone = client(s, "ЖК Живой"), client(s, "ЖК Удалённый", inn="7736050003")
        interaction(s, alive, msk(TODAY, 9), InteractionKind.CALL_MISSED, summary="нужен")
        interaction(s, alive, msk(TODAY, 10), InteractionKind.CALL_OUT, summary="не тот вид")
        interaction(
            s, alive, msk(TODAY, 11), InteractionKind.CALL_MISSED, summary="удалён", deleted_at=deleted_at
        )
        interaction(s, gone, msk(TODAY, 12), InteractionKind.CALL_MISSED, summary="клиент удалён")
        gone.deleted_at = deleted_at
        s.flush()
        query = with_client_name(Interaction, Interaction.kind == InteractionKind.CALL_MISSED)
        found = [(row.summary, name) for row, name in s.execute(query)]
    assert found == [("нужен", "ЖК Живой")]


def test_live_client_of_keeps_the_row_but_not_a_deleted_client_in_an_outer_join(db: Database) -> None:
    with db.session() as s:
        alive, gone = client(s, "ЖК Живой"), client(s, "ЖК Удалённый", inn="7736050003")
        shipment(s, "1", alive)
        shipment(s, "2", gone)
        shipment(s, "3")
        gone.deleted_at = msk(TODAY)
        s.flush()
        query = (
            select(Shipment.number, Client.name)
            .outerjoin(Client, live_client_of(Shipment))
            .order_by(Shipment.number)
        )
        found = [tuple(r) for r in s.execute(query)]
    assert found == [("1", "ЖК Живой"), ("2", None), ("3", None)]


def test_joined_drops_empty_parts_and_short_folds_and_cuts() -> None:
    assert joined(["№ 5", "", None, "В пути"]) == "№ 5, В пути"
    assert joined(["а", "б"], "; ") == "а; б"
    assert joined([None, ""]) == ""
    assert short("  два \n слова ") == "два слова"
    assert short("x" * 10, 5) == "xxxx…"
    assert short("x" * 5, 5) == "xxxxx"
