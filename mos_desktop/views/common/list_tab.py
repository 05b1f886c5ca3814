"""A main-window tab built from its ``TabSpec``: one list, or several lists as sub-tabs.

Every list gets the actions its ``ListSpec`` names (``views/actions.py``) as a toolbar above it and a
context menu: open (Enter / double-click, through the record registry: a row without a dialog of its own
opens its nearest record), new (Ctrl+N), archive or delete (Delete, after a confirmation that defaults to
«Отмена»). Tabs with more (the client card's delete, later: reverse, print, call) override the hooks.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QTabWidget, QToolButton, QVBoxLayout, QWidget

from mos_desktop.services.listing import Row
from mos_desktop.views.actions import ACTIONS, MENU_ACTIONS
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.tabs import ListSpec, TabSpec


class ListTab(QWidget):
    counts_changed = Signal(int, int)  # shown, total of the list on screen
    current_list_changed = Signal()

    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.lists: dict[str, ListView] = {}
        self.pages: dict[str, QWidget] = {}
        self.buttons: dict[str, dict[str, QToolButton]] = {}
        self.sub_tabs: QTabWidget | None = None
        self.dialog: Any = None
        self._select_pending: dict[str, object] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 6)
        for list_spec in spec.lists:
            view = ListView(ctx, list_spec, spec.key, self)
            view.row_activated.connect(lambda row, v=view: self.open_row(v, row))
            view.counts_changed.connect(lambda shown, total, v=view: self._on_counts(v, shown, total))
            view.loaded.connect(lambda v=view: self._on_loaded(v))
            view.context_menu_requested.connect(lambda pos, v=view: self._context_menu(v, pos))
            self.lists[list_spec.key] = view
            self.pages[list_spec.key] = self._page(view)
        if len(spec.lists) == 1:
            layout.addWidget(next(iter(self.pages.values())))
        else:
            self.sub_tabs = QTabWidget(self)
            self.sub_tabs.setObjectName("subTabs")
            self.sub_tabs.setDocumentMode(True)
            for list_spec in spec.lists:
                self.sub_tabs.addTab(self.pages[list_spec.key], list_spec.title)
            self.sub_tabs.currentChanged.connect(self._on_sub_tab_changed)
            layout.addWidget(self.sub_tabs)

    def _page(self, view: ListView) -> QWidget:
        """The list with its actions: one button per action it has, left of its search box."""
        actions = [a for a in view.spec.actions if a in ACTIONS and a != "open"]
        buttons: dict[str, QToolButton] = {}
        for key in actions:
            definition = ACTIONS[key]
            button = QToolButton(view)
            button.setObjectName(f"action_{key}")
            button.setText(self.action_text(view.spec, key))
            button.setToolTip(f"{definition.tip} ({definition.shortcut})")
            button.clicked.connect(lambda _c=False, k=key, v=view: self.trigger(k, v))
            view.toolbar.addWidget(button)
            buttons[key] = button
            if key not in MENU_ACTIONS and definition.shortcut:
                shortcut = QShortcut(QKeySequence(definition.shortcut), view)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda k=key, v=view: self.trigger(k, v))
        self.buttons[view.spec.key] = buttons
        return view

    def action_text(self, spec: ListSpec, key: str) -> str:
        if key == "archive":
            from mos_desktop.services.records.kinds import SPECS

            record = SPECS.get(spec.kind)
            return "В архив…" if record is not None and record.archivable else "Удалить…"
        return ACTIONS[key].text

    def current_list(self) -> ListView:
        if self.sub_tabs is not None:
            page = self.sub_tabs.currentWidget()
            for key, candidate in self.pages.items():
                if candidate is page:
                    return self.lists[key]
        return next(iter(self.lists.values()))

    def show_list(self, key: str) -> ListView:
        view = self.lists[key]
        if self.sub_tabs is not None:
            self.sub_tabs.setCurrentWidget(self.pages[key])
        return view

    def has_action(self, key: str) -> bool:
        return key in self.current_list().spec.actions

    # --- actions ------------------------------------------------------------------------------
    def trigger(self, key: str, view: ListView | None = None) -> None:
        view = view or self.current_list()
        if key not in view.spec.actions:
            return
        if key == "new":
            self.new_in(view)
        elif key == "open":
            row = view.current_row()
            if row is not None:
                self.open_row(view, row)
            else:
                self.ctx.status_message.emit("Выберите строку в списке, чтобы открыть её.")
        elif key == "archive":
            self.archive_in(view)
        elif key == "print":
            row = view.current_row()
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите строку, документ которой нужно напечатать.")
                return
            from mos_desktop.views.documents.print_dialog import PrintDialog

            self.dialog = PrintDialog(self.ctx, row.kind or view.spec.kind, row.id, self.window())
            self.dialog.open()
        elif key == "reverse":
            row = view.current_row()
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите строку в списке.")
                return
            from mos_desktop.views.records import ask_reverse

            self.dialog = ask_reverse(
                self.ctx, row.kind or view.spec.kind, row.id, view.row_name(row), self.window()
            )
        else:
            self.custom_action(key, view)

    def custom_action(self, key: str, view: ListView) -> None:
        """Hook: a tab's own actions (a call, the invoice run, a statement import)."""

    def open_row(self, view: ListView, row: Row) -> None:
        from mos_desktop.views.records import open_record

        if row.id is None or "open" not in view.spec.actions:
            return
        kind = row.kind or view.spec.kind
        self.dialog = open_record(
            self.ctx,
            kind,
            row.id,
            self.window(),
            on_open=self._keep,
            on_saved=partial(self._select_after_save, view),
        )

    def new_in(self, view: ListView) -> None:
        from mos_desktop.views.records import new_record

        self.dialog = new_record(
            self.ctx,
            view.spec.creates,
            self.window(),
            on_saved=partial(self._select_after_save, view),
        )

    def archive_in(self, view: ListView) -> None:
        row = view.current_row()
        if row is None or row.id is None:
            self.ctx.status_message.emit("Выберите строку в списке.")
            return
        from mos_desktop.views.records import ask_archive

        self.dialog = ask_archive(
            self.ctx, row.kind or view.spec.kind, row.id, view.row_name(row), self.window()
        )

    # compatibility with the main window's «Правка» menu
    def new_item(self) -> None:
        self.trigger("new")

    def open_current(self) -> None:
        self.trigger("open")

    def delete_current(self) -> None:
        self.trigger("archive")

    def _keep(self, dialog: Any) -> None:
        self.dialog = dialog

    def _context_menu(self, view: ListView, pos: Any) -> None:
        menu = QMenu(self)
        for key in view.spec.actions:
            if key not in ACTIONS:
                continue
            action = menu.addAction(f"{self.action_text(view.spec, key)}\t{ACTIONS[key].shortcut}")
            action.triggered.connect(lambda _c=False, k=key, v=view: self.trigger(k, v))
        if not menu.isEmpty():
            menu.popup(view.table.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def _select_after_save(self, view: ListView, record_id: object) -> None:
        if record_id is not None:
            self._select_pending[view.spec.key] = record_id

    def _on_loaded(self, view: ListView) -> None:
        if view.kept:
            return  # rows from the last run: the record to select is in the fresh ones
        pending = self._select_pending.pop(view.spec.key, None)
        if pending is not None:
            view.select_id(pending)

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
            index = self.sub_tabs.indexOf(self.pages[view.spec.key])
            self.sub_tabs.setTabText(index, f"{view.spec.title} ({total})")
        if view is self.current_list():
            self.counts_changed.emit(shown, total)

    def _on_sub_tab_changed(self, _index: int) -> None:
        shown, total = self.current_counts()
        self.counts_changed.emit(shown, total)
        self.current_list_changed.emit()
        self.focus_list()

    def focus_list(self) -> None:
        """Keyboard focus into the list on screen: its actions' shortcuts belong to it (a click on a tab
        leaves focus on the list hidden behind it, and Ctrl+N, Ctrl+Shift+I… then did nothing)."""
        view = self.current_list()
        focused = self.window().focusWidget()
        if focused is None or not view.isAncestorOf(focused):
            view.table.setFocus(Qt.FocusReason.OtherFocusReason)
