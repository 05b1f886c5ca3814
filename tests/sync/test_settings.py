"""``sync.settings``: the one check of a typed connection form, and the settings it builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from mos_desktop.errors import ValidationError
from mos_desktop.sync import settings

GOOD = {"host": " db.office.local ", "port": "5433", "dbname": "mos", "user": "petrova", "sslmode": "prefer"}


def test_a_good_form_builds_trimmed_settings() -> None:
    built = settings.from_form({**GOOD, "sslrootcert": ""})
    assert (built.host, built.port, built.dbname, built.user) == ("db.office.local", 5433, "mos", "petrova")
    assert "port=5433" in built.dsn()


def test_every_wrong_field_is_named_and_nothing_is_built(tmp_path: Path) -> None:
    bad = {
        "host": " ",
        "port": "70000",
        "dbname": "",
        "user": "",
        "sslmode": "verify-full",
        "sslrootcert": "",
    }
    errors = settings.validate_form(bad)
    assert [e.field for e in errors] == ["host", "port", "dbname", "user", "sslrootcert"]
    assert all(e.message.split(":")[0] for e in errors)
    missing = tmp_path / "нет.crt"
    (error,) = settings.validate_form({**GOOD, "sslmode": "verify-full", "sslrootcert": str(missing)})
    assert error.field == "sslrootcert" and "не найден" in error.message
    with pytest.raises(ValidationError):
        settings.from_form({**GOOD, "port": "пять", "sslrootcert": ""})
    assert [e.field for e in settings.validate_form({**GOOD, "sslmode": "maybe", "sslrootcert": ""})] == [
        "sslmode"
    ]
