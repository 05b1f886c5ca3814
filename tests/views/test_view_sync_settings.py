"""Settings → «Общая база»: validation at the fields, saving (password to the keyring, never to sync.json),
the no-keyring note, and «Проверить подключение» off the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from mos_desktop import config
from mos_desktop.sync import settings as sync_settings
from mos_desktop.views.sync.settings_page import NO_KEYRING, SyncSettingsDialog, SyncSettingsPage


def fill(page: SyncSettingsPage, **values: str) -> None:
    defaults = {"host": "db.office.local", "port": "5432", "dbname": "mos", "user": "petrova"}
    defaults.update(values)
    for name, value in defaults.items():
        page.fields.widgets[name].setText(value)  # type: ignore[attr-defined]


def test_validation_messages_at_the_fields_and_nothing_saved(ctx: Any, qtbot: Any) -> None:
    page = SyncSettingsPage(ctx)
    qtbot.addWidget(page)
    fill(page, host="  ", port="70000")
    page.sslmode.setCurrentIndex(page.sslmode.findData("verify-full"))
    assert page.save() is False
    assert "Сервер" in page.fields.error_text("host")
    assert "1 до 65535" in page.fields.error_text("port")
    assert "Сертификат ЦС" in page.fields.error_text("sslrootcert")
    assert page.fields.error_text("dbname") == ""
    assert not sync_settings.settings_path().exists()

    fill(page, port="0", sslrootcert="/nonexistent/ca.crt")
    page.fields.widgets["sslrootcert"].setText("/nonexistent/ca.crt")  # type: ignore[attr-defined]
    assert page.save() is False
    assert "1 до 65535" in page.fields.error_text("port")
    assert "не найден" in page.fields.error_text("sslrootcert")
    assert page.fields.error_text("host") == ""


def test_ca_picker_only_for_verify_full(ctx: Any, qtbot: Any) -> None:
    page = SyncSettingsPage(ctx)
    qtbot.addWidget(page)
    page.sslmode.setCurrentIndex(page.sslmode.findData("require"))
    assert not page.ca_button.isEnabled()
    page.sslmode.setCurrentIndex(page.sslmode.findData("verify-full"))
    assert page.ca_button.isEnabled()


def test_save_puts_password_in_keyring_not_in_the_file(
    ctx: Any, qtbot: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    ca = tmp_path / "ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    dialog = SyncSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    page = dialog.page
    fill(page, port="6543")
    page.sslmode.setCurrentIndex(page.sslmode.findData("verify-full"))
    page.ca_edit.setText(str(ca))
    page.password.setText("s3cret-Пароль")
    assert page.keyring_note.isHidden()
    with qtbot.waitSignal(page.saved, timeout=1000):
        assert dialog.save() is True
    stored = sync_settings.load_connection()
    assert (stored.host, stored.port, stored.dbname, stored.user, stored.sslmode, stored.sslrootcert) == (
        "db.office.local",
        6543,
        "mos",
        "petrova",
        "verify-full",
        str(ca),
    )
    text = sync_settings.settings_path().read_text(encoding="utf-8")
    assert "s3cret" not in text and "password" not in json.loads(text)
    assert memory_keyring.store[(config.KEYRING_SERVICE, "pg_password")] == "s3cret-Пароль"
    assert page.password.text() == ""
    assert page.keyring_note.isHidden()

    reopened = SyncSettingsPage(ctx)
    qtbot.addWidget(reopened)
    assert reopened.fields.get("port") == "6543"
    assert "сохранён" in reopened.password.placeholderText()
    # saving again with an empty password field keeps the stored one
    assert reopened.save() is True
    assert config.get_secret("pg_password") == "s3cret-Пароль"


def test_without_keyring_the_page_says_so_and_keeps_password_in_memory(
    ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    monkeypatch.setattr(config, "_memory_secrets", {})
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous one
    page = SyncSettingsPage(ctx)
    qtbot.addWidget(page)
    assert not page.keyring_note.isHidden()
    assert page.keyring_note.text() == NO_KEYRING
    fill(page)
    page.password.setText("only-this-run")
    assert page.save() is True
    assert config._memory_secrets == {"pg_password": "only-this-run"}
    assert config.get_secret("pg_password") == "only-this-run"
    assert "only-this-run" not in sync_settings.settings_path().read_text(encoding="utf-8")


def test_connection_test_reports_the_reason_in_russian(ctx: Any, qtbot: Any) -> None:
    import socket

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page = SyncSettingsPage(ctx)
    qtbot.addWidget(page)
    fill(page, host="127.0.0.1", port=str(port))
    page.password.setText("pw")
    with qtbot.waitSignal(page.probe_finished, timeout=15000) as blocker:
        page.test_connection()
        assert not page.test_button.isEnabled()  # the GUI thread is free while it runs
    result = blocker.args[0]
    assert result.ok is False
    assert "не принимает подключения" in page.result_label.text()
    assert page.test_button.isEnabled()


@pytest.mark.pg
def test_connection_test_against_a_real_server(ctx: Any, qtbot: Any, pg_dsn: str) -> None:
    from psycopg.conninfo import conninfo_to_dict

    from mos_desktop.sync.commands import server_init

    params = conninfo_to_dict(pg_dsn)
    page = SyncSettingsPage(ctx)
    qtbot.addWidget(page)
    fill(
        page,
        host=str(params["host"]),
        port=str(params["port"]),
        dbname=str(params["dbname"]),
        user="postgres",
    )
    page.sslmode.setCurrentIndex(page.sslmode.findData("disable"))
    with qtbot.waitSignal(page.probe_finished, timeout=15000):
        page.test_connection()
    assert "Подключение установлено, сервер PostgreSQL" in page.result_label.text()
    assert "схема MOS не создана" in page.result_label.text()

    server_init(pg_dsn)
    with qtbot.waitSignal(page.probe_finished, timeout=15000):
        page.test_connection()
    assert "схема MOS: версия" in page.result_label.text()
    assert "совпадает с программой" in page.result_label.text()
