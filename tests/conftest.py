"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from mos_desktop.db import Database, open_database


class MemoryKeyring(KeyringBackend):
    """In-memory keyring for tests (a headless box has no backend; keyrings.alt is plain text)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, config and logs of the app go to a per-test folder; never the real user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("MOS_DESKTOP_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fresh_connection_log() -> None:
    """Each test starts with no connection failure said yet (the log says a repeated one only once per
    process: ``sync.connection._log_failure``), so a test sees the failures it causes."""
    from mos_desktop.sync import connection

    connection._failures.clear()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head per session; `db` copies it instead of running Alembic every test.

    Written back to a single self-contained file: WAL checkpointed and the -wal/-shm files gone."""
    path = tmp_path_factory.mktemp("db-template") / "template.sqlite3"
    open_database(path, daily_backup=False).dispose()
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    assert not leftovers, f"template database left files behind: {leftovers}"
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    """A fresh database at head in the test's own folder (a copy of the session's migrated template)."""
    path = tmp_path / "test.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(path, daily_backup=False)
    yield database
    database.dispose()


# --- Throwaway PostgreSQL (tests/pgserver.py; mark such tests with @pytest.mark.pg) -----------------
try:
    from pgserver import PgServer, PgUnavailable
except ImportError:  # tests/ imported as a package
    from tests.pgserver import PgServer, PgUnavailable


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL cluster for the whole session: superuser `postgres` (no password), other roles
    log in with a password. Skips the test when no PostgreSQL server programs are installed, except
    under CI (CI set) or with MOS_REQUIRE_PG=1: there a missing server fails, so a green run means the
    PostgreSQL tests really ran."""
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        if (
            os.environ.get("CI", "").lower() not in ("", "0", "false")
            or os.environ.get("MOS_REQUIRE_PG") == "1"
        ):
            pytest.fail(f"PostgreSQL is required here (CI or MOS_REQUIRE_PG=1): {exc}", pytrace=False)
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_dsn(pg_server: PgServer) -> Iterator[str]:
    """A fresh empty database (superuser DSN, libpq URI); dropped after the test."""
    import uuid

    name = f"t_{uuid.uuid4().hex[:16]}"
    dsn = pg_server.create_database(name)
    yield dsn
    pg_server.drop_database(name)
