"""The table model over a prepared ``Listing`` and the search proxy in front of it.

Sorting is done by the source model with Python's sort on raw values (money in kopecks, real dates), not
by ``QSortFilterProxyModel.lessThan``: a Python ``lessThan`` costs a C++→Python call per comparison, which
is seconds at 30,000 rows. Filtering is done here too, for the same reason: a Python ``filterAcceptsRow``
is a C++→Python call per row per keystroke (~50–150 ms at 30,000 rows); a list comprehension over the
lower-case search keys computed once in the worker is a few milliseconds. The proxy in front stays a plain
pass-through (no Python overrides on its hot paths), so views keep the usual proxy API.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from mos_desktop.services.listing import Row
from mos_desktop.views.common.formatting import RIGHT_ALIGNED_KINDS, Prepared, sort_key

SortRole = Qt.ItemDataRole.UserRole + 1  # raw value (int kopecks, date, ...)
IdRole = Qt.ItemDataRole.UserRole + 2  # str(Row.id) or None
LevelRole = Qt.ItemDataRole.UserRole + 3  # Row.level
KindRole = Qt.ItemDataRole.UserRole + 4  # Row.kind

LEVEL_BACKGROUND = {
    "danger": QColor("#fdecec"),
    "warning": QColor("#fff5dc"),
    "ok": QColor("#ebf7ee"),
    "info": QColor("#eaf2fc"),
}
LEVEL_FOREGROUND = {
    "danger": QColor("#b3261e"),
    "warning": QColor("#8a5a00"),
    "ok": QColor("#1e6b34"),
    "info": QColor("#1f4f8f"),
}
ZERO_FOREGROUND = QColor("#9aa3ad")  # 0,00 ₽ recedes, amounts that matter stand out

_Index = QModelIndex | QPersistentModelIndex


class ListingModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._prepared: Prepared | None = None
        # Every row of the listing, in the service's order; never reordered.
        self._all_rows: list[Row] = []
        self._all_display: list[tuple[str, ...]] = []
        self._all_keys: list[str] = []
        self._perm: list[int] = []  # the current sort: positions into the _all_ lists
        self._words: tuple[str, ...] = ()  # the search: every word must occur in the row's key
        # The rows shown, in shown order (derived from _perm and _words by _refilter).
        self._rows: list[Row] = []
        self._display: list[tuple[str, ...]] = []
        self.keys: list[str] = []  # search keys of the shown rows; mutated in place only
        self._order: list[int] = []  # original position of each shown row
        self._right: set[int] = set()
        self._status_cols: set[int] = set()
        self._money_cols: set[int] = set()

    # --- contents ------------------------------------------------------------------------------
    def set_prepared(self, prepared: Prepared) -> None:
        self.beginResetModel()
        self._prepared = prepared
        self._all_rows = list(prepared.rows)
        self._all_display = list(prepared.display)
        self._all_keys = list(prepared.keys)
        self._perm = list(range(len(self._all_rows)))
        self._refilter()
        self._right = {i for i, c in enumerate(prepared.columns) if c.kind in RIGHT_ALIGNED_KINDS}
        self._status_cols = {i for i, c in enumerate(prepared.columns) if c.kind == "status"}
        self._money_cols = {i for i, c in enumerate(prepared.columns) if c.kind == "money"}
        self.endResetModel()

    def _matching(self) -> list[int]:
        words, keys = self._words, self._all_keys
        if not words:
            return list(self._perm)
        if len(words) == 1:
            word = words[0]
            return [i for i in self._perm if word in keys[i]]
        return [i for i in self._perm if all(w in keys[i] for w in words)]

    def _refilter(self) -> None:
        shown = self._matching()
        self._rows = [self._all_rows[i] for i in shown]
        self._display = [self._all_display[i] for i in shown]
        self.keys[:] = [self._all_keys[i] for i in shown]
        self._order = shown

    def set_filter(self, text: str) -> bool:
        """Show only rows whose search key holds every word of ``text``; False when nothing changed."""
        words = tuple(text.lower().split())
        if words == self._words:
            return False
        self.beginResetModel()
        self._words = words
        self._refilter()
        self.endResetModel()
        return True

    @property
    def filter_text(self) -> str:
        return " ".join(self._words)

    @property
    def total_rows(self) -> int:
        return len(self._all_rows)

    @property
    def prepared(self) -> Prepared | None:
        return self._prepared

    @property
    def columns(self) -> list[Any]:
        return self._prepared.columns if self._prepared else []

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def display_at(self, row: int) -> tuple[str, ...]:
        return self._display[row]

    # --- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self._prepared is None else len(self._prepared.columns)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows) or c >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[r][c] if c < len(self._display[r]) else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c in self._right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        row = self._rows[r]
        if role == Qt.ItemDataRole.BackgroundRole:
            return LEVEL_BACKGROUND.get(row.level)
        if role == Qt.ItemDataRole.ForegroundRole:
            if c in self._status_cols:
                return LEVEL_FOREGROUND.get(row.level)
            if c in self._money_cols and row.values[c] == 0:
                return ZERO_FOREGROUND
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._display[r][c] if c < len(self._display[r]) else ""
            return text if len(text) > 40 else None
        if role == SortRole:
            value = row.values[c] if c < len(row.values) else None
            return value if isinstance(value, int | float | str) else (None if value is None else str(value))
        if role == IdRole:
            return None if row.id is None else str(row.id)
        if role == LevelRole:
            return row.level
        if role == KindRole:
            return row.kind
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._prepared is None:
            return None
        if not 0 <= section < len(self._prepared.columns):
            return None
        column = self._prepared.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in RIGHT_ALIGNED_KINDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by raw values; empty values always last. ``column < 0`` restores the service's order."""
        n = len(self._all_rows)
        if n == 0:
            return
        positions = range(n)
        if column < 0 or column >= self.columnCount():
            new = list(positions)
        else:
            rows = self._all_rows
            present = [i for i in positions if _raw(rows[i], column) not in (None, "")]
            empty = [i for i in positions if _raw(rows[i], column) in (None, "")]
            present.sort(
                key=lambda i: sort_key(_raw(rows[i], column)),
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
            new = present + empty
        self.layoutAboutToBeChanged.emit()
        old_shown = self._order
        self._perm = new
        self._refilter()
        new_row_of = {full: row for row, full in enumerate(self._order)}
        old_indexes = self.persistentIndexList()
        new_indexes = [self.index(new_row_of[old_shown[i.row()]], i.column()) for i in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()


def _raw(row: Row, column: int) -> Any:
    return row.values[column] if column < len(row.values) else None


class SearchProxy(QSortFilterProxyModel):
    """Front of the list model: search and sort are handed to the source (see the module docstring)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._keys: list[str] = []

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        self._keys = model.keys if isinstance(model, ListingModel) else []

    def set_needle(self, text: str) -> bool:
        """Apply a search text now; returns False when nothing changed."""
        source = self.sourceModel()
        return isinstance(source, ListingModel) and source.set_filter(text)

    @property
    def needle(self) -> str:
        source = self.sourceModel()
        return source.filter_text if isinstance(source, ListingModel) else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
