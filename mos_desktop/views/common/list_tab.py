"""A main-window tab built from its ``TabSpec``: one list, or several lists as sub-tabs.

Tabs with their own actions (open a card, new, delete) subclass ``ListTab`` and override the hooks.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from mos_desktop.services.listing import Row
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.tabs import TabSpec

NOT_YET = "Для этого списка действие пока недоступно."


class ListTab(QWidget):
    counts_changed = Signal(int, int)  # shown, total of the list on screen

    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.lists: dict[str, ListView] = {}
        self.sub_tabs: QTabWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 6)
        for list_spec in spec.lists:
            view = ListView(ctx, list_spec, spec.key, self)
            view.row_activated.connect(lambda row, v=view: self.open_row(v, row))
            view.counts_changed.connect(lambda shown, total, v=view: self._on_counts(v, shown, total))
            self.lists[list_spec.key] = view
        if len(spec.lists) == 1:
            layout.addWidget(next(iter(self.lists.values())))
        else:
            self.sub_tabs = QTabWidget(self)
            self.sub_tabs.setObjectName("subTabs")
            self.sub_tabs.setDocumentMode(True)
            for list_spec in spec.lists:
                self.sub_tabs.addTab(self.lists[list_spec.key], list_spec.title)
            self.sub_tabs.currentChanged.connect(self._on_sub_tab_changed)
            layout.addWidget(self.sub_tabs)

    def current_list(self) -> ListView:
        if self.sub_tabs is not None:
            widget = self.sub_tabs.currentWidget()
            assert isinstance(widget, ListView)
            return widget
        return next(iter(self.lists.values()))

    def show_list(self, key: str) -> ListView:
        view = self.lists[key]
        if self.sub_tabs is not None:
            self.sub_tabs.setCurrentWidget(view)
        return view

    # --- hooks for tabs with their own actions ------------------------------------------------
    def open_row(self, view: ListView, row: Row) -> None:
        self.ctx.status_message.emit(NOT_YET)

    def new_item(self) -> None:
        self.ctx.status_message.emit(NOT_YET)

    def delete_current(self) -> None:
        self.ctx.status_message.emit(NOT_YET)

    def open_current(self) -> None:
        view = self.current_list()
        row = view.current_row()
        if row is not None:
            self.open_row(view, row)

    # --- common behaviour ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list on screen now; the others reload when next shown."""
        current = self.current_list()
        for view in self.lists.values():
            if view is current and self.isVisible():
                view.reload()
            else:
                view._stale = True

    def focus_search(self) -> None:
        self.current_list().focus_search()

    def current_counts(self) -> tuple[int, int]:
        view = self.current_list()
        return view.shown_count(), view.total_count()

    def save_state(self) -> None:
        for view in self.lists.values():
            view.save_state()

    def _on_counts(self, view: ListView, shown: int, total: int) -> None:
        if self.sub_tabs is not None:
            index = self.sub_tabs.indexOf(view)
            self.sub_tabs.setTabText(index, f"{view.spec.title} ({total})")
        if view is self.current_list():
            self.counts_changed.emit(shown, total)

    def _on_sub_tab_changed(self, _index: int) -> None:
        shown, total = self.current_counts()
        self.counts_changed.emit(shown, total)
