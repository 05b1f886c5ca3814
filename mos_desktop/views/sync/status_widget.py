"""The status bar's sync state: «Синхронизация не настроена», or online/offline, last sync, pending, conflicts.

It only shows what the bridge tells it (``show_not_configured`` / ``show_needs_password`` /
``show_status``); a click emits ``clicked`` (the main window opens the sync panel).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QEnterEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from mos_desktop.views.sync.labels import MOSCOW, SETTINGS_MENU, parse_moment

NOT_CONFIGURED = "Синхронизация не настроена"
NEEDS_PASSWORD = "Общая база: введите пароль"
STARTING = "Общая база: подключение…"
ONLINE_COLOR = "#2e7d32"
OFFLINE_COLOR = "#9e9e9e"
ERROR_COLOR = "#c62828"
CONFLICT_STYLE = "background: #c62828; color: white; border-radius: 3px; padding: 0 4px; font-weight: bold;"


def last_sync_text(value: Any) -> str:
    moment = parse_moment(value)
    if moment is None:
        return "ещё не синхронизировано"
    return "последняя синхронизация " + moment.astimezone(MOSCOW).strftime("%H:%M")


class SyncStatusWidget(QFrame):
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.dot = QLabel("●", self)
        self.label = QLabel(NOT_CONFIGURED, self)
        self.conflicts = QLabel(self)
        self.conflicts.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dot)
        layout.addWidget(self.label)
        layout.addWidget(self.conflicts)
        self.show_not_configured()

    # --- states --------------------------------------------------------------------------------
    def show_not_configured(self) -> None:
        self.dot.hide()
        self.conflicts.hide()
        self.label.setText(NOT_CONFIGURED)
        self.setToolTip(
            f"Общую базу указывают в меню {SETTINGS_MENU}. Нажмите, чтобы открыть панель синхронизации"
        )

    def show_needs_password(self) -> None:
        self._dot(ERROR_COLOR)
        self.conflicts.hide()
        self.label.setText(NEEDS_PASSWORD)
        self.setToolTip(f"Пароль не сохранён: введите его в меню {SETTINGS_MENU}")

    def show_starting(self) -> None:
        self._dot(OFFLINE_COLOR)
        self.conflicts.hide()
        self.label.setText(STARTING)
        self.setToolTip("Проверка пароля и подключение к общей базе")

    def show_status(self, status: Any) -> None:
        """``status``: online, last_sync_at, pending, conflicts, rejected, error, running."""
        online = bool(getattr(status, "online", False))
        running = bool(getattr(status, "running", False))
        pending = int(getattr(status, "pending", 0) or 0)
        conflicts = int(getattr(status, "conflicts", 0) or 0)
        rejected = int(getattr(status, "rejected", 0) or 0)
        error = getattr(status, "error", None) or ""
        self._dot(ONLINE_COLOR if online else OFFLINE_COLOR)
        parts = ["в сети" if online else "нет связи"]
        parts.append(
            "идёт синхронизация…" if running else last_sync_text(getattr(status, "last_sync_at", None))
        )
        parts.append(f"не отправлено: {pending}")
        if rejected:
            parts.append(f"отклонено: {rejected}")
        self.label.setText(" · ".join(parts))
        self.conflicts.setText(f"конфликты: {conflicts}")
        self.conflicts.setStyleSheet(CONFLICT_STYLE if conflicts else "")
        self.conflicts.show()
        tip = "Нажмите, чтобы открыть панель синхронизации"
        self.setToolTip(f"{error}\n{tip}" if error else tip)

    def _dot(self, color: str) -> None:
        self.dot.setStyleSheet(f"color: {color};")
        self.dot.show()

    def summary(self) -> str:
        """What the user reads (tests)."""
        parts = [self.label.text()]
        if not self.conflicts.isHidden():
            parts.append(self.conflicts.text())
        return " · ".join(parts)

    def text(self) -> str:
        return self.summary()

    # ``Qt`` is imported in the handlers: this widget is part of the window's first paint, which does not
    # build the Qt namespace (see views/main_window.py).
    def enterEvent(self, event: QEnterEvent) -> None:
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.PointingHandCursor)  # it is a button
        super().enterEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)
