"""Сервис → «Общая база…»: validation at the fields, saving (password to the keyring, never to sync.json),
every keyring call and «Проверить подключение» off the GUI thread, the keyring / no-keyring note."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordSetError

from mos_desktop import config
from mos_desktop.sync import settings as sync_settings
from mos_desktop.views.sync.settings_page import (
    IN_KEYRING,
    KEYRING_CHECKING,
    KEYRING_EMPTY,
    KEYRING_REFUSED,
    KEYRING_SAVING,
    NO_KEYRING,
    SyncSettingsDialog,
    SyncSettingsPage,
)


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
    qtbot.waitUntil(lambda: page.in_keyring is not None, timeout=5000)
    assert page.keyring_note.text() == KEYRING_EMPTY
    with qtbot.waitSignal(page.saved, timeout=5000):
        assert dialog.save() is True
        # the keyring is written by the worker: until it answers the dialog waits, the window does not
        assert page.keyring_note.text() == KEYRING_SAVING
        assert not dialog.save_button.isEnabled() and dialog.isVisible()
    assert not dialog.isVisible()  # closed once the password was stored
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
    assert page.keyring_note.text() == IN_KEYRING

    reopened = SyncSettingsPage(ctx)
    qtbot.addWidget(reopened)
    assert reopened.fields.get("port") == "6543"
    with qtbot.waitSignal(reopened.secret_known, timeout=5000) as known:
        pass
    assert known.args == [True, True]
    assert "сохранён" in reopened.password.placeholderText()
    assert reopened.keyring_note.text() == IN_KEYRING
    # saving again with an empty password field keeps the stored one (and needs no keyring call)
    with qtbot.waitSignal(reopened.saved, timeout=1000):
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
    with qtbot.waitSignal(page.secret_known, timeout=5000) as known:
        pass
    assert known.args == [False, False]
    assert page.keyring_note.text() == NO_KEYRING
    assert "только в памяти до закрытия программы" in NO_KEYRING
    fill(page)
    page.password.setText("only-this-run")
    with qtbot.waitSignal(page.secret_known, timeout=5000) as stored:
        assert page.save() is True
    assert stored.args == [False, True]
    assert page.keyring_note.text() == NO_KEYRING  # still said after saving: memory only
    assert config._memory_secrets == {"pg_password": "only-this-run"}
    assert config.get_secret("pg_password") == "only-this-run"
    assert "only-this-run" not in sync_settings.settings_path().read_text(encoding="utf-8")


class RefusingKeyring(KeyringBackend):
    """An OS keyring that exists but refuses to store (locked, the prompt dismissed)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        return None


def test_a_keyring_that_refuses_the_password_is_not_called_absent_nor_used(
    ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    monkeypatch.setattr(config, "_memory_secrets", {})
    keyring.set_keyring(RefusingKeyring())
    page = SyncSettingsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.secret_known, timeout=5000):
        pass
    assert page.keyring_note.text() == KEYRING_EMPTY
    fill(page)
    page.password.setText("в-памяти-1")
    with qtbot.waitSignal(page.secret_known, timeout=5000) as stored:
        assert page.save() is True
    assert stored.args == [False, True]  # known, but not in the keyring
    assert page.keyring_note.text() == KEYRING_REFUSED and "не приняло" in KEYRING_REFUSED
    reopened = SyncSettingsPage(ctx)
    qtbot.addWidget(reopened)
    with qtbot.waitSignal(reopened.secret_known, timeout=5000):
        pass
    assert reopened.keyring_note.text() == KEYRING_REFUSED  # never «сохранён в хранилище»


class SlowKeyring(KeyringBackend):
    """A keyring that blocks like a KWallet / Secret Service unlock prompt until ``release`` is set,
    and records which thread called it."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.threads: list[str] = []
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        self.release.wait(10)
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread().name)
        self.release.wait(10)
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def test_a_blocked_keyring_never_blocks_the_gui_thread(
    ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    monkeypatch.setattr(config, "_memory_secrets", {})
    slow = SlowKeyring()
    keyring.set_keyring(slow)
    try:
        dialog = SyncSettingsDialog(ctx)  # returns although the keyring "shows a prompt"
        qtbot.addWidget(dialog)
        dialog.open()
        page = dialog.page
        assert page.keyring_note.text() == KEYRING_CHECKING
        assert page.in_keyring is None
        fill(page)
        page.password.setText("медленный-1")
        assert dialog.save() is True  # the file is written; the password waits for the keyring
        assert page.saving and not dialog.save_button.isEnabled()
        qtbot.wait(50)  # the event loop runs meanwhile
        assert page.saving and dialog.isVisible() and sync_settings.settings_path().exists()
        # ... and the database worker is not held up by the prompt either: the tabs keep loading
        answered: list[int] = []
        ctx.run_db(lambda s: 42, answered.append)
        qtbot.waitUntil(lambda: answered == [42], timeout=5000)
        assert page.saving
        with qtbot.waitSignal(page.saved, timeout=5000):
            slow.release.set()
    finally:
        slow.release.set()
        ctx.secrets.wait()
    assert slow.store == {(config.KEYRING_SERVICE, "pg_password"): "медленный-1"}
    assert slow.threads and threading.main_thread().name not in slow.threads
    assert page.keyring_note.text() == IN_KEYRING
    assert not dialog.isVisible()


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
    assert "#8a5a00" in page.result_label.styleSheet()  # connected, but not usable yet: amber

    server_init(pg_dsn)
    with qtbot.waitSignal(page.probe_finished, timeout=15000):
        page.test_connection()
    assert "схема MOS: версия" in page.result_label.text()
    assert "совпадает с программой" in page.result_label.text()
    assert "#2e7d32" in page.result_label.styleSheet()
