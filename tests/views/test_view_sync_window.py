"""The main window's sync wiring: the live status widget in the status bar, the menu and the click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.sync.panel import SyncPanel
from mos_desktop.views.sync.settings_page import SyncSettingsDialog
from mos_desktop.views.sync.status_widget import SyncStatusWidget


def test_status_widget_click_opens_the_panel_and_menu_opens_settings(ctx: Any, qtbot: Any) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    widget = window.statusBar().findChild(SyncStatusWidget)
    assert widget is window.sync.status_widget
    assert widget.text() == "Синхронизация не настроена"
    assert window.sync.start() == "not_configured"

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    panel = window.sync.panel
    assert isinstance(panel, SyncPanel) and panel.isVisible() and not panel.isModal()
    assert "не настроена" in panel.state_label.text()
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=5000)
    assert panel.conflicts_box.title() == "Конфликты: 0"

    panel.settings_button.click()
    assert isinstance(window.sync.settings_dialog, SyncSettingsDialog)
    assert window.sync.settings_dialog.isVisible()
    window.sync.settings_dialog.reject()

    menu_texts = [a.text() for a in window.menuBar().actions()[2].menu().actions()]  # Сервис
    assert "Общая база…" in menu_texts and "Синхронизация…" in menu_texts
    window.sync_settings_action.trigger()
    assert window.sync.settings_dialog.isVisible()
    window.sync.settings_dialog.reject()
    window.sync.stop()
