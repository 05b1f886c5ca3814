"""Client import with a preview: what was recognised, what will be added or updated, what is rejected.

Nothing is written until «Загрузить»; the preview and the import both run in the worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import UserError
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import ERROR_STYLE

FILE_FILTER = "Таблицы клиентов (*.xlsx *.csv);;Все файлы (*)"
PREVIEW_ROWS = 2000


ACTION_RU = {"add": "Добавить", "update": "Обновить", "unchanged": "Без изменений", "reject": "Отклонить"}
ACTION_TINT = {"add": "#ebf7ee", "update": "#eaf2fc", "reject": "#fdecec"}
PREVIEW_HEADERS = ["Строка", "Действие", "ИНН", "Название", "Статус", "АП", "Менеджер", "Причина"]


def _recognised_text(recognised: dict[str, str]) -> str:
    from mos_desktop.views.portfolio.card import CARD_LABELS

    parts = []
    for header, field in recognised.items():
        label = CARD_LABELS.get(field, field)
        parts.append(f"«{header}»" if header.strip().lower() == label.lower() else f"«{header}» → {label}")
    return ", ".join(parts)


def _preview_cells(row: Any) -> list[str]:
    """One ``ParsedRow`` as the preview shows it."""
    from mos_desktop.views.portfolio.card import status_items

    card = row.card
    status = status_items().get(card.status, card.status) if card is not None else ""
    fee = card.monthly_fee if card is not None else ""
    manager = card.manager if card is not None else ""
    return [
        str(row.line),
        ACTION_RU.get(row.action, row.action),
        row.inn,
        row.name,
        status,
        fee,
        manager,
        row.message,
    ]


def _fill(
    table: QTableWidget, headers: list[str], cells: list[list[str]], tints: list[str] | None = None
) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(cells))
    for r, row in enumerate(cells):
        tint = QBrush(QColor(tints[r])) if tints and tints[r] else None
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if tint is not None:
                item.setBackground(tint)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), 320))


def _table(parent: QWidget) -> QTableWidget:
    table = QTableWidget(parent)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class ImportDialog(QDialog):
    preview_ready = Signal()
    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.preview: Any = None
        self.result: Any = None
        self.setWindowTitle("Импорт клиентов")
        self.resize(900, 560)

        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("Выберите файл .xlsx или .csv")
        choose = QPushButton("Выбрать файл…", self)
        choose.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(choose)

        self.info = QLabel("Клиенты сопоставляются по ИНН: новые добавляются, найденные обновляются.", self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.rows_table = _table(self)
        self.errors_table = _table(self)
        self.pages.addTab(self.rows_table, "Строки")
        self.pages.addTab(self.errors_table, "Отклонённые")

        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("Загрузить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.close_button = self.buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(path_row)
        layout.addWidget(self.info)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        dialog = QFileDialog(self, "Файл со списком клиентов", str(Path.home()), FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.set_path(Path(name)))
        dialog.open()
        self.file_dialog = dialog

    # --- preview -------------------------------------------------------------------------------
    def set_path(self, path: Path | str) -> None:
        from mos_desktop.services.importing import preview_client_import

        path = Path(path)
        self.path = path
        self.path_edit.setText(str(path))
        self.preview = None
        self.apply_button.setEnabled(False)
        self.error.hide()
        self.info.setText("Читаю файл…")
        self.ctx.run_db(
            lambda s: preview_client_import(s, path), self._show_preview, self._failed, owner=self
        )

    def _show_preview(self, preview: Any) -> None:
        self.preview = preview
        errors = list(preview.errors)
        unknown = list(preview.unknown_columns)
        lines = [
            f"Распознаны столбцы: {_recognised_text(preview.recognised) or 'нет'}.",
            f"Будет добавлено: {preview.to_add}, обновлено: {preview.to_update}, "
            f"без изменений: {preview.unchanged}, отклонено строк: {len(errors)}.",
        ]
        if unknown:
            lines.append(f"Неизвестные столбцы (не загружаются): {', '.join(f'«{c}»' for c in unknown)}.")
        self.info.setText("\n".join(lines))
        rows = list(preview.rows)[:PREVIEW_ROWS]
        _fill(
            self.rows_table,
            PREVIEW_HEADERS,
            [_preview_cells(r) for r in rows],
            [ACTION_TINT.get(r.action, "") for r in rows],
        )
        _fill(
            self.errors_table,
            ["Строка", "Причина"],
            [[str(e.line), e.message] for e in errors],
        )
        self.pages.setTabText(0, f"Строки ({len(preview.rows)})")
        self.pages.setTabText(1, f"Отклонённые ({len(errors)})")
        if errors and not preview.rows:
            self.pages.setCurrentIndex(1)
        self.apply_button.setEnabled(bool(preview.to_add or preview.to_update))
        self.preview_ready.emit()

    def _failed(self, exc: BaseException) -> None:
        self.info.setText("")
        if isinstance(exc, UserError):
            self.error.setText(exc.message)
            self.error.show()
        else:
            self.ctx.handle_error(exc)

    # --- apply ---------------------------------------------------------------------------------
    def apply(self) -> None:
        if self.path is None:
            return
        from mos_desktop.services.importing import import_clients

        path, user, today = self.path, self.ctx.user, self.ctx.today()
        self.apply_button.setEnabled(False)
        self.ctx.run_db(
            lambda s: import_clients(s, path, user=user, today=today),
            self._applied,
            self._failed,
            owner=self,
            busy_text="Загружаю клиентов…",
            busy_parent=self,
        )

    def _applied(self, result: Any) -> None:
        self.result = result
        text = f"Готово: добавлено {result.added}, обновлено {result.updated}, отклонено {result.rejected}."
        self.info.setText(text)
        self.ctx.status_message.emit(text)
        self.close_button.setText("Готово")
        self.ctx.announce(Changes.of(Area.CLIENTS, Area.USERS))
        self.imported.emit(result)
