"""Two and three replicas against a real PostgreSQL: convergence, merge, conflicts, tombstones, ledgers."""

from __future__ import annotations

import pytest
from synchelp import (
    conflicts,
    edit,
    get,
    move,
    new_client,
    new_stock,
    outbox,
    server_rows,
    sync,
    table_dump,
)

from mos_desktop.models import Client, StockMove, synced_tables

pytestmark = pytest.mark.pg


def test_two_replicas_converge_after_edits_both_ways(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c1 = new_client(a, "Альфа")
    sync(a, server)
    sync(b, server)
    assert get(b, Client, c1).name == "Альфа"
    c2 = new_client(b, "Бета")
    edit(b, Client, c1, phone="+7 495 000-00-01")
    edit(a, Client, c1, email="alfa@example.ru")
    for r in (a, b, a, b):
        sync(r, server)
    for r in (a, b):
        assert get(r, Client, c1).phone == "+7 495 000-00-01"
        assert get(r, Client, c1).email == "alfa@example.ru"
        assert get(r, Client, c2).name == "Бета"
        assert outbox(r) == []
    for t in synced_tables():
        assert table_dump(a, t.name) == table_dump(b, t.name), t.name
    assert conflicts(a) == [] and conflicts(b) == []
    (version,) = server_rows(server, "SELECT version FROM clients WHERE id = %s", (c1,))[0]
    assert get(a, Client, c1).version == version > 0


def test_pulled_changes_are_not_captured_again(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    new_client(a)
    sync(a, server)
    report = sync(b, server)
    assert report.pulled >= 1
    assert outbox(b) == []


def test_same_column_concurrent_edits_make_exactly_one_conflict(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c = new_client(a, "Исходное")
    sync(a, server)
    sync(b, server)
    edit(a, Client, c, name="От А")
    edit(b, Client, c, name="От Б")
    sync(a, server)
    report = sync(b, server)
    assert report.conflicts == 1
    sync(a, server)
    for r in (a, b):
        assert get(r, Client, c).name == "От А"  # the server keeps what it had
        (conflict,) = conflicts(r)
        assert conflict["column"] == "name"
        assert (conflict["base"], conflict["mine"], conflict["theirs"]) == ("Исходное", "От Б", "От А")
        assert conflict["mine_by"] != conflict["theirs_by"] != ""


def test_different_column_edits_never_conflict(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c = new_client(a)
    sync(a, server)
    sync(b, server)
    edit(a, Client, c, phone="111")
    edit(b, Client, c, email="b@example.ru", monthly_fee_kop=2_500_00)
    sync(a, server)
    sync(b, server)
    sync(a, server)
    for r in (a, b):
        row = get(r, Client, c)
        assert (row.phone, row.email, row.monthly_fee_kop) == ("111", "b@example.ru", 2_500_00)
        assert conflicts(r) == []


def test_ledger_inserts_from_two_replicas_are_a_union(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    item, src, dst = new_stock(a)
    sync(a, server)
    sync(b, server)
    m1 = move(a, item, src, dst, 5)
    m2 = move(b, item, src, dst, 7)
    m3 = move(b, item, dst, src, 2)
    for r in (a, b, a):
        sync(r, server)
    for r in (a, b):
        assert {get(r, StockMove, m).quantity for m in (m1, m2, m3)} == {5, 7, 2}
        assert conflicts(r) == []
    assert table_dump(a, "stock_moves") == table_dump(b, "stock_moves")


def test_two_offline_issues_of_the_last_units_both_stay_and_show_a_negative_balance(server, replicas) -> None:
    """DESIGN 5: a balance that goes negative after merge is a visible discrepancy; no move is dropped."""
    from datetime import date

    from mos_desktop.services.stock.lists import list_balances

    a, b = replicas("a"), replicas("b")
    item, supplier, warehouse = new_stock(a)
    move(a, item, supplier, warehouse, 5)
    sync(a, server)
    sync(b, server)
    move(a, item, warehouse, supplier, 5)  # both keepers send back the same last five, offline
    move(b, item, warehouse, supplier, 5)
    for r in (a, b, a):
        sync(r, server)
    for r in (a, b):
        with r.session() as s:
            listing = list_balances(s, today=date(2026, 11, 23))
        (row,) = listing.rows
        assert listing.value(row, "on_hand") == -5 and row.level == "danger"
        assert "с отрицательным остатком: 1" in listing.summary
        assert conflicts(r) == []


def test_delete_on_one_replica_and_edit_on_another_stays_deleted(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c = new_client(a)
    sync(a, server)
    sync(b, server)
    with a.engine.begin() as conn:  # raw SQL delete: becomes a tombstone
        conn.exec_driver_sql("DELETE FROM clients WHERE id = ?", (c.hex,))
    edit(b, Client, c, notes="важная заметка")
    sync(a, server)
    report = sync(b, server)
    sync(a, server)
    assert report.rejected == 1
    for r in (a, b):
        row = get(r, Client, c)
        assert row is not None and row.deleted_at is not None
    with b.engine.connect() as conn:
        (reason, cols) = conn.exec_driver_sql("SELECT reason, cols FROM sync_rejected").one()
    assert "удалена" in reason and "важная заметка" in cols  # nothing lost: the edit is kept with a reason
    # and an undelete attempt does not bring it back
    edit(b, Client, c, deleted_at=None)
    sync(b, server)
    assert get(b, Client, c).deleted_at is not None


def test_conflict_after_pulling_past_theirs_still_converges(server, replicas) -> None:
    """B pulls A's change while its own edit of the same column is unsent, then pushes: conflict, and B
    ends with the server's value, not its own refused one."""
    a, b = replicas("a"), replicas("b")
    c = new_client(a, "Исходное")
    sync(a, server)
    sync(b, server)
    edit(a, Client, c, name="От А")
    sync(a, server)
    edit(b, Client, c, name="От Б")
    from mos_desktop.sync.connection import connect
    from mos_desktop.sync.pull import pull
    from mos_desktop.sync.tables import specs

    with connect(server) as pg:
        pull(b.engine, pg, specs())
    assert get(b, Client, c).name == "От Б"  # unsent local edit stays on top
    report = sync(b, server)
    assert report.conflicts == 1
    assert get(b, Client, c).name == "От А"
    assert table_dump(a, "clients") == table_dump(b, "clients")


def test_the_same_client_added_on_two_workstations_offline_is_one_client(server, replicas) -> None:
    """Two managers import (or type in) the same client offline: one row everywhere, keyed by ИНН;
    a field they filled in differently is a visible conflict, not a second client."""
    from datetime import date

    from mos_desktop.services.client_card import ClientCard
    from mos_desktop.services.clients import save_client

    a, b = replicas("a"), replicas("b")
    for r, phone in ((a, "+7 495 111-11-11"), (b, "+7 495 222-22-22")):
        with r.session() as s:
            card = ClientCard(name="ООО Ромашка", inn="7707083893", status="active", phone=phone)
            save_client(s, card, user="тест", today=date(2026, 11, 23))
    for r in (a, b, a):
        sync(r, server)
    assert server_rows(server, "SELECT count(*) FROM clients WHERE inn = '7707083893'") == [(1,)]
    for r in (a, b):
        with r.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM clients").scalar() == 1
    assert [c["column"] for c in conflicts(b)] == ["phone"]


def test_a_conflict_names_the_people_not_the_workstations(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c = new_client(a, "Исходное")
    sync(a, server)
    sync(b, server)
    edit(a, Client, c, name="От А", notes="тоже А", updated_by="Иванова М. С.")
    edit(b, Client, c, name="От Б", phone="+7 495 000-00-02", updated_by="Петров П. П.")
    sync(a, server)
    sync(b, server)  # phone applies, name conflicts: the row changes in the same op
    (conflict,) = conflicts(b)
    assert (conflict["mine_by"], conflict["theirs_by"]) == ("Петров П. П.", "Иванова М. С.")
