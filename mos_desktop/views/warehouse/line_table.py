"""The lines of a document dialog (a move, an order, a stock count), keyboard-first.

Enter moves to the next editable cell and past the last one opens a new line, so a barcode scanner acting
as a keyboard (code + Enter) fills a line after another; a filled last line opens the next one. Columns
named in ``read_only`` show what the app worked out (a name, an amount, the expected figure). Errors of a
line («lines[2].quantity») tint its cell; the dialog lists their messages above the lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from mos_desktop.errors import FieldError

LINE_ERROR = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?$")
ERROR_BRUSH = QBrush(QColor("#fdecec"))
READ_ONLY_BRUSH = QBrush(QColor("#f4f4f4"))


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
        self.installEventFilter(self)
        self._fill_row(0)
        self.itemChanged.connect(lambda _item: self._maybe_grow())

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

    def _next_cell(self) -> None:
        row, column = self.currentRow(), self.currentColumn()
        editable = [i for i, name in enumerate(self.names) if name not in self.read_only]
        later = [i for i in editable if i > column]
        if later:
            self.setCurrentCell(row, later[0])
            return
        if row == self.rowCount() - 1:
            self.add_line()
        self.setCurrentCell(row + 1, editable[0])

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
