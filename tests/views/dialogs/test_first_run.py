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
    messages: list[str] = []
    ctx.changes.connect(lambda c: changed.append(c.areas == ALL_AREAS))
    ctx.status_message.connect(messages.append)
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished_choice, timeout=60_000):
        dialog.demo_button.click()
    assert changed == [True]  # every list reloads
    stored = config.load_settings()
    assert stored.first_run_done is True
    # No company details of the user's own: demo ones, so the forms print at once, and the message says so.
    assert stored.company_name == "ООО «МОС Демо»" and ctx.settings.company_name == "ООО «МОС Демо»"
    assert any("демонстрационными" in m for m in messages)
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


def test_demo_keeps_the_users_own_company_details(ctx: Any, qtbot: Any, monkeypatch: Any) -> None:
    from mos_desktop.views.dialogs import first_run

    monkeypatch.setattr(first_run, "DEMO_CLIENTS", 3)
    monkeypatch.setattr(first_run, "DEMO_MONTHS", 1)
    ctx.settings.company_inn = "7707083893"
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    done: list[object] = []
    first_run.load_demo(ctx, None, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert ctx.settings.company_name == "" and ctx.settings.company_inn == "7707083893"
    assert not any("демонстрационными" in m for m in messages)
