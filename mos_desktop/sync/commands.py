"""Plain functions the command line (and the GUI's workers) call for sync; no printing here."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

import psycopg

from mos_desktop.db import Database
from mos_desktop.errors import NotFoundError, UserError
from mos_desktop.sync import server_schema
from mos_desktop.sync.connection import SyncError, connect
from mos_desktop.sync.engine import SyncReport
from mos_desktop.sync.engine import sync_once as _sync_once
from mos_desktop.sync.pull import get_state
from mos_desktop.sync.tables import canonical, specs


def server_init(dsn: str) -> list[str]:
    """Create or upgrade the shared schema, sync objects and roles (idempotent); the synced tables."""
    return server_schema.server_init(dsn)


def _server_state(dsn: str) -> tuple[str | None, str | None]:
    """(Alembic revision, sync schema version) of the shared database; None where absent."""
    with connect(dsn) as pg:
        revision = sync_version = None
        try:
            with pg.transaction():
                row = pg.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except psycopg.errors.UndefinedTable:
            pass
        try:
            with pg.transaction():
                row = pg.execute("SELECT value FROM sync_server_meta WHERE key = 'sync_schema'").fetchone()
                sync_version = row[0] if row else None
        except psycopg.errors.UndefinedTable:
            pass
        return revision, sync_version


def server_init_report(dsn: str) -> list[str]:
    """``server_init`` plus what it did, in Russian lines (for the command line)."""
    before_rev, before_sync = _server_state(dsn)
    tables = server_schema.server_init(dsn)
    after_rev, _after_sync = _server_state(dsn)
    if before_rev is None:
        lines = [f"Схема данных создана (ревизия {after_rev})."]
    elif before_rev != after_rev:
        lines = [f"Схема данных обновлена: ревизия {before_rev} → {after_rev}."]
    else:
        lines = [f"Схема данных уже актуальна (ревизия {after_rev}), изменений нет."]
    if before_sync is None:
        lines.append(f"Объекты синхронизации созданы: журнал изменений, триггеры на {len(tables)} таблицах.")
    else:
        lines.append(f"Объекты синхронизации проверены: триггеры на {len(tables)} таблицах актуальны.")
    roles = ", ".join(server_schema.ROLES.values())
    lines.append(f"Групповые роли {roles}: права выданы.")
    return lines


def add_user(dsn: str, name: str, role: str, password: str) -> None:
    """A PostgreSQL login in group role ``manager`` or ``warehouse``."""
    server_schema.add_user(dsn, name, role, password)


def sync_once(db: Database, dsn: str, **kwargs: Any) -> SyncReport:
    """One push + pull cycle. Raises ``SyncError`` (Russian message) when the server is unreachable."""
    return _sync_once(db, dsn, **kwargs)


def sync_status(db: Database) -> dict[str, Any]:
    with db.engine.connect() as conn:

        def count(sql: str) -> int:
            return int(conn.exec_driver_sql(sql).scalar_one())

        return {
            "pending": count("SELECT count(*) FROM sync_outbox"),
            "conflicts": count("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL"),
            "rejected": count("SELECT count(*) FROM sync_rejected"),
            "last_sync": get_state(conn, "last_sync_at") or None,
            "cursor": int(get_state(conn, "cursor", "0")),
            "workstation_id": get_state(conn, "workstation_id") or None,
        }


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Conflicts (newest first): field, base/my/their value (decoded JSON), who, when."""
    where = "" if include_resolved else "WHERE resolved_at IS NULL"
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, table_name, row_id, column_name, base, mine, theirs, mine_by, theirs_by, "
            f"created_at, resolved_at FROM sync_conflicts {where} ORDER BY created_at DESC, id"
        ).fetchall()
    out = []
    for r in rows:
        out.append(
            {
                "id": r[0],
                "table": r[1],
                "row_id": r[2],
                "column": r[3],
                "base": json.loads(r[4]) if r[4] is not None else None,
                "mine": json.loads(r[5]) if r[5] is not None else None,
                "theirs": json.loads(r[6]) if r[6] is not None else None,
                "mine_by": r[7],
                "theirs_by": r[8],
                "created_at": r[9],
                "resolved_at": r[10],
            }
        )
    return out


def list_rejected(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT op_id, table_name, row_id, kind, cols, reason, rejected_at FROM sync_rejected "
            "ORDER BY rejected_at DESC, op_id"
        ).fetchall()
    keys = ("op_id", "table", "row_id", "kind", "cols", "reason", "rejected_at")
    return [{**dict(zip(keys, r, strict=True)), "cols": json.loads(r[4])} for r in rows]


def resolve_conflict(
    db: Database, conflict_id: str | uuid.UUID, keep: Literal["mine", "theirs"], *, user: str
) -> None:
    """Resolve a conflict as ordinary edits, in one local transaction, captured and synced like any edit.

    ``keep="mine"`` writes my value back to the row (the capture trigger records it; the server merges it
    against its current value, so a further concurrent change makes a new conflict instead of being lost);
    ``keep="theirs"`` leaves the row as the server has it. Either way the conflict gets ``resolved_at`` /
    ``resolved_by``, which syncs to every workstation. Raises ``NotFoundError`` / ``UserError`` (Russian).
    """
    if keep not in ("mine", "theirs"):
        raise ValueError(f"keep: mine or theirs, not {keep!r}")
    cid = canonical(conflict_id, "uuid")
    table_specs = specs()
    now = canonical(datetime.now(UTC), "datetime")
    with db.engine.begin() as conn:
        row = conn.exec_driver_sql(
            "SELECT table_name, row_id, column_name, mine, resolved_at FROM sync_conflicts WHERE id = ?",
            (cid,),
        ).first()
        if row is None:
            raise NotFoundError("Конфликт не найден: обновите список конфликтов.")
        table, row_id, column, mine, resolved_at = row
        if resolved_at is not None:
            raise UserError("Конфликт уже решён (возможно, на другом рабочем месте): обновите список.")
        spec = table_specs.get(table)
        if keep == "mine":
            if spec is None or column not in spec.kinds:
                raise UserError(
                    f"Таблица {table} или поле {column} неизвестны этой версии: обновите программу."
                )
            value = json.loads(mine) if mine is not None else None
            sets = {column: value}
            if "updated_at" in spec.kinds:
                sets["updated_at"] = now
            if "updated_by" in spec.kinds:
                sets["updated_by"] = user
            assignments = ", ".join(f'"{c}" = ?' for c in sets)
            done = conn.exec_driver_sql(
                f'UPDATE "{table}" SET {assignments} WHERE "{spec.pk}" = ? AND deleted_at IS NULL',
                (*sets.values(), row_id),
            )
            if done.rowcount == 0:
                raise UserError("Запись удалена: оставить своё значение нельзя — примите значение сервера.")
        conn.exec_driver_sql(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, updated_at = ?, updated_by = ? "
            "WHERE id = ?",
            (now, user, now, user, cid),
        )


def check_connection(dsn: str) -> str:
    """ "Проверить подключение": a Russian one-line verdict, or ``SyncError`` with the reason."""
    with connect(dsn) as pg:
        version = str(pg.info.server_version)
        major, minor = int(version[:-4]), int(version[-4:])
        revision, sync_version = _server_state(dsn)
    if sync_version is None or revision is None:
        raise SyncError(
            f"Подключение к PostgreSQL {major}.{minor} есть, но общая база не подготовлена: администратор "
            "должен выполнить «mos-desktop server init --dsn …»."
        )
    return f"Подключение установлено: PostgreSQL {major}.{minor}, общая база подготовлена."
