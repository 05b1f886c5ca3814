"""Fixtures for the Qt views: an AppContext on the test database, clients added through the service."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from viewhelp import TODAY, inn_for

from mos_desktop import config
from mos_desktop.db import Database


@pytest.fixture
def ctx(db: Database, qtbot: object) -> Iterator[object]:
    from mos_desktop.views.common.context import AppContext

    context = AppContext(db, config.Settings(user_name="Тестова А. А."), today=lambda: TODAY)
    errors: list[BaseException] = []
    context.crash_handler = errors.append
    context.crashes = errors  # type: ignore[attr-defined]
    yield context
    context.runner.wait()
    assert errors == [], f"unexpected errors in background tasks: {errors}"


@pytest.fixture
def add_clients(db: Database) -> Callable[..., list[object]]:
    """Add clients through the service, as a user would; returns their ids."""

    def add(*specs: tuple[str, str, str]) -> list[object]:
        from mos_desktop.services.clients import new_client_card, save_client

        ids = []
        with db.session() as s:
            for i, (name, fee, status) in enumerate(specs, start=1):
                card = new_client_card()
                card.name, card.inn, card.monthly_fee, card.status = name, inn_for(i), fee, status
                ids.append(save_client(s, card, user="test", today=TODAY))
        return ids

    return add
