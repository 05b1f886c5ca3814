"""The sync panel (non-modal): progress with exact counts, «Синхронизировать сейчас», conflicts, rejected.

Lists are read through the app's worker (``sync.records`` / ``sync.commands``; each conflict comes with
its record's human name, e.g. the client's name); «Оставить моё» / «Принять их» call ``resolve_conflict``
there too, then announce the change so tabs refresh and the resolution syncs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.sync.labels import who_text
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.sync.labels import column_title, kind_title, table_title, value_text, when_text

PHASES = {
    "push": "Отправка",
    "pull": "Получение",
    "snapshot": "Первичная загрузка",
    "initial": "Первичная загрузка",
    "connect": "Подключение",
    "check": "Проверка общей базы",
}
CONFLICT_HEADERS = ("Таблица", "Запись", "Поле", "Моё значение", "Их значение", "Кто изменил", "Когда")
REJECTED_HEADERS = ("Таблица", "Запись", "Действие", "Поля", "Причина отказа", "Когда")


def progress_text(phase: str, done: int, total: int) -> str:
    title = PHASES.get(phase, phase)
    return f"{title} {done} из {total}" if total else f"{title}…"


def _table(headers: tuple[str, ...], stretch: tuple[int, ...], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:  # the values and reasons get the room; full text in the tooltip
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)


class SyncPanel(QDialog):
    sync_requested = Signal()
    settings_requested = Signal()
    lists_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Синхронизация с общей базой")
        self.setModal(False)
        self.resize(980, 620)
        self.conflict_rows: list[dict[str, Any]] = []
        self.rejected_rows: list[dict[str, Any]] = []

        self.state_label = QLabel("Синхронизация не выполняется", self)
        self.state_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.progress.setTextVisible(True)
        self.sync_button = QPushButton("Синхронизировать сейчас", self)
        self.sync_button.clicked.connect(self.sync_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.sync_button)

        conflicts_box = QGroupBox("Конфликты", self)
        self.conflicts_box = conflicts_box
        self.conflict_table = _table(CONFLICT_HEADERS, (3, 4), conflicts_box)
        self.conflict_table.itemSelectionChanged.connect(self._update_buttons)
        self.keep_mine_button = QPushButton("Оставить моё", conflicts_box)
        self.keep_mine_button.clicked.connect(lambda: self.resolve_selected("mine"))
        self.take_theirs_button = QPushButton("Принять их", conflicts_box)
        self.take_theirs_button.clicked.connect(lambda: self.resolve_selected("theirs"))
        self.conflict_hint = QLabel(
            "Одно и то же поле изменили здесь и на другом рабочем месте. Сейчас действует их значение; "
            "выберите, какое оставить — решение тоже синхронизируется.",
            conflicts_box,
        )
        self.conflict_hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.take_theirs_button)
        box_layout = QVBoxLayout(conflicts_box)
        box_layout.addWidget(self.conflict_hint)
        box_layout.addWidget(self.conflict_table, 1)
        box_layout.addLayout(buttons)

        rejected_box = QGroupBox("Отклонённые сервером изменения", self)
        self.rejected_box = rejected_box
        self.rejected_table = _table(REJECTED_HEADERS, (4,), rejected_box)
        rejected_layout = QVBoxLayout(rejected_box)
        rejected_layout.addWidget(self.rejected_table)

        self.settings_button = QPushButton("Настройки общей базы…", self)
        self.settings_button.clicked.connect(self.settings_requested.emit)
        close_button = QPushButton("Закрыть", self)
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.settings_button)
        bottom.addStretch(1)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(top)
        layout.addWidget(conflicts_box, 3)
        layout.addWidget(rejected_box, 2)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- progress and state (from the bridge, GUI thread) ----------------------------------------
    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)) if total else 0)
        self.progress.setFormat(progress_text(phase, done, total))

    def show_status(self, status: Any) -> None:
        running = bool(getattr(status, "running", False))
        error = getattr(status, "error", None) or ""
        if running:
            self.state_label.setText("Идёт синхронизация…")
        elif error:
            self.state_label.setText(error)
        else:
            online = bool(getattr(status, "online", False))
            when = when_text(getattr(status, "last_sync_at", None))
            self.state_label.setText(
                ("Общая база доступна" if online else "Нет связи с общей базой")
                + (f"; последняя синхронизация {when}" if when else "")
                + f"; не отправлено изменений: {int(getattr(status, 'pending', 0) or 0)}"
            )
        if not running and self.progress.format():
            self.progress.setFormat("Готово")
            self.progress.setValue(self.progress.maximum())
        self.sync_button.setEnabled(not running)

    def show_not_configured(self, text: str) -> None:
        self.state_label.setText(text)
        self.sync_button.setEnabled(False)

    # --- lists ------------------------------------------------------------------------------------
    def reload(self) -> None:
        from mos_desktop.sync import records

        ctx = self.ctx

        def job() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            return records.conflicts_with_records(ctx.database), records.rejected_with_records(ctx.database)

        self.ctx.runner.submit(job, self._loaded, owner=self)

    def _loaded(self, result: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
        self.conflict_rows, self.rejected_rows = result
        me = self.ctx.user

        def mine_text(c: dict[str, Any]) -> str:
            # Conflicts reach every workstation; one made by a colleague says whose "mine" it is.
            text = value_text(c["column"], c["mine"])
            by = str(c.get("mine_by") or "")
            return f"{text} ({who_text(by)})" if by and by != me else text

        _fill(
            self.conflict_table,
            [
                (
                    table_title(c["table"]),
                    str(c.get("record") or "—"),
                    column_title(c["column"], c["table"]),
                    mine_text(c),
                    value_text(c["column"], c["theirs"]),
                    who_text(c.get("theirs_by")),
                    when_text(c.get("created_at")),
                )
                for c in self.conflict_rows
            ],
        )
        _fill(
            self.rejected_table,
            [
                (
                    table_title(r["table"]),
                    str(r.get("record") or "—"),
                    kind_title(r["kind"]),
                    ", ".join(column_title(str(k), r["table"]) for k in _col_names(r.get("cols"))),
                    str(r.get("reason") or ""),
                    when_text(r.get("rejected_at")),
                )
                for r in self.rejected_rows
            ],
        )
        self.conflicts_box.setTitle(f"Конфликты: {len(self.conflict_rows)}")
        self.rejected_box.setTitle(f"Отклонённые сервером изменения: {len(self.rejected_rows)}")
        self._update_buttons()
        self.lists_loaded.emit()

    def _update_buttons(self) -> None:
        selected = bool(self.selected_conflict_ids())
        self.keep_mine_button.setEnabled(selected)
        self.take_theirs_button.setEnabled(selected)

    def selected_conflict_ids(self) -> list[Any]:
        rows = sorted({index.row() for index in self.conflict_table.selectionModel().selectedRows()})
        return [self.conflict_rows[r]["id"] for r in rows if r < len(self.conflict_rows)]

    def resolve_selected(self, keep: str) -> None:
        """«Оставить моё» (``mine``) or «Принять их» (``theirs``) for the selected conflicts."""
        ids = self.selected_conflict_ids()
        if not ids:
            return
        from mos_desktop.sync import commands

        ctx, user = self.ctx, self.ctx.user

        def job() -> int:
            for conflict_id in ids:
                commands.resolve_conflict(ctx.database, conflict_id, keep=keep, user=user)  # type: ignore[arg-type]
            return len(ids)

        self.keep_mine_button.setEnabled(False)
        self.take_theirs_button.setEnabled(False)
        self.ctx.runner.submit(job, self._resolved, self._resolve_failed, owner=self)

    def _resolved(self, count: int) -> None:
        self.ctx.status_message.emit(f"Конфликтов решено: {count}")
        self.ctx.announce_everything()
        self.reload()

    def _resolve_failed(self, exc: BaseException) -> None:
        self.reload()
        self.ctx.handle_error(exc)


def _col_names(cols: Any) -> list[Any]:
    if isinstance(cols, dict):
        return list(cols)
    if isinstance(cols, list):
        return cols
    return []
