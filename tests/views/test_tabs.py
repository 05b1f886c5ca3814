"""Every list: its actions are real, its empty text promises only those, and every row opens something."""

from __future__ import annotations

from typing import Any

import pytest
from viewhelp import TODAY

from mos_desktop.documents.choices import printable_kinds
from mos_desktop.services.listing import LISTS, run_list
from mos_desktop.views.actions import ACTIONS, PROMISES
from mos_desktop.views.records import DIALOGS, REVERSERS, creatable
from mos_desktop.views.tabs import TABS, all_lists

MAY_BE_EMPTY = {"discrepancies", "overdue_orders"}  # a healthy ledger has none
NOT_RECORDS = {"discrepancies"}  # rows about a balance, not a record: nothing to open
LIST_IDS = [f"{tab.key}.{spec.key}" for tab, spec in all_lists()]


@pytest.mark.parametrize(("tab", "spec"), all_lists(), ids=LIST_IDS)
def test_list_offers_only_actions_it_has(tab: Any, spec: Any) -> None:
    assert spec.key in LISTS
    assert set(spec.actions) <= set(ACTIONS), spec.actions
    assert "open" in spec.actions or spec.key in NOT_RECORDS, (
        "every row opens its record (or the nearest one)"
    )
    if "new" in spec.actions:
        assert spec.creates in creatable(), f"Ctrl+N on {spec.key} has no dialog for {spec.creates!r}"
    for action, words in PROMISES.items():
        if action not in spec.actions:
            for word in words:
                assert word.lower() not in spec.empty_text.lower(), (
                    f"{spec.key}: the empty text promises «{word}», but the list has no {action!r}"
                )
    assert "пока недоступно" not in spec.empty_text
    if "reverse" in spec.actions:
        assert spec.kind in REVERSERS
    if "print" in spec.actions:
        assert spec.kind in printable_kinds(), f"{spec.key}: «Печать» on {spec.kind!r}, which has no form"


def test_every_declared_list_is_on_a_tab() -> None:
    shown = {spec.key for _tab, spec in all_lists()}
    assert set(LISTS) == shown
    assert len({tab.key for tab in TABS}) == 7


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: Any) -> Any:
    from mos_desktop.db import open_database
    from mos_desktop.demo import generate_demo

    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3", daily_backup=False)
    with database.session() as s:
        generate_demo(s, clients=30, months=4, today=TODAY)
    yield database
    database.dispose()


@pytest.mark.parametrize("key", sorted(LISTS))
def test_every_row_opens_a_dialog_or_its_nearest_record(demo_db: Any, key: str) -> None:
    """No dead ends: a row whose kind has no dialog yet opens its owner (an invoice opens its client)."""
    from mos_desktop.services.records.details import details, has_details
    from mos_desktop.services.records.nearest import nearest

    with demo_db.session() as s:
        listing = run_list(s, LISTS[key], today=TODAY)
        rows = [r for r in listing.rows if r.id is not None][:25]
        assert rows or key in MAY_BE_EMPTY, f"{key} has no openable rows on demo data"
        for row in rows:
            kind = row.kind or LISTS[key].kind
            target = nearest(s, kind, row.id, set(DIALOGS))
            if target is None:  # no owner with a dialog: the read-only view of the record itself
                assert has_details(kind), f"{key}: a {kind} row opens nothing"
                assert details(s, kind, row.id).fields
            else:
                assert target[0] in DIALOGS
