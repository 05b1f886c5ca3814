"""Settings, first-run and import dialogs: driven with open()/show(), never exec()."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit
from viewhelp import inn_for

from mos_desktop import config
from mos_desktop.views.dialogs.first_run import FirstRunDialog
from mos_desktop.views.dialogs.import_clients import ImportDialog
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


def test_first_run_start_empty_marks_it_done(ctx: Any, qtbot: Any) -> None:
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished_choice) as got:
        dialog.empty_button.click()
    assert got.args == ["empty"]
    assert not dialog.isVisible()
    assert config.load_settings().first_run_done is True


def test_first_run_import_asks_for_the_import(ctx: Any, qtbot: Any) -> None:
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.import_requested):
        dialog.import_button.click()
    assert dialog.choice == "import"


def test_first_run_demo_fills_the_database(ctx: Any, qtbot: Any, db: Any, monkeypatch: Any) -> None:
    from mos_desktop.views.dialogs import first_run

    monkeypatch.setattr(first_run, "DEMO_CLIENTS", 12)
    monkeypatch.setattr(first_run, "DEMO_MONTHS", 2)
    changed: list[str] = []
    ctx.data_changed.connect(changed.append)
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished_choice, timeout=60_000):
        dialog.demo_button.click()
    assert changed == ["*"]
    assert config.load_settings().first_run_done is True
    from mos_desktop.services.clients import list_clients

    with db.session() as s:
        assert len(list_clients(s, today=ctx.today()).rows) == 12


def write_csv(path: Path) -> Path:
    rows = [
        ["Наименование", "ИНН", "Статус", "АП", "Цвет"],
        ["ЖК Альфа", inn_for(1), "Активный", "12 000,00", "синий"],
        ["ЖК Бета", inn_for(2)[:-1] + str((int(inn_for(2)[-1]) + 1) % 10), "Пилот", "0", ""],
    ]
    with path.open("w", encoding="cp1251", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    return path


def test_import_dialog_previews_then_applies(ctx: Any, qtbot: Any, tmp_path: Path, db: Any) -> None:
    changed: list[str] = []
    ctx.data_changed.connect(changed.append)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.preview_ready):
        dialog.set_path(write_csv(tmp_path / "clients.csv"))
    info = dialog.info.text()
    assert "Будет добавлено: 1" in info
    assert "«Цвет»" in info  # unknown column reported
    assert dialog.pages.tabText(1) == "Отклонённые (1)"
    assert dialog.errors_table.item(0, 0).text() == "3"
    assert "ИНН" in dialog.errors_table.item(0, 1).text()
    assert dialog.apply_button.isEnabled()
    assert changed == []  # preview writes nothing
    with qtbot.waitSignal(dialog.imported) as got:
        dialog.apply_button.click()
    assert (got.args[0].added, got.args[0].rejected) == (1, 1)
    assert changed == ["clients"]
    assert "добавлено 1" in dialog.info.text()


def test_import_dialog_fatal_error_is_shown(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    bad = tmp_path / "clients.csv"
    bad.write_text("Название;Телефон\nЖК Альфа;123\n", encoding="utf-8")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_path(bad)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "ИНН" in dialog.error.text()
    assert not dialog.apply_button.isEnabled()
