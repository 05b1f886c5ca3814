"""Портфель: the client list, search, sort, column state, new client, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from viewhelp import inn_for

from mos_desktop.views.common.confirm import confirm_button
from mos_desktop.views.tabs import TABS

PORTFOLIO_EMPTY = next(s for t in TABS if t.key == "portfolio" for s in t.lists).empty_text


def shown_names(view: Any) -> list[str]:
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def test_portfolio_shows_clients_with_summary_and_counts(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any
) -> None:
    add_clients(("ЖК Альфа", "12 000,00", "active"), ("БЦ Бета", "900", "pilot"), ("ЖК Вега", "", "lead"))
    _window, _tab, view = open_portfolio()
    assert shown_names(view) == ["БЦ Бета", "ЖК Альфа", "ЖК Вега"]
    assert view.proxy.index(1, 1).data() == inn_for(1)
    assert "Клиентов: 3" in view.summary.text()
    assert not view.overlay.isVisible()
    assert view.count_label.text() == "3 строки"


def test_empty_portfolio_says_what_to_do(ctx: Any, qtbot: Any, open_portfolio: Any) -> None:
    _, _, view = open_portfolio()
    assert view.total_count() == 0
    assert view.empty_text_shown() == PORTFOLIO_EMPTY


def test_search_filters_and_says_when_nothing_found(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any
) -> None:
    add_clients(("ЖК Альфа", "1", "active"), ("БЦ Бета", "2", "active"), ("ЖК Вега", "3", "active"))
    _window, _, view = open_portfolio()
    view.search.insert("жк")  # as typed (QTest.keyClicks cannot type Cyrillic)
    assert shown_names(view) == ["ЖК Альфа", "ЖК Вега"]
    assert view.count_label.text() == "Найдено 2 из 3"
    view.set_search_text(inn_for(2))
    assert shown_names(view) == ["БЦ Бета"]
    view.set_search_text("нет такого")
    assert "Ничего не найдено" in view.empty_text_shown()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert view.shown_count() == 3


def test_header_click_sorts_fee_as_money(ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any) -> None:
    add_clients(("А", "900", "active"), ("Б", "10 000", "active"), ("В", "1 234,56", "active"))
    _, _, view = open_portfolio()
    fee_column = [c.key for c in view.model.columns].index("fee")
    view.table.sortByColumn(fee_column, Qt.SortOrder.AscendingOrder)
    assert shown_names(view) == ["А", "В", "Б"]
    view.table.sortByColumn(fee_column, Qt.SortOrder.DescendingOrder)
    assert shown_names(view) == ["Б", "В", "А"]


def test_column_state_is_remembered(ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any) -> None:
    add_clients(("А", "900", "active"), ("Б", "10 000", "active"))
    window, _, view = open_portfolio()
    view.table.horizontalHeader().resizeSection(1, 222)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    window.close()
    _, _, again = open_portfolio()
    assert again.table.columnWidth(1) == 222
    assert again.table.horizontalHeader().sortIndicatorSection() == 0
    assert shown_names(again) == ["Б", "А"]


def test_new_client_with_ctrl_n_appears_selected(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any
) -> None:
    add_clients(("ЖК Альфа", "1", "active"))
    window, tab, view = open_portfolio()
    window.new_action.trigger()
    dialog = tab.card
    assert dialog.windowTitle() == "Новый клиент"
    dialog.fields.widgets["name"].setText("ЖК Новый")
    dialog.fields.widgets["inn"].setText(inn_for(55))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: view.total_count() == 2)
    qtbot.waitUntil(lambda: view.current_row() is not None)
    assert view.current_row().values[0] == "ЖК Новый"


def test_delete_asks_first_then_tombstones(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any
) -> None:
    add_clients(("ЖК Альфа", "1", "active"), ("ЖК Бета", "2", "active"))
    window, tab, view = open_portfolio()
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    window.delete_action.trigger()
    box = tab.dialog
    assert "ЖК Альфа" in box.text()
    assert box.defaultButton().text() == "Отмена"  # Enter on the question destroys nothing
    assert view.total_count() == 2  # nothing happens before the answer
    confirm_button(box).click()
    qtbot.waitUntil(lambda: view.total_count() == 1)
    assert shown_names(view) == ["ЖК Бета"]


def test_delete_cancelled_keeps_the_client(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any
) -> None:
    add_clients(("ЖК Альфа", "1", "active"))
    window, tab, view = open_portfolio()
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    window.delete_action.trigger()
    tab.dialog.reject()
    ctx.runner.wait()
    view.reload()
    qtbot.waitUntil(lambda: not view.is_loading)
    assert view.total_count() == 1
