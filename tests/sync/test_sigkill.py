"""A real process killed with SIGKILL after the server commit but before the local acknowledgement, and
after a pull page: the next sync neither loses nor duplicates anything."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from synchelp import edit, get, new_client, outbox, server_rows, sync, table_dump

from mos_desktop.models import Client

pytestmark = pytest.mark.pg

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from mos_desktop.db import open_database
    from mos_desktop.sync.engine import sync_once

    def die(*_):
        os.kill(os.getpid(), signal.SIGKILL)

    db = open_database(sys.argv[1], daily_backup=False)
    if sys.argv[3] == "push":
        sync_once(db, sys.argv[2], before_ack=die)
    else:
        sync_once(db, sys.argv[2], page_size=5, after_page=die)
    sys.exit(3)  # not reached
    """
)


def run_child(db_path: Path, dsn: str, where: str) -> int:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), dsn, where], capture_output=True, timeout=120
    )
    return proc.returncode


def test_sigkill_between_server_commit_and_local_ack(server, replicas) -> None:
    a = replicas("a")
    c = new_client(a, "Альфа", monthly_fee_kop=100)
    sync(a, server)
    for fee in (200, 300, 400):
        edit(a, Client, c, monthly_fee_kop=fee)
    log_before = server_rows(server, "SELECT count(*) FROM sync_change_log")[0][0]
    assert run_child(a.path, server, "push") == -signal.SIGKILL
    assert len(outbox(a)) == 3
    assert server_rows(server, "SELECT count(*) FROM sync_change_log")[0][0] == log_before + 3
    report = sync(a, server)
    assert report.duplicates == 3 and outbox(a) == []
    assert server_rows(server, "SELECT count(*) FROM sync_change_log")[0][0] == log_before + 3
    assert get(a, Client, c).monthly_fee_kop == 400


def test_sigkill_during_pull_resumes_cleanly(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    sync(b, server)  # initial sync done (empty): later changes come through the paged log
    for i in range(12):
        new_client(a, f"Клиент {i}")
    sync(a, server)
    b_path = b.path
    b.dispose()
    assert run_child(b_path, server, "pull") == -signal.SIGKILL
    b2 = replicas("b")
    with b2.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM clients").scalar_one() == 5
    report = sync(b2, server)
    assert report.pulled == 7
    assert table_dump(a, "clients") == table_dump(b2, "clients")
    assert outbox(b2) == []
