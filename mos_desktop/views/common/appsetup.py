"""QApplication set-up shared by the GUI, the self-check and the screenshots: names, fonts, style."""

from __future__ import annotations

import logging
import os
import sys
from typing import ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from mos_desktop import config

log = logging.getLogger(__name__)

ORG_NAME = "MOS"
APP_TITLE = "MOS Desktop"
FALLBACK_FAMILY = "DejaVu Sans"

STYLE = """
QLabel#emptyState { color: #5f6b7a; font-size: 11pt; }
QLabel#listSummary { color: #37414d; padding: 2px 2px; }
QLabel#listCount { color: #5f6b7a; padding-left: 8px; }
QLineEdit#listSearch { padding: 3px 6px; }
QTableView { selection-background-color: #cfe3fb; selection-color: #101418;
             border: 1px solid #d5dae1; }
QTableView::item { padding: 0 6px; }
QHeaderView::section { padding: 4px 9px; border: none; border-right: 1px solid #e3e7ec;
                       border-bottom: 1px solid #d5dae1; background: #f4f6f8; font-weight: 600; }
QTabWidget#mainTabs::pane { border: none; border-top: 1px solid #d5dae1; }
QTabWidget#mainTabs > QTabBar::tab { background: transparent; border: none;
    border-bottom: 3px solid transparent; padding: 7px 16px 5px 16px; color: #46505c; }
QTabWidget#mainTabs > QTabBar::tab:selected { border-bottom: 3px solid #2d6cdf; color: #101418; }
QTabWidget#mainTabs > QTabBar::tab:hover:!selected { color: #101418; border-bottom: 3px solid #c9d6e8; }
QTabWidget#subTabs::pane { border: none; }
QTabWidget#subTabs > QTabBar::tab { background: transparent; border: 1px solid transparent;
    border-radius: 4px; padding: 3px 12px; margin: 4px 4px 2px 0; color: #46505c; }
QTabWidget#subTabs > QTabBar::tab:selected { background: #e3edf9; border-color: #b9d0ee; color: #0f3b73; }
QTabWidget#subTabs > QTabBar::tab:hover:!selected { background: #eef1f5; }
QStatusBar QLabel { color: #37414d; padding: 0 6px; }
"""


def no_screen() -> bool:
    """Linux with no display server and no platform chosen explicitly."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    )


def ensure_platform() -> None:
    """Headless machines (CI, the bundle's smoke test) have no display: draw offscreen."""
    if no_screen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


_QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)  # offscreen platform chatter


def _qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if message in _QUIET_QT_MESSAGES:
        return
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO}
    log.log(
        levels.get(mode, logging.WARNING if mode == QtMsgType.QtWarningMsg else logging.ERROR),
        "Qt: %s",
        message,
    )


def make_application(argv: list[str] | None = None) -> QApplication:
    qInstallMessageHandler(_qt_message)
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(config.APP_NAME)
    QGuiApplication.setApplicationDisplayName(APP_TITLE)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    setup_fonts(app)
    install_translations(app)
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    return app


def install_translations(app: QApplication) -> bool:
    """Qt's own texts in Russian: file dialogs, message-box buttons, the context menu of line edits.

    The translations ship with PySide6 (``qtbase_ru.qm``); kept on the application so they live as long.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale

    if getattr(app, "_mos_translator", None) is not None:
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_ru", folder):
        log.warning("Qt's Russian translations not found in %s", folder)
        return False
    app.installTranslator(translator)
    gaps = _QtGaps(app)
    app.installTranslator(gaps)  # asked before qtbase (the last installed is asked first)
    app._mos_translator = (translator, gaps)  # type: ignore[attr-defined]
    return True


class _QtGaps(QTranslator):
    """Texts Qt asks for that ``qtbase_ru.qm`` lacks: Qt 6's file dialog labels carry an accelerator
    («&Look in:»), the Russian file has them only without one, so those two stayed English."""

    TEXTS: ClassVar[dict[tuple[str, str], str]] = {
        ("QFileDialog", "&Look in:"): "&Папка:",
        ("QFileDialog", "Files of &type:"): "&Тип файлов:",
    }

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) lets Qt ask the next translator; an empty string would be taken as the
        # translation and blank out every text these two do not cover.
        return self.TEXTS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def _has_cyrillic(family: str) -> bool:
    return QFontDatabase.WritingSystem.Cyrillic in QFontDatabase.writingSystems(family)


def setup_fonts(app: QApplication) -> None:
    """Load the bundled DejaVu Sans; use it when the system's default font cannot show Cyrillic."""
    fonts = config.resources_dir() / "fonts"
    for path in sorted(fonts.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load font %s", path)
    family = app.font().family()
    resolved = QFont(family).defaultFamily() if not QFontDatabase.hasFamily(family) else family
    if not _has_cyrillic(resolved) or resolved in {"Sans Serif", "Fixed"}:
        font = QFont(FALLBACK_FAMILY)
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)
