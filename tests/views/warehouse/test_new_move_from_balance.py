"""«Создать» (Ctrl+N) on «Остатки» with a row selected opens the move document with that row's item on the
first line and its place as «Откуда» (a client's site: a return); with no row selected, a blank document.
Nothing counts as typed: Esc closes the prefilled document without asking."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from viewhelp import TODAY, add_record, shot

from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.warehouse.move_dialog import MoveDialog


def _stock(db: Any) -> dict[str, Any]:
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    ids = {
        "reader": add_record(db, "item", sku="RDR-EM", name="Считыватель EM-Marine"),
        "card": add_record(db, "item", sku="RFID-CARD", name="Карта RFID"),
        "supplier": add_record(db, "location", code="SUP", name="Поставщик", kind="supplier"),
        "warehouse": add_record(db, "location", code="RUM", name="Склад Румянцево", kind="warehouse"),
        "office": add_record(db, "location", code="OFF", name="Офис", kind="office"),
        "site": add_record(db, "location", code="CL-1", name="ЖК Альфа", kind="client_site"),
    }
    with db.session() as s:
        for form in (
            MoveForm("receipt", ids["supplier"], ids["warehouse"], [MoveLineForm("RDR-EM", "5"), MoveLineForm("RFID-CARD", "50")]),
            MoveForm("transfer", ids["warehouse"], ids["office"], [MoveLineForm("RFID-CARD", "20")]),
            MoveForm("issue", ids["warehouse"], ids["site"], [MoveLineForm("RDR-EM", "2")]),
        ):  # fmt: skip
            post_moves(s, form, user="t", today=TODAY)
    return ids


def _balances(ctx: Any, qtbot: Any) -> tuple[Any, Any]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("warehouse")
    view = tab.show_list("balances")
    qtbot.waitUntil(lambda: view.has_data and not view.is_loading and view.total_count() > 0)
    return tab, view


def _select(view: Any, sku: str, place: str) -> None:
    for r in range(view.proxy.rowCount()):
        row = view.model.row_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row())
        if (view.value(row, "sku"), view.value(row, "location")) == (sku, place):
            view.table.setCurrentIndex(view.proxy.index(r, 0))
            return
    raise AssertionError(f"no balance row {sku} at {place}")


def _opened(tab: Any, qtbot: Any) -> MoveDialog:
    dialog = tab.dialog
    assert isinstance(dialog, MoveDialog)
    qtbot.waitUntil(lambda: dialog.fields.widgets["from_location"].loaded)  # type: ignore[attr-defined]
    return dialog


def test_new_move_from_a_selected_balance_row(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = _stock(db)
    tab, view = _balances(ctx, qtbot)
    _select(view, "RFID-CARD", "Офис")
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _opened(tab, qtbot)
    qtbot.waitUntil(lambda: dialog.fields.get("from_location") == ids["office"])
    assert dialog.fields.get("kind") == "transfer"
    assert [v["sku"] for v in dialog.line_values()] == ["RFID-CARD"]
    assert dialog.line_values()[0]["quantity"] == "1"
    shot(dialog, "move_from_balance_row")
    assert not dialog.is_dirty()  # prefilled, nothing typed: Esc closes without asking
    dialog.reject()
    assert not dialog.isVisible()

    _select(view, "RDR-EM", "ЖК Альфа")  # equipment at a client's site: it can only come back
    tab.new_item()
    dialog = _opened(tab, qtbot)
    qtbot.waitUntil(lambda: dialog.fields.get("from_location") == ids["site"])
    assert dialog.fields.get("kind") == "return"
    assert [v["sku"] for v in dialog.line_values()] == ["RDR-EM"]
    dialog.fields.set("to_location", ids["warehouse"])
    dialog.set_line(0, quantity="2")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()


def test_new_move_without_a_selected_row_is_blank(ctx: Any, qtbot: Any, db: Any) -> None:
    _stock(db)
    tab, view = _balances(ctx, qtbot)
    view.table.clearSelection()
    view.table.setCurrentIndex(view.proxy.index(-1, -1))
    tab.new_item()
    dialog = _opened(tab, qtbot)
    assert dialog.fields.get("from_location") is None
    assert dialog.fields.get("kind") == "transfer"
    assert all(not v["sku"] for v in dialog.line_values())


def test_the_place_is_the_rows_own_when_two_places_share_a_name(ctx: Any, qtbot: Any, db: Any) -> None:
    """Two clients' sites called alike: «Откуда» is the site of the row selected, by its id."""
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    ids = _stock(db)
    twin = add_record(db, "location", code="CL-2", name="ЖК Альфа", kind="client_site")
    with db.session() as s:
        post_moves(s, MoveForm("issue", ids["warehouse"], twin, [MoveLineForm("RFID-CARD", "3")]), user="t",
                   today=TODAY)  # fmt: skip
    tab, view = _balances(ctx, qtbot)
    _select(view, "RFID-CARD", "ЖК Альфа")  # only the twin holds cards
    tab.trigger("new")
    dialog = _opened(tab, qtbot)
    qtbot.waitUntil(lambda: dialog.fields.get("from_location") == twin)
    dialog.reject()
