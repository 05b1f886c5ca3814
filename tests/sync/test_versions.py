"""A workstation and a shared base on different schema versions refuse to sync (nothing written, nothing
lost); a replica's clock off by a day changes no merge outcome (no clock decides anything)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from synchelp import conflicts, edit, get, new_client, outbox, server_rows, sync

from mos_desktop.db import head_revision
from mos_desktop.models import Client
from mos_desktop.sync.connection import SyncError

pytestmark = pytest.mark.pg


def _set_revision(dsn: str, revision: str) -> None:
    with psycopg.connect(dsn) as pg:
        pg.execute("UPDATE alembic_version SET version_num = %s", (revision,))


@pytest.mark.parametrize(
    ("revision", "message"),
    [("ffffffffffff", "более новой версией"), (None, "старее этой версии")],
)
def test_schema_version_mismatch_refuses_and_keeps_local_changes(server, replicas, revision, message) -> None:
    a = replicas("a")
    c = new_client(a, "До")
    sync(a, server)
    edit(a, Client, c, name="После")
    if revision is None:  # an older server: the revision before head
        from alembic.script import ScriptDirectory

        from mos_desktop.db import alembic_config

        head = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision())
        revision = head.down_revision
        assert isinstance(revision, str)
    before = server_rows(server, "SELECT count(*) FROM sync_change_log")
    _set_revision(server, revision)
    with pytest.raises(SyncError, match=message):
        sync(a, server)
    assert len(outbox(a)) == 1  # nothing lost
    assert server_rows(server, "SELECT count(*) FROM sync_change_log") == before  # nothing written
    _set_revision(server, head_revision())
    sync(a, server)
    assert server_rows(server, "SELECT name FROM clients WHERE id = %s", (c,)) == [("После",)]


def test_a_replica_clock_a_day_off_changes_no_outcome(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c = new_client(a, "Исходное")
    sync(a, server)
    sync(b, server)
    ahead = datetime.now(UTC) + timedelta(days=1)
    behind = datetime.now(UTC) - timedelta(days=1)
    edit(a, Client, c, name="От А", updated_at=behind)  # A's clock is a day late, and pushes first
    edit(b, Client, c, name="От Б", phone="222", updated_at=ahead)  # B's clock is a day early
    sync(a, server)
    sync(b, server)
    sync(a, server)
    for r in (a, b):
        row = get(r, Client, c)
        assert (row.name, row.phone) == ("От А", "222")  # first pushed wins the column; the rest merges
        (conflict,) = conflicts(r)
        assert (conflict["column"], conflict["mine"], conflict["theirs"]) == ("name", "От Б", "От А")
