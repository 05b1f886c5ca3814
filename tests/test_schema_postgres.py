"""The one Alembic history builds the same schema on the shared PostgreSQL as on the local SQLite."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pgserver import PgServer, sqlalchemy_url
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session

from mos_desktop.db import Database, alembic_config, current_revision, head_revision
from mos_desktop.models import Base, Client, ClientStatus

pytestmark = pytest.mark.pg

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def pg_engine(pg_dsn: str) -> Iterator[Engine]:
    engine = create_engine(sqlalchemy_url(pg_dsn))
    yield engine
    engine.dispose()


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def columns_by_table(engine: Engine) -> dict[str, dict[str, dict[str, Any]]]:
    insp = inspect(engine)
    return {
        table: {col["name"]: col for col in insp.get_columns(table)}
        for table in insp.get_table_names()
        if table != "alembic_version"
    }


def test_history_creates_every_model_table_with_the_same_columns(pg_engine: Engine) -> None:
    upgrade(pg_engine)
    assert current_revision(pg_engine) == head_revision()
    on_server = columns_by_table(pg_engine)
    assert set(on_server) == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        got = on_server[name]
        assert set(got) == {c.name for c in table.columns}, name
        for column in table.columns:
            assert got[column.name]["nullable"] == column.nullable, f"{name}.{column.name}"
    # The strongest check: Alembic finds nothing to change between the models and the built schema.
    with pg_engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diffs == []


def test_native_types_on_postgres(pg_engine: Engine) -> None:
    upgrade(pg_engine)
    with pg_engine.connect() as conn:
        types = dict(
            conn.exec_driver_sql(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'clients'"
            ).all()
        )
        encoding = conn.exec_driver_sql("SHOW server_encoding").scalar()
    assert encoding == "UTF8"
    assert types["id"] == "uuid"
    assert types["monthly_fee_kop"] == "bigint"
    assert types["created_at"] == "timestamp with time zone"


def test_row_round_trips_russian_text_uuid_kopecks_and_aware_time(pg_engine: Engine) -> None:
    upgrade(pg_engine)
    key = uuid.UUID("01936a5e-7c00-7abc-8def-0123456789ab")
    moment = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=MOSCOW)
    name = "ЖК «Ёлки-Палки» — корпус №2, подъезд «Б»"
    fee = 12_345_678_901  # kopecks: more than a 32-bit integer holds
    with Session(pg_engine) as s, s.begin():
        s.add(
            Client(
                id=key,
                name=name,
                inn="7707083893",
                status=ClientStatus.SUSPENDED,
                monthly_fee_kop=fee,
                deleted_at=moment,
                notes="Примечание: ёмкость 100 %, «кавычки»",
            )
        )
    with Session(pg_engine) as s:
        got = s.get(Client, key)
        assert got is not None
        assert (got.id, got.name, got.monthly_fee_kop, got.status) == (key, name, fee, ClientStatus.SUSPENDED)
        assert isinstance(got.monthly_fee_kop, int)
        assert got.notes == "Примечание: ёмкость 100 %, «кавычки»"
        assert got.deleted_at == moment
        assert got.deleted_at is not None and got.deleted_at.utcoffset() is not None
    with pg_engine.connect() as conn:
        raw = conn.exec_driver_sql(
            "SELECT to_char(deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), "
            "status, octet_length(name), char_length(name) FROM clients"
        ).one()
    assert raw[0] == "2026-11-23 06:30:15.123456"  # the same instant, stored as UTC
    assert raw[1] == "suspended"
    assert raw[2] > raw[3] == len(name)  # multi-byte UTF-8 stored, characters intact


def test_second_upgrade_is_a_no_op(pg_engine: Engine) -> None:
    upgrade(pg_engine)
    before = columns_by_table(pg_engine)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(pg_engine, "before_cursor_execute", record)
    try:
        upgrade(pg_engine)
    finally:
        event.remove(pg_engine, "before_cursor_execute", record)
    ddl = [s for s in statements if s.lstrip().split(" ", 1)[0].upper() in {"CREATE", "ALTER", "DROP"}]
    assert ddl == []
    assert not any(
        s.lstrip().upper().startswith(("UPDATE ALEMBIC", "INSERT INTO ALEMBIC")) for s in statements
    )
    assert current_revision(pg_engine) == head_revision()
    assert {t: set(c) for t, c in columns_by_table(pg_engine).items()} == {
        t: set(c) for t, c in before.items()
    }


def test_sqlite_and_postgres_schemas_agree(db: Database, pg_engine: Engine) -> None:
    upgrade(pg_engine)
    lite = columns_by_table(db.engine)
    pg = columns_by_table(pg_engine)
    shared = set(Base.metadata.tables)
    assert set(pg) == shared
    # Beyond the model, only the workstation's own sync bookkeeping (revision 0002) lives on SQLite.
    assert shared <= set(lite)
    assert all(name.startswith("sync_") for name in set(lite) - shared), sorted(set(lite) - shared)
    for table in shared:
        assert set(lite[table]) == set(pg[table]), table
        for column in lite[table]:
            assert lite[table][column]["nullable"] == pg[table][column]["nullable"], f"{table}.{column}"
    lite_insp, pg_insp = inspect(db.engine), inspect(pg_engine)
    for table in shared:
        assert (
            lite_insp.get_pk_constraint(table)["constrained_columns"]
            == (pg_insp.get_pk_constraint(table)["constrained_columns"])
        ), table
        lite_fks = {
            (tuple(fk["constrained_columns"]), fk["referred_table"])
            for fk in lite_insp.get_foreign_keys(table)
        }
        pg_fks = {
            (tuple(fk["constrained_columns"]), fk["referred_table"]) for fk in pg_insp.get_foreign_keys(table)
        }
        assert lite_fks == pg_fks, table


def test_server_requires_passwords_for_roles_other_than_the_superuser(
    pg_server: PgServer, pg_dsn: str
) -> None:
    """What the sync tests rely on: a role logs in only with its password, and grants are enforced."""
    role = f"r_{uuid.uuid4().hex[:12]}"
    dbname = pg_dsn.rsplit("/", 1)[1]
    pg_server.create_role(role, "пароль: s3cret@/")
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute("CREATE TABLE invoices (n int)")
        with psycopg.connect(pg_server.dsn(dbname, user=role, password="пароль: s3cret@/")) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (role,)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("INSERT INTO invoices VALUES (1)")
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(pg_server.dsn(dbname, user=role, password="wrong"))
    finally:
        pg_server.drop_database(dbname)  # the role owns nothing, but sessions may linger
        pg_server.drop_role(role)
