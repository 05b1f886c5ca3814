"""The main window: tabs from ``TABS``, menus, shortcuts and the status bar. It only wires.

Start-up order: the frame (tab bar, menus, status bar) paints first; the current tab's list is built right
after that first paint (``_after_first_paint``), and its rows come from the worker. Nothing the frame needs
touches the ``Qt`` namespace or the list widgets: building those Python types (about a hundred enums)
was a third of the time to the first paint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from mos_desktop import config
from mos_desktop.views.common.appsetup import APP_TITLE
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.startup import FirstPaintProbe
from mos_desktop.views.tabs import TABS

if TYPE_CHECKING:
    from mos_desktop.views.common.list_tab import ListTab
    from mos_desktop.views.sync.controller import SyncController
    from mos_desktop.views.sync.status_widget import SyncStatusWidget

__all__ = ["MainWindow"]


class TabSet(Mapping[str, "ListTab"]):
    """The main window's tabs, each built the first time it is shown or asked for (start-up speed:
    building all seventeen lists up front cost more than the rest of the window)."""

    def __init__(self, keys: list[str], build: Callable[[str], ListTab]) -> None:
        self._keys = keys
        self._build = build
        self._built: dict[str, ListTab] = {}

    def __getitem__(self, key: str) -> ListTab:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._built:
            self._built[key] = self._build(key)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> list[ListTab]:
        return list(self._built.values())

    def built_tab(self, key: str) -> ListTab | None:
        return self._built.get(key)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(APP_TITLE)
        self._fit_to_screen()
        self.dialogs: dict[str, QWidget] = {}

        self.tab_widget = QTabWidget(self)
        self.tab_widget.setObjectName("mainTabs")
        self.tab_widget.setDocumentMode(True)
        self._pages: dict[str, QWidget] = {}
        for spec in TABS:
            page = QWidget(self.tab_widget)
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[spec.key] = page
            self.tab_widget.addTab(page, spec.title)
        self.tabs = TabSet([spec.key for spec in TABS], self._build_tab)
        self.tab_widget.currentChanged.connect(self._on_tab_changed)
        self.setCentralWidget(self.tab_widget)

        self.db_label = QLabel(f"База: {_home_relative(ctx.db_path)}", self)
        self.db_label.setToolTip(str(ctx.db_path))
        # The sync controller and its status widget are made right after the first paint (``sync``): the
        # frame does not need them, and their modules were a tenth of the time to that paint. Their place
        # in the status bar is kept by this holder.
        self._sync: SyncController | None = None
        self._sync_holder = QWidget(self)
        QHBoxLayout(self._sync_holder).setContentsMargins(0, 0, 0, 0)
        status = self.statusBar()
        status.addPermanentWidget(self._sync_holder)
        status.addPermanentWidget(self.db_label)
        ctx.status_message.connect(lambda text: status.showMessage(text, 10000))

        self._build_menus()
        self.restore_geometry()
        FirstPaintProbe(self, self._after_first_paint).data_ready()

    @property
    def sync(self) -> SyncController:
        """The sync controller (started by the app once the database is open), made on first use."""
        if self._sync is None:
            from mos_desktop.views.sync.controller import SyncController

            self._sync = SyncController(self.ctx, self)
            layout = self._sync_holder.layout()
            assert layout is not None
            layout.addWidget(self._sync.status_widget)
        return self._sync

    @property
    def sync_label(self) -> SyncStatusWidget:
        return self.sync.status_widget

    def _after_first_paint(self) -> None:
        """The current tab's list (it loads its rows as it is shown), and what the frame did not need."""
        from PySide6.QtCore import Qt

        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _ = self.sync  # its status in the status bar
        self.apply_shortcuts()
        self.current_tab()
        self.update_actions()

    # --- menus and shortcuts -------------------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            self._shortcuts.append((action, shortcut))  # set after the first paint (see module doc)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def apply_shortcuts(self) -> None:
        """Key sequences for the menu actions (building the first one costs the ``Qt`` namespace)."""
        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self._shortcuts.clear()

    def _build_menus(self) -> None:
        self._shortcuts: list[tuple[QAction, Any]] = []
        bar = self.menuBar()
        file_menu = bar.addMenu("&Файл")
        self.import_action = self._action(file_menu, "Импорт клиентов…", self.open_import, "Ctrl+I")
        self.demo_action = self._action(file_menu, "Загрузить демо-данные…", self.load_demo)
        file_menu.addSeparator()
        self.print_action = self._action(
            file_menu, "Печать…", lambda: self.current_tab().trigger("print"), QKeySequence.StandardKey.Print
        )
        file_menu.addSeparator()
        self._action(file_menu, "Открыть папку данных", self.open_data_folder)
        file_menu.addSeparator()
        self._action(file_menu, "Выход", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Правка")
        self.new_action = self._action(edit, "Новая запись", lambda: self.current_tab().new_item(), "Ctrl+N")
        self.open_action = self._action(edit, "Открыть", lambda: self.current_tab().open_current())
        self.delete_action = self._action(
            edit, "Удалить…", lambda: self.current_tab().delete_current(), QKeySequence.StandardKey.Delete
        )
        self.reverse_action = self._action(
            edit, "Сторно…", lambda: self.current_tab().trigger("reverse"), "Ctrl+Shift+R"
        )
        edit.addSeparator()
        self._action(edit, "Найти", lambda: self.current_tab().focus_search(), "Ctrl+F")
        self._action(edit, "Обновить", lambda: self.current_tab().refresh(), "F5")

        service = bar.addMenu("&Сервис")
        self.settings_action = self._action(service, "Настройки…", self.open_settings, "Ctrl+,")
        self.sync_settings_action = self._action(service, "Общая база…", lambda: self.sync.open_settings())
        self.sync_panel_action = self._action(
            service, "Синхронизация…", lambda: self.sync.open_panel(), "Ctrl+Shift+S"
        )

        help_menu = bar.addMenu("Сп&равка")
        self._action(help_menu, "О программе", self.show_about)

    # --- tabs ------------------------------------------------------------------------------------
    def _build_tab(self, key: str) -> ListTab:
        from mos_desktop.views.registry import make_tab

        spec = next(s for s in TABS if s.key == key)
        page = self._pages[key]
        tab = make_tab(self.ctx, spec)
        tab.current_list_changed.connect(self._on_list_changed)
        layout = page.layout()
        assert layout is not None  # every page is made with its layout
        layout.addWidget(tab)
        return tab

    def _on_list_changed(self) -> None:
        self.statusBar().clearMessage()
        self.update_actions()

    def _key_at(self, index: int) -> str:
        return TABS[index].key

    def current_tab(self) -> ListTab:
        return self.tabs[self._key_at(self.tab_widget.currentIndex())]

    def show_tab(self, key: str) -> ListTab:
        tab = self.tabs[key]
        self.tab_widget.setCurrentWidget(self._pages[key])
        return tab

    def _on_tab_changed(self, _index: int) -> None:
        self.statusBar().clearMessage()  # a message about the previous tab no longer applies
        self.update_actions()
        self.current_tab().focus_list()

    def update_actions(self) -> None:
        """«Правка» offers what the list on screen has (``views/tabs.py``), nothing it cannot do."""
        if not hasattr(self, "new_action"):
            return
        key = self._key_at(self.tab_widget.currentIndex())
        tab = self.tabs.built_tab(key)
        if tab is None:
            return
        for action, name in (
            (self.new_action, "new"),
            (self.open_action, "open"),
            (self.delete_action, "archive"),
            (self.reverse_action, "reverse"),
            (self.print_action, "print"),
        ):
            action.setEnabled(tab.has_action(name))

    # --- dialogs ---------------------------------------------------------------------------------
    def _keep(self, name: str, dialog: QWidget) -> QWidget:
        self.dialogs[name] = dialog
        return dialog

    def open_settings(self) -> QWidget:
        from mos_desktop.views.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.open()
        return self._keep("settings", dialog)

    def open_import(self, path: Any = None) -> QWidget:
        from mos_desktop.views.dialogs.import_clients import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        dialog.open()
        if path is not None:
            dialog.set_path(path)
        else:
            dialog.choose_file()
        return self._keep("import", dialog)

    def load_demo(self) -> None:
        from mos_desktop.views.dialogs.first_run import confirm_and_load_demo

        confirm_and_load_demo(self.ctx, self)

    def open_first_run(self) -> QWidget:
        from mos_desktop.views.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.ctx, self)
        dialog.import_requested.connect(lambda: self.open_import())
        dialog.open()
        return self._keep("first_run", dialog)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db_path.parent)))

    def show_about(self) -> None:
        from mos_desktop import __version__

        QMessageBox.about(
            self,
            "О программе",
            f"{APP_TITLE} {__version__}\nРабочее место менеджера по сопровождению клиентов и кладовщика.\n"
            f"База: {self.ctx.db_path}\nЖурнал: {config.log_dir()}",
        )

    # --- state -----------------------------------------------------------------------------------
    def _fit_to_screen(self) -> None:
        """1400×860 where it fits; on a 1366×768 laptop the whole window stays on the screen."""
        screen = self.screen()
        if screen is None:
            self.resize(1400, 860)
            return
        area = screen.availableGeometry()
        self.resize(min(1400, area.width() - 20), min(860, area.height() - 40))

    def restore_geometry(self) -> None:
        settings = self.ctx.qsettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        settings = self.ctx.qsettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.sync()
        for tab in self.tabs.built():
            tab.save_state()

    def closeEvent(self, event: Any) -> None:
        self.save_state()
        super().closeEvent(event)


def _home_relative(path: Path) -> str:
    """~/… for paths in the user's home: shorter in the status bar, the full path in the tooltip."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
