"""An unreachable server is retried again and again: the log says each failure once, not every half minute."""

from __future__ import annotations

import logging

import pytest
from pgserver import free_port

from mos_desktop.sync import connection
from mos_desktop.sync.connection import SyncError, connect


def test_a_repeated_connection_failure_is_logged_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "_failures", {})
    dsn = f"postgresql://mos@127.0.0.1:{free_port()}/mos"
    caplog.set_level(logging.DEBUG, logger="mos_desktop.sync.connection")
    for _ in range(3):
        with pytest.raises(SyncError):
            connect(dsn)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "failed" in warnings[0].getMessage()
    assert len([r for r in caplog.records if r.levelno == logging.DEBUG]) == 2
    monkeypatch.setattr(connection, "REPEAT_FAILURE_S", 0.0)  # after the quiet time it is said again
    with pytest.raises(SyncError):
        connect(dsn)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2
