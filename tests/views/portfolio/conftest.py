"""Fixtures of the Портфель tests: the main window on the portfolio tab, a client card opened from the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mos_desktop.views.main_window import MainWindow


@pytest.fixture
def open_portfolio(ctx: Any, qtbot: Any) -> Callable[[], tuple[MainWindow, Any, Any]]:
    """Open a main window on Портфель; returns (window, tab, client list) once the list has loaded."""

    def open_() -> tuple[MainWindow, Any, Any]:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        tab = window.show_tab("portfolio")
        view = tab.clients_view()
        qtbot.waitUntil(lambda: view.has_data and not view.is_loading)
        return window, tab, view

    return open_


@pytest.fixture
def open_card(qtbot: Any) -> Callable[[Any, Any, str], Any]:
    """Find a client by search text, open its card and wait until the card has loaded."""

    def open_(tab: Any, view: Any, name: str) -> Any:
        view.set_search_text(name)
        view.table.setCurrentIndex(view.proxy.index(0, 0))
        tab.open_current()
        dialog = tab.card
        qtbot.waitUntil(lambda: dialog.loaded)
        return dialog

    return open_
