"""The one list widget every tab uses: search box, table, empty-state text, summary line.

Data arrives from the worker already formatted (``formatting.prepare``); this widget only swaps it in.
Search filters synchronously for small lists and after a short pause for big ones, so typing stays smooth.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.russian import plural_ru
from mos_desktop.services.listing import Listing, Row
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.formatting import Prepared, prepare
from mos_desktop.views.common.list_model import ListingModel, SearchProxy
from mos_desktop.views.tabs import ListSpec

log = logging.getLogger(__name__)

DEBOUNCE_ROWS = 1000  # above this many rows, wait for a pause in typing
DEBOUNCE_MS = 150
MAX_AUTO_WIDTH = 380


class ListNotConnected(Exception):
    """The list's function does not exist (a list declared ahead of its service): the only load failure
    shown as «ещё не подключён»; any other error is a bug for the crash dialog and the log."""


def load_listing(session: Any, spec: ListSpec, today: Any) -> Prepared:
    """Worker side: call the list service and format its rows (kept out of the GUI thread)."""
    from mos_desktop.services.listing import resolve

    try:
        func = resolve(spec.func)
    except (ImportError, AttributeError) as exc:
        raise ListNotConnected(str(exc)) from exc
    return prepare(func(session, today=today))


def rows_word(n: int) -> str:
    return plural_ru(n, "строка", "строки", "строк")


class ListView(QWidget):
    row_activated = Signal(object)  # Row
    context_menu_requested = Signal(object)  # QPoint in the table's viewport
    counts_changed = Signal(int, int)  # shown, total
    loaded = Signal()
    load_failed = Signal(str)

    def __init__(
        self, ctx: AppContext, spec: ListSpec, tab_key: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.tab_key = tab_key
        self._generation = 0
        self._loading = False
        self._stale = True
        self._has_data = False
        self._fit_pending = False
        self._fitted_with_rows = False
        self.kept = False  # showing rows kept from the last run, not yet the database's
        self._quiet = False  # column changes made by the program, not the user: not saved
        self.error: str | None = None

        self.model = ListingModel(self)
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Поиск (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("listSearch")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("listCount")

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vheader = self.table.verticalHeader()
        vheader.setVisible(False)
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self.context_menu_requested.emit)

        self.overlay = QLabel(self.table.viewport())
        self.overlay.setObjectName("emptyState")
        self.overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.overlay.setWordWrap(True)
        self.overlay.setText("Загрузка…")
        self.table.viewport().installEventFilter(self)

        self.summary = QLabel(self)
        self.summary.setObjectName("listSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self.toolbar = QHBoxLayout()  # the list's actions (ListTab fills it), left of the search box
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        self.toolbar.setSpacing(4)
        top.addLayout(self.toolbar)
        top.addWidget(self.search, 1)
        self.as_of: Any = None
        if spec.as_of:
            from mos_desktop.views.common.forms import OptionalDateEdit

            self.as_of = OptionalDateEdit(self)
            self.as_of.edit.setPlaceholderText("сегодня")
            self.as_of.setToolTip("На какую дату показать список; пусто — на сегодня")
            self.as_of.changed.connect(self.reload)
            top.addWidget(QLabel("на дату:", self))
            top.addWidget(self.as_of)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.summary, 1)
        self.hint = QLabel(spec.hint, self)  # the list's keys, e.g. the call list's one-key outcomes
        self.hint.setObjectName("listHint")
        self.hint.setStyleSheet("color: #6b7580;")
        self.hint.setVisible(bool(spec.hint))
        bottom.addWidget(self.hint)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_search)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_state)

        self.search.textChanged.connect(self._on_search_edited)
        self.table.activated.connect(self._on_activated)
        header.sectionResized.connect(self._schedule_save)
        header.sectionMoved.connect(self._schedule_save)
        header.sortIndicatorChanged.connect(self._schedule_save)
        self.search.installEventFilter(self)
        ctx.changes.connect(self._on_changes)

    # --- loading ---------------------------------------------------------------------------------
    @property
    def settings_key(self) -> str:
        return f"lists/{self.tab_key}.{self.spec.key}" if self.tab_key else f"lists/{self.spec.key}"

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def has_data(self) -> bool:
        return self._has_data

    def reload(self) -> None:
        """Ask the worker for fresh rows; a newer request supersedes an older one."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        self._stale = False
        spec, today = self.spec, self.ctx.today()
        if self.as_of is not None and self.as_of.value() is not None:
            today = self.as_of.value()  # the list as it stood on that day
        self.ctx.run_db(
            lambda s: load_listing(s, spec, today),
            lambda prepared: self._on_fresh(generation, prepared),
            lambda exc: self._on_failed(generation, exc),
            owner=self,
        )

    def ensure_loaded(self) -> None:
        if self._stale and not self._loading:
            self.reload()

    def set_listing(self, listing: Listing) -> None:
        """Show a listing directly (tests and benchmarks); formats it in the calling thread."""
        self._generation += 1
        self._stale = False
        self._on_loaded(self._generation, prepare(listing))

    def _on_fresh(self, generation: int, prepared: Prepared) -> None:
        if generation == self._generation:
            self.kept = False
        self._on_loaded(generation, prepared)

    def show_kept(self, prepared: Prepared) -> None:
        """Rows kept from the last run (start-up, ``list_cache``): shown now, while the list loads as it
        would anyway (a request in flight stays current, a list not yet shown still loads when shown)
        and its fresh rows replace these. Nothing happens once real rows are here."""
        if self._has_data:
            return
        loading, stale = self._loading, self._stale
        self.kept = True  # until the database's own rows arrive (a selection waits for those)
        self._on_loaded(self._generation, prepared)
        self._loading, self._stale = loading, stale

    def _on_loaded(self, generation: int, prepared: Prepared) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.error = None
        selected = self.current_row()
        place = self.table.currentIndex().row()  # where it stood, for when its record is gone
        focused = self.table.window().focusWidget() is self.table
        first = not self._has_data
        first_rows = not self._fitted_with_rows and prepared.total > 0
        self.model.set_prepared(prepared)
        self._has_data = True
        if first or first_rows:
            # Fitted again when the list first gets rows: a list first shown empty would otherwise keep
            # columns squeezed to their titles for good.
            self._quiet = True
            self._restore_or_fit()
            self._quiet = False
            self._fitted_with_rows = prepared.total > 0
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.summary.setText(prepared.summary)
        self.summary.setVisible(bool(prepared.summary))
        self._apply_search()
        if selected is not None and selected.id is not None and not self.select_id(selected.id):
            self._select_place(place, focused)
        self.loaded.emit()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if isinstance(exc, ListNotConnected):
            self.error = f"Список «{self.spec.title}» ещё не подключён ({exc})."
            log.warning("list %s unavailable: %s", self.spec.func, exc)
        else:
            self.error = f"Не удалось загрузить список «{self.spec.title}»."
            self.ctx.handle_error(exc)
        self._has_data = False
        self._update_overlay()
        self.load_failed.emit(self.error)

    def _on_changes(self, changes: Any) -> None:
        """Reload when a command touched one of the areas this list shows (nothing else reloads it)."""
        if not changes.touches(self.spec.source.areas):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    # --- search ----------------------------------------------------------------------------------
    def set_search_text(self, text: str) -> None:
        """Filter now, synchronously (what a keystroke costs; benchmarks time this)."""
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)
        self._debounce.stop()
        self._apply_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search_edited(self, _text: str) -> None:
        if self.model.total_rows <= DEBOUNCE_ROWS:
            self._debounce.stop()
            self._apply_search()
        else:
            self._debounce.start()

    def _apply_search(self) -> None:
        self.proxy.set_needle(self.search.text())
        self._update_overlay()
        shown, total = self.proxy.rowCount(), self.model.total_rows
        if shown == total:
            self.count_label.setText(f"{total} {rows_word(total)}")
        else:
            self.count_label.setText(f"Найдено {shown} из {total}")
        self.counts_changed.emit(shown, total)

    def shown_count(self) -> int:
        return self.proxy.rowCount()

    def total_count(self) -> int:
        return self.model.total_rows

    # --- empty state -----------------------------------------------------------------------------
    def _update_overlay(self) -> None:
        text = ""
        if self.error:
            text = self.error
        elif self._loading and not self._has_data:
            text = "Загрузка…"
        elif self._has_data and self.model.total_rows == 0:
            text = self.spec.empty_text
        elif self._has_data and self.proxy.rowCount() == 0:
            text = f"Ничего не найдено по запросу «{self.search.text().strip()}». Esc — очистить поиск."
        self.overlay.setText(text)
        self.overlay.setVisible(bool(text))
        self._place_overlay()

    def empty_text_shown(self) -> str:
        return self.overlay.text() if self.overlay.isVisibleTo(self) else ""

    def _place_overlay(self) -> None:
        rect = self.table.viewport().rect()
        margin = 40
        self.overlay.setGeometry(rect.adjusted(margin, margin, -margin, -margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proxy.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.proxy.index(0, 0))
                return True
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._place_overlay()
            if self._fit_pending and self.table.viewport().width() > 200:
                self._quiet = True
                self._fit_stretch()
                self._quiet = False
        return super().eventFilter(watched, event)

    # --- rows ------------------------------------------------------------------------------------
    def current_row(self) -> Row | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.prepared:
            return None
        source = self.proxy.mapToSource(index)
        return self.model.row_at(source.row()) if source.isValid() else None

    def value(self, row: Row, key: str) -> Any:
        """A row's value by column key (never by position); None when the list has no such column."""
        for i, column in enumerate(self.model.columns):
            if column.key == key:
                return row.values[i]
        return None

    def row_name(self, row: Row) -> str:
        """What a person calls the row's record: its name, or its document and item (a move), its number
        and client (an invoice, a payment), else its first text column."""
        for key in ("name", "full_name"):
            value = self.value(row, key)
            if value:
                return str(value)
        parts = [
            str(v)
            for v in (self.value(row, k) for k in ("document", "number", "item", "client", "payer"))
            if v
        ]
        if parts:
            return ", ".join(parts[:2])
        value = self.value(row, "sku")
        return str(value) if value else str(row.values[0]) if row.values else ""

    def select_id(self, row_id: Any) -> bool:
        for r in range(self.model.rowCount()):
            if self.model.row_at(r).id == row_id:
                index = self.proxy.mapFromSource(self.model.index(r, 0))
                if index.isValid():
                    self.table.setCurrentIndex(index)
                    self.table.scrollTo(index)
                    return True
        return False

    def _select_place(self, place: int, focused: bool) -> None:
        """The current row's record left the list (a call key took the client off it): the row that took
        its place becomes current (the last one when it was the last), and the table keeps the keyboard,
        so the next key acts on the next line at once."""
        count = self.proxy.rowCount()
        if place < 0 or count == 0:
            return
        index = self.proxy.index(min(place, count - 1), 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if focused:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.row_activated.emit(self.model.row_at(source.row()))

    # --- column state ----------------------------------------------------------------------------
    def _signature(self) -> str:
        # "v2": states saved before a list first had rows (squeezed columns) are not restored
        return "v2|" + "|".join(c.key for c in self.model.columns)

    def _restore_or_fit(self) -> None:
        settings = self.ctx.qsettings()
        state = settings.value(f"{self.settings_key}/header")
        signature = settings.value(f"{self.settings_key}/columns")
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray) and signature == self._signature() and header.restoreState(state):
            header.setSortIndicatorClearable(True)
            return
        self._fit_columns()

    def _fit_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        char = metrics.averageCharWidth()
        prepared = self.model.prepared
        if prepared is None:
            return
        sample = prepared.display[:300]
        widths = dict(self.spec.widths)
        for i, column in enumerate(prepared.columns):
            title = header_metrics.horizontalAdvance(column.title) + 34
            content = max((metrics.horizontalAdvance(r[i]) for r in sample if i < len(r)), default=0)
            width = min(content + 24, MAX_AUTO_WIDTH)
            declared = widths.get(column.key, column.width)
            if declared:  # the declared width is a minimum: Cyrillic runs wider than the average char
                width = max(width, declared * char + 20)
            self.table.setColumnWidth(i, max(width, title, 60))
        self._fit_pending = any(c.stretch for c in prepared.columns)
        if self._fit_pending and self.table.viewport().width() > 200:
            self._fit_stretch()

    def _fit_stretch(self) -> None:
        self._fit_pending = False
        columns = self.model.columns
        stretch = [i for i, c in enumerate(columns) if c.stretch]
        if not stretch:
            return
        used = sum(self.table.columnWidth(i) for i in range(len(columns)))
        available = self.table.viewport().width()
        bar = self.table.verticalScrollBar()
        rows_height = self.proxy.rowCount() * self.table.verticalHeader().defaultSectionSize()
        if not bar.isVisible() and rows_height > self.table.viewport().height():
            available -= bar.sizeHint().width()  # the bar appears once the rows are laid out
        spare = available - used - 2
        if spare > 0:
            extra = spare // len(stretch)
            for i in stretch:
                self.table.setColumnWidth(i, self.table.columnWidth(i) + extra)

    def _schedule_save(self, *_args: Any) -> None:
        if self._has_data and not self._quiet:
            self._save_timer.start()

    def save_state(self) -> None:
        if not self._has_data or not self.model.columns or not self._fitted_with_rows:
            return  # the widths of an empty list fit only its titles: never remembered
        settings = self.ctx.qsettings()
        settings.setValue(f"{self.settings_key}/header", self.table.horizontalHeader().saveState())
        settings.setValue(f"{self.settings_key}/columns", self._signature())
        settings.sync()
