"""After a reload the current row's record may be gone (a call key took the client off the list): the row
that took its place becomes current and the table keeps the keyboard, so the next key acts at once."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QLineEdit, QMainWindow

from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.tabs import TABS

PORTFOLIO = next(t for t in TABS if t.key == "portfolio")
IDS = [uuid.UUID(int=i + 1) for i in range(5)]
NAMES = ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"]


def listing(*keep: int) -> Listing:
    rows = [Row(IDS[i], (NAMES[i],), "", NAMES[i].lower(), "client") for i in keep]
    return Listing([Column("name", "Клиент", stretch=True)], rows)


def shown(qtbot: Any, ctx: Any) -> ListView:
    """The portfolio's list in a window (kept alive by the view, which the test holds)."""
    window = QMainWindow()
    qtbot.addWidget(window)
    view = ListView(ctx, PORTFOLIO.lists[0], "place_test")
    view.reload = lambda: None  # type: ignore[method-assign]  # rows come from set_listing only
    window.setCentralWidget(view)
    view.keep_window = window  # type: ignore[attr-defined]
    window.show()
    qtbot.waitExposed(window)
    view.set_listing(listing(0, 1, 2, 3, 4))
    return view


def current_name(view: ListView) -> str | None:
    row = view.current_row()
    return str(row.values[0]) if row is not None else None


def test_the_row_that_took_the_gone_rows_place_becomes_current_with_the_keyboard(
    ctx: Any, qtbot: Any
) -> None:
    view = shown(qtbot, ctx)
    assert view.select_id(IDS[1])
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)

    view.set_listing(listing(0, 2, 3, 4))  # «Бета» left the list
    assert current_name(view) == "Гамма"
    assert view.table.hasFocus()

    view.set_listing(listing(4, 0, 2, 3))  # still there, elsewhere: found by its id
    assert current_name(view) == "Гамма"

    view.select_id(IDS[3])  # the last row leaves: the new last one is current
    view.set_listing(listing(4, 0, 2))
    assert current_name(view) == "Гамма"
    assert view.table.hasFocus()

    view.set_listing(listing())  # nothing left: nothing current, no error
    assert view.current_row() is None


def test_the_place_is_the_row_on_screen_in_a_searched_list(ctx: Any, qtbot: Any) -> None:
    view = shown(qtbot, ctx)
    view.set_search_text("а")  # Альфа, Бета, Гамма, Дельта (not Эпсилон)
    view.select_id(IDS[2])
    view.set_listing(listing(0, 1, 3, 4))
    assert current_name(view) == "Дельта"


def test_the_keyboard_stays_where_the_user_is_typing(ctx: Any, qtbot: Any) -> None:
    view = shown(qtbot, ctx)
    view.select_id(IDS[0])
    view.search.setFocus()
    qtbot.waitUntil(view.search.hasFocus)
    view.set_listing(listing(1, 2))
    assert current_name(view) == "Бета"
    assert isinstance(view.window().focusWidget(), QLineEdit)
