"""Tab in the lines of the document dialogs steps over the cells the app fills in (a name, an amount) and
over hidden columns, so a quantity typed after Tab lands in «Количество»; those cells never take typing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from viewhelp import add_record, shot

from mos_desktop.views.suppliers.order_dialog import OrderDialog
from mos_desktop.views.warehouse.move_dialog import MoveDialog


def test_tab_skips_the_name_in_the_order_lines(ctx: Any, qtbot: Any, db: Any) -> None:
    add_record(db, "item", sku="RD-1", name="Считыватель")
    dialog = OrderDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.names) and bool(dialog.lines.item_delegate.choices))
    lines = dialog.lines
    lines.setFocus()
    lines.setCurrentCell(0, 0)
    qtbot.keyClick(lines, "R")  # typing opens the item cell's editor
    qtbot.keyClicks(QApplication.focusWidget(), "D-1")
    if (popup := QApplication.activePopupWidget()) is not None:
        popup.hide()  # the matches of the item search: not chosen
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert (lines.currentRow(), lines.currentColumn()) == (0, 2)  # «Наименование» stepped over
    assert lines.text(0, "name") == "Считыватель"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(QApplication.focusWidget(), "5")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert lines.text(0, "quantity") == "5"  # typed into the quantity, not lost
    assert lines.currentColumn() == 3
    shot(dialog, "order_lines_tab")
    for column in (1, 4):  # the name and the amount never take typing
        assert not lines.item(0, column).flags() & Qt.ItemFlag.ItemIsEditable
        lines.setCurrentCell(0, column)
        qtbot.keyClick(lines, Qt.Key.Key_7)
        assert lines.state() != lines.State.EditingState
    lines.setCurrentCell(0, 3)
    qtbot.keyClick(lines, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert lines.currentColumn() == 2


def test_enter_and_tab_skip_the_hidden_defective_column(ctx: Any, qtbot: Any) -> None:
    dialog = MoveDialog(ctx, "transfer")  # «Брак» is a receipt's column only
    qtbot.addWidget(dialog)
    dialog.show()
    lines = dialog.lines
    lines.setFocus()
    lines.setCurrentCell(0, 2)
    qtbot.keyClick(lines, Qt.Key.Key_Return)
    assert (lines.currentRow(), lines.currentColumn()) == (1, 0)
    lines.setCurrentCell(0, 2)
    qtbot.keyClick(lines, Qt.Key.Key_Tab)
    assert (lines.currentRow(), lines.currentColumn()) == (1, 0)
