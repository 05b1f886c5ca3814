"""«Выгрузить в Excel…» on Дебиторка and Неоплаченные счета: where to save (a non-blocking file dialog),
then the list as it stands on the chosen day rendered to .xlsx and written on the database worker
(``services.payments.receivables``); the status bar says where it went or why it did not."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from mos_desktop.views.common.context import AppContext

# list key → (the file's name, the export function in services.payments.receivables)
EXPORTS = {
    "receivables": ("Дебиторка", "export_receivables"),
    "debtors": ("Неоплаченные счета", "export_debtors"),
}


def export_file(session: Any, list_key: str, path: Path, today: date) -> Path:
    from mos_desktop.services.payments import receivables
    from mos_desktop.services.table_export import write_out

    export = getattr(receivables, EXPORTS[list_key][1])
    write_out(export(session, "xlsx", today=today), path, announce=False)
    return path


class ListExport:
    def __init__(
        self, ctx: AppContext, list_key: str, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        self.ctx = ctx
        self.list_key = list_key
        self.today = today or ctx.today()
        self.parent = parent
        self.file_dialog: QFileDialog | None = None

    def start(self) -> None:
        name = f"{EXPORTS[self.list_key][0]} {self.today:%Y-%m-%d}.xlsx"
        dialog = QFileDialog(self.parent, "Выгрузить в Excel", str(Path.home() / name), "Excel (*.xlsx)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(lambda path: self.write(Path(path)))
        dialog.open()
        self.file_dialog = dialog

    def write(self, path: Path) -> None:
        key, today = self.list_key, self.today
        self.ctx.status_message.emit(f"Выгружаю в {path.name}…")
        self.ctx.run_db(
            lambda s: export_file(s, key, path, today),
            lambda written: self.ctx.status_message.emit(f"Сохранено: {written}"),
        )
