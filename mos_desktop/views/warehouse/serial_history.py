"""The history of serial numbers, oldest move first (supplier → warehouse → client site): of one item's
serials (from the item dialog) or of every serial that has been at a client's sites (from the client
card). A search box narrows it to one serial. Read-only: moves are corrected by reversal on Движения."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import close_buttons
from mos_desktop.views.common.tables import read_only_table, show_listing


class SerialHistoryDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        title: str,
        *,
        item_id: uuid.UUID | None = None,
        client_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.listing: Any = None
        self.setWindowTitle(f"История серийных номеров — {title}" if title else "История серийных номеров")
        self.resize(980, 520)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Серийный номер (можно сканером)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._filter())
        self.summary = QLabel("Загрузка…", self)
        self.summary.setObjectName("serialSummary")
        top = QHBoxLayout()
        top.addWidget(QLabel("Найти:", self))
        top.addWidget(self.search, 1)
        top.addWidget(self.summary)
        self.table = read_only_table(self, stretch_last=True)
        self.table.setObjectName("serialHistory")
        buttons = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        from mos_desktop.services.stock.lists import serial_history

        ctx.run_db(
            lambda s: serial_history(s, item_id=item_id, client_id=client_id), self._loaded, owner=self
        )

    def _loaded(self, listing: Any) -> None:
        self.listing = listing
        show_listing(self.table, listing, "item")
        self._filter()

    def _filter(self) -> None:
        if self.listing is None:
            return
        text = self.search.text().strip().casefold()
        serial = self.listing.index_of("serial")
        shown = set()
        for r, row in enumerate(self.listing.rows):
            hide = bool(text) and text not in str(row.values[serial]).casefold()
            self.table.setRowHidden(r, hide)
            if not hide:
                shown.add(row.values[serial])
        moves = sum(1 for r in range(self.table.rowCount()) if not self.table.isRowHidden(r))
        self.summary.setText(
            f"Серийных номеров: {len(shown)}, движений: {moves}" if moves else "Движений серийных номеров нет"
        )

    def shown_serials(self) -> list[str]:
        serial = self.listing.index_of("serial") if self.listing is not None else 0
        return sorted(
            {
                self.listing.rows[r].values[serial]
                for r in range(self.table.rowCount())
                if not self.table.isRowHidden(r)
            }
        )
