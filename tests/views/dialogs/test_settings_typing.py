"""The settings dialog typed like a user: numbers out of range are named, never silently changed (N4), and
Esc / «Отмена» / the close button ask before dropping what was typed (N3)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from mos_desktop import config
from mos_desktop.services.settings import validate_settings
from mos_desktop.views.dialogs.settings import UNREADABLE_NUMBER, NumberEdit, SettingsDialog


def opened(ctx: Any, qtbot: Any) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def retype(dialog: SettingsDialog, name: str, text: str) -> NumberEdit:
    """Click into the field, select what is there and type ``text`` over it, key by key."""
    if name == "vat_rate_pct":
        dialog.fields.set("vat_mode", "vat_on_top")  # the rate is greyed out «Без НДС»
    widget = dialog.fields.widgets[name]
    assert isinstance(widget, NumberEdit) and widget.isEnabled()
    dialog.fields.focus_field(name)
    QTest.keyClick(widget.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget.edit, Qt.Key.Key_Delete)
    QTest.keyClicks(widget.edit, text)
    return widget


def ctrl_s(dialog: SettingsDialog) -> None:
    focused = dialog.focusWidget() or dialog
    QTest.keyClick(focused, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def esc(dialog: SettingsDialog) -> None:
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)


@pytest.mark.parametrize("typed", ["35", "30", "0", "abc", ""])
def test_a_day_outside_1_to_28_is_named_under_the_field_and_nothing_is_saved(
    ctx: Any, qtbot: Any, typed: str
) -> None:
    dialog = opened(ctx, qtbot)
    day = retype(dialog, "collection_start_day", typed)
    assert day.text() == typed  # kept as typed: no keystroke dropped
    ctrl_s(dialog)
    message = dialog.fields.error_text("collection_start_day")
    assert message.startswith("День начала обзвона должников: число от 1 до 28")
    assert dialog.isVisible() and day.text() == typed
    assert dialog.focusWidget() is day.edit  # typing replaces the wrong number
    assert not config.settings_path().exists()
    assert ctx.settings.collection_start_day == 20
    QTest.keyClicks(day.edit, "2")
    assert dialog.fields.error_text("collection_start_day") == ""  # the message goes on the first key


def test_a_day_inside_the_range_is_saved(ctx: Any, qtbot: Any) -> None:
    dialog = opened(ctx, qtbot)
    retype(dialog, "collection_start_day", "28")
    with qtbot.waitSignal(ctx.settings_changed):
        ctrl_s(dialog)
    assert config.load_settings().collection_start_day == 28
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("name", "typed", "words"),
    [
        ("vat_rate_pct", "150", "Ставка НДС: целое число от 0 до 30"),
        ("vat_rate_pct", "-5", "Ставка НДС: целое число от 0 до 30"),
        ("vat_rate_pct", "20,5", "Ставка НДС: целое число от 0 до 30"),
        ("dostavista_low_rub", "-100", "Порог баланса Достависты: целое число рублей"),
        ("dostavista_low_rub", "3000.50", "Порог баланса Достависты: целое число рублей"),
        ("smtp_port", "70000", "Порт: число от 1 до 65535"),
        ("smtp_port", "", "Порт: число от 1 до 65535"),
    ],
)
def test_other_numbers_are_kept_as_typed_and_named(
    ctx: Any, qtbot: Any, name: str, typed: str, words: str
) -> None:
    dialog = opened(ctx, qtbot)
    widget = retype(dialog, name, typed)
    assert widget.text() == typed
    ctrl_s(dialog)
    assert words in dialog.fields.error_text(name)
    assert dialog.pages.currentIndex() == dialog.page_of[name]
    assert dialog.isVisible() and widget.text() == typed
    assert not config.settings_path().exists()


def test_grouped_rubles_read_back(ctx: Any, qtbot: Any) -> None:
    dialog = opened(ctx, qtbot)
    retype(dialog, "dostavista_low_rub", "12 500")
    with qtbot.waitSignal(ctx.settings_changed):
        ctrl_s(dialog)
    assert config.load_settings().dostavista_low_rub == 12_500


def test_every_number_rule_refuses_the_unreadable_stand_in(ctx: Any, qtbot: Any) -> None:
    """Text that is no number is validated as UNREADABLE_NUMBER: each number field's rule must refuse it."""
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    numbers = [n for n, w in dialog.fields.widgets.items() if isinstance(w, NumberEdit)]
    assert set(numbers) == {"vat_rate_pct", "collection_start_day", "dostavista_low_rub", "smtp_port"}
    for name in numbers:
        settings = config.Settings(**{name: UNREADABLE_NUMBER})  # type: ignore[arg-type]
        assert name in {e.field for e in validate_settings(settings)}, name


