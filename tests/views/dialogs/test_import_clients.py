"""The client import dialog: preview first, then apply; a file it cannot read is shown (opened with open(), never exec())."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from viewhelp import inn_for

from mos_desktop.changes import Area
from mos_desktop.views.dialogs.import_clients import ImportDialog


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
    changed: list[object] = []
    ctx.changes.connect(lambda c: changed.append(c.areas))
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
    assert changed == [{Area.CLIENTS, Area.USERS}]
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


def test_import_dialog_a_binary_csv_is_a_russian_message_not_a_crash(
    ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "clients.csv"
    bad.write_bytes(bytes(range(256)) * 50)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_path(bad)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "не текстовый файл CSV" in dialog.error.text()
    assert "Непредвиденная" not in dialog.error.text()
    assert not dialog.apply_button.isEnabled()
