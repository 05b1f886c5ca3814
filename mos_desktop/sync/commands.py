"""Plain functions the command line (and the GUI's workers) call for sync; no printing here."""

from __future__ import annotations

import json
from typing import Any

from mos_desktop.db import Database
from mos_desktop.sync import server_schema
from mos_desktop.sync.engine import SyncReport
from mos_desktop.sync.engine import sync_once as _sync_once
from mos_desktop.sync.pull import get_state


def server_init(dsn: str) -> list[str]:
    """Create or upgrade the shared schema, sync objects and roles (idempotent); the synced tables."""
    return server_schema.server_init(dsn)


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
