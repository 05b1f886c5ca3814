"""The move dialog's lines as a scanner fills them: an SKU and Enter goes on to «Количество»; a serial
number sticker scanned into the item cell becomes its item with that serial filled in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from viewhelp import TODAY, add_record, shot

from mos_desktop.views.warehouse.move_dialog import MoveDialog


def _scan(qtbot: Any, dialog: MoveDialog, code: str) -> None:
    lines = dialog.lines
    lines.setFocus()
    qtbot.keyClick(lines, code[0])  # typing opens the item cell's editor
    editor = lines.indexWidget(lines.currentIndex())
    qtbot.keyClicks(editor, code[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(50)  # the editor's queued commit


def test_sku_and_enter_goes_to_the_quantity(ctx: Any, qtbot: Any, db: Any) -> None:
    add_record(db, "item", sku="CBL-VVG", name="Кабель ВВГ")
    dialog = MoveDialog(ctx, "receipt")
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.lines.item_delegate.choices))
    dialog.lines.setCurrentCell(0, 0)
    _scan(qtbot, dialog, "CBL-VVG")
    lines = dialog.lines
    assert lines.text(0, "sku") == "CBL-VVG"
    assert (lines.currentRow(), lines.currentColumn()) == (0, 1)
    qtbot.waitUntil(lambda: lines.state() == lines.State.EditingState)  # the quantity's editor is open
    shot(dialog, "move_sku_enter")
    editor = lines.indexWidget(lines.currentIndex())
    qtbot.keyClicks(editor, "400")  # replaces the default 1
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert lines.text(0, "quantity") == "400"


def test_a_scanned_serial_becomes_its_item_and_serial(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    add_record(db, "item", sku="BAR-DH-PRO6000", name="Шлагбаум DoorHan PRO 6000", serial_tracked=True)
    add_record(db, "location", code="SUP", name="Поставщик", kind="supplier")
    add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse")
    with db.session() as s:
        line = MoveLineForm("BAR-DH-PRO6000", "2", "BAR-DH-PRO6000-26-000013 BAR-DH-PRO6000-26-000014")
        post_moves(s, MoveForm("receipt", "SUP", "RUM", [line]), user="t", today=TODAY)
    dialog = MoveDialog(ctx, "issue")
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.lines.item_delegate.choices))
    dialog.lines.setCurrentCell(0, 0)
    _scan(qtbot, dialog, "BAR-DH-PRO6000-26-000013")
    lines = dialog.lines
    qtbot.waitUntil(lambda: lines.text(0, "sku") == "BAR-DH-PRO6000")
    assert (lines.text(0, "quantity"), lines.text(0, "serials")) == ("1", "BAR-DH-PRO6000-26-000013")
    qtbot.waitUntil(lambda: (lines.currentRow(), lines.currentColumn()) == (1, 0))  # ready for the next
    shot(dialog, "move_serial_scanned")
    _scan(qtbot, dialog, "NO-SUCH-CODE")  # unknown: kept as typed, the command names it on save
    qtbot.wait(200)
    assert lines.text(1, "sku") == "NO-SUCH-CODE" and lines.text(1, "serials") == ""
