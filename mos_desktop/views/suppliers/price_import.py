"""«Импорт прайса…»: a supplier's price list (.xlsx / .csv) read and matched on the worker; the columns
mapped from their headers (each may be changed: a combo above every column of the file), every row shown
with what will happen to it (new price, changed, unchanged — checked today, unknown item — skipped, an
error), nothing written until «Загрузить»."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.money import format_rub
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, general_error_label
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.common.pickers import RefPicker
from mos_desktop.views.common.tables import read_only_table

COLUMNS = ("Строка", "Артикул / код", "Наименование", "Цена", "Что будет")
TINTS = {"new": "#ebf7ee", "changed": "#fff5dc", "unknown": "#f1f3f5", "reject": "#fdecec"}
SKIP = "— не загружать —"


class PriceImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mos_desktop.services.purchasing.price_import import PRICE_FIELDS

        self.ctx = ctx
        self.fields_ru = PRICE_FIELDS
        self.preview: Any = None
        self.mapping: dict[int, str] | None = None  # None: as guessed from the file's headers
        self.setWindowTitle("Импорт прайса поставщика")
        self.resize(1000, 640)
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.supplier = RefPicker(ctx, "supplier", self)
        self.supplier.changed.connect(self.refresh)
        top.addRow("Поставщик *", self.supplier)
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("файл .xlsx или .csv")
        choose = QPushButton("Выбрать файл…", self)
        choose.setAutoDefault(False)
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        top.addRow("Файл *", file_row)
        self.valid_from = OptionalDateEdit(self)
        self.valid_from.set_value(ctx.today())
        self.valid_from.setToolTip("Для строк без своей даты «Действует с»")
        top.addRow("Цены действуют с", self.valid_from)
        self.error = general_error_label(self)
        self.mapping_table = QTableWidget(1, 0, self)
        self.mapping_table.setObjectName("priceMapping")
        self.mapping_table.verticalHeader().setVisible(False)
        row_height = QComboBox().sizeHint().height() + 6
        self.mapping_table.verticalHeader().setDefaultSectionSize(row_height)
        self.mapping_table.setFixedHeight(
            self.mapping_table.horizontalHeader().sizeHint().height() + row_height + 24
        )
        self.table = read_only_table(self, COLUMNS, stretch=(2, 4))
        self.table.setObjectName("pricePreview")
        self.summary = QLabel(self)
        self.summary.setObjectName("priceSummary")
        self.buttons = QDialogButtonBox(self)
        self.apply_button = QPushButton("Загрузить", self)
        self.apply_button.setEnabled(False)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("Столбцы файла (что в каждом — можно изменить):", self))
        layout.addWidget(self.mapping_table)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    # --- choosing -------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        dialog = QFileDialog(
            self, "Прайс поставщика", str(Path.home()), "Таблицы (*.xlsx *.csv);;Все файлы (*)"
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.set_path)
        dialog.open()
        self.file_dialog = dialog

    def set_path(self, path: str) -> None:
        self.path.setText(path)
        self.mapping = None
        self.refresh()

    def set_field(self, column: int, field: str) -> None:
        """Map a column of the file to a field ("" leaves it out) and preview again."""
        mapping = dict(self.preview.mapping if self.preview is not None else self.mapping or {})
        mapping = {c: f for c, f in mapping.items() if c != column and f != field}
        if field:
            mapping[column] = field
        self.mapping = mapping
        self.refresh()

    def form(self) -> Any:
        from mos_desktop.services.purchasing.price_import import PriceImportForm

        return PriceImportForm(
            self.supplier.value(), self.path.text(), dict(self.mapping) if self.mapping is not None else None,
            self.valid_from.value(),
        )  # fmt: skip

    # --- preview --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from mos_desktop.services.purchasing.price_import import preview_price_import

        self.apply_button.setEnabled(False)
        if not self.path.text():
            return
        form, today = self.form(), self.ctx.today()
        self.summary.setText("Читаю файл…")
        self.ctx.run_db(
            lambda s: preview_price_import(s, form, today=today),
            self._previewed,
            self._failed,
            owner=self,
            busy_text="Разбор прайса…",
            busy_parent=self,
        )

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if not isinstance(exc, UserError):
            self.ctx.handle_error(exc)
            return
        self.summary.setText("")
        self.error.setText(exc.message)
        self.error.show()

    def _previewed(self, preview: Any) -> None:
        self.preview = preview
        self.error.hide()
        self._show_mapping(preview)
        self.table.setRowCount(len(preview.lines))
        for r, line in enumerate(preview.lines):
            price = format_rub(line.price_kop) if line.price_kop is not None else ""
            tint = QBrush(QColor(TINTS[line.action])) if line.action in TINTS else QBrush()
            for c, text in enumerate((str(line.line), line.sku, line.name, price, line.what)):
                cell = QTableWidgetItem(text)
                cell.setBackground(tint)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(3)
        self.summary.setText(preview.summary)
        loadable = sum(preview.count(a) for a in ("new", "changed", "unchanged"))
        self.apply_button.setEnabled(loadable > 0)

    def _show_mapping(self, preview: Any) -> None:
        headers = preview.file.headers
        self.mapping_table.setColumnCount(len(headers))
        self.mapping_table.setHorizontalHeaderLabels(headers)
        for col in range(len(headers)):
            box = QComboBox(self.mapping_table)
            box.addItem(SKIP, "")
            for key, text in self.fields_ru.items():
                box.addItem(text, key)
            box.setCurrentIndex(max(box.findData(preview.mapping.get(col, "")), 0))
            box.currentIndexChanged.connect(lambda _i, c=col, b=box: self.set_field(c, b.currentData()))
            self.mapping_table.setCellWidget(0, col, box)
        self.mapping_table.resizeColumnsToContents()

    # --- applying -------------------------------------------------------------------------------------
    def apply(self) -> None:
        from mos_desktop.services.purchasing.price_import import import_prices

        if self.preview is None:
            return
        unreadable = self.valid_from.input_error()
        if unreadable:  # read as empty it would mean «from today»: say so instead of guessing
            self.error.setText(f"Цены действуют с: {unreadable}")
            self.error.show()
            self.valid_from.setFocus()
            return
        self.apply_button.setEnabled(False)

        def done(_changes: Any) -> None:
            self.accept()

        def show(message: str) -> None:
            self.error.setText(message)
            self.error.show()
            self.apply_button.setEnabled(True)

        (
            CommandOp(self.ctx, import_prices, self.form(), parent=self, busy_text="Загрузка прайса…")
            .success(done)
            .field_errors(lambda errors: show("\n".join(e.message for e in errors)))
            .failure(show)
            .run()
        )
