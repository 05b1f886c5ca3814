"""«Приёмка и файлы…» of a purchase order: who accepted it and what did not match (from the receipt), and
the files kept with it for a remote acceptance (photos, the signed note): added by path, opened with the
system's viewer (Enter or double-click), removed after a confirmation."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.confirm import confirm
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import general_error_label
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.common.tables import read_only_table


class AcceptanceDialog(QDialog):
    def __init__(self, ctx: AppContext, order_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id = order_id
        self.listing: Any = None
        self.setWindowTitle("Приёмка и файлы заказа")
        self.resize(860, 440)
        self.summary = QLabel("Загрузка…", self)
        self.summary.setObjectName("acceptanceSummary")
        self.summary.setWordWrap(True)
        self.error = general_error_label(self)
        self.table = read_only_table(self)
        self.table.setObjectName("attachments")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda _i: self.open_current())
        self.add_button = QPushButton("Добавить файлы…", self)
        self.open_button = QPushButton("Открыть", self)
        self.remove_button = QPushButton("Убрать…", self)
        close = QPushButton("Закрыть", self)
        for button in (self.add_button, self.open_button, self.remove_button, close):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_current)
        self.remove_button.clicked.connect(self.ask_remove)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        from mos_desktop.services.purchasing.attachments import acceptance, list_attachments

        order_id = self.order_id
        self.ctx.run_db(
            lambda s: (acceptance(s, order_id), list_attachments(s, order_id)), self._loaded, owner=self
        )

    def _loaded(self, loaded: tuple[Any, Any]) -> None:
        state, listing = loaded
        self.listing = listing
        self.setWindowTitle(f"Приёмка и файлы — заказ {state.number}")
        if state.accepted_on is not None:
            text = f"Принят {state.accepted_on:%d.%m.%Y}" + (
                f", принял: {state.accepted_by}" if state.accepted_by else ""
            )
        else:
            text = "Товар по заказу ещё не принимали"
        text += " (удалённая приёмка)." if state.remote else "."
        if state.discrepancy_note:
            text += f"\nРасхождения: {state.discrepancy_note}"
        self.summary.setText(text)
        self.table.setColumnCount(len(listing.columns))
        self.table.setHorizontalHeaderLabels([c.title for c in listing.columns])
        self.table.setRowCount(len(listing.rows))
        for r, row in enumerate(listing.rows):
            for c, value in enumerate(row.values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            len(listing.columns) - 1, QHeaderView.ResizeMode.Stretch
        )
        for button in (self.open_button, self.remove_button):
            button.setEnabled(bool(listing.rows))
        if listing.rows and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def _current(self) -> Any:
        row = self.table.currentRow()
        return (
            self.listing.rows[row] if self.listing is not None and 0 <= row < len(self.listing.rows) else None
        )

    # --- actions -------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        dialog = QFileDialog(
            self, "Файлы приёмки", "", "Фото и документы (*.jpg *.jpeg *.png *.heic *.pdf);;Все файлы (*)"
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self.add_files)
        dialog.open()
        self.file_dialog = dialog

    def add_files(self, paths: list[str], note: str = "") -> None:
        from mos_desktop.services.purchasing.attachments import AttachmentForm, add_attachments

        self.error.hide()
        (
            CommandOp(
                self.ctx, add_attachments, AttachmentForm(self.order_id, list(paths), note), parent=self
            )
            .success(lambda _c: self.reload())
            .field_errors(lambda errors: self._show("\n".join(e.message for e in errors)))
            .failure(self._show)
            .run()
        )

    def open_current(self) -> bool:
        row = self._current()
        if row is None:
            return False
        path = str(row.values[self.listing.index_of("path")])
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        if not opened:
            self._show(f"Не удалось открыть «{path}»: файла нет или для него нет программы просмотра.")
        return opened

    def ask_remove(self) -> None:
        from mos_desktop.services.purchasing.attachments import RemoveAttachmentForm, remove_attachment

        row = self._current()
        if row is None:
            return
        name = row.values[self.listing.index_of("file_name")]

        def remove() -> None:
            CommandOp(self.ctx, remove_attachment, RemoveAttachmentForm(row.id), parent=self).success(
                lambda _c: self.reload()
            ).failure(self._show).run()

        self.remove_box = confirm(
            self,
            "Файл приёмки",
            f"Убрать «{name}» из заказа?",
            "Сам файл на диске останется.",
            "Убрать",
            remove,
        )

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