def test_esc_without_changes_closes_at_once(ctx: Any, qtbot: Any) -> None:
    dialog = opened(ctx, qtbot)
    dialog.fields.focus_field("company_name")
    esc(dialog)
    assert not dialog.isVisible()
    assert dialog.discard_box is None


def test_esc_with_a_change_asks_and_going_back_keeps_the_text(ctx: Any, qtbot: Any) -> None:
    from viewhelp import shot

    dialog = opened(ctx, qtbot)
    accounts = dialog.fields.widgets["company_accounts"]
    dialog.fields.focus_field("company_accounts")
    QTest.keyClicks(accounts, "40702810938000000002")
    day = retype(dialog, "collection_start_day", "35")
    ctrl_s(dialog)  # refused: the message under the day
    assert "от 1 до 28" in dialog.fields.error_text("collection_start_day")
    esc(dialog)
    box = dialog.discard_box
    assert box is not None and dialog.isVisible()
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Сохранить изменения?"
    assert box.defaultButton().text() == "Вернуться к форме"
    assert {b.text() for b in box.buttons()} == {"Сохранить", "Не сохранять", "Вернуться к форме"}
    shot(box, "settings_discard_question")
    box.defaultButton().click()
    assert dialog.isVisible()
    assert day.text() == "35" and dialog.fields.get("company_accounts") == "40702810938000000002"
    assert "от 1 до 28" in dialog.fields.error_text("collection_start_day")

    dialog.cancel_button.click()  # «Отмена» asks too
    box = dialog.discard_box
    assert box is not None and box.isVisible()
    drop = next(b for b in box.buttons() if b.text() == "Не сохранять")
    drop.click()
    assert not dialog.isVisible()
    assert not config.settings_path().exists()


def test_the_close_button_asks_and_save_from_the_question_saves(ctx: Any, qtbot: Any) -> None:
    dialog = opened(ctx, qtbot)
    retype(dialog, "collection_start_day", "25")
    dialog.close()  # the window's close button
    box = dialog.discard_box
    assert box is not None and dialog.isVisible()
    save = next(b for b in box.buttons() if b.text() == "Сохранить")
    with qtbot.waitSignal(ctx.settings_changed):
        save.click()
    assert not dialog.isVisible()
    assert config.load_settings().collection_start_day == 25


def test_save_from_the_question_with_a_bad_number_keeps_the_dialog(ctx: Any, qtbot: Any) -> None:
    dialog = opened(ctx, qtbot)
    retype(dialog, "collection_start_day", "35")
    esc(dialog)
    box = dialog.discard_box
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Сохранить").click()
    assert dialog.isVisible() and "от 1 до 28" in dialog.fields.error_text("collection_start_day")
    assert not config.settings_path().exists()


def test_a_typed_mail_password_counts_as_a_change(ctx: Any, qtbot: Any) -> None:
    dialog = opened(ctx, qtbot)
    dialog.pages.setCurrentIndex(2)
    dialog.password.setFocus()
    QTest.keyClicks(dialog.password, "secret-1")
    esc(dialog)
    assert dialog.discard_box is not None and dialog.isVisible()
    assert dialog.discard_box.icon() == QMessageBox.Icon.Question


def test_the_day_error_rendered(ctx: Any, qtbot: Any) -> None:
    from viewhelp import shot

    dialog = opened(ctx, qtbot)
    retype(dialog, "collection_start_day", "35")
    retype(dialog, "vat_rate_pct", "150")
    ctrl_s(dialog)
    qtbot.wait(50)  # the window grows to show the messages whole
    shot(dialog, "settings_day_error")
    assert dialog.fields.error_text("collection_start_day")
    assert dialog.fields.error_text("vat_rate_pct")
