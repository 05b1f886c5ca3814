"""Everything sync in the main window: the status bar widget, the sync panel, «Общая база…», the runner.

The main window creates one ``SyncController`` and wires a menu action and the status bar to it; the app
calls ``start()`` after the window is shown and ``stop()`` on quit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.sync.bridge import (
    NEEDS_PASSWORD,
    NOT_CONFIGURED,
    STARTING,
    RunnerFactory,
    SyncBridge,
)
from mos_desktop.views.sync.labels import SETTINGS_MENU
from mos_desktop.views.sync.status_widget import SyncStatusWidget

if TYPE_CHECKING:  # loaded when first opened (start-up time: psycopg)
    from mos_desktop.views.sync.panel import SyncPanel
    from mos_desktop.views.sync.settings_page import SyncSettingsDialog

START_DELAY_MS = 1500
PANEL_NOT_CONFIGURED = f"Общая база не настроена: укажите её в меню {SETTINGS_MENU}"
PANEL_NEEDS_PASSWORD = f"Пароль общей базы не сохранён: введите его в меню {SETTINGS_MENU}"
PANEL_STARTING = "Подключение к общей базе…"
SAVED_IN_KEYRING = "Настройки общей базы сохранены, пароль — в хранилище паролей ОС"
SAVED_IN_MEMORY = "Настройки общей базы сохранены; пароль хранится только до закрытия программы"
SAVED = "Настройки общей базы сохранены"


class SyncController(QObject):
    def __init__(
        self,
        ctx: AppContext,
        window: QWidget,
        runner_factory: RunnerFactory | None = None,
        **runner_options: Any,
    ) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.bridge = SyncBridge(ctx, runner_factory, parent=self, **runner_options)
        self.status_widget = SyncStatusWidget(window)
        self.status_widget.clicked.connect(self.open_panel)
        self.panel: SyncPanel | None = None
        self.settings_dialog: SyncSettingsDialog | None = None
        self.bridge.state_changed.connect(self._on_state)
        self.bridge.status.connect(self._on_status)
        self.bridge.progress.connect(self._on_progress)

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> str:
        return self.bridge.start()

    def start_later(self, delay_ms: int = START_DELAY_MS) -> None:
        """Start once the window has painted its first rows (loading psycopg takes a moment)."""
        QTimer.singleShot(delay_ms, self, self.start)

    def stop(self, timeout: float = 5.0) -> None:
        self.bridge.stop(timeout)

    # --- windows -----------------------------------------------------------------------------------
    def open_panel(self) -> SyncPanel:
        from mos_desktop.views.sync.panel import SyncPanel

        if self.panel is None:
            self.panel = SyncPanel(self.ctx, self.window)
            self.panel.sync_requested.connect(self.bridge.sync_now)
            self.panel.settings_requested.connect(self.open_settings)
        self._on_state(self.bridge.state)
        if self.bridge.last_status is not None:
            self.panel.show_status(self.bridge.last_status)
        if self.bridge.last_progress is not None:
            self.panel.show_progress(*self.bridge.last_progress)
        self.panel.reload()
        self.panel.show()
        self.panel.raise_()
        return self.panel

    def open_settings(self) -> SyncSettingsDialog:
        from mos_desktop.views.sync.settings_page import SyncSettingsDialog

        dialog = SyncSettingsDialog(self.ctx, self.window)
        dialog.page.saved.connect(lambda: self._settings_saved(dialog.page.in_keyring))
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _settings_saved(self, in_keyring: bool | None = None) -> None:
        message = SAVED if in_keyring is None else SAVED_IN_KEYRING if in_keyring else SAVED_IN_MEMORY
        self.ctx.status_message.emit(message)
        self.bridge.restart()

    # --- updates (GUI thread) ----------------------------------------------------------------------
    def _on_state(self, state: str) -> None:
        if state == NOT_CONFIGURED:
            self.status_widget.show_not_configured()
            if self.panel is not None:
                self.panel.show_not_configured(PANEL_NOT_CONFIGURED)
        elif state == NEEDS_PASSWORD:
            self.status_widget.show_needs_password()
            if self.panel is not None:
                self.panel.show_not_configured(PANEL_NEEDS_PASSWORD)
        elif state == STARTING:
            self.status_widget.show_starting()
            if self.panel is not None:
                self.panel.show_not_configured(PANEL_STARTING)

    def _on_status(self, status: Any) -> None:
        self.status_widget.show_status(status)
        if self.panel is not None:
            self.panel.show_status(status)
            if not getattr(status, "running", False) and self.panel.isVisible():
                self.panel.reload()

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if self.panel is not None:
            self.panel.show_progress(phase, done, total)
