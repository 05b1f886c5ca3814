"""Settings: company requisites, bank, VAT, the user and role, document series; the data folder shown.

Labels come from the ``Settings`` declaration (``config.Settings`` field metadata), so a setting is
described once. Validation is ``services.settings.validate_settings``; errors appear at the fields and
the typed values stay.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mos_desktop import config
from mos_desktop.errors import UserError, ValidationError
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import FieldSet, combo, general_error_label, save_cancel_buttons

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Организация",
        ("company_name", "company_inn", "company_kpp", "company_address", "director", "accountant"),
    ),
    ("Банк", ("bank_name", "bank_bik", "bank_corr_account", "bank_account")),
    ("НДС", ("vat_mode", "vat_rate_pct")),
    ("Пользователь", ("user_name", "user_role", "document_series")),
)


def _label(name: str) -> str:
    for f in dataclasses.fields(config.Settings):
        if f.name == name:
            return str(f.metadata.get("label", name))
    return name


def _widget(name: str) -> QWidget:
    if name == "vat_mode":
        return combo(config.VAT_MODES)
    if name == "user_role":
        return combo(config.ROLES)
    if name == "vat_rate_pct":
        spin = QSpinBox()
        spin.setRange(0, 99)
        spin.setSuffix(" %")
        return spin
    return QLineEdit()


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Настройки")
        self.setMinimumWidth(860)
        self.general_error = general_error_label(self)
        self.fields = FieldSet(self.general_error)

        boxes: list[QGroupBox] = []
        for title, names in GROUPS:
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setVerticalSpacing(4)
            for name in names:
                self.fields.add(form, name, _label(name), _widget(name))
            boxes.append(box)
        vat_rate = self.fields.widgets["vat_rate_pct"]
        vat_mode = self.fields.widgets["vat_mode"]
        vat_mode.currentIndexChanged.connect(  # type: ignore[attr-defined]
            lambda _i: vat_rate.setEnabled(self.fields.get("vat_mode") != "no_vat")
        )

        data_box = QGroupBox("Данные", self)
        data_form = QFormLayout(data_box)
        self.data_folder = QLineEdit(str(ctx.db_path.parent), data_box)
        self.data_folder.setReadOnly(True)
        open_button = QPushButton("Открыть папку", data_box)
        open_button.clicked.connect(self.open_data_folder)
        row = QHBoxLayout()
        row.addWidget(self.data_folder, 1)
        row.addWidget(open_button)
        data_form.addRow("Папка данных", row)
        database_file = QLineEdit(str(ctx.db_path), data_box)
        database_file.setReadOnly(True)
        data_form.addRow("Файл базы", database_file)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(boxes[0], 0, 0)
        grid.addWidget(boxes[1], 0, 1)
        grid.addWidget(boxes[3], 1, 0)
        grid.addWidget(boxes[2], 1, 1)
        grid.addWidget(data_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        buttons, self.save_button = save_cancel_buttons(self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(grid)
        layout.addWidget(buttons)

        for name in self.fields.order:
            self.fields.set(name, getattr(ctx.settings, name))
        vat_rate.setEnabled(self.fields.get("vat_mode") != "no_vat")

    def current_settings(self) -> config.Settings:
        values: dict[str, Any] = {name: self.fields.get(name) for name in self.fields.order}
        return dataclasses.replace(self.ctx.settings, **values)

    def save(self) -> bool:
        """Validate and save; on errors show them at the fields and keep the dialog open."""
        from mos_desktop.services.settings import save_validated, validate_settings

        settings = self.current_settings()
        errors = validate_settings(settings)
        if errors:
            self.fields.show_errors(errors)
            return False
        self.fields.clear_errors()
        try:
            save_validated(settings)
        except ValidationError as exc:
            self.fields.show_errors(exc.errors)
            return False
        except UserError as exc:
            self.fields.show_general(exc.message)
            return False
        except OSError as exc:
            self.fields.show_general(f"Не удалось записать настройки ({exc}). Проверьте место на диске.")
            return False
        self.ctx.update_settings(settings)
        self.ctx.status_message.emit("Настройки сохранены")
        self.accept()
        return True

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db_path.parent)))
