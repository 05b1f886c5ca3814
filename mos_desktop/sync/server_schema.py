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

Who may write what (PostgreSQL enforces it; the app's own checks are a convenience only)
-------------------------------------------------------------------------------------------
A push runs as the workstation's own login, with plain INSERT/UPDATE statements (``sync.push``), so the
grants below are the whole security model. A statement the login may not run fails with PostgreSQL's
"permission denied"; push redoes the batch op by op and records that op as a rejected change with the
server's reason (the ops behind it still apply, nothing is lost, the local row is put back to the
server's values).

* Every synced table is first stripped of all privileges of both group roles (``REVOKE ALL`` also drops
  column privileges), then granted afresh: a re-run of ``server init`` narrows old, wider grants.
* Ledgers (``__sync_kind__ = "ledger"``: stock moves, payments, allocations, fee changes, collection calls,
  the Dostavista balance) are insert-only. Push only ever INSERTs their rows, or UPDATEs ``deleted_at`` and
  the ``updated_at``/``updated_by`` stamps for a tombstone; and it locks the touched rows with
  ``SELECT … FOR UPDATE``, which needs UPDATE on at least one column. So a ledger gets INSERT plus
  column-level UPDATE on exactly those three columns (``LEDGER_UPDATE_COLUMNS``), for both roles.
* ``mos_manager``: SELECT and INSERT on every synced table, UPDATE on every row table.
* ``mos_warehouse``: SELECT on every synced table (the workstation holds a full replica: shipments need
  clients and sites, and the change log carries every row anyway, so hiding reads would protect nothing);
  INSERT/UPDATE on the stock tables in ``WAREHOUSE_TABLES`` (ledgers among them narrowed as above); on
  ``shipments`` only a column-level UPDATE of ``WAREHOUSE_SHIPMENT_COLUMNS`` (status, carrier, dates,
  tracking, weight, notes): no new shipments, no cost, documents, client or payable; on ``shipment_lines``
  the picked quantity and serial number, and new lines (one per serial number when picking); on purchase
  orders and their lines what arrived and when (``WAREHOUSE_PURCHASE_*``: receiving goods), not prices or
  ordered quantities; ``issued_documents`` (the move and delivery papers it prints). Nothing on invoices,
  invoice lines, payments, allocations, contracts or any other manager table.

Column-level grants, not row-level security, for shipments: what the warehouse may change is a set of
*columns* of every shipment, not a set of rows, which is exactly what a column grant expresses; RLS
policies filter rows and cannot tell one column of an UPDATE from another (that would need a trigger
comparing OLD and NEW per role). Column grants are also checked before any row is touched, so the refusal
is immediate, with PostgreSQL's own message, and costs nothing on the push fast path.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from alembic import command
from psycopg import sql
from sqlalchemy import Table

from mos_desktop.db import alembic_config
from mos_desktop.errors import UserError
from mos_desktop.sync.connection import connect, sa_engine
from mos_desktop.sync.tables import specs, sync_conflicts, sync_metadata

SYNC_SCHEMA_VERSION = "1"
ADVISORY_KEY = 0x4D4F53  # "MOS"
NOTIFY_CHANNEL = "mos_sync"
ROLES = {"manager": "mos_manager", "warehouse": "mos_warehouse"}

# What the warehouse keeper's login may insert and update (whole tables; ledgers narrowed, see above) ...
WAREHOUSE_TABLES = (
    "items",
    "locations",
    "stock_moves",
    "serial_numbers",
    "stock_counts",
    "stock_count_lines",
    "issued_documents",  # the move and delivery papers the warehouse prints (their numbers)
    "purchase_order_steps",  # a receipt moves its order to «принят частично / полностью»
    "purchase_attachments",  # photos and notes of an acceptance
    "sync_conflicts",
)
# ... the warehouse columns of shipments it may update (no new shipments, no money or document columns) ...
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
# ... and of shipment lines: what was actually picked and its serial numbers (the lines and their prices
# are the manager's).
WAREHOUSE_SHIPMENT_LINE_COLUMNS = ("quantity", "serial", "updated_at", "updated_by")
# ... and receiving goods against a purchase order: what arrived, when; prices and quantities ordered are
# the manager's.
WAREHOUSE_PURCHASE_COLUMNS = (
    "status",
    "accepted_on",
    "accepted_by",
    "discrepancy_note",
    "notes",
    "updated_at",
    "updated_by",
)
WAREHOUSE_PURCHASE_LINE_COLUMNS = ("received_quantity", "defective_quantity", "updated_at", "updated_by")
WAREHOUSE_COLUMNS = {
    "shipments": WAREHOUSE_SHIPMENT_COLUMNS,
    "shipment_lines": WAREHOUSE_SHIPMENT_LINE_COLUMNS,
    "purchase_orders": WAREHOUSE_PURCHASE_COLUMNS,
    "purchase_order_lines": WAREHOUSE_PURCHASE_LINE_COLUMNS,
}
# Tables of WAREHOUSE_COLUMNS the warehouse may also add rows to: a line per serial number when picking.
WAREHOUSE_INSERT = ("shipment_lines",)
# The only columns of a ledger row that change after its insert: its tombstone and the stamps.
LEDGER_UPDATE_COLUMNS = ("deleted_at", "updated_at", "updated_by")
# A login name for ``add_user``: plain, so it reads the same in every tool and log.
LOGIN_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,62}$")
MIN_PASSWORD_LEN = 8

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


