"""The background runner: NOTIFY wake-up between two workstations, offline back-off, exact progress.

No fixed sleeps: every wait polls a condition up to a generous deadline (a loaded 2-core CI machine may
be slow), and the order of events is forced by inspecting the server (``pg_stat_activity``)."""

from __future__ import annotations

import time

import pytest
from synchelp import edit, get, new_client, outbox, server_rows, wait_for

from mos_desktop.models import Client
from mos_desktop.sync.connection import SyncError
from mos_desktop.sync.runner import SyncProgress, SyncRunner, SyncStatus

pytestmark = pytest.mark.pg

DEAD_DSN = "postgresql://postgres@127.0.0.1:1/nowhere"


def listeners(dsn: str) -> int:
    """Sessions of this database whose last statement was LISTEN: a runner's listener is ready."""
    return int(
        server_rows(
            dsn,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN %%'",
        )[0][0]
    )


def test_an_edit_on_a_reaches_b_through_notify_without_an_explicit_sync(server, replicas) -> None:
    a, b = replicas("a"), replicas("b")
    c = new_client(a, "Исходное")
    statuses: list[SyncStatus] = []
    # Polling far beyond the wait: only LISTEN/NOTIFY can bring the change in time.
    ra = SyncRunner(a.path, lambda: server, poll_interval_s=600, debounce_s=0.05)
    rb = SyncRunner(b.path, lambda: server, poll_interval_s=600, debounce_s=0.05, on_status=statuses.append)
    rb.start()
    try:
        # B listens before A pushes anything, so A's notification cannot slip past B's listener.
        assert wait_for(lambda: listeners(server) == 1)
        ra.start()
        assert wait_for(lambda: listeners(server) == 2)
        assert wait_for(lambda: get(b, Client, c) is not None)  # A's start-up push, B woken by NOTIFY
        edit(a, Client, c, name="Изменено на А")
        ra.request_sync()
        assert wait_for(lambda: get(b, Client, c).name == "Изменено на А")
        edit(b, Client, c, phone="+7 495 123-45-67")
        rb.request_sync()
        assert wait_for(lambda: get(a, Client, c).phone == "+7 495 123-45-67")
    finally:
        ra.stop()
        rb.stop()
    assert not ra.running and not rb.running
    assert outbox(a) == [] and outbox(b) == []
    assert statuses and statuses[-1].online and statuses[-1].pending == 0 and not statuses[-1].running
    assert statuses[-1].last_sync_at is not None


def test_offline_runner_keeps_changes_and_catches_up_when_the_server_returns(server, replicas) -> None:
    a = replicas("a")
    c = new_client(a, "Офлайн")
    target = {"dsn": DEAD_DSN}
    statuses: list[SyncStatus] = []
    runner = SyncRunner(a.path, lambda: target["dsn"], poll_interval_s=600, on_status=statuses.append)
    runner.start()
    try:
        assert wait_for(lambda: any(not s.online and s.error for s in statuses))
        offline = next(s for s in statuses if not s.online and s.error)
        assert "Общая база недоступна" in offline.error and offline.pending == 1
        assert len(outbox(a)) == 1  # nothing lost
        target["dsn"] = server  # the next retry (back-off 1, 2, 4 s) finds the server
        assert wait_for(lambda: server_rows(server, "SELECT name FROM clients") == [("Офлайн",)])
        assert wait_for(lambda: runner.status is not None and runner.status.online)
    finally:
        runner.stop()
    assert outbox(a) == [] and get(a, Client, c).version > 0


def test_sync_now_reports_exact_progress_and_raises_when_unreachable(server, replicas) -> None:
    a = replicas("a")
    ids = [new_client(a, f"Клиент {i}") for i in range(7)]
    seen: list[SyncProgress] = []
    runner = SyncRunner(a.path, lambda: server, on_progress=seen.append)
    report = runner.sync_now()
    assert report.pushed == 7 and report.pending == 0
    push = [p for p in seen if p.phase == "push"]
    assert push[-1] == SyncProgress("push", 7, 7)
    pulled = [p for p in seen if p.phase in ("snapshot", "pull")]
    assert pulled and all(p.done <= p.total for p in pulled)
    assert runner.status is not None and runner.status.online and runner.status.pending == 0
    edit(a, Client, ids[0], notes="ещё")
    offline = SyncRunner(a.path, lambda: DEAD_DSN)
    with pytest.raises(SyncError, match="Изменения сохранены локально"):
        offline.sync_now()
    assert len(outbox(a)) == 1
    assert offline.status is not None and not offline.status.online and offline.status.pending == 1


def test_unconfigured_runner_says_so_and_stops_promptly(replicas) -> None:
    a = replicas("a")
    statuses: list[SyncStatus] = []
    runner = SyncRunner(a.path, lambda: None, on_status=statuses.append)
    runner.start()
    try:
        assert wait_for(lambda: bool(statuses))
        assert not statuses[0].online and "не настроена" in statuses[0].error
    finally:
        started = time.monotonic()
        runner.stop(timeout=10)
    # promptly: well before the 30 s poll interval the worker would otherwise sleep through
    assert not runner.running and time.monotonic() - started < 10
