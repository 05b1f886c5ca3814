"""The shared PostgreSQL's set-up: logins with client-side SCRAM verifiers, an idempotent ``server init``
that also narrows older grants, insert-only ledgers, and the warehouse keeper's column-level rights on
shipments, tried with the real logins and through a real sync."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from synchelp import edit, get, move, new_client, new_stock, outbox, server_rows, sync

from mos_desktop.errors import UserError
from mos_desktop.models import CarrierKind, Payment, Shipment, StockMove
from mos_desktop.sync.server_schema import (
    LEDGER_UPDATE_COLUMNS,
    WAREHOUSE_SHIPMENT_COLUMNS,
    WAREHOUSE_TABLES,
    add_user,
    server_init,
)
from mos_desktop.sync.tables import specs

pytestmark = pytest.mark.pg

ROLES = ("mos_manager", "mos_warehouse")


def _login(dsn: str, role: str, monkeypatch: pytest.MonkeyPatch, password: str = "") -> tuple[str, str]:
    """A new login in ``role``; its DSN (no password in it) and its password (also in MOS_PG_PASSWORD)."""
    name = f"{role[:2]}_{uuid.uuid4().hex[:10]}"
    password = password or f"pw-{uuid.uuid4().hex[:12]}"
    add_user(dsn, name, role, password)
    info = conninfo_to_dict(dsn)
    monkeypatch.setenv("MOS_PG_PASSWORD", password)
    return f"postgresql://{name}@{info['host']}:{info['port']}/{info['dbname']}", password


def _privileges(dsn: str) -> list[tuple[Any, ...]]:
    """Every table and column privilege the two group roles hold in this database."""
    query = """
        SELECT c.relname, NULL::name, a.privilege_type, r.rolname
        FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
        WHERE r.rolname = ANY(%(roles)s)
        UNION ALL
        SELECT c.relname, att.attname, a.privilege_type, r.rolname
        FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid,
             aclexplode(att.attacl) a JOIN pg_roles r ON r.oid = a.grantee
        WHERE r.rolname = ANY(%(roles)s)
        ORDER BY 1, 2, 3, 4
    """
    with psycopg.connect(dsn) as pg:
        return [tuple(r) for r in pg.execute(query, {"roles": list(ROLES)}).fetchall()]


def _has_column_privilege(dsn: str, role: str, table: str, column: str, privilege: str) -> bool:
    with psycopg.connect(dsn) as pg:
        row = pg.execute("SELECT has_column_privilege(%s, %s, %s, %s)", (role, table, column, privilege))
        return bool(row.fetchone()[0])  # type: ignore[index]


# --- logins ----------------------------------------------------------------------------------------


def test_add_user_sends_only_a_scram_verifier_and_the_login_works(pg_dsn, monkeypatch) -> None:
    server_init(pg_dsn)
    sent: list[str] = []
    original = psycopg.Cursor.execute

    def recording(self: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(query.as_string(self) if isinstance(query, sql.Composable) else str(query))
        sent.extend(repr(a) for a in args)
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", recording)
    name, password = f"wh_{uuid.uuid4().hex[:10]}", "Склад-Румянцево-1"
    add_user(pg_dsn, name, "warehouse", password)
    add_user(pg_dsn, name, "warehouse", password + "!")  # ALTER ROLE: the same rule
    monkeypatch.setattr(psycopg.Cursor, "execute", original)

    assert any("PASSWORD 'SCRAM-SHA-256$" in s for s in sent), sent
    assert not [s for s in sent if password in s]  # neither statement nor parameter carries it
    (stored,) = server_rows(pg_dsn, "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,))[0]
    assert stored.startswith("SCRAM-SHA-256$") and password not in stored
    info = conninfo_to_dict(pg_dsn)
    with psycopg.connect(
        host=info["host"], port=info["port"], dbname=info["dbname"], user=name, password=password + "!"
    ) as pg:
        assert pg.execute("SELECT pg_has_role(current_user, 'mos_warehouse', 'member')").fetchone() == (True,)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(
            host=info["host"], port=info["port"], dbname=info["dbname"], user=name, password=password
        ).close()


def test_add_user_switches_the_role_of_an_existing_login(server, monkeypatch) -> None:
    dsn, _pw = _login(server, "warehouse", monkeypatch)
    name = conninfo_to_dict(dsn)["user"]
    add_user(server, name, "manager", "другой-пароль")
    query = "SELECT pg_has_role(%s, 'mos_manager', 'member'), pg_has_role(%s, 'mos_warehouse', 'member')"
    assert server_rows(server, query, (name, name)) == [(True, False)]


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("postgres", "достаточно-длинный", "администратор или владелец"),
        ("mos_manager", "достаточно-длинный", "служебной ролью"),
        ("bad name; DROP", "достаточно-длинный", "Логин: допустимы"),
        ("short_pw", "1234567", "не короче 8"),
    ],
)
def test_add_user_refuses_admins_service_roles_odd_names_and_short_passwords(
    server, name, password, message
) -> None:
    before = server_rows(server, "SELECT rolname, rolpassword FROM pg_authid ORDER BY 1")
    with pytest.raises(UserError, match=message):
        add_user(server, name, "manager", password)
    assert server_rows(server, "SELECT rolname, rolpassword FROM pg_authid ORDER BY 1") == before


def test_add_user_refuses_the_owner_of_tables(server) -> None:
    """An owner bypasses every grant: it must never become a workstation login."""
    with psycopg.connect(server, autocommit=True) as pg:
        pg.execute("CREATE ROLE table_owner NOLOGIN")
        pg.execute("CREATE TABLE owned_here (id int)")
        pg.execute("ALTER TABLE owned_here OWNER TO table_owner")
    with pytest.raises(UserError, match="владелец таблиц"):
        add_user(server, "table_owner", "warehouse", "достаточно-длинный")
    assert server_rows(server, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'table_owner'") == [(False,)]


# --- server init -------------------------------------------------------------------------------------


def test_server_init_twice_is_idempotent_and_narrows_older_wider_grants(pg_dsn) -> None:
    server_init(pg_dsn)
    first = _privileges(pg_dsn)
    triggers = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'mos_sync%%'"
    first_triggers = server_rows(pg_dsn, triggers)
    assert first and first_triggers[0][0] == 2 * len(specs())
    # An older version granted whole-table UPDATE on ledgers and INSERT on shipments to the warehouse.
    with psycopg.connect(pg_dsn) as pg:
        pg.execute("GRANT UPDATE ON stock_moves, payments TO mos_manager, mos_warehouse")
        pg.execute("GRANT INSERT, UPDATE ON shipments, invoices TO mos_warehouse")
    assert _privileges(pg_dsn) != first
    server_init(pg_dsn)
    assert _privileges(pg_dsn) == first
    assert server_rows(pg_dsn, triggers) == first_triggers
    assert server_rows(pg_dsn, "SELECT count(*) FROM sync_server_meta") == [(2,)]


def test_ledgers_are_insert_only_for_both_roles(server) -> None:
    ledgers = {n: s for n, s in specs().items() if s.sync_kind == "ledger"}
    assert {"stock_moves", "payments", "payment_allocations", "dostavista_entries"} <= set(ledgers)
    with psycopg.connect(server) as pg:
        for role in ROLES:
            for name, spec in ledgers.items():
                may_write = role == "mos_manager" or name in WAREHOUSE_TABLES
                for column in spec.columns:
                    row = pg.execute(
                        "SELECT has_column_privilege(%s, %s, %s, 'UPDATE'), "
                        "has_column_privilege(%s, %s, %s, 'INSERT')",
                        (role, name, column) * 2,
                    ).fetchone()
                    expected = (may_write and column in LEDGER_UPDATE_COLUMNS, may_write)
                    assert row == expected, (role, name, column)
    assert _has_column_privilege(server, "mos_manager", "clients", "name", "UPDATE")
    assert not _has_column_privilege(server, "mos_warehouse", "payments", "amount_kop", "INSERT")


def test_manager_login_syncs_ledgers_and_a_ledger_edit_is_rejected_not_lost(server, replicas, monkeypatch):
    dsn, _pw = _login(server, "manager", monkeypatch)
    m = replicas("m")
    client = new_client(m, "Плательщик")
    item, src, dst = new_stock(m)
    mv = move(m, item, src, dst, 5)
    with m.session() as s:
        payment = Payment(received_on=date(2026, 11, 20), amount_kop=1_500_00, client_id=client)
        s.add(payment)
    assert sync(m, dsn).rejected == 0
    with m.session() as s:  # an insert-only fact edited in place: PostgreSQL refuses it
        s.get(StockMove, mv).quantity = 50
    with m.session() as s:  # a tombstone is what sync itself needs on a ledger: allowed
        s.delete(s.get(Payment, payment.id))
    report = sync(m, dsn)
    assert report.rejected == 1 and outbox(m) == []
    with m.engine.connect() as conn:
        (table, reason) = conn.exec_driver_sql("SELECT table_name, reason FROM sync_rejected").one()
    assert table == "stock_moves" and "permission denied" in reason
    assert server_rows(server, "SELECT quantity FROM stock_moves WHERE id = %s", (mv,)) == [(5,)]
    assert get(m, StockMove, mv).quantity == 5  # put back to the server's value; mine is kept in the list
    (deleted,) = server_rows(server, "SELECT deleted_at FROM payments WHERE id = %s", (payment.id,))[0]
    assert deleted is not None


# --- the warehouse keeper ----------------------------------------------------------------------------


def _shipment(database: Any, client: uuid.UUID) -> uuid.UUID:
    with database.session() as s:
        shipment = Shipment(
            number="ОТГ-1", client_id=client, carrier_kind=CarrierKind.COURIER, cost_kop=900_00
        )
        s.add(shipment)
    return shipment.id


def test_warehouse_login_may_update_only_warehouse_shipment_columns(server, replicas, monkeypatch) -> None:
    manager = replicas("m")
    client = new_client(manager)
    shipment = _shipment(manager, client)
    sync(manager, server)
    dsn, password = _login(server, "warehouse", monkeypatch)
    assert "tracking_number" in WAREHOUSE_SHIPMENT_COLUMNS and "cost_kop" not in WAREHOUSE_SHIPMENT_COLUMNS
    with psycopg.connect(dsn, password=password) as pg:
        pg.execute("UPDATE shipments SET tracking_number = 'TRK-1' WHERE id = %s", (shipment,))
    assert server_rows(server, "SELECT tracking_number FROM shipments") == [("TRK-1",)]
    forbidden = [
        ("UPDATE shipments SET cost_kop = 1 WHERE id = %s", (shipment,)),
        ("UPDATE shipments SET client_id = NULL WHERE id = %s", (shipment,)),
        (
            "INSERT INTO shipments (id, number, carrier_kind, status) "
            "VALUES (gen_random_uuid(), 'X', 'courier', 'planned')",
            (),
        ),
        (
            "INSERT INTO payments (id, received_on, amount_kop, payer_inn, payer_name, payer_account, purpose, "
            "bank_doc_number, source, import_key) VALUES (gen_random_uuid(), current_date, 100, '', '', '', "
            "'', '', 'manual', '')",
            (),
        ),
        ("UPDATE invoices SET total_kop = 0", ()),
        ("UPDATE service_contracts SET deleted_at = now()", ()),
        ("UPDATE stock_moves SET quantity = 0", ()),
        ("DELETE FROM items", ()),
        ("UPDATE purchase_order_lines SET price_kop = 0", ()),
        ("UPDATE purchase_orders SET supplier_invoice_kop = 0", ()),
    ]
    for statement, params in forbidden:
        with (
            psycopg.connect(dsn, password=password) as pg,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            pg.execute(statement, params)
    assert server_rows(server, "SELECT cost_kop, client_id FROM shipments") == [(900_00, client)]
    # Receiving goods and printing its papers are the keeper's work.
    allowed = [
        "UPDATE purchase_orders SET status = 'received', accepted_on = current_date",
        "UPDATE purchase_order_lines SET received_quantity = 1",
        "UPDATE shipment_lines SET serial = 'SN-1'",
    ]
    with psycopg.connect(dsn, password=password) as pg:
        for statement in allowed:
            pg.execute(statement)
        assert pg.execute("SELECT has_table_privilege('issued_documents', 'INSERT')").fetchone() == (True,)
        assert pg.execute("SELECT has_table_privilege('shipment_lines', 'INSERT')").fetchone() == (True,)


def test_warehouse_workstation_syncs_its_edits_and_a_forbidden_one_is_rejected(
    server, replicas, monkeypatch
) -> None:
    manager = replicas("m")
    client = new_client(manager)
    shipment = _shipment(manager, client)
    sync(manager, server)
    dsn, _pw = _login(server, "warehouse", monkeypatch)
    wh = replicas("w")
    sync(wh, dsn)
    edit(wh, Shipment, shipment, tracking_number="TRK-77", weight_kg=12)
    edit(wh, Shipment, shipment, cost_kop=1)  # the manager's money column: not the keeper's
    item, src, dst = new_stock(wh)
    mv = move(wh, item, src, dst, 2)
    report = sync(wh, dsn)
    assert report.rejected == 1 and outbox(wh) == []
    with wh.engine.connect() as conn:
        (table, cols, reason) = conn.exec_driver_sql(
            "SELECT table_name, cols, reason FROM sync_rejected"
        ).one()
    assert table == "shipments" and json.loads(cols)["cost_kop"] == 1  # my value kept, with the reason
    assert "Сервер отклонил" in reason and "нет прав" in reason and "permission denied" in reason
    query = "SELECT tracking_number, weight_kg, cost_kop FROM shipments WHERE id = %s"
    assert server_rows(server, query, (shipment,)) == [("TRK-77", 12, 900_00)]
    row = get(wh, Shipment, shipment)
    assert (row.tracking_number, row.cost_kop) == ("TRK-77", 900_00)  # back to the server's value
    assert server_rows(server, "SELECT quantity FROM stock_moves WHERE id = %s", (mv,)) == [(2,)]
    sync(manager, server)
    assert get(manager, Shipment, shipment).tracking_number == "TRK-77"
    assert get(manager, StockMove, mv).quantity == 2
