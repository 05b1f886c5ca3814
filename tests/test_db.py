from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mos_desktop.db import backups_dir, current_revision, head_revision, open_database
from mos_desktop.errors import DatabaseProblem
from mos_desktop.instance_lock import InstanceLock
from mos_desktop.models import Client


def test_new_database_is_migrated_to_head_with_pragmas(tmp_path: Path) -> None:
    database = open_database(tmp_path / "a.sqlite3", daily_backup=False)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        database.dispose()


def test_committed_rows_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    database = open_database(path, daily_backup=False)
    with database.session() as s:
        s.add(Client(name="ЖК Лесной", inn="7707083893"))
    database.dispose()
    database = open_database(path, daily_backup=False)
    with database.session() as s:
        assert [c.name for c in s.query(Client)] == ["ЖК Лесной"]
    database.dispose()


def test_failed_transaction_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Client(name="X", inn="7707083893"))
        s.flush()
        raise RuntimeError("boom")
    with db.session() as s:
        assert s.query(Client).count() == 0


def test_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"hello, this is a text file\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="не является базой"):
        open_database(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    open_database(path, daily_backup=False).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="более новой версией"):
        open_database(path)
    assert path.read_bytes() == before


def test_backup_copies_live_data_consistently(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    open_database(path, daily_backup=False).dispose()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE extra_marker (x INTEGER)")
    con.execute("INSERT INTO extra_marker VALUES (42)")
    con.commit()
    con.close()
    from mos_desktop.db import backup

    target = backup(path, "manual")
    assert target is not None and target.parent == backups_dir(path)
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT x FROM extra_marker").fetchone() == (42,)
    copy.close()


def test_daily_backup_rotation_keeps_ten(tmp_path: Path) -> None:
    from mos_desktop.db import backup

    path = tmp_path / "a.sqlite3"
    open_database(path, daily_backup=False).dispose()
    for _ in range(13):
        backup(path, "daily")
    assert len(list(backups_dir(path).glob("a-*.sqlite3"))) == 10


def test_second_instance_on_same_file_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "a.sqlite3"
    with InstanceLock(db_path):
        code = (
            "import sys; from pathlib import Path; from mos_desktop.instance_lock import InstanceLock\n"
            "from mos_desktop.errors import DatabaseProblem\n"
            f"try:\n    InstanceLock(Path({str(db_path)!r})).acquire()\nexcept DatabaseProblem as e:\n"
            "    print(e.message); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert result.returncode == 3
        assert "уже открыта" in result.stdout
    # released: a new process gets it
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0


def test_head_constant_matches_the_migration_scripts() -> None:
    from mos_desktop.migrations import HEAD

    assert head_revision() == HEAD


def test_upgrade_from_an_older_schema_backs_up_first(tmp_path: Path) -> None:
    """A file at revision 0001 is copied to backups/ before the upgrade to head touches it."""
    from alembic import command
    from sqlalchemy import create_engine

    from mos_desktop.db import alembic_config

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO clients (id, version, created_at, created_by, updated_at, updated_by, name, "
            "legal_name, inn, kpp, ogrn, status, manager, monthly_fee_kop, contract_number, phone, email, "
            "legal_address, postal_address, churn_risk, notes) VALUES ('00000000000070008000000000000001', 0, "
            "'2026-01-01 00:00:00', '', '2026-01-01 00:00:00', '', 'ЖК Старый', '', '7707083893', '', '', "
            "'active', '', 0, '', '', '', '', '', 0, '')"
        )
    engine.dispose()
    database = open_database(path, daily_backup=False)
    try:
        assert current_revision(database.engine) == head_revision()
    finally:
        database.dispose()
    copies = list(backups_dir(path).glob("old-*-before-migration.sqlite3"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT name FROM clients").fetchall() == [("ЖК Старый",)]
    finally:
        copy.close()


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other-app.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes (text) VALUES ('чужие данные')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="другой программы"):
        open_database(path)
    assert path.read_bytes() == before


def test_rotation_leaves_other_databases_backups_alone(tmp_path: Path) -> None:
    from mos_desktop.db import backup, backup_if_due

    main, other = tmp_path / "mos.sqlite3", tmp_path / "mos-old.sqlite3"
    for p in (main, other):
        open_database(p, daily_backup=False).dispose()
    backup(other, "daily")
    for _ in range(12):
        backup(main, "daily")
    assert len(list(backups_dir(main).glob("mos-old-*.sqlite3"))) == 1
    assert not list(backups_dir(main).glob("*.partial"))
    assert backup_if_due(main) is None  # one was made just now


def test_indexes_deferred_by_an_interrupted_initial_sync_are_restored(db: Any) -> None:
    """The initial sync drops a table's plain indexes while it fills it (sync/snapshot.py); a cut leaves
    them recorded in sync_state. restore_deferred_indexes (also run before every migration) rebuilds them."""
    import json

    from mos_desktop.db import DEFERRED_INDEXES_KEY, restore_deferred_indexes

    with db.engine.begin() as conn:
        name, sql = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stock_moves' "
            "AND sql IS NOT NULL ORDER BY name LIMIT 1"
        ).one()
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
        conn.exec_driver_sql(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)",
            (
                DEFERRED_INDEXES_KEY,
                json.dumps(
                    {
                        "stock_moves": [sql],
                        "clients": ["CREATE INDEX IF NOT EXISTS ix_extra_note ON clients (notes)"],
                    }
                ),
            ),
        )
    with db.engine.begin() as conn:
        restore_deferred_indexes(conn)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).scalar() == sql
        assert conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'ix_extra_note'").scalar() == 1
        assert (
            conn.exec_driver_sql(
                "SELECT count(*) FROM sync_state WHERE key = ?", (DEFERRED_INDEXES_KEY,)
            ).scalar()
            == 0
        )


