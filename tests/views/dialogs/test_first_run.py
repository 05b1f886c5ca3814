"""The first-run dialog: start empty, ask for the import, load the demo data (opened with open(), never exec())."""

from __future__ import annotations

from typing import Any

from mos_desktop import config
from mos_desktop.changes import ALL_AREAS
from mos_desktop.views.dialogs.first_run import FirstRunDialog


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
    changed: list[bool] = []
    ctx.changes.connect(lambda c: changed.append(c.areas == ALL_AREAS))
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished_choice, timeout=60_000):
        dialog.demo_button.click()
    assert changed == [True]  # every list reloads
    assert config.load_settings().first_run_done is True
    from mos_desktop.services.clients import list_clients

    with db.session() as s:
        assert len(list_clients(s, today=ctx.today()).rows) == 12


def test_the_name_typed_on_first_run_signs_the_changes(ctx: Any, qtbot: Any) -> None:
    ctx.settings.user_name = ""
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.name_edit.setText("  Иванова Анна ")
    dialog.choose("empty")
    assert config.load_settings().user_name == "Иванова Анна"
    assert ctx.user == "Иванова Анна"
