"""The optional date: typed into while empty it reads as the typed date; its calendar opens on today's
month; the field's error goes away as soon as the user edits that field."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from mos_desktop.errors import FieldError
from mos_desktop.views.common.forms import FieldSet, OptionalDateEdit


def test_typing_into_an_empty_date(qtbot: Any) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    assert edit.value() is None
    edit.edit.setFocus()
    qtbot.keyClicks(edit.edit, "10.12.2026")
    assert edit.value() == date(2026, 12, 10)


def test_the_calendar_of_an_empty_date_opens_on_today(qtbot: Any) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    calendar = edit.edit.calendarWidget()
    calendar.window().show()  # the popup, as the arrow button opens it
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert edit.value() is None  # looking changes nothing


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
