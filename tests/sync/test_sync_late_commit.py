"""Commit order equals seq order on the server: a transaction that commits late is never skipped."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from synchelp import get, new_client, sync

from mos_desktop.models import Client

pytestmark = pytest.mark.pg


def test_late_committing_transaction_is_not_skipped_by_a_reader(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c1 = new_client(a, "Первый")
    c2 = new_client(a, "Второй")
    sync(a, server)
    sync(b, server)
    slow = psycopg.connect(server)
    slow.execute("UPDATE clients SET notes = 'медленная' WHERE id = %s", (c1,))  # open, not committed
    fast_done = threading.Event()

    def fast_writer() -> None:
        with psycopg.connect(server) as fast:
            fast.execute("UPDATE clients SET notes = 'быстрая' WHERE id = %s", (c2,))
        fast_done.set()

    t = threading.Thread(target=fast_writer)
    t.start()
    time.sleep(0.5)
    # The second writer waits for the first (advisory lock) instead of taking a later-visible lower seq.
    assert not fast_done.is_set()
    sync(b, server)  # a reader in the middle sees neither; its cursor must not pass the slow one
    assert get(b, Client, c1).notes == "" and get(b, Client, c2).notes == ""
    slow.commit()
    slow.close()
    t.join(5)
    assert fast_done.is_set()
    sync(b, server)
    assert get(b, Client, c1).notes == "медленная"
    assert get(b, Client, c2).notes == "быстрая"
    with psycopg.connect(server) as pg:
        seqs = dict(
            pg.execute(
                "SELECT row_data->>'notes', seq FROM sync_change_log WHERE row_data->>'notes' <> ''"
            ).fetchall()
        )
    assert seqs["медленная"] < seqs["быстрая"]  # begun and committed first: lower seq
