"""The optional date: typed key by key the Russian way (into an empty field or over a date) it is that
date, short forms too; an unreadable text stays and is named on save; its calendar opens on the date or
today's month. Error lines: a message appearing or going moves no field; it goes as soon as the user
edits that field, and messages another edit fixed go with it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget

from mos_desktop.errors import FieldError
from mos_desktop.views.common.forms import DateTextError, FieldSet, OptionalDateEdit, read_day


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15.01.2027", date(2027, 1, 15)),
        ("1.2.27", date(2027, 2, 1)),
        ("01.02.2027", date(2027, 2, 1)),
        ("15012027", date(2027, 1, 15)),
        ("150127", date(2027, 1, 15)),
        ("15/01/2027", date(2027, 1, 15)),
        (" 15 01 2027 ", date(2027, 1, 15)),
        ("15.01.2027.", date(2027, 1, 15)),
        ("2027-01-15", date(2027, 1, 15)),
        ("15.01", date(2026, 1, 15)),  # this year
        ("5", date(2026, 12, 5)),  # this month
        ("", None),
    ],
)
def test_a_date_is_read_as_people_type_it(typed: str, expected: date | None) -> None:
    assert read_day(typed, date(2026, 12, 2)) == expected


@pytest.mark.parametrize(
    "typed", ["32.01.2027", "29.02.2027", "15.13.2027", "15.01.202", "завтра", "1.2.3.4"]
)
def test_a_text_that_is_not_a_date_is_refused(typed: str) -> None:
    with pytest.raises(DateTextError):
        read_day(typed, date(2026, 12, 2))


def date_edit(qtbot: Any, value: date | None = None) -> OptionalDateEdit:
    edit = OptionalDateEdit()
    edit.today = lambda: date(2026, 12, 2)
    qtbot.addWidget(edit)
    edit.set_value(value)
    edit.show()
    qtbot.waitExposed(edit)
    edit.edit.setFocus()
    return edit


def finish(edit: OptionalDateEdit) -> None:
    """Typing done, as Tab or Enter does it."""
    QTest.keyClick(edit.edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("15.01.2027", "15.01.2027"), ("1.2.27", "01.02.2027"), ("15012027", "15.01.2027")],
)
def test_typing_a_date_key_by_key_gives_that_date(qtbot: Any, typed: str, shown: str) -> None:
    edit = date_edit(qtbot)
    assert edit.value() is None
    changed: list[date | None] = []
    edit.changed.connect(lambda: changed.append(edit.value()))
    QTest.keyClicks(edit.edit, typed)
    finish(edit)
    assert edit.edit.text() == shown  # what was understood, in full
    expected = datetime.strptime(shown, "%d.%m.%Y").date()
    assert edit.value() == expected
    assert changed == [expected]  # once, when typing was done: not at every key


def test_typing_over_a_date_after_ctrl_a(qtbot: Any) -> None:
    edit = date_edit(qtbot, date(2026, 12, 10))
    assert edit.edit.text() == "10.12.2026"
    QTest.keyClick(edit.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit.edit, "15.01.2027")
    finish(edit)
    assert edit.value() == date(2027, 1, 15)


def test_an_unreadable_date_is_kept_and_named_on_save(qtbot: Any) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    form = QFormLayout(box)
    fields = FieldSet()
    edit = fields.add(form, "promise_date", "Обещал оплатить до", date_edit(qtbot))
    assert isinstance(edit, OptionalDateEdit)
    box.show()
    QTest.keyClicks(edit.edit, "32.01.2027")
    finish(edit)
    assert edit.edit.text() == "32.01.2027"  # nothing silently replaced
    assert edit.value() is None
    (error,) = fields.input_errors()
    assert error.field == "promise_date"
    assert error.message.startswith("Обещал оплатить до: дня «32.01.2027» нет в календаре — ")
    assert "ДД.ММ.ГГГГ" in error.message
    fields.show_errors([error])
    assert fields.error_text("promise_date") == error.message
    QTest.keyClick(edit.edit, Qt.Key.Key_Backspace)
    assert fields.error_text("promise_date") == ""  # edited: the message goes


def test_clear_button_and_arrow_keys(qtbot: Any) -> None:
    edit = date_edit(qtbot, date(2027, 1, 15))
    QTest.keyClick(edit.edit, Qt.Key.Key_Up)
    assert edit.value() == date(2027, 1, 16)
    edit.clear_button.click()
    assert edit.value() is None and edit.edit.text() == ""
    QTest.keyClick(edit.edit, Qt.Key.Key_Down)  # from nothing: today
    assert edit.value() == date(2026, 12, 2)


def test_the_calendar_opens_on_the_date_or_on_today(qtbot: Any) -> None:
    edit = date_edit(qtbot)
    QTest.keyClick(edit.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = edit.calendar()
    assert calendar.isVisible()
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 12)
    assert edit.value() is None  # looking changes nothing
    calendar.clicked.emit(QDate(2027, 1, 15))
    assert not calendar.isVisible()
    assert edit.value() == date(2027, 1, 15) and edit.edit.text() == "15.01.2027"
    edit.open_calendar()
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 1)
    calendar.hide()


def test_set_date_as_on_a_qdateedit(qtbot: Any) -> None:
    edit = date_edit(qtbot)
    edit.edit.setDate(QDate(2025, 3, 14))
    assert edit.value() == date(2025, 3, 14)
    assert edit.edit.date() == QDate(2025, 3, 14)


def two_fields(qtbot: Any) -> tuple[QWidget, FieldSet, QLineEdit, QLineEdit]:
    box = QWidget()
    qtbot.addWidget(box)
    form = QFormLayout(box)
    fields = FieldSet()
    phone = fields.add(form, "phone", "Телефоны", QLineEdit())
    email = fields.add(form, "email", "Email", QLineEdit())
    assert isinstance(phone, QLineEdit) and isinstance(email, QLineEdit)
    box.resize(500, 200)
    box.show()
    qtbot.waitExposed(box)
    return box, fields, phone, email


def test_an_error_appearing_or_going_moves_no_field(qtbot: Any) -> None:
    box, fields, phone, email = two_fields(qtbot)

    def email_at() -> QPoint:
        QApplication.processEvents()
        return email.mapTo(box, QPoint(0, 0))

    before = email_at()
    fields.show_errors([FieldError("phone", "Телефоны: 10 цифр после +7 — например +7 903 123-45-67")])
    assert fields.error_text("phone")
    assert email_at() == before  # the message took the line kept for it
    QTest.keyClicks(phone, "5")
    assert fields.error_text("phone") == ""
    assert email_at() == before  # and its going does not pull the field below up
    QTest.mouseClick(email, Qt.MouseButton.LeftButton, pos=QPoint(10, email.height() // 2))
    QTest.keyClicks(email, "a@b.ru")
    assert email.text() == "a@b.ru" and phone.text() == "5"


def test_a_fixed_field_drops_the_messages_it_fixed(qtbot: Any) -> None:
    _box, fields, bik, _corr = two_fields(qtbot)

    def rules() -> list[FieldError]:
        ok = bik.text() == "044525225"
        return [] if ok else [FieldError("email", "Корр. счёт: не сходится с БИК")]

    fields.revalidate = rules
    fields.show_errors(
        [FieldError("phone", "БИК: 9 цифр"), FieldError("email", "Корр. счёт: не сходится с БИК")]
    )
    bik.setText("04452522")
    QTest.keyClicks(bik, "5")
    assert fields.error_text("phone") == "" and fields.error_text("email") == ""


def test_an_error_goes_when_its_field_is_edited(qtbot: Any) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    form = QFormLayout(box)
    fields = FieldSet()
    name = fields.add(form, "name", "Название", QLineEdit())
    other = fields.add(form, "inn", "ИНН", QLineEdit())
    box.show()
    fields.show_errors([FieldError("name", "Название: обязательное поле"), FieldError("inn", "ИНН: 10 цифр")])
    assert fields.error_text("name") and fields.error_text("inn")
    assert isinstance(name, QLineEdit) and isinstance(other, QLineEdit)
    qtbot.keyClicks(name, "A1")
    assert fields.error_text("name") == ""  # fixed: its message goes at once
    assert fields.error_text("inn") == "ИНН: 10 цифр"  # the other one stays until that field is edited


def test_qt_speaks_russian_in_its_own_dialogs(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from mos_desktop.views.common.appsetup import install_translations

    assert install_translations(qapp)
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Перейти к:"
    assert QCoreApplication.translate("QFileDialog", "Files of type:") == "Типы файлов:"
