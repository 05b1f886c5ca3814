"""The main window's sync wiring: the live status widget in the status bar, the menu and the click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.sync.labels import SETTINGS_MENU
from mos_desktop.views.sync.panel import SyncPanel
from mos_desktop.views.sync.settings_page import SyncSettingsDialog
from mos_desktop.views.sync.status_widget import SyncStatusWidget


def test_status_widget_click_opens_the_panel_and_menu_opens_settings(ctx: Any, qtbot: Any) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # made right after the window's first paint (the frame paints without it)
    qtbot.waitUntil(lambda: window.statusBar().findChild(SyncStatusWidget) is not None)
    widget = window.statusBar().findChild(SyncStatusWidget)
    assert widget is window.sync.status_widget
    assert widget.text() == "Синхронизация не настроена"
    assert window.sync.start() == "not_configured"
    assert SETTINGS_MENU in widget.toolTip()

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


def test_every_message_names_the_real_settings_menu(ctx: Any, qtbot: Any) -> None:
    """«Сервис → Общая база…» is built from the main window's real menu, and no text in views/sync spells
    a menu path of its own (a stale «Настройки → …» would send the user nowhere)."""
    import ast
    from pathlib import Path

    import mos_desktop.views.sync as sync_views
    from mos_desktop.views.sync import controller, settings_page

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = window.sync_settings_action
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.menu() and action in a.menu().actions()]
    assert f"«{menu.title().replace('&', '')} → {action.text()}»" == SETTINGS_MENU

    for text in (
        controller.PANEL_NOT_CONFIGURED,
        controller.PANEL_NEEDS_PASSWORD,
        settings_page.NO_KEYRING,
    ):
        assert SETTINGS_MENU in text
    widget = window.sync.status_widget
    widget.show_needs_password()
    assert SETTINGS_MENU in widget.toolTip()

    folder = Path(sync_views.__file__).parent
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {  # for programmers, not shown to the user
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node)
        }
        texts = [
            (node.lineno, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        ]
        for line, text in texts:
            assert "→" not in text or text == SETTINGS_MENU, f"{path.name}:{line}: {text!r}"
    window.sync.stop()