def _insert(conn: Any, table: str, **values: Any) -> None:
    """A row with every NOT NULL column filled (whatever this old revision has), ``values`` on top."""
    from sqlalchemy import inspect as sa_inspect

    row: dict[str, Any] = {}
    for column in sa_inspect(conn).get_columns(table):
        if column["nullable"] or column.get("default") is not None:
            continue
        kind = str(column["type"]).upper()
        if "INT" in kind or "BOOL" in kind or "NUMERIC" in kind:
            row[column["name"]] = 0
        elif "DATE" in kind or "TIME" in kind:
            row[column["name"]] = "2026-01-01 00:00:00" if "TIME" in kind else "2026-01-01"
        else:
            row[column["name"]] = ""
    row.update(values)
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))


def test_upgrade_of_a_populated_file_rebuilds_referenced_tables(tmp_path: Path) -> None:
    """A migration that rebuilds a table other rows point to (payments, referenced by allocations) must
    not fail on the foreign keys, and must keep every row and reference."""
    from alembic import command

    from mos_desktop.db import alembic_config, make_engine

    path = tmp_path / "populated.sqlite3"
    engine = make_engine(path)  # the app's own pragmas: foreign keys ON
    ids = {
        name: f"0000000000007000800000000000000{n}"
        for n, name in enumerate(("client", "inv", "pay", "alloc"))
    }
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
        _insert(conn, "clients", id=ids["client"], name="ЖК", inn="7707083893", status="active")
        _insert(conn, "invoices", id=ids["inv"], client_id=ids["client"], number="С-1", status="issued")
        _insert(conn, "payments", id=ids["pay"], client_id=ids["client"], amount_kop=100, source="bank")
        _insert(conn, "payment_allocations", id=ids["alloc"], payment_id=ids["pay"], invoice_id=ids["inv"])
    engine.dispose()
    database = open_database(path, daily_backup=False)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert (
                conn.exec_driver_sql("SELECT payment_id FROM payment_allocations").scalar_one() == ids["pay"]
            )
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    finally:
        database.dispose()
