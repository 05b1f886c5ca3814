"""Fixtures for the printed forms: one demo database per session (with the 40-line shipment), a session
rolled back after each test, the demo company's settings, and helpers that read PDF and DOCX back."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from mos_desktop.config import Settings
from mos_desktop.db import Database, open_database
from mos_desktop.demo import generate_demo
from mos_desktop.documents.company import demo_settings
from mos_desktop.documents.samples import TODAY, sample_refs

# The helpers module beside this file (``from readback import ...``), whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def documents_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("documents") / "demo.sqlite3", daily_backup=False)
    with database.session() as s:
        generate_demo(s, clients=20, months=3, seed=1, today=TODAY)
    with database.session() as s:
        sample_refs(s)  # adds the long shipment once
    yield database
    database.dispose()


@pytest.fixture
def s(documents_db: Database) -> Iterator[Session]:
    """A session whose writes (issued documents) are rolled back after the test."""
    session = documents_db.session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def refs(s: Session) -> dict[str, str]:
    return sample_refs(s).refs


@pytest.fixture
def settings() -> Settings:
    return demo_settings()
