"""The lines of a document dialog (a move, an order, a stock count), keyboard-first.

Enter moves to the next editable cell and past the last one opens a new line, so a barcode scanner acting
as a keyboard (code + Enter) fills a line after another; a filled last line opens the next one. Columns
named in ``read_only`` show what the app worked out (a name, an amount, the expected figure): they are
never edited, and Tab, Shift+Tab and Enter step over them (and over hidden columns) to the next cell that
takes typing. Errors of a line («lines[2].quantity») tint its cell; the dialog lists their messages above
the lines.

The item column (``key``) searches as it is typed: any part of an SKU or a name, in any case, offers the
matching «SKU — name» of the live items (``load_items``); choosing one puts its SKU in the cell and moves
on. A scanner's exact SKU and Enter is kept as typed and moves on too, the list of matches or not: to the
next cell of the line (the quantity), its editor open with the default selected, so the count typed next
replaces it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from mos_desktop.errors import FieldError
from mos_desktop.views.common.context import AppContext

LINE_ERROR = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?$")
ERROR_BRUSH = QBrush(QColor("#fdecec"))
READ_ONLY_BRUSH = QBrush(QColor("#f4f4f4"))


ITEM_POPUP_WIDTH = 420  # pixels: the matches list is at least this wide
ITEM_SEPARATOR = " — "  # «SKU — name», as ``services.records.options`` labels an item


def _press_enter(widget: QWidget) -> None:
    """Enter as if typed, after the current event: the editor commits and the lines move on."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.postEvent(widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))


