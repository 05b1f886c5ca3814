"""The settings dialog: errors at the fields, values kept, valid settings saved (opened with open(), never exec())."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit

from mos_desktop import config
from mos_desktop.views.dialogs.settings import SettingsDialog


def test_settings_dialog_shows_errors_at_fields_and_keeps_values(ctx: Any, qtbot: Any) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    inn = dialog.fields.widgets["company_inn"]
    assert isinstance(inn, QLineEdit)
    inn.setText("7707083894")  # checksum off by one
    dialog.fields.widgets["company_name"].setText("ООО «Ромашка»")  # type: ignore[attr-defined]
    assert dialog.save() is False
    assert "ИНН" in dialog.fields.error_text("company_inn")
    assert dialog.fields.error_text("company_name") == ""
    assert inn.text() == "7707083894"
    assert dialog.isVisible()
    assert not config.settings_path().exists()  # nothing written


def test_settings_dialog_saves_valid_settings(ctx: Any, qtbot: Any) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.fields.widgets["company_inn"].setText("7707083893")  # type: ignore[attr-defined]
    dialog.fields.widgets["user_name"].setText("Петрова Е. В.")  # type: ignore[attr-defined]
    role = dialog.fields.widgets["user_role"]
    assert isinstance(role, QComboBox)
    assert [role.itemText(i) for i in range(role.count())] == list(config.ROLES.values())
    role.setCurrentIndex(role.findData("warehouse"))
    with qtbot.waitSignal(ctx.settings_changed):
        assert dialog.save() is True
    stored = config.load_settings()
    assert (stored.company_inn, stored.user_name, stored.user_role) == (
        "7707083893",
        "Петрова Е. В.",
        "warehouse",
    )
    assert ctx.user == "Петрова Е. В."
    assert dialog.data_folder.text() == str(ctx.database.path.parent)
    assert dialog.data_folder.isReadOnly()
