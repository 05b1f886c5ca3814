"""A record's related records as a small list inside its dialog (a client's contacts, sites, equipment):
«Добавить» (Ctrl+N inside it... the button), «Открыть» (Enter / double-click), «Удалить…» (Delete, asks
first). It reloads when a command touches its area, like every list.

Enter on a row belongs to the list: it opens the row (or does nothing where «Открыть» is hidden) and never
reaches the dialog's default button, which would save the owner's form and close it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.changes import Area
from mos_desktop.services.listing import Row
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.formatting import prepare
from mos_desktop.views.common.list_model import ListingModel


class RelatedList(QWidget):
    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        area: Area,
        loader: Callable[[Any, uuid.UUID], Any],
        empty_text: str,
        parent: QWidget | None = None,
        *,
        areas: tuple[Area, ...] = (),
        opener: Callable[[uuid.UUID], Any] | None = None,
    ) -> None:
        """``areas``: more areas whose changes reload it; ``opener(id)``: what «Открыть» does instead of
        opening the row's record (an invoice in its client's own card opens its print preview)."""
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.area = area
        self.areas = frozenset((area, *areas))
        self.opener = opener
        self.loader = loader
        self.empty_text = empty_text
        self.owner_id: uuid.UUID | None = None
        self.dialog: Any = None
        self.model = ListingModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # No stretched last section: ``_loaded`` stretches the declared long-text column (a payment's purpose),
        # else the last one; stretching the last too split the spare width with «Разнесено».
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.activated.connect(lambda _i: self.open_current())
        self.table.installEventFilter(self)  # Enter opens the row here (``eventFilter``)
        self.summary = QLabel(self)
        self.add_button = QPushButton("Добавить…", self)
        self.open_button = QPushButton("Открыть", self)
        self.delete_button = QPushButton("Удалить…", self)
        for button in (self.add_button, self.open_button, self.delete_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.set_owner(None)
        ctx.changes.connect(self._on_changes)

    def set_owner(self, owner_id: uuid.UUID | None) -> None:
        """The record these belong to; a record not yet saved has none (add is disabled until saved)."""
        self.owner_id = owner_id
        for button in (self.add_button, self.open_button, self.delete_button):
            button.setEnabled(owner_id is not None)
        if owner_id is None:
            self.summary.setText("Сохраните карточку, чтобы добавлять сюда записи.")
            return
        self.reload()

    def reload(self) -> None:
        owner_id, loader = self.owner_id, self.loader
        if owner_id is None:
            return
        self.ctx.run_db(lambda s: prepare(loader(s, owner_id)), self._loaded, owner=self)

    def _loaded(self, prepared: Any) -> None:
        self.model.set_prepared(prepared)
        header = self.table.horizontalHeader()
        columns = self.model.columns
        stretched = [i for i, column in enumerate(columns) if column.stretch] or [len(columns) - 1]
        for i in range(len(columns)):  # the long text takes what is left, elided, not a sideways scroll
            mode = (
                QHeaderView.ResizeMode.Stretch if i in stretched else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(i, mode)
        self.summary.setText(prepared.summary if prepared.total else self.empty_text)
        self.loaded.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter / Return on the table opens the current row and is consumed. A table view emits
        ``activated`` for Enter but leaves the key unaccepted, so the dialog's default button («Сохранить»
        of the card) got it too: it wrote the card's unsaved edits without asking and closed the card."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            self.open_current()
            return True
        return super().eventFilter(watched, event)

    def _on_changes(self, changes: Any) -> None:
        if self.areas & set(changes.areas) and self.owner_id is not None:
            self.reload()

    def current_row(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def add(self) -> None:
        from mos_desktop.views.records import new_record

        if self.owner_id is not None:
            self.dialog = new_record(self.ctx, self.kind, self.window(), parent_id=self.owner_id)

    def open_current(self) -> None:
        from mos_desktop.views.records import open_record

        if self.open_button.isHidden():
            return  # nothing to open here (a payment in its own client's card would open that card again)
        row = self.current_row()
        if row is None or row.id is None:
            return
        if self.opener is not None:
            self.dialog = self.opener(row.id)
            return
        self.dialog = open_record(self.ctx, self.kind, row.id, self.window())

    def delete_current(self) -> None:
        from mos_desktop.views.records import ask_archive

        row = self.current_row()
        if row is not None and row.id is not None:
            keys = [c.key for c in self.model.columns]
            name = next((str(row.values[keys.index(k)]) for k in ("full_name", "name") if k in keys), "")
            self.dialog = ask_archive(self.ctx, self.kind, row.id, name, self.window())
