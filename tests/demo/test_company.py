"""Demo company details: filled only when the user has none, valid by the app's own checks, said so."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mos_desktop import config
from mos_desktop.demo.company import (
    DEMO_COMPANY,
    DEMO_COMPANY_NAME,
    DEMO_INVOICE_SERIES,
    fill_demo_company,
    with_demo_company,
)
from mos_desktop.services.settings import validate_settings


def test_demo_details_pass_the_settings_checks_and_print() -> None:
    from mos_desktop.documents.company import company_from_settings, require_bank, require_requisites

    filled = with_demo_company(config.Settings())
    assert filled is not None
    assert validate_settings(filled) == []
    assert filled.company_name == DEMO_COMPANY_NAME and "Демо" in filled.company_name
    assert filled.invoice_series == DEMO_INVOICE_SERIES
    company = company_from_settings(filled)
    require_requisites(company)  # raise nothing: the forms print
    require_bank(company)


@pytest.mark.parametrize("name", sorted(DEMO_COMPANY))
def test_a_detail_of_the_users_own_keeps_them_all(name: str) -> None:
    own = dataclasses.replace(config.Settings(), **{name: "своё"})
    assert with_demo_company(own) is None


def test_a_series_of_the_users_own_stays() -> None:
    filled = with_demo_company(config.Settings(document_series="РМ2"))
    assert filled is not None and filled.invoice_series == "" and filled.document_series == "РМ2"
    filled = with_demo_company(config.Settings(invoice_series="АП1"))
    assert filled is not None and filled.invoice_series == "АП1"


def test_fill_demo_company_writes_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    config.save_settings(config.Settings(user_name="Петрова Е. В."), path)
    assert fill_demo_company(path) is True
    stored = config.load_settings(path)
    assert stored.company_inn == DEMO_COMPANY["company_inn"] and stored.user_name == "Петрова Е. В."
    config.save_settings(dataclasses.replace(stored, company_name="ООО «Моё»"), path)
    assert fill_demo_company(path) is False
    assert config.load_settings(path).company_name == "ООО «Моё»"


def test_cli_demo_data_fills_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Into the user's own database (the default one) the demo brings its company details; into a side
    database given with --db it does not: the settings serve every database of the user."""
    from mos_desktop.cli import main

    side = str(tmp_path / "side.sqlite3")
    assert main(["--db", side, "demo-data", "--clients", "3", "--months", "1"]) == 0
    assert "демонстрационными" not in capsys.readouterr().out
    assert config.load_settings().company_name == ""
    own = str(config.default_db_path())
    config.default_db_path().parent.mkdir(parents=True, exist_ok=True)
    assert main(["--db", own, "demo-data", "--clients", "3", "--months", "1"]) == 0
    assert "демонстрационными" in capsys.readouterr().out
    assert config.load_settings().company_name == DEMO_COMPANY_NAME
    config.save_settings(dataclasses.replace(config.load_settings(), company_name="ООО «Моё»"))
    assert main(["--db", str(tmp_path / "b.sqlite3"), "demo-data", "--clients", "3", "--months", "1"]) == 0
    assert "демонстрационными" not in capsys.readouterr().out
    assert config.load_settings().company_name == "ООО «Моё»"
