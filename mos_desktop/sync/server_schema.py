"""The shared PostgreSQL: data tables from the one Alembic history, then the sync objects and roles.

``server_init(dsn)`` is idempotent. It creates:

* ``sync_change_log(seq, table_name, row_id, op, row_data jsonb, origin, db_user)``: every insert/update
  of a synced table, appended by the BEFORE trigger ``mos_sync_log`` which first takes a transaction-level
  advisory lock, so writers append one transaction at a time and commit order equals seq order (a reader
  that has seen seq N can never later find a committed seq < N). The row's ``version`` is set to its seq.
  Hard deletes of synced rows are refused (tombstones only).
* ``sync_applied_ops(op_id)``: every pushed op id with its outcome, so a retried batch applies once.
* ``sync_conflicts``: conflict records, itself a synced table (it has ``version``/``deleted_at``).
* group roles ``mos_manager`` and ``mos_warehouse`` with grants; ``add_user`` makes logins in them.
"""

from __future__ import annotations

from typing import Any

import psycopg
from alembic import command
from psycopg import sql
from sqlalchemy import Table

from mos_desktop.db import alembic_config
from mos_desktop.sync.connection import connect, sa_engine
from mos_desktop.sync.tables import default_tables, sync_conflicts, sync_metadata

SYNC_SCHEMA_VERSION = "1"
ADVISORY_KEY = 0x4D4F53  # "MOS"
NOTIFY_CHANNEL = "mos_sync"
ROLES = {"manager": "mos_manager", "warehouse": "mos_warehouse"}

# What the warehouse keeper's login may write (whole tables) ...
WAREHOUSE_TABLES = (
    "items",
    "locations",
    "stock_moves",
    "serial_numbers",
    "stock_counts",
    "stock_count_lines",
    "shipment_lines",
    "sync_conflicts",
)
# ... and the warehouse columns of shipments it may update (no new shipments, no money columns).
WAREHOUSE_SHIPMENT_COLUMNS = (
    "status",
    "carrier_name",
    "goods_arrival_on",
    "shipped_at",
    "delivered_at",
    "tracking_number",
    "tracking_url",
    "weight_kg",
    "notes",
    "updated_at",
    "updated_by",
)

_BASE_SQL = f"""
CREATE SEQUENCE IF NOT EXISTS sync_change_seq;
CREATE TABLE IF NOT EXISTS sync_change_log (
    seq bigint PRIMARY KEY,
    table_name text NOT NULL,
    row_id uuid NOT NULL,
    op text NOT NULL,
    row_data jsonb NOT NULL,
    origin text NOT NULL DEFAULT '',
    db_user text NOT NULL DEFAULT current_user
);
CREATE TABLE IF NOT EXISTS sync_applied_ops (
    op_id uuid PRIMARY KEY,
    origin text NOT NULL DEFAULT '',
    outcome text NOT NULL,
    reason text NOT NULL DEFAULT '',
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS sync_server_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO sync_server_meta VALUES ('sync_schema', '{SYNC_SCHEMA_VERSION}')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
INSERT INTO sync_server_meta VALUES ('server_id', md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (key) DO NOTHING;

CREATE OR REPLACE FUNCTION mos_sync_log() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    s bigint;
BEGIN
    -- One appender at a time, held to commit: commit order == seq order.
    PERFORM pg_advisory_xact_lock({ADVISORY_KEY});
    s := nextval('sync_change_seq');
    NEW.version := s;
    INSERT INTO sync_change_log (seq, table_name, row_id, op, row_data, origin, db_user)
    VALUES (s, TG_TABLE_NAME, NEW.id, lower(TG_OP), to_jsonb(NEW),
            coalesce(current_setting('mos.origin', true), ''), session_user);
    -- The payload names the writing workstation, so it can ignore its own wake-ups.
    PERFORM pg_notify('{NOTIFY_CHANNEL}', coalesce(current_setting('mos.origin', true), ''));
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION mos_sync_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted: set deleted_at (tombstone)', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
"""


def install_server_table(cur: psycopg.Cursor[Any], table_name: str) -> None:
    """The change-log trigger (and the no-delete guard) on one synced table; idempotent."""
    t = sql.Identifier(table_name)
    cur.execute(
        sql.SQL(
            "CREATE OR REPLACE TRIGGER mos_sync_log BEFORE INSERT OR UPDATE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION mos_sync_log()"
        ).format(t)
    )
    cur.execute(
        sql.SQL(
            "CREATE OR REPLACE TRIGGER mos_sync_no_delete BEFORE DELETE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION mos_sync_no_delete()"
        ).format(t)
    )


def _ensure_role(cur: psycopg.Cursor[Any], role: str) -> None:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    if cur.fetchone() is None:
        cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))


def _grants(cur: psycopg.Cursor[Any], tables: list[str]) -> None:
    mgr, wh = (sql.Identifier(ROLES["manager"]), sql.Identifier(ROLES["warehouse"]))
    cur.execute("SELECT current_database()")
    (dbname,) = cur.fetchone()  # type: ignore[misc]
    cur.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(sql.Identifier(dbname), mgr, wh))
    cur.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}, {}").format(mgr, wh))
    for name in ("sync_change_log", "sync_server_meta", "alembic_version"):
        cur.execute(sql.SQL("GRANT SELECT ON {} TO {}, {}").format(sql.Identifier(name), mgr, wh))
    cur.execute(sql.SQL("GRANT SELECT, INSERT ON sync_applied_ops TO {}, {}").format(mgr, wh))
    for name in tables:
        t = sql.Identifier(name)
        cur.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(t, wh))
        cur.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE ON {} TO {}").format(t, mgr))
        cur.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(t, wh))
        if name in WAREHOUSE_TABLES:
            cur.execute(sql.SQL("GRANT INSERT, UPDATE ON {} TO {}").format(t, wh))
    if "shipments" in tables:
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in WAREHOUSE_SHIPMENT_COLUMNS)
        cur.execute(sql.SQL("GRANT UPDATE ({}) ON shipments TO {}").format(cols, wh))


def server_init(dsn: str, extra_tables: list[Table] | None = None) -> list[str]:
    """Create or upgrade the shared schema, sync objects and roles. Returns the synced table names."""
    engine = sa_engine(dsn)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
            sync_metadata.create_all(conn, tables=[sync_conflicts])
            for table in extra_tables or []:
                table.create(conn, checkfirst=True)
    finally:
        engine.dispose()
    names = [t.name for t in [*default_tables(), *(extra_tables or [])]]
    with connect(dsn) as pg, pg.cursor() as cur:
        cur.execute(_BASE_SQL)
        for name in names:
            install_server_table(cur, name)
        for role in ROLES.values():
            _ensure_role(cur, role)
        _grants(cur, names)
    return names


def add_user(dsn: str, name: str, role: str, password: str) -> None:
    """Create (or update the password and role of) a login in group role ``manager`` / ``warehouse``."""
    if role not in ROLES:
        raise ValueError(f"Роль: допустимы {', '.join(ROLES)}")
    with connect(dsn) as pg, pg.cursor() as cur:
        for r in ROLES.values():
            _ensure_role(cur, r)
        user = sql.Identifier(name)
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        verb = "ALTER" if cur.fetchone() else "CREATE"
        cur.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(user, sql.Literal(password)))
        for other in ROLES.values():
            cur.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), user))
        cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), user))
