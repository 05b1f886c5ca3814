"""One sync cycle: check the server, push the outbox, pull the change log; exact progress and a report.

Runs on its own connections (the caller's thread; the GUI runs it in a worker). Going offline at any
point loses nothing: the outbox is only emptied after the server committed, and the cursor only moves
with a whole applied page; the next cycle resumes.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import Engine, Table

from mos_desktop.db import Database, head_revision, known_revisions
from mos_desktop.sync import pull as pull_mod
from mos_desktop.sync import push as push_mod
from mos_desktop.sync import snapshot as snapshot_mod
from mos_desktop.sync.connection import SyncError, _safe, connect
from mos_desktop.sync.tables import specs

Progress = Callable[[str, int, int], None]

# The migration history does not change while the program runs: read it once, not every cycle.
_known_revisions = functools.cache(known_revisions)
_head_revision = functools.cache(head_revision)


@dataclass
class SyncReport:
    pushed: int = 0
    conflicts: int = 0
    rejected: int = 0
    duplicates: int = 0
    retries: int = 0  # push batches retried in place after a deadlock / serialization failure
    pulled: int = 0
    cursor: int = 0
    pending: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def workstation_id(engine: Engine) -> str:
    with engine.begin() as conn:
        ws = pull_mod.get_state(conn, "workstation_id")
        if not ws:
            ws = uuid.uuid4().hex[:12]
            pull_mod.set_state(conn, "workstation_id", ws)
        return ws


def check_server(engine: Engine, pg: psycopg.Connection[Any]) -> None:
    """Refuse (clear Russian message, nothing written) when schemas or servers do not match."""
    with pg.cursor() as cur:
        try:
            cur.execute("SELECT value FROM sync_server_meta WHERE key = 'server_id'")
            server_id = cur.fetchone()
            cur.execute("SELECT version_num FROM alembic_version")
            revision = cur.fetchone()
        except psycopg.errors.UndefinedTable:
            pg.rollback()
            raise SyncError(
                "Общая база не подготовлена: выполните «mos-desktop server init --dsn …»."
            ) from None
    pg.rollback()
    if revision is None or revision[0] not in _known_revisions():
        raise SyncError(
            "Общая база обновлена более новой версией MOS Desktop. Обновите программу на этом рабочем "
            "месте; локальные изменения сохранены и будут отправлены после обновления."
        )
    if revision[0] != _head_revision():
        raise SyncError(
            "Общая база старее этой версии MOS Desktop: выполните «mos-desktop server init», затем "
            "синхронизируйте снова. Локальные изменения сохранены."
        )
    with engine.begin() as conn:
        known = pull_mod.get_state(conn, "server_id")
        if not known:
            pull_mod.set_state(conn, "server_id", server_id[0] if server_id else "")
        elif server_id is None or known != server_id[0]:
            raise SyncError(
                "Эта локальная база синхронизировалась с другой общей базой. Подключитесь к прежней "
                "или начните с новой локальной базы; ничего не изменено."
            )


def sync_engine_once(
    engine: Engine,
    dsn: str,
    *,
    origin: str = "",
    extra_tables: list[Table] | None = None,
    batch_size: int = 1000,
    page_size: int = 5000,
    progress: Progress | None = None,
    before_ack: Callable[[], None] | None = None,
    after_page: Callable[[int], None] | None = None,
    snapshot_chunk: int = snapshot_mod.CHUNK,
    after_chunk: Callable[[int], None] | None = None,
    pg: psycopg.Connection[Any] | None = None,
) -> SyncReport:
    """One cycle on a new connection, or on ``pg`` (kept open; the runner reuses one between cycles)."""
    table_specs = specs(extra_tables)
    origin = origin or workstation_id(engine)
    report = SyncReport()
    own = pg is None
    pg = connect(dsn) if pg is None else pg
    try:
        check_server(engine, pg)
        pushed = push_mod.push(
            engine, pg, table_specs, origin, batch_size=batch_size, progress=progress, before_ack=before_ack
        )
        report.pushed, report.conflicts = pushed.applied, pushed.conflicts
        report.rejected, report.duplicates = pushed.rejected, pushed.duplicates
        report.retries = pushed.retries
        if snapshot_mod.needs_snapshot(engine):
            report.pulled += snapshot_mod.snapshot(
                engine, pg, table_specs, chunk=snapshot_chunk, progress=progress, after_chunk=after_chunk
            )
        report.pulled += pull_mod.pull(
            engine, pg, table_specs, page_size=page_size, progress=progress, after_page=after_page
        )
    except psycopg.OperationalError as exc:
        if pg.broken or pg.closed or not push_mod.is_transient(exc):
            raise SyncError(f"Связь с общей базой прервалась: {_safe(exc)}. Ничего не потеряно.") from None
        # e.g. a statement timeout or a deadlock during the pull: the connection is fine, try later
        raise push_mod.ServerBusy(
            f"Общая база временно не ответила ({_safe(exc)}). Ничего не потеряно, синхронизация повторится."
        ) from None
    finally:
        if own:
            pg.close()
    with engine.begin() as conn:
        pull_mod.set_state(conn, "last_sync_at", datetime.now(UTC).isoformat(timespec="seconds"))
    report.cursor = pull_mod.cursor_of(engine)
    report.pending = push_mod.pending_count(engine)
    return report


def sync_once(database: Database, dsn: str, **kwargs: Any) -> SyncReport:
    return sync_engine_once(database.engine, dsn, **kwargs)
