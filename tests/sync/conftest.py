"""Fixtures of the sync tests: a prepared shared PostgreSQL (`server`) and local replicas (`replicas`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mos_desktop.db import Database, open_database
from mos_desktop.sync.server_schema import server_init


@pytest.fixture
def server(pg_dsn: str) -> str:
    server_init(pg_dsn)
    return pg_dsn


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    opened: list[Database] = []

    def make(name: str) -> Database:
        database = open_database(tmp_path / f"{name}.sqlite3", daily_backup=False)
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.dispose()
