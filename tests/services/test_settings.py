"""Settings validation: valid requisites save, each bad one is named, nothing invalid reaches the file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mos_desktop import config
from mos_desktop.errors import ValidationError
from mos_desktop.services.settings import save_validated, validate_settings

GOOD = config.Settings(
    company_name='ООО "Проход"',
    company_inn="7707083893",
    company_kpp="773601001",
    bank_name='ПАО "Сбербанк"',
    bank_bik="044525225",
    bank_corr_account="30101810400000000225",
    bank_account="40702810938000000001",
    vat_mode="vat_on_top",
    vat_rate_pct=20,
    user_role="warehouse",
    document_series="РМ2",
)


def test_defaults_and_good_requisites_are_valid() -> None:
    assert validate_settings(config.Settings()) == []
    assert validate_settings(GOOD) == []


@pytest.mark.parametrize(
    ("changes", "field", "label"),
    [
        ({"company_inn": "7707083894"}, "company_inn", "ИНН"),
        ({"company_kpp": "77360100"}, "company_kpp", "КПП"),
        ({"company_inn": "500100732259"}, "company_kpp", "КПП"),  # an ИП has no КПП
        ({"bank_bik": "04452522"}, "bank_bik", "БИК"),
        ({"bank_account": "40702810938000000002"}, "bank_account", "Расчётный счёт"),
        ({"bank_corr_account": "30101810400000000226"}, "bank_corr_account", "Корр. счёт"),
        (
            {"bank_bik": "", "bank_corr_account": "", "bank_account": "40702810938000000001"},
            "bank_account",
            "Расчётный счёт",
        ),
        ({"user_role": "admin"}, "user_role", "Роль"),
        ({"vat_mode": "vat20"}, "vat_mode", "НДС"),
        ({"vat_rate_pct": 31}, "vat_rate_pct", "Ставка НДС"),
        ({"vat_rate_pct": -1}, "vat_rate_pct", "Ставка НДС"),
        ({"document_series": "Р М/2"}, "document_series", "Серия"),
        ({"invoice_series": "АП 1"}, "invoice_series", "Серия номеров счетов АП"),
        ({"company_accounts": "40702810938000000002, 4070281"}, "company_accounts", "Другие счета"),
        ({"company_accounts": "4070281093800000000X"}, "company_accounts", "Другие счета"),
        ({"collection_start_day": 0}, "collection_start_day", "День начала обзвона"),
        ({"collection_start_day": 29}, "collection_start_day", "День начала обзвона"),
        ({"dostavista_low_rub": -1}, "dostavista_low_rub", "Порог баланса Достависты"),
    ],
)
def test_each_bad_value_is_named(changes: dict, field: str, label: str) -> None:
    errors = validate_settings(replace(GOOD, **changes))
    assert [e.field for e in errors] == [field]
    assert errors[0].message.startswith(label) and "—" in errors[0].message


def test_bad_bik_does_not_also_blame_the_accounts() -> None:
    errors = validate_settings(replace(GOOD, bank_bik="12"))
    assert [e.field for e in errors] == ["bank_bik"]


def test_save_validated_writes_only_valid_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.json"
    save_validated(GOOD, path)
    assert config.load_settings(path) == GOOD
    with pytest.raises(ValidationError) as info:
        save_validated(replace(GOOD, company_inn="123", vat_rate_pct=99), path)
    assert {e.field for e in info.value.errors} == {"company_inn", "vat_rate_pct"}
    assert config.load_settings(path) == GOOD  # the file kept the last valid settings


def test_save_validated_uses_the_default_path() -> None:
    save_validated(GOOD)
    assert config.load_settings() == GOOD


def test_billing_settings_accept_several_accounts_and_the_edges() -> None:
    good = replace(
        GOOD,
        company_accounts="40702810938000000002, 40702810938000000003;\n40702810938000000004",
        invoice_series="АП-1",
        collection_start_day=28,
        dostavista_low_rub=0,
    )
    assert validate_settings(good) == []
    bad = validate_settings(replace(GOOD, company_accounts="123, 40702810938000000002, 456"))
    assert "«123», «456» — не по 20 цифр" in bad[0].message
    assert "через запятую" in bad[0].message
