"""Commit order equals seq order on the server: a transaction that commits late is never skipped.

No fixed sleeps: the second writer is known to be blocked because PostgreSQL shows its backend waiting
for the change log's advisory lock (``pg_locks``), polled up to a generous deadline."""

from __future__ import annotations

import threading

import psycopg
import pytest
from synchelp import WAIT_S, get, new_client, server_rows, sync, wait_for

from mos_desktop.models import Client

pytestmark = pytest.mark.pg


def waiting_for_advisory_lock(dsn: str, pid: int) -> bool:
    rows = server_rows(
        dsn, "SELECT count(*) FROM pg_locks WHERE pid = %s AND locktype = 'advisory' AND NOT granted", (pid,)
    )
    return rows[0][0] > 0


def test_late_committing_transaction_is_not_skipped_by_a_reader(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c1 = new_client(a, "Первый")
    c2 = new_client(a, "Второй")
    sync(a, server)
    sync(b, server)
    slow = psycopg.connect(server)
    slow.execute("UPDATE clients SET notes = 'медленная' WHERE id = %s", (c1,))  # open, not committed
    fast_done = threading.Event()
    fast = psycopg.connect(server)
    fast_pid = fast.info.backend_pid

    def fast_writer() -> None:
        with fast:
            fast.execute("UPDATE clients SET notes = 'быстрая' WHERE id = %s", (c2,))
        fast_done.set()

    t = threading.Thread(target=fast_writer)
    t.start()
    # The second writer waits for the first (advisory lock) instead of taking a later-visible lower seq.
    # Without the lock it would commit at once: fast_done would be set and the check below fail.
    assert wait_for(lambda: fast_done.is_set() or waiting_for_advisory_lock(server, fast_pid))
    assert not fast_done.is_set()
    sync(b, server)  # a reader in the middle sees neither; its cursor must not pass the slow one
    assert get(b, Client, c1).notes == "" and get(b, Client, c2).notes == ""
    slow.commit()
    slow.close()
    t.join(WAIT_S)
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
