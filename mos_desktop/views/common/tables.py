"""The read-only table of the previews and histories: whole rows selected, nothing edited in place, no row
numbers; the columns given get the spare width. And a ``Listing`` shown in such a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from mos_desktop.views.common.formatting import format_value

if TYPE_CHECKING:
    from mos_desktop.services.listing import Listing


def read_only_table(
    parent: QWidget,
    headers: Sequence[str] = (),
    *,
    stretch: Sequence[int] = (),
    stretch_last: bool = False,
) -> QTableWidget:
    """A table of ``headers`` (none yet when the rows bring their own columns); ``stretch``: the columns
    that take the room left; ``stretch_last``: the last column, whatever the columns turn out to be."""
    table = QTableWidget(0, len(headers), parent)
    if headers:
        table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if stretch_last:
        header.setStretchLastSection(True)
    return table


def show_listing(table: QTableWidget, listing: Listing, stretch_key: str) -> None:
    """The listing's columns and rows in ``table``, values as the lists show them; the column
    ``stretch_key`` takes the room left."""
    table.setColumnCount(len(listing.columns))
    table.setHorizontalHeaderLabels([c.title for c in listing.columns])
    table.setRowCount(len(listing.rows))
    for r, row in enumerate(listing.rows):
        for c, column in enumerate(listing.columns):
            table.setItem(r, c, QTableWidgetItem(format_value(column.kind, row.values[c])))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(
        listing.index_of(stretch_key), QHeaderView.ResizeMode.Stretch
    )
