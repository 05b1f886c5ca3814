"""The GUI's sync runner end to end with a real PostgreSQL: local saves go up, others' changes come down
and refresh the tabs, the status widget shows it; and the bridge's lifecycle without a configuration."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import psycopg
import pytest
from PySide6.QtWidgets import QWidget

from mos_desktop import config
from mos_desktop.changes import ALL_AREAS, Area, Changes
from mos_desktop.db import Database, open_database
from mos_desktop.sync import commands
from mos_desktop.sync import settings as sync_settings
from mos_desktop.views.sync.bridge import NEEDS_PASSWORD, NOT_CONFIGURED, RUNNING, STARTING
from mos_desktop.views.sync.controller import SyncController


def controller(ctx: Any, qtbot: Any) -> SyncController:
    window = QWidget()
    qtbot.addWidget(window)
    return SyncController(ctx, window, poll_interval_s=600, debounce_s=0.05)


def test_not_configured_and_needs_password_states(ctx: Any, qtbot: Any) -> None:
    sync = controller(ctx, qtbot)
    assert sync.start() == NOT_CONFIGURED
    assert sync.bridge.runner is None
    assert sync.status_widget.text() == "Синхронизация не настроена"
    sync_settings.save_connection(sync_settings.ConnectionSettings(host="db", dbname="mos", user="petrova"))
    with qtbot.waitSignal(sync.bridge.state_changed, check_params_cb=lambda s: s == NEEDS_PASSWORD):
        assert sync.start() == STARTING  # the keyring is asked on the worker
    assert sync.bridge.runner is None
    assert "пароль" in sync.status_widget.text()
    panel = sync.open_panel()
    qtbot.addWidget(panel)
    assert "Пароль общей базы не сохранён" in panel.state_label.text()
    assert not panel.sync_button.isEnabled()
    ctx.announce(Changes.of(Area.CLIENTS))  # no runner: nothing to wake, nothing breaks


class FakeRunner:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.started, self.stopped = args, False, False

    def start(self) -> None:
        self.started = True

    def stop(self, timeout: float) -> None:
        self.stopped = True

    def request_sync(self) -> None:
        pass


def test_the_password_is_looked_up_off_the_gui_thread(
    ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A keyring stuck on an unlock prompt: the window stays responsive, the runner starts afterwards."""
    release, threads = threading.Event(), []

    def slow_get_secret(name: str) -> str | None:
        threads.append(threading.current_thread())
        release.wait(10)
        return "Пароль-1" if name == config.PG_PASSWORD_SECRET else None

    monkeypatch.setattr(config, "get_secret", slow_get_secret)
    sync_settings.save_connection(sync_settings.ConnectionSettings(host="db", dbname="mos", user="petrova"))
    window = QWidget()
    qtbot.addWidget(window)
    made: list[FakeRunner] = []
    sync = SyncController(ctx, window, lambda *a, **k: made.append(FakeRunner(*a, **k)) or made[-1])
    try:
        assert sync.start() == STARTING
        assert sync.status_widget.text() == "Общая база: подключение…"
        assert sync.start() == STARTING  # asked once, not twice
        qtbot.wait(50)
        assert made == [] and sync.bridge.state == STARTING
        with qtbot.waitSignal(sync.bridge.state_changed, timeout=5000) as changed:
            release.set()
    finally:
        release.set()
        ctx.runner.wait()
    assert changed.args == [RUNNING]
    assert len(made) == 1 and made[0].started
    assert threads and all(t is not threading.main_thread() for t in threads)

    # a restart while the keyring is asked again: the stale answer is ignored, one runner at a time
    release.clear()
    assert sync.bridge.restart() == STARTING
    assert made[0].stopped
    sync.stop()
    release.set()
    ctx.runner.wait()
    qtbot.wait(20)
    assert len(made) == 1 and sync.bridge.runner is None


