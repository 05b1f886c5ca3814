"""The lines of the document dialogs as a new user meets them: the item cell searches as it is typed (any
part of an SKU or a name, any case) and a chosen match puts its SKU in the cell; a scanner's exact SKU and
Enter still fills the cell and moves on; Tab steps over the cells the app fills in and over hidden ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from viewhelp import TODAY, add_record, shot

from mos_desktop.views.warehouse.count_dialog import CountDialog
from mos_desktop.views.warehouse.move_dialog import MoveDialog


def setup_items(db: Any) -> None:
    from mos_desktop.services.records.commands import archive_record
    from mos_desktop.services.records.spec import ArchiveForm

    add_record(db, "item", sku="ANC-10", name="Анкер 10 мм")
    add_record(db, "item", sku="RD-1", name="Считыватель")
    old = add_record(db, "item", sku="OLD-1", name="Анкер старый")
    with db.session() as s:
        archive_record(s, ArchiveForm("item", old), user="t", today=TODAY)


def keys_to() -> Any:
    """Where typed keys go now: the list of matches while it is shown, else the focused widget."""
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def press(widget: Any, char: str) -> None:
    """A key typing ``char`` (QTest types Latin letters only: a Cyrillic key is sent as its text)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_in_cell(qtbot: Any, table: Any, row: int, column: int, text: str) -> QLineEdit:
    table.setFocus()
    table.setCurrentCell(row, column)
    press(table, text[0])  # the first key opens the cell's editor, as typing does
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    for char in text[1:]:
        press(keys_to(), char)
    return editor


def loaded_move(ctx: Any, qtbot: Any, db: Any, kind: str = "transfer") -> MoveDialog:
    setup_items(db)
    dialog = MoveDialog(ctx, kind)
    qtbot.addWidget(dialog)
    dialog.resize(980, 520)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.lines.item_delegate.choices))
    return dialog


def test_typing_part_of_a_name_offers_the_items_and_puts_the_sku(ctx: Any, qtbot: Any, db: Any) -> None:
    dialog = loaded_move(ctx, qtbot, db)
    assert dialog.lines.item_delegate.choices == ["ANC-10 — Анкер 10 мм", "RD-1 — Считыватель"]  # no archived
    editor = type_in_cell(qtbot, dialog.lines, 0, 0, "анкер")
    completer = editor.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.completionCount() == 1 and completer.currentCompletion() == "ANC-10 — Анкер 10 мм"
    shot(dialog, "move_item_search")
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.lines.text(0, "sku") == "ANC-10")
    qtbot.waitUntil(lambda: dialog.lines.currentColumn() == 1)  # chosen: on to the quantity
    assert dialog.lines.currentRow() == 0 and dialog.lines.rowCount() == 2


def test_latin_part_of_an_sku_in_any_case_matches(ctx: Any, qtbot: Any, db: Any) -> None:
    dialog = loaded_move(ctx, qtbot, db)
    editor = type_in_cell(qtbot, dialog.lines, 0, 0, "anc")
    completer = editor.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.currentCompletion() == "ANC-10 — Анкер 10 мм"
    completer.popup().setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.lines.text(0, "sku") == "ANC-10")


def test_a_scanned_sku_and_enter_fill_the_cell_and_move_on(ctx: Any, qtbot: Any, db: Any) -> None:
    dialog = loaded_move(ctx, qtbot, db)
    type_in_cell(qtbot, dialog.lines, 0, 0, "RD-1")
    assert QApplication.activePopupWidget() is not None  # the matches are shown, none chosen
    qtbot.keyClick(keys_to(), Qt.Key.Key_Return)  # kept as typed
    qtbot.waitUntil(lambda: dialog.lines.text(0, "sku") == "RD-1")
    qtbot.waitUntil(lambda: (dialog.lines.currentRow(), dialog.lines.currentColumn()) == (0, 1))
    assert dialog.isVisible()  # Enter in the lines never saves


def test_the_count_dialog_searches_items_too(ctx: Any, qtbot: Any, db: Any) -> None:
    setup_items(db)
    dialog = CountDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.lines.item_delegate.choices))
    editor = type_in_cell(qtbot, dialog.lines, 0, 0, "счит")
    qtbot.waitUntil(lambda: editor.completer().popup().isVisible())
    assert editor.completer().currentCompletion() == "RD-1 — Считыватель"
