"""The GUI's sync runner end to end with a real PostgreSQL: local saves go up, others' changes come down
and refresh the tabs, the status widget shows it; and the bridge's lifecycle without a configuration."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from PySide6.QtWidgets import QWidget

from mos_desktop import config
from mos_desktop.db import Database, open_database
from mos_desktop.sync import commands
from mos_desktop.sync import settings as sync_settings
from mos_desktop.views.sync.bridge import NEEDS_PASSWORD, NOT_CONFIGURED, RUNNING
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
    assert sync.start() == NEEDS_PASSWORD
    assert sync.bridge.runner is None
    assert "пароль" in sync.status_widget.text()
    panel = sync.open_panel()
    qtbot.addWidget(panel)
    assert "Пароль общей базы не сохранён" in panel.state_label.text()
    assert not panel.sync_button.isEnabled()
    ctx.notify("clients")  # no runner: nothing to wake, nothing breaks


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
            assert sync.start() == RUNNING
        assert "в сети" in sync.status_widget.text()

        # a local save (announced like every view does) wakes the runner and reaches the server
        (client_id,) = add_clients(("ООО «Из GUI»", "1500", "active"))
        with qtbot.waitSignal(
            sync.bridge.status, timeout=15000, check_params_cb=lambda s: s.pending == 0 and not s.running
        ):
            ctx.notify("clients")
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
            areas: list[str] = []
            ctx.data_changed.connect(areas.append)
            with qtbot.waitSignal(sync.bridge.refreshed, timeout=15000):
                commands.sync_once(other, pg_dsn)
        finally:
            other.dispose()
        assert areas == ["*"]
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
