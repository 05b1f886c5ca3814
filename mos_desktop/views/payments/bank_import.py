"""Bank statement import (1CClientBankExchange): the file is read and matched on the worker, the preview
shows every payment with what the import will do (matched, partly, unmatched, outgoing, already loaded,
suspected duplicate — each suspect has a tick box: import it anyway), nothing is written until «Загрузить»,
then the summary with sums. A broken file imports nothing and its message names the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.formatting import format_value
from mos_desktop.views.common.forms import general_error_label
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.common.tables import read_only_table

COLUMNS = ("Загрузить", "Дата", "№", "Сумма", "Плательщик / получатель", "Клиент", "Итог", "Назначение")
OUTCOME, PURPOSE = 6, 7
WIDTH_CAPS = {4: 210, 5: 180, PURPOSE: 240}  # pixels; the outcome column takes the rest
OUTCOME_WANT = 420  # pixels the outcome is given first (its text on one or two lines), before «Назначение»
PURPOSE_MIN = 140  # «Назначение» never narrower: its whole text is on hover
TINTS = {
    "matched": "#ebf7ee",
    "partly": "#fff5dc",
    "unmatched": "#fdecec",
    "suspect": "#fff5dc",
    "duplicate": "#f1f3f5",
}


def read_statement(path: Path) -> bytes:
    from mos_desktop.errors import UserError, os_reason

    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"Файл выписки не прочитать: {os_reason(exc)} — {path}") from exc


class BankImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.data: bytes = b""
        self.preview: Any = None
        self.result: Any = None
        self.setWindowTitle("Загрузка выписки банка")
        available = self.screen().availableGeometry()
        self.resize(min(1240, available.width() - 60), min(620, available.height() - 60))
        self.info = QLabel("Выберите файл выписки в формате 1С (kl_to_1c.txt).", self)
        self.info.setWordWrap(True)
        self.error = general_error_label(self)
        self.table = read_only_table(self, COLUMNS, stretch=(OUTCOME,))  # the outcome is what matters
        self.table.resizeColumnsToContents()  # the headers whole before a file is chosen
        self.table.horizontalHeader().sectionResized.connect(lambda *_a: self.table.resizeRowsToContents())
        self.buttons = QDialogButtonBox(self)
        self.choose_button = QPushButton("Выбрать файл…", self)
        self.apply_button = QPushButton("Загрузить", self)
        self.apply_button.setEnabled(False)
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.choose_button.clicked.connect(self.choose_file)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def our_accounts(self) -> frozenset[str]:
        from mos_desktop.services.payments.rules import BillingSettings

        return BillingSettings.from_settings(self.ctx.settings).our_accounts

    def choose_file(self) -> None:
        dialog = QFileDialog(self, "Выписка банка", str(Path.home()), "Выписка 1С (*.txt);;Все файлы (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.set_path(Path(path)))
        dialog.open()
        self.file_dialog = dialog

    def set_path(self, path: Path) -> None:
        from mos_desktop.services.payments.bank_import import preview_statement

        self.path = path
        self.preview = None
        self.apply_button.setEnabled(False)
        self.error.hide()
        self.info.setText(f"Читаю {path.name}…")
        accounts = self.our_accounts()

        def job(session: Any) -> tuple[bytes, Any]:
            data = read_statement(path)
            return data, preview_statement(session, data, file_name=path.name, our_accounts=accounts)

        self.ctx.run_db(
            job, self._previewed, self._failed, owner=self, busy_text="Разбор выписки…", busy_parent=self
        )

    def _previewed(self, result: tuple[bytes, Any]) -> None:
        self.data, preview = result
        self.preview = preview
        period = ""
        if preview.date_from and preview.date_to:
            period = f" за {preview.date_from:%d.%m.%Y}–{preview.date_to:%d.%m.%Y}"
        head = f"{preview.file_name}{period} ({preview.encoding}). Ничего не записано, пока вы не нажмёте «Загрузить»."
        self.info.setText("\n".join([head, *preview.summary.as_lines(), *preview.warnings]))
        self.table.setRowCount(len(preview.lines))
        for row, line in enumerate(preview.lines):
            check = QTableWidgetItem()
            status = str(line.status)
            if status == "suspect":
                check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                check.setCheckState(Qt.CheckState.Unchecked)
                check.setToolTip("Похож на уже загруженный платёж: отметьте, чтобы загрузить всё равно")
            else:
                check.setFlags(Qt.ItemFlag.ItemIsEnabled)
                check.setText("да" if status in ("matched", "partly", "unmatched", "outgoing") else "—")
            check.setData(Qt.ItemDataRole.UserRole, line.line)
            values = (
                format_value("date", line.bank_date),
                line.number,
                format_value("money", line.amount_kop),
                f"{line.counterparty_name} {line.counterparty_inn}".strip(),
                line.client_name,
                line.status_ru + (f": {line.note}" if line.note else ""),
                line.purpose,
            )
            self.table.setItem(row, 0, check)
            for column, text in enumerate(values, start=1):
                item = QTableWidgetItem(text)
                if column in (OUTCOME, PURPOSE, 4):  # capped widths: the whole text on hover
                    item.setToolTip(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            tint = TINTS.get(status)
            if tint:
                for column in range(len(COLUMNS)):
                    cell = self.table.item(row, column)
                    if cell is not None:
                        cell.setBackground(QBrush(QColor(tint)))
        self.fit_columns()
        self.apply_button.setEnabled(bool(preview.lines))

    def fit_columns(self) -> None:
        """Columns to their contents; long names and purposes capped so they never squeeze the outcome."""
        table = self.table
        table.resizeColumnsToContents()
        for column, cap in WIDTH_CAPS.items():
            table.setColumnWidth(column, min(table.columnWidth(column), cap))
        self.share_room()

    def share_room(self) -> None:
        """«Назначение» gets what is left once the outcome has its width (it shows whole on hover); the
        outcome column stretches over the rest. Again whenever the dialog is resized."""
        table = self.table
        if table.rowCount() == 0:
            return
        metrics = table.fontMetrics()
        texts = [item.text() for r in range(table.rowCount()) if (item := table.item(r, OUTCOME))]
        want = min(max((metrics.horizontalAdvance(t) + 16 for t in texts), default=0), OUTCOME_WANT)
        others = sum(table.columnWidth(c) for c in range(table.columnCount()) if c not in (OUTCOME, PURPOSE))
        purpose_texts = [item.text() for r in range(table.rowCount()) if (item := table.item(r, PURPOSE))]
        purpose_want = min(
            max((metrics.horizontalAdvance(t) + 16 for t in purpose_texts), default=0), WIDTH_CAPS[PURPOSE]
        )
        room = table.viewport().width() - others - want
        table.setColumnWidth(PURPOSE, max(PURPOSE_MIN, min(room, purpose_want)))
        table.resizeRowsToContents()  # the outcome wrapped whole, not cut at one line

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.share_room()

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.info.setText("Файл не загружен: ничего не записано.")
            self.error.setText(exc.message)
            self.error.show()
        else:
            self.ctx.handle_error(exc)

    def accepted_suspects(self) -> frozenset[int]:
        lines = set()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                lines.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return frozenset(lines)

    def apply(self) -> None:
        from mos_desktop.services.payments.bank_import import StatementImportForm, apply_statement

        if self.preview is None or self.path is None:
            return
        form = StatementImportForm(self.data, self.path.name, self.our_accounts(), self.accepted_suspects())
        self.apply_button.setEnabled(False)
        (
            CommandOp(self.ctx, apply_statement, form, parent=self, busy_text="Загрузка выписки…")
            .success(self._applied)
            .failure(lambda message: self._failed_message(message))
            .run()
        )

    def _applied(self, result: Any) -> None:
        self.result = result
        self.ctx.announce(result.changes)
        self.info.setText("Выписка загружена.\n" + "\n".join(result.summary.as_lines()))
        self.apply_button.setEnabled(False)

    def _failed_message(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.apply_button.setEnabled(True)
