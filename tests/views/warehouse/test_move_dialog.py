"""The keeper's move document: several lines typed or scanned, posted through the stock command; a line
that would take a location below zero is refused with the line marked, nothing written; a posted move is
reversed from the moves list, never edited."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from viewhelp import TODAY, add_record, count_rows

from mos_desktop.models import StockMove
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.warehouse.move_dialog import MoveDialog


def setup_stock(db: Any) -> dict[str, Any]:
    return {
        "item": add_record(db, "item", sku="RD-1", name="Считыватель"),
        "supplier": add_record(db, "location", code="SUP", name="Поставщик", kind="supplier"),
        "warehouse": add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse"),
        "office": add_record(db, "location", code="OFF", name="Офис", kind="office"),
    }


def test_receipt_then_a_transfer_beyond_the_balance_is_refused(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = setup_stock(db)
    dialog = MoveDialog(ctx, "receipt")
    qtbot.addWidget(dialog)
    dialog.open()
    picker = dialog.fields.widgets["from_location"]
    qtbot.waitUntil(lambda: picker.loaded)  # type: ignore[attr-defined]
    dialog.fields.set("from_location", ids["supplier"])
    dialog.fields.set("to_location", ids["warehouse"])
    dialog.set_line(0, sku="RD-1", quantity="5")
    assert dialog.lines.rowCount() == 2  # a filled last line opens the next one
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    assert count_rows(db, StockMove) == 1

    transfer = MoveDialog(ctx, "transfer")
    qtbot.addWidget(transfer)
    transfer.open()
    qtbot.waitUntil(lambda: transfer.fields.widgets["from_location"].loaded)  # type: ignore[attr-defined]
    transfer.fields.set("from_location", ids["warehouse"])
    transfer.fields.set("to_location", ids["office"])
    transfer.set_line(0, sku="RD-1", quantity="7")
    transfer.save()
    qtbot.waitUntil(lambda: transfer.general_error.isVisible())
    assert "Строка 1" in transfer.general_error.text()
    assert "5" in transfer.general_error.text()  # the balance is named
    assert transfer.lines.item(0, 1).background().color().name() == "#fdecec"
    assert transfer.isVisible() and transfer.line_values()[0]["quantity"] == "7"  # kept as typed
    assert count_rows(db, StockMove) == 1  # nothing written


def test_serials_without_an_item_are_refused_on_their_own_line(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = setup_stock(db)
    dialog = MoveDialog(ctx, "receipt")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.fields.widgets["from_location"].loaded)  # type: ignore[attr-defined]
    dialog.fields.set("from_location", ids["supplier"])
    dialog.fields.set("to_location", ids["warehouse"])
    dialog.set_line(0, sku="RD-1", quantity="1")
    dialog.set_line(2, serials="SN-1")  # a blank line between: the command numbers the filled ones
    dialog.save()
    qtbot.waitUntil(lambda: dialog.general_error.isVisible())
    assert "Строка 2" in dialog.general_error.text() and "укажите товар" in dialog.general_error.text()
    assert dialog.lines.item(2, 0).background().color().name() == "#fdecec"
    assert count_rows(db, StockMove) == 0


def test_enter_in_the_lines_moves_on_like_a_scanner_needs(ctx: Any, qtbot: Any) -> None:
    dialog = MoveDialog(ctx, "transfer")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lines.setCurrentCell(0, 3)
    dialog.lines.setFocus()
    qtbot.keyClick(dialog.lines, Qt.Key.Key_Return)
    assert (dialog.lines.currentRow(), dialog.lines.currentColumn()) == (1, 0)
    assert dialog.lines.rowCount() == 2
    assert dialog.isVisible()  # Enter in the lines never saves


def test_a_posted_move_is_reversed_from_the_list(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    ids = setup_stock(db)
    with db.session() as s:
        post_moves(
            s,
            MoveForm("receipt", ids["supplier"], ids["warehouse"], [MoveLineForm("RD-1", "3")]),
            user="t",
            today=TODAY,
        )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("warehouse")
    view = tab.show_list("moves")
    qtbot.waitUntil(lambda: view.total_count() == 1)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    assert window.reverse_action.isEnabled() and not window.delete_action.isEnabled()
    window.reverse_action.trigger()
    ask = tab.dialog
    ask.setTextValue("ошибка ввода")
    with qtbot.waitSignal(ctx.changes, timeout=10000):
        ask.accept()
    qtbot.waitUntil(lambda: view.total_count() == 2)
    assert count_rows(db, StockMove) == 2  # the original stays; a reversing entry is added


def test_balances_as_of_a_past_date(ctx: Any, qtbot: Any, db: Any) -> None:
    from datetime import timedelta

    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    ids = setup_stock(db)
    with db.session() as s:
        for day, qty in ((TODAY - timedelta(days=10), "3"), (TODAY, "4")):
            form = MoveForm(
                "receipt", ids["supplier"], ids["warehouse"], [MoveLineForm("RD-1", qty)], moved_on=day
            )
            post_moves(s, form, user="t", today=TODAY)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    view = window.show_tab("warehouse").show_list("balances")
    qtbot.waitUntil(lambda: view.total_count() > 0)

    def on_hand() -> Any:
        rows = [view.model.row_at(r) for r in range(view.model.rowCount())]
        return [view.value(r, "on_hand") for r in rows if view.value(r, "location") == "Румянцево"]

    qtbot.waitUntil(lambda: on_hand() == [7])
    assert view.as_of is not None
    view.as_of.set_value(TODAY - timedelta(days=5))  # before the second receipt
    qtbot.waitUntil(lambda: on_hand() == [3])
