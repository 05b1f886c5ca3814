"""Сегодня in the window: a debtor's line takes the call list's keys (and Ctrl+Z takes the call back), other
lines ignore them, digits in the search box stay text; a missed call is called back from here."""

from __future__ import annotations

from datetime import date
from typing import Any

from factories import client, interaction, invoice, msk, payable
from PySide6.QtCore import Qt
from sqlalchemy import select
from viewhelp import TODAY, count_rows, shot

from mos_desktop.models import CollectionCall, Interaction, InteractionKind
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.payments.call_dialog import CallDialog
from mos_desktop.views.payments.payable_step import PayableStepDialog
from mos_desktop.views.today.call_back import CallBackDialog


def agenda_on(ctx: Any, qtbot: Any) -> tuple[Any, Any]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("today")
    view = tab.show_list("agenda")
    qtbot.waitUntil(lambda: view.has_data)
    return tab, view


def pick(view: Any, row_id: Any) -> None:
    assert view.select_id(row_id)
    view.table.setFocus()


def details(view: Any, row_id: Any) -> str:
    rows = [r for r in view.model.prepared.rows if r.id == row_id]
    return str(view.value(rows[0], "details")) if rows else ""


def seed(db: Any) -> tuple[Any, Any]:
    """A debtor (an invoice unpaid since October) and a client's missed call this morning."""
    with db.session() as s:
        debtor = client(s, "ЖК Должник", phone="+7 495 111-22-33", created_at=msk(TODAY, 8))
        invoice(s, debtor, 12_000, date(2026, 10, 15), number="С-10")
        caller = client(s, "ЖК Звонивший", phone="+7 495 444-55-66", created_at=msk(TODAY, 8))
        missed = interaction(s, caller, msk(TODAY, 9, 15), InteractionKind.CALL_MISSED, contact_name="Ольга")
        return debtor.id, missed.id


def test_call_keys_act_on_a_debtor_line_only_and_ctrl_z_takes_the_call_back(
    ctx: Any, qtbot: Any, db: Any
) -> None:
    debtor, missed = seed(db)
    tab, view = agenda_on(ctx, qtbot)
    assert {r.kind for r in view.model.prepared.rows} == {"client", "interaction"}
    shot(tab.window(), "today_tab")

    pick(view, missed)  # not a debtor: the digits do nothing
    with qtbot.assertNotEmitted(ctx.changes, wait=300):
        qtbot.keyClick(view.table, Qt.Key.Key_1)
    assert count_rows(db, CollectionCall) == 0

    view.search.setFocus()  # digits typed in the search box are text, not calls
    qtbot.keyClicks(view.search, "1")
    assert view.search.text() == "1" and count_rows(db, CollectionCall) == 0
    view.search.clear()

    pick(view, debtor)
    with qtbot.waitSignal(ctx.changes, timeout=10000):
        qtbot.keyClick(view.table, Qt.Key.Key_1)  # «не дозвонились», at once
    assert count_rows(db, CollectionCall) == 1
    qtbot.waitUntil(lambda: "Не дозвонились" in details(view, debtor))  # the line says so
    pick(view, debtor)
    with qtbot.waitSignal(ctx.changes, timeout=10000):
        qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        assert s.scalars(select(CollectionCall)).one().deleted_at is not None
    qtbot.waitUntil(lambda: "Не дозвонились" not in details(view, debtor))

    pick(view, debtor)
    with qtbot.waitSignal(ctx.changes, timeout=10000):
        qtbot.keyClick(view.table, Qt.Key.Key_5)  # «говорит, что оплатил»: off the list for a few days
    qtbot.waitUntil(lambda: not details(view, debtor))
    assert view.total_count() == 1
    # the line that took its place is current, the keyboard still on the list: the next key acts at once
    assert view.current_row() is not None and view.current_row().id == missed
    assert view.window().focusWidget() is view.table

    pick(view, missed)  # Ctrl+L on a debtor's line opens the call dialog: on the missed call, calling back
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, CallBackDialog))


