"""The background sync runner: plain threads, no Qt.

A worker thread with its OWN ``Database`` on the same SQLite file (and its own PostgreSQL connection, kept
between cycles) runs sync cycles:

* on start;
* after ``request_sync()`` (local changes): at once when the last cycle ended at least ``debounce_s`` ago,
  otherwise ``debounce_s`` after it, so a burst of saves makes one or two cycles, not one each;
* when a ``NOTIFY mos_sync`` arrives from another workstation: a second thread holds a separate
  autocommit connection with ``LISTEN mos_sync`` and waits in short timeouts (so ``stop()`` is prompt).
  The payload is the writer's workstation id, so our own pushes do not wake us;
* every ``poll_interval_s`` as a fallback (a lost notification, a listener that could not connect).

Offline: the cycle fails with ``SyncError``; the status says ``online=False`` with the Russian reason and the
runner retries with a growing pause (1, 2, 4 … s, at most ``poll_interval_s``). Nothing is lost: the
outbox is only emptied after the server committed (see ``engine``).

Callbacks (``on_progress``, ``on_status``) are called on the runner's threads: a GUI must hand them over to
its own thread (e.g. a Qt signal). An exception in a callback is logged and ignored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import psycopg

from mos_desktop.db import Database, open_database
from mos_desktop.sync.connection import SyncError, connect
from mos_desktop.sync.engine import SyncReport, sync_engine_once, workstation_id
from mos_desktop.sync.push import ServerBusy
from mos_desktop.sync.server_schema import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

NOT_CONFIGURED = "Общая база не настроена: заполните «Сервис → Общая база…». Изменения сохраняются локально."
LISTEN_WAIT_S = 0.5


@dataclass(frozen=True)
class SyncProgress:
    phase: Literal["push", "pull", "snapshot"]
    done: int
    total: int


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    last_sync_at: datetime | None
    pending: int
    conflicts: int
    rejected: int
    error: str = ""  # Russian, for the user
    running: bool = False


def read_status(database: Database, *, online: bool, error: str = "", running: bool = False) -> SyncStatus:
    """Counts and the last successful sync time from the local database."""
    with database.engine.connect() as conn:

        def one(query: str) -> Any:
            row = conn.exec_driver_sql(query).first()
            return row[0] if row else None

        last = one("SELECT value FROM sync_state WHERE key = 'last_sync_at'")
        return SyncStatus(
            online=online,
            last_sync_at=datetime.fromisoformat(last) if last else None,
            pending=int(one("SELECT count(*) FROM sync_outbox")),
            conflicts=int(one("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL")),
            rejected=int(one("SELECT count(*) FROM sync_rejected")),
            error=error,
            running=running,
        )


class SyncRunner:
    def __init__(
        self,
        db_path: Path,
        dsn_provider: Callable[[], str | None],
        *,
        poll_interval_s: float = 30.0,
        debounce_s: float = 1.0,
        on_progress: Callable[[SyncProgress], None] | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.dsn_provider = dsn_provider
        self.poll_interval_s = poll_interval_s
        self.debounce_s = debounce_s
        self.on_progress = on_progress
        self.on_status = on_status
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._cycle_lock = threading.Lock()
        self._local_change = False
        self._notified = False
        self._last_end = 0.0
        self._origin = ""
        self._online = False
        self._status: SyncStatus | None = None
        self._threads: list[threading.Thread] = []

    # --- public API ------------------------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus | None:
        """The last status reported (None before the first cycle)."""
        return self._status

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._threads = [
            threading.Thread(target=self._work, name="mos-sync", daemon=True),
            threading.Thread(target=self._listen, name="mos-sync-listen", daemon=True),
        ]
        for t in self._threads:
            t.start()

    def stop(self, timeout: float = 5) -> None:
        """Ask both threads to finish and wait up to ``timeout`` seconds (a running cycle ends first)."""
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]

    def request_sync(self) -> None:
        """Local changes were saved: sync soon (debounced)."""
        with self._cond:
            self._local_change = True
            self._cond.notify_all()

    def sync_now(self) -> SyncReport:
        """One cycle in the caller's thread (blocking; its own database and connection). Raises SyncError."""
        database = open_database(self.db_path, upgrade=False, daily_backup=False)
        try:
            dsn = self.dsn_provider()
            if not dsn:
                raise SyncError(NOT_CONFIGURED)
            with self._cycle_lock:
                try:
                    report = sync_engine_once(database.engine, dsn, progress=self._progress)
                except SyncError as exc:
                    self._emit(database, online=isinstance(exc, ServerBusy), error=str(exc))
                    raise
            self._emit(database, online=True)
            return report
        finally:
            database.dispose()

    # --- worker ----------------------------------------------------------------------------------------

    def _progress(self, phase: str, done: int, total: int) -> None:
        if self.on_progress is not None:
            try:
                self.on_progress(SyncProgress(phase, done, total))  # type: ignore[arg-type]
            except Exception:
                log.exception("sync progress callback failed")

    def _emit(self, database: Database, *, online: bool, error: str = "", running: bool = False) -> None:
        self._online = online
        try:
            status = read_status(database, online=online, error=error, running=running)
        except Exception:
            log.exception("sync status unreadable")
            return
        self._status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("sync status callback failed")

    def _wait_until_due(self, next_poll: float, failing: bool) -> bool:
        """Block until a cycle is due; False when stopping."""
        with self._cond:
            while not self._stopping.is_set():
                now = time.monotonic()
                due = next_poll
                if self._notified and not failing:
                    due = now
                if self._local_change and not failing:
                    due = min(due, self._last_end + self.debounce_s)
                if due <= now:
                    self._notified = self._local_change = False
                    return True
                self._cond.wait(due - now)
            return False

    def _work(self) -> None:
        try:
            database = open_database(self.db_path, upgrade=False, daily_backup=False)
        except Exception as exc:
            log.exception("sync runner: local database unavailable")
            self._status = SyncStatus(False, None, 0, 0, 0, error=f"Локальная база недоступна: {exc}")
            return
        pg: psycopg.Connection[Any] | None = None
        pg_dsn = ""
        failures = 0
        next_poll = time.monotonic()  # sync on start
        try:
            self._origin = workstation_id(database.engine)
            while self._wait_until_due(next_poll, failures > 0):
                dsn = self.dsn_provider()
                if not dsn:
                    self._emit(database, online=False, error=NOT_CONFIGURED)
                    next_poll = time.monotonic() + self.poll_interval_s
                    continue
                if pg is not None and (dsn != pg_dsn or pg.closed or pg.broken):
                    pg.close()
                    pg = None
                self._emit(database, online=self._online, running=True)
                try:
                    pg, pg_dsn = self._cycle(database, dsn, pg)
                    failures = 0
                    self._emit(database, online=True)
                    next_poll = time.monotonic() + self.poll_interval_s
                except SyncError as exc:
                    failures += 1
                    _close(pg)
                    pg = None
                    # A busy server (deadlock, lock timeout, shutdown: nothing recorded, retried) is online.
                    self._emit(database, online=isinstance(exc, ServerBusy), error=str(exc))
                    next_poll = time.monotonic() + min(2.0 ** (failures - 1), self.poll_interval_s)
                except Exception:
                    failures += 1
                    _close(pg)
                    pg = None
                    log.exception("sync cycle failed")
                    message = (
                        "Синхронизация не удалась из-за внутренней ошибки; подробности в журнале. "
                        "Изменения сохранены локально, попытка повторится."
                    )
                    self._emit(database, online=self._online, error=message)
                    next_poll = time.monotonic() + min(2.0 ** (failures - 1), self.poll_interval_s)
                self._last_end = time.monotonic()
        finally:
            _close(pg)
            database.dispose()

    def _cycle(
        self, database: Database, dsn: str, pg: psycopg.Connection[Any] | None
    ) -> tuple[psycopg.Connection[Any], str]:
        """One cycle on the kept connection; a kept connection that died is replaced once, at once."""
        with self._cycle_lock:
            if pg is not None:
                try:
                    sync_engine_once(database.engine, dsn, progress=self._progress, pg=pg)
                    return pg, dsn
                except ServerBusy:
                    raise  # the connection is fine; the server asked to try later
                except SyncError:
                    _close(pg)  # the server may have dropped an idle connection: retry on a new one
            pg = connect(dsn)
            try:
                sync_engine_once(database.engine, dsn, progress=self._progress, pg=pg)
            except BaseException:
                pg.close()
                raise
            return pg, dsn

    # --- listener --------------------------------------------------------------------------------------

    def _wake_for_notify(self) -> None:
        with self._cond:
            self._notified = True
            self._cond.notify_all()

    def _listen(self) -> None:
        conn: psycopg.Connection[Any] | None = None
        used = ""
        failures = 0
        try:
            while not self._stopping.is_set():
                dsn = self.dsn_provider()
                if not dsn:
                    _close(conn)
                    conn = None
                    self._stopping.wait(1.0)
                    continue
                if conn is None or dsn != used or conn.closed or conn.broken:
                    _close(conn)
                    conn = None
                    try:
                        conn = connect(dsn, autocommit=True)
                        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    except (SyncError, psycopg.Error):
                        _close(conn)
                        conn = None
                        failures += 1
                        self._stopping.wait(min(2.0 ** (failures - 1), self.poll_interval_s))
                        continue
                    # Changes notified before this LISTEN (at start, or while disconnected) were not heard:
                    # one sync now picks them up.
                    self._wake_for_notify()
                    failures, used = 0, dsn
                try:
                    for note in conn.notifies(timeout=LISTEN_WAIT_S):
                        if note.payload != self._origin or not note.payload:
                            self._wake_for_notify()
                except psycopg.Error:
                    _close(conn)
                    conn = None
                    failures += 1
        finally:
            _close(conn)


def _close(conn: psycopg.Connection[Any] | None) -> None:
    if conn is not None:
        try:
            conn.close()
        except Exception:
            log.debug("closing a sync connection failed", exc_info=True)
    return None
