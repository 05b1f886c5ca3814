"""Портфель: the client list, search, sort, the client card round trip, validation, delete."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from viewhelp import TODAY, inn_for

from mos_desktop.views.common.confirm import confirm_button
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.tabs import TABS

PORTFOLIO_EMPTY = next(s for t in TABS if t.key == "portfolio" for s in t.lists).empty_text


def portfolio(ctx: Any, qtbot: Any) -> tuple[MainWindow, Any, Any]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("portfolio")
    view = tab.clients_view()
    qtbot.waitUntil(lambda: view.has_data and not view.is_loading)
    return window, tab, view


def shown_names(view: Any) -> list[str]:
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def open_card(tab: Any, view: Any, qtbot: Any, name: str) -> Any:
    view.set_search_text(name)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.open_current()
    dialog = tab.card
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def test_portfolio_shows_clients_with_summary_and_counts(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("ЖК Альфа", "12 000,00", "active"), ("БЦ Бета", "900", "pilot"), ("ЖК Вега", "", "lead"))
    window, _tab, view = portfolio(ctx, qtbot)
    assert shown_names(view) == ["БЦ Бета", "ЖК Альфа", "ЖК Вега"]
    assert view.proxy.index(1, 1).data() == inn_for(1)
    assert "Клиентов: 3" in view.summary.text()
    assert not view.overlay.isVisible()
    assert window.count_label.text() == "Строк: 3"
    assert view.count_label.text() == "3 строки"


def test_empty_portfolio_says_what_to_do(ctx: Any, qtbot: Any) -> None:
    _, _, view = portfolio(ctx, qtbot)
    assert view.total_count() == 0
    assert view.empty_text_shown() == PORTFOLIO_EMPTY


def test_search_filters_and_says_when_nothing_found(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("ЖК Альфа", "1", "active"), ("БЦ Бета", "2", "active"), ("ЖК Вега", "3", "active"))
    window, _, view = portfolio(ctx, qtbot)
    view.search.insert("жк")  # as typed (QTest.keyClicks cannot type Cyrillic)
    assert shown_names(view) == ["ЖК Альфа", "ЖК Вега"]
    assert view.count_label.text() == "Найдено 2 из 3"
    assert window.count_label.text() == "Строк: 2 из 3"
    view.set_search_text(inn_for(2))
    assert shown_names(view) == ["БЦ Бета"]
    view.set_search_text("нет такого")
    assert "Ничего не найдено" in view.empty_text_shown()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert view.shown_count() == 3


def test_header_click_sorts_fee_as_money(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("А", "900", "active"), ("Б", "10 000", "active"), ("В", "1 234,56", "active"))
    _, _, view = portfolio(ctx, qtbot)
    fee_column = [c.key for c in view.model.columns].index("fee")
    view.table.sortByColumn(fee_column, Qt.SortOrder.AscendingOrder)
    assert shown_names(view) == ["А", "В", "Б"]
    view.table.sortByColumn(fee_column, Qt.SortOrder.DescendingOrder)
    assert shown_names(view) == ["Б", "В", "А"]


def test_column_state_is_remembered(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("А", "900", "active"), ("Б", "10 000", "active"))
    window, _, view = portfolio(ctx, qtbot)
    view.table.horizontalHeader().resizeSection(1, 222)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    window.close()
    _, _, again = portfolio(ctx, qtbot)
    assert again.table.columnWidth(1) == 222
    assert again.table.horizontalHeader().sortIndicatorSection() == 0
    assert shown_names(again) == ["Б", "А"]


def test_card_round_trip(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = portfolio(ctx, qtbot)
    dialog = open_card(tab, view, qtbot, "альфа")
    fields = dialog.fields
    assert fields.widgets["name"].text() == "ЖК Альфа"
    fields.widgets["phone"].setText("+7 495 123-45-67")
    fields.widgets["monthly_fee"].setText("15 500,50")
    status = fields.widgets["status"]
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findText("Приостановлен"))
    fields.widgets["contract_date"].edit.setDate(QDate(2025, 3, 14))
    fields.widgets["notes"].setPlainText("Звонить после 14:00")
    fields.widgets["churn_risk"].setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: not view.is_loading)
    assert view.current_row() is not None and view.current_row().values[0] == "ЖК Альфа"

    again = open_card(tab, view, qtbot, "альфа")
    card = again.current_card()
    assert card.phone == "+7 495 123-45-67"
    assert card.monthly_fee == "15\u00a0500,50"
    assert card.status == "suspended"
    assert card.contract_date == date(2025, 3, 14)
    assert card.fee_start_date is None
    assert card.notes == "Звонить после 14:00"
    assert card.churn_risk is True


def test_invalid_inn_is_shown_at_the_field_and_nothing_is_written(
    ctx: Any, qtbot: Any, add_clients: Any, db: Any
) -> None:
    (client_id,) = add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = portfolio(ctx, qtbot)
    dialog = open_card(tab, view, qtbot, "альфа")
    inn = dialog.fields.widgets["inn"]
    assert isinstance(inn, QLineEdit)
    bad = inn_for(1)[:-1] + str((int(inn_for(1)[-1]) + 1) % 10)
    inn.setText(bad)
    dialog.fields.widgets["name"].setText("ЖК Альфа-2")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.fields.error_text("inn") != "")
    assert "ИНН" in dialog.fields.error_text("inn")
    assert dialog.isVisible()
    assert inn.text() == bad
    assert dialog.fields.widgets["name"].text() == "ЖК Альфа-2"
    assert dialog.fields.error_text("name") == ""
    assert dialog.save_button.isEnabled()

    from mos_desktop.services.clients import get_client

    with db.session() as s:
        stored = get_client(s, client_id)
    assert (stored.inn, stored.name) == (inn_for(1), "ЖК Альфа")


def test_new_client_with_ctrl_n_appears_selected(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("ЖК Альфа", "1", "active"))
    window, tab, view = portfolio(ctx, qtbot)
    window.new_action.trigger()
    dialog = tab.card
    assert dialog.windowTitle() == "Новый клиент"
    dialog.fields.widgets["name"].setText("ЖК Новый")
    dialog.fields.widgets["inn"].setText(inn_for(55))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: view.total_count() == 2)
    qtbot.waitUntil(lambda: view.current_row() is not None)
    assert view.current_row().values[0] == "ЖК Новый"


def test_delete_asks_first_then_tombstones(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("ЖК Альфа", "1", "active"), ("ЖК Бета", "2", "active"))
    window, tab, view = portfolio(ctx, qtbot)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    window.delete_action.trigger()
    box = tab.delete_box
    assert "ЖК Альфа" in box.text()
    assert view.total_count() == 2  # nothing happens before the answer
    confirm_button(box).click()
    qtbot.waitUntil(lambda: view.total_count() == 1)
    assert shown_names(view) == ["ЖК Бета"]


def test_delete_cancelled_keeps_the_client(ctx: Any, qtbot: Any, add_clients: Any) -> None:
    add_clients(("ЖК Альфа", "1", "active"))
    window, tab, view = portfolio(ctx, qtbot)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    window.delete_action.trigger()
    tab.delete_box.reject()
    ctx.runner.wait()
    view.reload()
    qtbot.waitUntil(lambda: not view.is_loading)
    assert view.total_count() == 1


def test_today_fixture_is_the_business_date(ctx: Any) -> None:
    assert ctx.today() == TODAY


def test_card_save_keeps_changes_made_elsewhere_and_flags_a_clash(
    ctx: Any, qtbot: Any, add_clients: Any, db: Any
) -> None:
    """Sync brought another workplace's edits while the card was open: untouched fields keep them; a field
    edited on both sides is flagged once, and the second save deliberately overwrites it."""
    from mos_desktop.models import Client

    (client_id,) = add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = portfolio(ctx, qtbot)
    dialog = open_card(tab, view, qtbot, "альфа")
    with db.session() as s:  # what sync pulls in meanwhile
        other = s.get(Client, client_id)
        other.manager, other.phone = "Петрова Е. В.", "+7 495 000-00-01"
    phone = dialog.fields.widgets["phone"]
    phone.setText("+7 495 123-45-67")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.fields.error_text("phone") != "")
    assert "изменено на другом рабочем месте" in dialog.fields.error_text("phone")
    assert "+7 495 000-00-01" in dialog.fields.error_text("phone")
    assert dialog.isVisible() and phone.text() == "+7 495 123-45-67"
    with db.session() as s:
        assert s.get(Client, client_id).phone == "+7 495 000-00-01"

    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with db.session() as s:
        stored = s.get(Client, client_id)
        assert (stored.phone, stored.manager) == ("+7 495 123-45-67", "Петрова Е. В.")