def test_key_2_on_a_debtor_line_opens_the_call_dialog_with_the_promise(ctx: Any, qtbot: Any, db: Any) -> None:
    debtor, _missed = seed(db)
    tab, view = agenda_on(ctx, qtbot)
    pick(view, debtor)
    qtbot.keyClick(view.table, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, CallDialog))  # once the phone is read
    dialog = tab.dialog
    assert dialog.fields.get("outcome") == "promised"
    assert dialog.phone == "+7 495 111-22-33"
    dialog.fields.set("promise_date", date(2026, 11, 27))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    qtbot.waitUntil(lambda: not details(view, debtor))  # off until the day after the promise


def test_a_missed_call_is_called_back_and_leaves_the_list(ctx: Any, qtbot: Any, db: Any) -> None:
    _debtor, missed = seed(db)
    tab, view = agenda_on(ctx, qtbot)
    pick(view, missed)
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, CallBackDialog))
    dialog = tab.dialog
    assert (
        "+7 495 444-55-66" in dialog.windowTitle() + dialog.findChildren(type(dialog.general_error))[1].text()
    )
    dialog.fields.set("note", "Договорились о выезде в пятницу")
    shot(dialog, "today_call_back")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    qtbot.waitUntil(lambda: not details(view, missed))
    with db.session() as s:
        answered = s.get(Interaction, missed)
        assert answered is not None and answered.answered_at is not None
        back = s.scalars(select(Interaction).where(Interaction.kind == InteractionKind.CALL_OUT)).one()
        assert (back.summary, back.contact_name) == ("Договорились о выезде в пятницу", "Ольга")


def test_a_payable_line_moves_on_with_ctrl_t_and_other_lines_say_why_not(
    ctx: Any, qtbot: Any, db: Any
) -> None:
    with db.session() as s:
        bill = payable(s, "ООО Шлагбаумы", 4_500, date(2026, 11, 24), number="123").id
    tab, view = agenda_on(ctx, qtbot)
    assert tab.buttons["agenda"]["payable_step"].text() == "Счёт к оплате: статус…"
    pick(view, bill)
    with qtbot.waitSignal(ctx.status_message, timeout=3000) as said:
        qtbot.keyClick(view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert said.args[0].startswith("На этой строке звонить некому")
    qtbot.keyClick(view.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(tab.dialog, PayableStepDialog)


def test_enter_in_the_call_back_note_saves(ctx: Any, qtbot: Any, db: Any) -> None:
    _debtor, missed = seed(db)
    tab, view = agenda_on(ctx, qtbot)
    pick(view, missed)
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, CallBackDialog))
    dialog = tab.dialog
    note = dialog.fields.widgets["note"]
    qtbot.waitUntil(note.hasFocus)
    note.insert("Договорились")  # typed (QTest's keyClicks knows only Latin keys)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.keyClick(note, Qt.Key.Key_Return)  # Enter saves, as in every form
    qtbot.waitUntil(lambda: not details(view, missed))
    with db.session() as s:
        back = s.scalars(select(Interaction).where(Interaction.kind == InteractionKind.CALL_OUT)).one()
        assert back.summary == "Договорились"


def test_a_call_back_that_did_not_get_through_keeps_the_line(ctx: Any, qtbot: Any, db: Any) -> None:
    _debtor, missed = seed(db)
    tab, view = agenda_on(ctx, qtbot)
    pick(view, missed)
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, CallBackDialog))
    dialog = tab.dialog
    assert dialog.not_reached_button is not None and dialog.not_reached_button.text() == "Не дозвонился"
    dialog.fields.set("note", "не берут трубку")
    shot(dialog, "today_call_back_not_reached")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.not_reached_button.click()
    qtbot.waitUntil(lambda: "не дозвонились" in details(view, missed))  # still there, saying it was tried
    assert view.current_row() is not None and view.current_row().id == missed
    with db.session() as s:
        still = s.get(Interaction, missed)
        assert still is not None and still.answered_at is None
        assert count_rows(db, Interaction) == 1  # no call out: nobody was talked to
