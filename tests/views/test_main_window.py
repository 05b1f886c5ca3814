"""Main window: tabs from TABS, status bar, shortcuts, lazy loading, refresh on announced changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel

from mos_desktop.changes import Area, Changes
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.sync.status_widget import NOT_CONFIGURED as SYNC_NOT_CONFIGURED
from mos_desktop.views.tabs import TABS


def make_window(ctx: Any, qtbot: Any) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def settle(ctx: Any, qtbot: Any) -> None:
    """Every submitted load has finished AND its result has been delivered to the GUI thread (results
    arrive as queued signals: checking right after the worker is idle would miss a load that ran)."""
    ctx.runner.wait()
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)


def test_tabs_follow_tabs_declaration(ctx: Any, qtbot: Any) -> None:
    window = make_window(ctx, qtbot)
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    assert titles == [t.title for t in TABS]
    assert titles[:2] == ["Сегодня", "Портфель"]
    payments = window.tabs["payments"]
    assert payments.sub_tabs is not None
    assert [payments.sub_tabs.tabText(i).split(" (")[0] for i in range(payments.sub_tabs.count())] == [
        s.title for s in next(t for t in TABS if t.key == "payments").lists
    ]


def test_status_bar_shows_database_and_sync_state(ctx: Any, qtbot: Any) -> None:
    window = make_window(ctx, qtbot)
    assert str(ctx.database.path) in window.db_label.text()
    assert window.sync_label.text() == SYNC_NOT_CONFIGURED == "Синхронизация не настроена"
    view = window.current_tab().current_list()
    qtbot.waitUntil(lambda: view.has_data)
    # the count is the list's own, beside its search box (not repeated in the status bar)
    assert view.count_label.text().startswith(str(view.total_count()))
    assert not [w for w in window.statusBar().findChildren(QLabel) if w.text().startswith("Строк")]


def test_only_the_visible_list_loads_at_start(ctx: Any, qtbot: Any) -> None:
    window = make_window(ctx, qtbot)
    today = window.tabs["today"].current_list()
    qtbot.waitUntil(lambda: today.has_data)
    settle(ctx, qtbot)
    warehouse = window.tabs["warehouse"].current_list()
    assert not warehouse.has_data and not warehouse.is_loading
    window.show_tab("warehouse")
    balances = window.tabs["warehouse"].current_list()
    qtbot.waitUntil(lambda: balances.has_data)


def test_data_changed_refreshes_visible_and_marks_hidden_lists(
    ctx: Any, qtbot: Any, add_clients: Any
) -> None:
    window = make_window(ctx, qtbot)
    clients = window.show_tab("portfolio").current_list()
    qtbot.waitUntil(lambda: clients.has_data)
    assert clients.total_count() == 0
    window.show_tab("today")
    add_clients(("ЖК Альфа", "1", "active"))
    ctx.announce(Changes.of(Area.CLIENTS))
    settle(ctx, qtbot)
    assert clients.total_count() == 0 and not clients.is_loading  # hidden: reloads only when shown
    window.show_tab("portfolio")
    qtbot.waitUntil(lambda: clients.total_count() == 1)


def test_ctrl_f_focuses_search_and_f5_reloads(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    window = make_window(ctx, qtbot)
    window.activateWindow()
    clients = window.show_tab("portfolio").current_list()
    qtbot.waitUntil(lambda: clients.has_data)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is clients.search)
    add_clients(("ЖК Альфа", "1", "active"))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: clients.total_count() == 1)


def test_geometry_is_restored(ctx: Any, qtbot: Any) -> None:
    window = make_window(ctx, qtbot)
    window.resize(655, 477)  # within the offscreen screen (restoreGeometry keeps windows on it)
    window.close()
    again = make_window(ctx, qtbot)
    assert (again.width(), again.height()) == (655, 477)


def test_unexpected_error_in_a_list_goes_to_crash_handler(ctx: Any, qtbot: Any, monkeypatch: Any) -> None:
    from mos_desktop.services import listing

    def broken(_session: Any, **_kw: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(listing, "resolve", lambda _path: broken)
    window = make_window(ctx, qtbot)
    view = window.current_tab().current_list()
    qtbot.waitUntil(lambda: view.error is not None)
    assert "Не удалось загрузить" in view.empty_text_shown()
    assert [str(e) for e in ctx.crashes] == ["boom"]
    ctx.crashes.clear()


def test_frame_paints_first_then_the_current_tab_builds_and_loads(ctx: Any, qtbot: Any) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.tabs.built() == []  # nothing of the lists before the frame has painted
    assert all(a.shortcut().isEmpty() for a in window.findChildren(QAction))
    window.show()
    qtbot.waitUntil(lambda: len(window.tabs.built()) == 1)
    view = window.tabs.built()[0].current_list()
    qtbot.waitUntil(lambda: view.has_data)  # nobody asked for it: building it on show loaded it


def test_shortcuts_work_after_the_first_paint(ctx: Any, qtbot: Any) -> None:
    window = make_window(ctx, qtbot)
    qtbot.waitUntil(lambda: len(window.tabs.built()) == 1)
    shortcuts = {a.text(): a.shortcut().toString() for a in window.findChildren(QAction) if a.text()}
    assert shortcuts["Импорт клиентов…"] == "Ctrl+I"
    assert shortcuts["Обновить"] == "F5"


def test_a_list_shown_by_clicking_its_tab_takes_its_shortcuts(ctx: Any, qtbot: Any) -> None:
    """A click on a tab leaves focus elsewhere; the list on screen must still answer its shortcuts."""
    window = make_window(ctx, qtbot)
    window.show_tab("payments")
    payments = window.tabs["payments"]
    assert payments.sub_tabs is not None
    bar = payments.sub_tabs.tabBar()
    for index in [*range(1, payments.sub_tabs.count()), 0]:
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        view = payments.current_list()
        assert payments.sub_tabs.currentIndex() == index
        focused = window.focusWidget()  # the window's focus (offscreen windows are never active)
        assert focused is not None and view.isAncestorOf(focused), (view.spec.key, focused)
    window.show_tab("warehouse")
    focused = window.focusWidget()
    assert focused is not None and window.tabs["warehouse"].current_list().isAncestorOf(focused)
