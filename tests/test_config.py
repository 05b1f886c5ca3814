from __future__ import annotations

import json
from pathlib import Path

from mos_desktop import config


def test_settings_round_trip_and_defaults(isolated_home: Path) -> None:
    settings = config.load_settings()
    assert settings == config.Settings()
    settings.company_name = 'ООО "Пропуск"'
    settings.vat_rate_pct = 10
    config.save_settings(settings)
    again = config.load_settings()
    assert again.company_name == 'ООО "Пропуск"'
    assert again.vat_rate_pct == 10
    assert config.settings_path().is_relative_to(isolated_home)


def test_wrong_types_and_unknown_keys_fall_back_to_defaults() -> None:
    config.settings_path().write_text(
        json.dumps(
            {"vat_rate_pct": "двадцать", "first_run_done": 1, "nonsense": 5, "user_name": "Иванов И. И."}
        ),
        encoding="utf-8",
    )
    settings = config.load_settings()
    assert settings.vat_rate_pct == 22
    assert settings.first_run_done is False
    assert settings.user_name == "Иванов И. И."


def test_corrupt_settings_file_gives_defaults() -> None:
    config.settings_path().write_text("{not json", encoding="utf-8")
    assert config.load_settings() == config.Settings()


def test_secret_goes_to_keyring_not_to_files(isolated_home: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    assert config.set_secret("pg-password", "s3cr3t-пароль") is True
    assert config.get_secret("pg-password") == "s3cr3t-пароль"
    assert memory_keyring.store[(config.KEYRING_SERVICE, "pg-password")] == "s3cr3t-пароль"
    config.save_settings(config.load_settings())
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert b"s3cr3t" not in path.read_bytes()


def test_secret_kept_in_memory_when_no_keyring(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert config.keyring_available() is False
    assert config.set_secret("pg-password", "x") is False
    assert config.get_secret("pg-password") == "x"
    config._memory_secrets.clear()