def _columns(names: tuple[str, ...]) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(c) for c in names)


def _grants(cur: psycopg.Cursor[Any], tables: list[str], kinds: dict[str, str]) -> None:
    """Grant the group roles exactly their rights (see the module docstring); idempotent, and a re-run
    narrows grants an older version gave."""
    mgr, wh = (sql.Identifier(ROLES["manager"]), sql.Identifier(ROLES["warehouse"]))
    cur.execute("SELECT current_database()")
    (dbname,) = cur.fetchone()  # type: ignore[misc]
    cur.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(sql.Identifier(dbname), mgr, wh))
    cur.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}, {}").format(mgr, wh))
    for name in ("sync_change_log", "sync_server_meta", "alembic_version"):
        cur.execute(sql.SQL("REVOKE ALL ON {} FROM {}, {}").format(sql.Identifier(name), mgr, wh))
        cur.execute(sql.SQL("GRANT SELECT ON {} TO {}, {}").format(sql.Identifier(name), mgr, wh))
    cur.execute(sql.SQL("REVOKE ALL ON sync_applied_ops FROM {}, {}").format(mgr, wh))
    cur.execute(sql.SQL("GRANT SELECT, INSERT ON sync_applied_ops TO {}, {}").format(mgr, wh))
    ledger_cols = _columns(LEDGER_UPDATE_COLUMNS)
    for name in tables:
        t = sql.Identifier(name)
        ledger = kinds.get(name) == "ledger"
        cur.execute(sql.SQL("REVOKE ALL ON {} FROM {}, {}").format(t, mgr, wh))
        cur.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(t, mgr))
        if ledger:
            cur.execute(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(ledger_cols, t, mgr))
        else:
            cur.execute(sql.SQL("GRANT UPDATE ON {} TO {}").format(t, mgr))
        cur.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(t, wh))
        if name in WAREHOUSE_TABLES:
            cur.execute(sql.SQL("GRANT INSERT ON {} TO {}").format(t, wh))
            if ledger:
                cur.execute(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(ledger_cols, t, wh))
            else:
                cur.execute(sql.SQL("GRANT UPDATE ON {} TO {}").format(t, wh))
        elif name in WAREHOUSE_COLUMNS:
            cols = _columns(WAREHOUSE_COLUMNS[name])
            cur.execute(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(cols, t, wh))
            if name in WAREHOUSE_INSERT:
                cur.execute(sql.SQL("GRANT INSERT ON {} TO {}").format(t, wh))


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
    synced = specs(extra_tables)
    names = list(synced)
    with connect(dsn) as pg, pg.cursor() as cur:
        cur.execute(_BASE_SQL)
        for name in names:
            install_server_table(cur, name)
        for role in ROLES.values():
            _ensure_role(cur, role)
        _grants(cur, names, {n: s.sync_kind for n, s in synced.items()})
    return names


def check_login_name(name: str) -> None:
    """``UserError`` (Russian, naming the field and the fix) unless ``name`` is a plain login name."""
    if not LOGIN_NAME_RE.match(name):
        raise UserError(
            "Логин: допустимы латинские буквы, цифры, «_», «.» и «-», первой — буква или «_», "
            "не длиннее 63 символов — например, sklad_rumyantsevo."
        )
    if name in ROLES.values() or name.startswith("pg_"):
        raise UserError(f"Логин: имя {name} занято служебной ролью — выберите другое.")


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LEN:
        raise UserError(f"Пароль: не короче {MIN_PASSWORD_LEN} символов — придумайте пароль длиннее.")


def scram_verifier(pg: psycopg.Connection[Any], name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, computed here by libpq: the server (and its statement
    log) only ever sees the verifier, never the password."""
    raw = pg.pgconn.encrypt_password(password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256")
    return raw.decode("ascii")


def add_user(dsn: str, name: str, role: str, password: str) -> bool:
    """Create (or update the password and role of) a login in group role ``manager`` / ``warehouse``;
    True when the login already existed (its password was replaced), False when it was created.

    The password is sent as a SCRAM-SHA-256 verifier made on this side. An existing superuser or a role
    that may create roles is never turned into a workstation login (``UserError``)."""
    if role not in ROLES:
        raise UserError(f"Роль: допустимы {', '.join(ROLES)}")
    check_login_name(name)
    check_new_password(password)
    with connect(dsn) as pg, pg.cursor() as cur:
        for r in ROLES.values():
            _ensure_role(cur, r)
        user = sql.Identifier(name)
        cur.execute(
            "SELECT r.rolsuper OR r.rolcreaterole OR r.rolbypassrls OR EXISTS ("
            "  SELECT 1 FROM pg_class c WHERE c.relowner = r.oid) "
            "FROM pg_roles r WHERE r.rolname = %s",
            (name,),
        )
        existing = cur.fetchone()
        if existing and existing[0]:
            raise UserError(
                f"Логин: {name} — администратор или владелец таблиц PostgreSQL; рабочему месту нужен "
                "отдельный логин — "
                "выберите другое имя."
            )
        verb = "ALTER" if existing else "CREATE"
        verifier = scram_verifier(pg, name, password)
        cur.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(user, sql.Literal(verifier)))
        for other in ROLES.values():
            cur.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), user))
        cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), user))
    return existing is not None
