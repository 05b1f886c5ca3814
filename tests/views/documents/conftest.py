"""The printing dialogs' fixtures: a demo database with invoices to print, and the window's context with
the demo company's settings."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def demo(db: Any) -> Any:
    from mos_desktop.demo import generate_demo
    from mos_desktop.documents.samples import TODAY

    with db.session() as s:
        generate_demo(s, clients=12, months=2, seed=1, today=TODAY)
    return db


@pytest.fixture
def print_ctx(ctx: Any, demo: Any) -> Any:
    from mos_desktop.documents.company import demo_settings

    ctx.settings = demo_settings()
    return ctx
