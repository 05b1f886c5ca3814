"""A read-only window over any record (``services.records.details``): the registry's last resort, so no
row of any list is a dead end."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from mos_desktop.views.common.context import AppContext


class RecordViewDialog(QDialog):
    def __init__(
        self, ctx: AppContext, kind: str, record_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Запись")
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.note = QLabel("Загрузка…", self)
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        from mos_desktop.services.records.details import details

        ctx.run_db(lambda s: details(s, kind, record_id), self._show, self._failed, owner=self)

    def _show(self, found: Any) -> None:
        self.setWindowTitle(found.title)
        self.note.setText("Только просмотр.")
        for title, text in found.fields:
            value = QLabel(text, self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                value.textInteractionFlags() | value.textInteractionFlags().TextSelectableByMouse
            )
            self.form.addRow(title, value)

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.note.setText(exc.message)
        else:
            self.ctx.handle_error(exc)