class _ItemEdit(QLineEdit):
    """The item cell's editor. Enter while the matches are shown but none is chosen (a scanner's SKU typed
    faster than anyone looks) closes them and goes on as a plain Enter: the SKU is kept as typed."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and popup is not None
            and popup.isVisible()
            and not popup.currentIndex().isValid()
        ):
            popup.hide()
            _press_enter(self)
            event.accept()
            return
        super().keyPressEvent(event)


class ItemDelegate(QStyledItemDelegate):
    """Type-to-search in the item column: a completer over «SKU — name» matching any part, any case."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices: list[str] = []
        self.skus: dict[str, str] = {}  # «SKU — name» → SKU

    def set_choices(self, labels: Iterable[str]) -> None:
        self.choices = list(labels)
        self.skus = {label: label.split(ITEM_SEPARATOR, 1)[0] for label in self.choices}

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = _ItemEdit(parent)
        editor.setFrame(False)
        completer = QCompleter(self.choices, editor)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        popup = completer.popup()
        if popup is not None:  # names are longer than an SKU column is wide
            popup.setMinimumWidth(max(ITEM_POPUP_WIDTH, parent.width() // 2))
        editor.setCompleter(completer)
        completer.activated.connect(lambda text, editor=editor: self._chosen(editor, text))
        return editor

    def _chosen(self, editor: QLineEdit, text: str) -> None:
        editor.setText(self.skus.get(text, text))
        _press_enter(editor)  # chosen: commit and move on, as Enter after a typed SKU does

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QLineEdit):
            text = editor.text().strip()
            model.setData(index, self.skus.get(text, text))
            return
        super().setModelData(editor, model, index)


def _item_labels(session: Any) -> list[str]:
    from mos_desktop.services.records.options import options

    return [option.label for option in options(session, "item")]


class LineTable(QTableWidget):
    def __init__(
        self,
        columns: tuple[str, ...],
        titles: dict[str, str],
        parent: QWidget | None = None,
        *,
        defaults: dict[str, str] | None = None,
        read_only: Iterable[str] = (),
        stretch: Iterable[str] = (),
        key: str = "sku",
        filled_by: Iterable[str] = (),
    ) -> None:
        """``key``: the column whose text opens the next line; ``filled_by``: the columns any of which
        makes a line count (sent to the command, numbered by it), the key's alone when not given."""
        super().__init__(1, len(columns), parent)
        self.names = columns
        self.defaults = defaults or {}
        self.read_only = frozenset(read_only)
        self.key = key
        self.filled_by = tuple(filled_by) or (key,)
        self.setHorizontalHeaderLabels([titles.get(name, name) for name in columns])
        for name in stretch:
            self.horizontalHeader().setSectionResizeMode(columns.index(name), QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.item_delegate = ItemDelegate(self)
        self.setItemDelegateForColumn(columns.index(key), self.item_delegate)
        self.installEventFilter(self)
        self._fill_row(0)
        self.itemChanged.connect(lambda _item: self._maybe_grow())

    def load_items(self, ctx: AppContext) -> None:
        """Load the item column's choices on the database worker (live, not archived items)."""
        ctx.run_db(_item_labels, self.item_delegate.set_choices, owner=self)

    # --- rows -----------------------------------------------------------------------------------
    def _fill_row(self, row: int) -> None:
        for column, name in enumerate(self.names):
            item = QTableWidgetItem(self.defaults.get(name, ""))
            if name in self.read_only:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setBackground(READ_ONLY_BRUSH)
            self.setItem(row, column, item)

    def add_line(self) -> None:
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        self._fill_row(row)
        self.blockSignals(False)
        self.setCurrentCell(row, 0)

    def remove_line(self) -> None:
        row = self.currentRow()
        if row >= 0 and self.rowCount() > 1:
            self.removeRow(row)

    def _maybe_grow(self) -> None:
        last = self.rowCount() - 1
        if self.text(last, self.key):
            self.blockSignals(True)
            self.insertRow(last + 1)
            self._fill_row(last + 1)
            self.blockSignals(False)

    def cell(self, row: int, name: str) -> QTableWidgetItem:
        column = self.names.index(name)
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem("")
            self.setItem(row, column, item)
        return item

    def text(self, row: int, name: str) -> str:
        return self.cell(row, name).text().strip()

    def set_text(self, row: int, name: str, text: str) -> None:
        """Set a cell without reporting it as typed (computed columns)."""
        self.blockSignals(True)
        self.cell(row, name).setText(text)
        self.blockSignals(False)

    def set_line(self, row: int, **values: str) -> None:
        while self.rowCount() <= row:
            self.add_line()
        for name, text in values.items():
            self.cell(row, name).setText(text)

    def line_values(self) -> list[dict[str, str]]:
        """The filled lines (see ``filled_by``), as typed."""
        out = []
        for r in range(self.rowCount()):
            values = {name: self.text(r, name) for name in self.names}
            if any(values[name] for name in self.filled_by):
                out.append(values)
        return out

    def filled_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if any(self.text(r, name) for name in self.filled_by)]

    # --- keys -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
        ):
            self._next_cell()
            return True
        return super().eventFilter(watched, event)

    def editable_columns(self) -> list[int]:
        """The columns that take typing: neither worked out by the app nor hidden."""
        return [
            i
            for i, name in enumerate(self.names)
            if name not in self.read_only and not self.isColumnHidden(i)
        ]

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab (and an editor closed by them) go to the next or previous cell that takes
        typing; from the last one Tab leaves the lines (Enter opens a new line instead)."""
        forward = cursorAction == QAbstractItemView.CursorAction.MoveNext
        if not forward and cursorAction != QAbstractItemView.CursorAction.MovePrevious:
            return super().moveCursor(cursorAction, modifiers)
        current = self.currentIndex()
        editable = self.editable_columns()
        if not current.isValid() or not editable:
            return super().moveCursor(cursorAction, modifiers)
        width = len(self.names)
        cells = [(r, c) for r in range(self.rowCount()) for c in editable]
        here = current.row() * width + current.column()
        if forward:
            after = [(r, c) for r, c in cells if r * width + c > here]
            target = after[0] if after else None
        else:
            before = [(r, c) for r, c in cells if r * width + c < here]
            target = before[-1] if before else None
        return current if target is None else self.model().index(*target)

    def _next_cell(self) -> None:
        row, column = self.currentRow(), self.currentColumn()
        editable = self.editable_columns()
        later = [i for i in editable if i > column]
        if later:
            self.setCurrentCell(row, later[0])
            if column == self.names.index(self.key) and self.text(row, self.key):
                self._edit_current()  # after an item, its quantity: typing replaces the default
            return
        if row == self.rowCount() - 1:
            self.add_line()
        self.setCurrentCell(row + 1, editable[0])

    def _edit_current(self) -> None:
        """Open the current cell's editor with its text selected, after the event that moved here (an
        item cell's editor is still closing)."""

        def edit() -> None:
            index = self.currentIndex()
            if index.isValid() and self.state() != self.State.EditingState:
                self.edit(index)
                editor = self.indexWidget(index)
                if isinstance(editor, QLineEdit):
                    editor.setFocus()
                    editor.selectAll()

        QTimer.singleShot(0, self, edit)

    # --- errors ---------------------------------------------------------------------------------
    def mark_errors(self, errors: list[FieldError]) -> tuple[list[FieldError], list[FieldError]]:
        """Tint the cells of line errors; returns (line errors as general ones, the other errors)."""
        self.clear_marks()
        lines: list[FieldError] = []
        rest: list[FieldError] = []
        for error in errors:
            match = LINE_ERROR.match(error.field)
            if match is None and error.field != "lines":
                rest.append(error)
                continue
            lines.append(FieldError("", error.message))
            if match is not None:
                row = int(match.group(1))
                name = match.group(2) or self.key
                rows = self.filled_rows()  # the command numbers the filled lines only
                if row < len(rows) and name in self.names:
                    self.cell(rows[row], name).setBackground(ERROR_BRUSH)
        return lines, rest

    def clear_marks(self) -> None:
        for r in range(self.rowCount()):
            for c, name in enumerate(self.names):
                item = self.item(r, c)
                if item is not None:
                    item.setBackground(READ_ONLY_BRUSH if name in self.read_only else QBrush())


def line_buttons(
    parent: QWidget, caption: str, *buttons: tuple[str, Callable[[], object]]
) -> tuple[QHBoxLayout, list[QPushButton]]:
    """The row above the lines: ``caption`` on the left, then (text, slot) buttons on the right that Enter
    never presses (Enter belongs to the lines)."""
    row = QHBoxLayout()
    row.addWidget(QLabel(caption, parent))
    row.addStretch(1)
    made = []
    for text, slot in buttons:
        button = QPushButton(text, parent)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False, slot=slot: slot())
        row.addWidget(button)
        made.append(button)
    return row, made
