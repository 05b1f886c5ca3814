"""The page's view of the connection settings kept by ``sync.settings`` (plain dicts for the form)."""

from __future__ import annotations

import os
from typing import Any

from mos_desktop.sync import settings as sync_settings

FIELDS = sync_settings.FORM_FIELDS


def load() -> dict[str, Any]:
    current = sync_settings.load_connection()
    return {name: getattr(current, name) for name in FIELDS}


def save(values: dict[str, Any]) -> None:
    sync_settings.save_connection(sync_settings.from_form(values))


def dsn(values: dict[str, Any]) -> str:
    return sync_settings.from_form(values).dsn()


def is_configured() -> bool:
    return sync_settings.load_connection().is_configured()


def current_dsn() -> str | None:
    """For the runner (its thread): the DSN of the saved settings, ``None`` when not configured."""
    return sync_settings.saved_dsn()


def password_from_env() -> bool:
    return bool(os.environ.get("MOS_PG_PASSWORD"))