@pytest.mark.pg
def test_gui_runner_syncs_both_ways_and_refreshes_tabs(
    ctx: Any, db: Database, qtbot: Any, pg_dsn: str, add_clients: Any, tmp_path: Any
) -> None:
    from psycopg.conninfo import conninfo_to_dict

    commands.server_init(pg_dsn)
    user = f"u_{uuid.uuid4().hex[:10]}"
    commands.add_user(pg_dsn, user, "manager", "Пароль-1")
    params = conninfo_to_dict(pg_dsn)
    sync_settings.save_connection(
        sync_settings.ConnectionSettings(
            host=str(params["host"]),
            port=int(params["port"]),
            dbname=str(params["dbname"]),
            user=user,
            sslmode="disable",
        )
    )
    config.set_secret("pg_password", "Пароль-1")
    sync = controller(ctx, qtbot)
    try:
        with qtbot.waitSignal(
            sync.bridge.status, timeout=15000, check_params_cb=lambda s: s.online and not s.running
        ):
            assert sync.start() == STARTING
        assert sync.bridge.state == RUNNING
        assert "в сети" in sync.status_widget.text()

        # a local save (announced like every view does) wakes the runner and reaches the server
        (client_id,) = add_clients(("ООО «Из GUI»", "1500", "active"))
        with qtbot.waitSignal(
            sync.bridge.status, timeout=15000, check_params_cb=lambda s: s.pending == 0 and not s.running
        ):
            ctx.announce(Changes.of(Area.CLIENTS))
        with psycopg.connect(pg_dsn) as pg:
            names = [r[0] for r in pg.execute("SELECT name FROM clients WHERE id = %s", (client_id,))]
        assert names == ["ООО «Из GUI»"]
        assert "не отправлено: 0" in sync.status_widget.text()

        # another workstation's change arrives by NOTIFY and the tabs are told to refresh
        other = open_database(tmp_path / "other.sqlite3", daily_backup=False)
        try:
            commands.sync_once(other, pg_dsn)
            from mos_desktop.models import Client

            with other.session() as s:
                s.get(Client, client_id).phone = "+7 495 000-00-00"  # type: ignore[union-attr]
            areas: list[bool] = []
            ctx.changes.connect(lambda c: areas.append(c.areas == ALL_AREAS))
            with qtbot.waitSignal(sync.bridge.refreshed, timeout=15000):
                commands.sync_once(other, pg_dsn)
        finally:
            other.dispose()
        assert areas == [True]
        with db.engine.connect() as conn:
            phone = conn.exec_driver_sql("SELECT phone FROM clients WHERE id = ?", (client_id.hex,)).scalar()
        assert phone == "+7 495 000-00-00"

        # «Синхронизировать сейчас» runs a cycle off the GUI thread with exact progress
        panel = sync.open_panel()
        qtbot.addWidget(panel)
        with qtbot.waitSignal(
            sync.bridge.status, timeout=15000, check_params_cb=lambda s: s.online and not s.running
        ):
            panel.sync_button.click()
        assert sync.bridge.last_progress is not None
    finally:
        sync.stop()
    assert sync.bridge.runner is None


def test_saving_the_settings_says_where_the_password_went_and_restarts(ctx: Any, qtbot: Any) -> None:
    from mos_desktop.views.sync.controller import SAVED_IN_KEYRING

    window = QWidget()
    qtbot.addWidget(window)
    made: list[FakeRunner] = []
    sync = SyncController(ctx, window, lambda *a, **k: made.append(FakeRunner(*a, **k)) or made[-1])
    dialog = sync.open_settings()
    qtbot.addWidget(dialog)
    page = dialog.page
    for name, value in {"host": "db", "port": "5432", "dbname": "mos", "user": "petrova"}.items():
        page.fields.widgets[name].setText(value)  # type: ignore[attr-defined]
    page.password.setText("Пароль-1")
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    with qtbot.waitSignal(sync.bridge.state_changed, timeout=5000, check_params_cb=lambda s: s == RUNNING):
        assert dialog.save() is True
    assert messages == [SAVED_IN_KEYRING]
    assert config.get_secret("pg_password") == "Пароль-1"
    assert len(made) == 1 and made[0].started
    sync.stop()
    assert made[0].stopped
