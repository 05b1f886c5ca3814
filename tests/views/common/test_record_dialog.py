"""The record-dialog convention end to end: a list's Ctrl+N opens the declared dialog, bad input stays in
the form with the message under its field and nothing written, a save reloads the lists of that area,
unsaved edits are never dropped without asking, an edit made meanwhile elsewhere is not overwritten
silently, archive asks with «Отмена» as the default."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from sqlalchemy import select

from mos_desktop.models import Item
from mos_desktop.views.common.confirm import confirm_button
from mos_desktop.views.common.record_dialog import RecordDialog
from mos_desktop.views.main_window import MainWindow


def items_list(ctx: Any, qtbot: Any) -> tuple[MainWindow, Any, Any]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("warehouse")
    view = tab.show_list("items")
    qtbot.waitUntil(lambda: view.has_data)
    return window, tab, view


def type_into(dialog: RecordDialog, name: str, text: str) -> None:
    widget = dialog.fields.widgets[name]
    assert isinstance(widget, QLineEdit)
    widget.setText(text)


def test_new_item_bad_input_is_kept_then_saved(ctx: Any, qtbot: Any, db: Any) -> None:
    window, tab, view = items_list(ctx, qtbot)
    assert window.new_action.isEnabled() and window.delete_action.isEnabled()
    window.new_action.trigger()
    dialog = tab.dialog
    assert isinstance(dialog, RecordDialog) and dialog.kind == "item"
    qtbot.waitUntil(lambda: dialog.loaded)
    type_into(dialog, "sku", "RD-100")
    type_into(dialog, "name", "Считыватель Mifare")
    type_into(dialog, "min_stock", "пять")
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.fields.error_text("min_stock")))
    assert "целое число" in dialog.fields.error_text("min_stock")
    assert dialog.fields.get("sku") == "RD-100"  # what was typed stays
    assert dialog.isVisible()
    with db.session() as s:
        assert s.scalars(select(Item)).all() == []  # nothing written
    type_into(dialog, "min_stock", "5")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    qtbot.waitUntil(lambda: view.total_count() == 1)  # the items list reloaded: its area changed
    assert not dialog.isVisible()
    row = view.current_row() or view.model.row_at(0)
    assert view.value(row, "sku") == "RD-100"
    assert view.value(row, "min_stock") == 5


def test_unsaved_edits_are_not_dropped_without_asking(ctx: Any, qtbot: Any, db: Any) -> None:
    dialog = RecordDialog(ctx, "contractor")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.reject()  # nothing typed: closes at once
    assert not dialog.isVisible()

    dialog = RecordDialog(ctx, "contractor")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.loaded)
    type_into(dialog, "name", "ООО «Монтаж»")
    dialog.close()  # the window's close button
    box = dialog.discard_box
    assert box is not None and dialog.isVisible()
    assert box.defaultButton().text() == "Вернуться к форме"
    box.defaultButton().click()
    assert dialog.isVisible() and dialog.fields.get("name") == "ООО «Монтаж»"
    dialog.reject()  # Esc
    drop = next(b for b in dialog.discard_box.buttons() if b.text() == "Не сохранять")
    drop.click()
    assert not dialog.isVisible()
    ctx.runner.wait()
    from mos_desktop.models import Contractor

    with db.session() as s:
        assert s.scalars(select(Contractor)).all() == []


def test_an_edit_made_elsewhere_is_not_overwritten_silently(ctx: Any, qtbot: Any, db: Any) -> None:
    from viewhelp import TODAY

    from mos_desktop.services.records.commands import new_record, save_record

    with db.session() as s:
        form = new_record("item")
        form.values.update(sku="A-1", name="Замок")
        item_id = save_record(s, form, user="other", today=TODAY).record_id
    dialog = RecordDialog(ctx, "item", item_id)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.loaded)
    with db.session() as s:  # meanwhile, sync brings another workstation's edit
        s.get(Item, item_id).name = "Замок электромагнитный"  # type: ignore[union-attr]
    type_into(dialog, "name", "Замок накладной")
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.fields.error_text("name")))
    assert "изменено на другом рабочем месте" in dialog.fields.error_text("name")
    assert "Замок электромагнитный" in dialog.fields.error_text("name")
    assert dialog.fields.get("name") == "Замок накладной"
    with db.session() as s:
        assert s.get(Item, item_id).name == "Замок электромагнитный"  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.saved):  # a second save is deliberate: it writes
        dialog.save()
    with db.session() as s:
        assert s.get(Item, item_id).name == "Замок накладной"  # type: ignore[union-attr]


def test_archive_from_the_list_asks_with_cancel_as_default(ctx: Any, qtbot: Any, db: Any) -> None:
    from viewhelp import TODAY

    from mos_desktop.services.records.commands import new_record, save_record

    with db.session() as s:
        form = new_record("item")
        form.values.update(sku="B-2", name="Кнопка выхода")
        save_record(s, form, user="t", today=TODAY)
    window, tab, view = items_list(ctx, qtbot)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    window.delete_action.trigger()
    box = tab.dialog
    assert isinstance(box, QMessageBox)
    assert box.defaultButton().text() == "Отмена"
    assert "Кнопка выхода" in box.text()
    confirm_button(box).click()
    qtbot.waitUntil(
        lambda: view.total_count() == 1 and view.value(view.model.row_at(0), "state") == "в архиве"
    )
    with db.session() as s:
        assert s.scalars(select(Item.archived)).one() is True


def test_a_list_that_fails_goes_to_the_crash_dialog(ctx: Any, qtbot: Any, monkeypatch: Any) -> None:
    from mos_desktop.services.records import lists

    def broken(session: Any, *, today: Any) -> Any:
        raise RuntimeError("a bug in the list")

    monkeypatch.setattr(lists, "list_items", broken)
    window, tab, view = (MainWindow(ctx), None, None)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("warehouse")
    view = tab.show_list("items")
    qtbot.waitUntil(lambda: view.error is not None)
    assert "ещё не подключён" not in view.error
    assert [str(e) for e in ctx.crashes] == ["a bug in the list"]
    ctx.crashes.clear()


def test_the_edit_menu_offers_only_what_the_list_has(ctx: Any, qtbot: Any) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab("payments")
    assert not window.new_action.isEnabled() and not window.delete_action.isEnabled()
    assert window.open_action.isEnabled()
    tab = window.show_tab("suppliers")
    tab.show_list("suppliers")
    assert window.new_action.isEnabled()


def open_dialog(ctx: Any, qtbot: Any, kind: str) -> RecordDialog:
    dialog = RecordDialog(ctx, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.loaded and dialog.isActiveWindow())
    return dialog


def test_after_a_failed_save_focus_is_on_the_bad_field_and_enter_saves(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.models import Contractor

    dialog = open_dialog(ctx, qtbot, "contractor")
    name = dialog.fields.widgets["name"]
    inn = dialog.fields.widgets["inn"]
    assert isinstance(name, QLineEdit) and isinstance(inn, QLineEdit)
    name.setText("ООО «Монтаж»")  # QTest types ASCII only
    inn.setFocus()
    QTest.keyClicks(inn, "123")
    name.setFocus()
    QTest.keyClick(name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: bool(dialog.fields.error_text("inn")))
    assert dialog.focusWidget() is inn  # not «Отмена»: the next Enter must not close the form
    assert inn.selectedText() == "123"  # typing replaces what was wrong
    QTest.keyClicks(inn, "7707083893")
    with qtbot.waitSignal(dialog.saved):
        QTest.keyClick(inn, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with db.session() as s:
        assert s.scalars(select(Contractor.inn)).all() == ["7707083893"]


def test_an_unreadable_date_is_named_and_nothing_saved(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.models import PartnerAgreement
    from mos_desktop.views.common.forms import OptionalDateEdit

    dialog = open_dialog(ctx, qtbot, "partner_agreement")
    name = dialog.fields.widgets["partner_name"]
    signed = dialog.fields.widgets["signed_on"]
    assert isinstance(name, QLineEdit) and isinstance(signed, OptionalDateEdit)
    name.setText("ООО «Партнёр»")  # QTest types ASCII only
    signed.setFocus()
    name.setText("")
    dialog.mark_clean()
    QTest.keyClicks(signed.edit, "31.02.2027")
    assert dialog.is_dirty()  # typed, though not a date: Esc asks before dropping it
    name.setText("ООО «Партнёр»")
    dialog.fields.widgets["terms"].setFocus()
    dialog.save()
    assert dialog.fields.error_text("signed_on").startswith("Подписано: дня «31.02.2027» нет в календаре — ")
    assert dialog.focusWidget() is signed.edit
    assert signed.edit.text() == "31.02.2027"
    QTest.keyClick(signed.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(signed.edit, "15.01.2027")
    with qtbot.waitSignal(dialog.saved):
        QTest.keyClick(signed.edit, Qt.Key.Key_Return)
    with db.session() as s:
        assert s.scalars(select(PartnerAgreement.signed_on)).all() == [date(2027, 1, 15)]


def test_a_failure_with_no_field_leaves_focus_where_it_was(ctx: Any, qtbot: Any, monkeypatch: Any) -> None:
    from mos_desktop.errors import UserError

    dialog = open_dialog(ctx, qtbot, "contractor")
    name = dialog.fields.widgets["name"]
    inn = dialog.fields.widgets["inn"]
    assert isinstance(name, QLineEdit) and isinstance(inn, QLineEdit)
    name.setText("ООО «Монтаж»")  # QTest types ASCII only
    inn.setFocus()

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise UserError("База занята — попробуйте ещё раз")

    monkeypatch.setattr(dialog, "command", lambda: (refuse, None))
    QTest.keyClick(inn, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.general_error.isVisible())
    assert dialog.focusWidget() is inn
