"""Resolving conflicts ("оставить моё" / "принять их") as ordinary edits that sync to everyone."""

from __future__ import annotations

import pytest
from synchelp import edit, get, new_client, outbox, server_rows, sync

from mos_desktop.errors import NotFoundError, UserError
from mos_desktop.models import Client
from mos_desktop.sync.commands import list_conflicts, resolve_conflict

pytestmark = pytest.mark.pg


def _conflict_on_name(server, replicas):  # type: ignore[no-untyped-def]
    a, b = replicas("a"), replicas("b")
    c = new_client(a, "Исходное")
    sync(a, server)
    sync(b, server)
    edit(a, Client, c, name="От А")
    edit(b, Client, c, name="От Б")
    sync(a, server)
    assert sync(b, server).conflicts == 1
    sync(a, server)
    (conflict,) = list_conflicts(b)
    return a, b, c, conflict


def test_keep_mine_writes_my_value_everywhere_and_resolves_for_all(server, replicas) -> None:
    a, b, c, conflict = _conflict_on_name(server, replicas)
    assert get(b, Client, c).name == "От А"
    resolve_conflict(b, conflict["id"], "mine", user="Петрова")
    assert get(b, Client, c).name == "От Б" and get(b, Client, c).updated_by == "Петрова"
    assert len(outbox(b)) == 2  # the row edit and the conflict's resolution, captured like any edit
    assert list_conflicts(b) == []
    report = sync(b, server)
    assert report.conflicts == 0 and report.rejected == 0
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("От Б",)]
    assert server_rows(server, "SELECT resolved_by FROM sync_conflicts") == [("Петрова",)]
    sync(a, server)
    assert get(a, Client, c).name == "От Б"
    assert list_conflicts(a) == []
    (resolved,) = list_conflicts(a, include_resolved=True)
    assert resolved["resolved_at"] is not None
    with pytest.raises(UserError, match="уже решён"):
        resolve_conflict(a, conflict["id"], "theirs", user="Иванова")


def test_accept_theirs_leaves_the_row_and_resolves_for_all(server, replicas) -> None:
    a, b, c, conflict = _conflict_on_name(server, replicas)
    version = server_rows(server, "SELECT version FROM clients WHERE id = %s", (c,))
    resolve_conflict(b, conflict["id"], "theirs", user="Петрова")
    assert len(outbox(b)) == 1  # only the resolution
    sync(b, server)
    sync(a, server)
    assert server_rows(server, "SELECT version FROM clients WHERE id = %s", (c,)) == version  # untouched
    for r in (a, b):
        assert get(r, Client, c).name == "От А"
        assert list_conflicts(r) == []


def test_keep_mine_after_a_further_edit_makes_a_new_conflict_not_a_lost_write(server, replicas) -> None:
    a, b, c, conflict = _conflict_on_name(server, replicas)
    edit(a, Client, c, name="Снова А")
    sync(a, server)
    resolve_conflict(b, conflict["id"], "mine", user="Петрова")
    assert sync(b, server).conflicts == 1  # "От А" -> "От Б" met "Снова А" on the server
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("Снова А",)]
    (new,) = list_conflicts(b)
    assert (new["mine"], new["theirs"]) == ("От Б", "Снова А")


def test_unknown_conflict_is_not_found(replicas) -> None:
    with pytest.raises(NotFoundError):
        resolve_conflict(replicas("a"), "0" * 32, "mine", user="x")


def test_connection_check_says_whether_the_shared_base_is_ready(pg_dsn) -> None:
    from mos_desktop.sync.commands import check_connection, server_init
    from mos_desktop.sync.connection import SyncError

    with pytest.raises(SyncError, match="не подготовлена"):
        check_connection(pg_dsn)
    server_init(pg_dsn)
    assert "общая база подготовлена" in check_connection(pg_dsn)
    with pytest.raises(SyncError, match="Общая база недоступна"):
        check_connection("postgresql://postgres@127.0.0.1:1/nowhere")
