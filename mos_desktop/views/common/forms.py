"""Form helpers: fields with an inline error line under them, and an optional date edit.

Validation lives in services; a form only shows ``FieldError`` messages next to the named fields,
focuses the first one and keeps everything the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import FieldError

ERROR_STYLE = "color: #b3261e;"


DATE_FORMAT = "%d.%m.%Y"
DATE_HINT = "нужна дата ДД.ММ.ГГГГ, например 15.01.2027"
_SEPARATORS = re.compile(r"[.,/\-\s]+")


class DateTextError(ValueError):
    """Typed text that is not a date; the message says what is wrong, in Russian."""


def read_day(text: str, today: date) -> date | None:
    """A date as people type it: «15.01.2027», «1.2.27», «15012027», «150127», «15.01» (this year),
    «15» (this month), «2027-01-15»; any of . , / - or spaces between the parts. Empty → None.

    ``DateTextError`` when the text is not a date or names a day that does not exist."""
    raw = text.strip()
    if not raw:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        parts = [p for p in _SEPARATORS.split(raw) if p]
        if not parts or not all(p.isdigit() for p in parts):
            raise DateTextError(f"«{raw}» не читается как дата")
        if len(parts) == 1:  # digits only: ДДММГГГГ, ДДММГГ, ДДММ, ДД
            digits = parts[0]
            cuts = {8: (2, 4), 6: (2, 4), 4: (2, 4), 2: (2, 2), 1: (1, 1)}.get(len(digits))
            if cuts is None:
                raise DateTextError(f"«{raw}» не читается как дата")
            a, b = cuts
            parts = [p for p in (digits[:a], digits[a:b], digits[b:]) if p]
        if len(parts) > 3:
            raise DateTextError(f"«{raw}» не читается как дата")
        day = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else today.month
        if len(parts) > 2:
            year_text = parts[2]
            if len(year_text) == 2:
                year = 2000 + int(year_text)
            elif len(year_text) == 4:
                year = int(year_text)
            else:
                raise DateTextError(f"в «{raw}» год не из четырёх (или двух) цифр")
        else:
            year = today.year
    if not 1 <= month <= 12:
        raise DateTextError(f"в «{raw}» нет месяца {month}")
    if not 1900 <= year <= 2100:
        raise DateTextError(f"в «{raw}» год {year}, а не 1900–2100")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f"дня «{raw}» нет в календаре") from None


def format_day(value: date | None) -> str:
    return "" if value is None else value.strftime(DATE_FORMAT)


class DateLineEdit(QLineEdit):
    """The text of a date, typed freely (no sections jumping under the fingers). Up/Down step a day,
    Alt+Down or F4 open the calendar. ``date()``/``setDate(QDate)`` as on a ``QDateEdit``."""

    calendar_requested = Signal()
    stepped = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and alt):
            self.calendar_requested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not alt:
            self.stepped.emit(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)

    def setDate(self, qdate: QDate) -> None:  # the QDateEdit name, for code written against one
        self.setText(format_day(date(qdate.year(), qdate.month(), qdate.day())) if qdate.isValid() else "")
        self.editingFinished.emit()

    def date(self) -> QDate:
        try:
            value = read_day(self.text(), date.today())
        except DateTextError:
            return QDate()
        return QDate() if value is None else QDate(value.year, value.month, value.day)


class OptionalDateEdit(QWidget):
    """A date that may be "не указана" (empty): a line edit read by ``read_day``, a calendar button and
    a clear button. ``value()`` is the date or None (empty or unreadable: ``input_error()`` says which);
    ``changed`` fires when the date changes: typing finished (Enter, Tab, leaving the field), a day
    picked in the calendar, «×», ``set_value``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: Callable[[], date] = date.today  # the day short forms («15.01», «15») fill in
        self.edit = DateLineEdit(self)
        self.edit.setPlaceholderText("ДД.ММ.ГГГГ")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00.00.00000") + 16)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setToolTip("Выбрать в календаре (Alt+↓)")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip("Дата не указана")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self._clear_clicked)
        self._calendar: QCalendarWidget | None = None
        self._value: date | None = None  # the date last announced by ``changed``
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._commit)
        self.edit.textEdited.connect(lambda _t: self._mark(bad=False))
        self.edit.calendar_requested.connect(self.open_calendar)
        self.edit.stepped.connect(self._step)

    # --- value ---------------------------------------------------------------------------------
    def value(self) -> date | None:
        try:
            return read_day(self.edit.text(), self.today())
        except DateTextError:
            return None

    def input_error(self) -> str | None:
        """What is wrong with the typed text (None when it is a date or empty)."""
        try:
            read_day(self.edit.text(), self.today())
        except DateTextError as exc:
            return f"{exc} — {DATE_HINT}"
        return None

    def set_value(self, value: date | None) -> None:
        self.edit.setText(format_day(value))
        self._mark(bad=False)
        self._announce(value)

    # --- editing -------------------------------------------------------------------------------
    def _commit(self) -> None:
        """Typing finished: a readable date is shown in full (what was understood), an unreadable text
        stays as typed, tinted, for the form to name on save."""
        try:
            value = read_day(self.edit.text(), self.today())
        except DateTextError:
            self._mark(bad=True)
            return
        full = format_day(value)
        if self.edit.text() != full:
            self.edit.setText(full)
        self._mark(bad=False)
        self._announce(value)

    def _announce(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.changed.emit()

    def _mark(self, *, bad: bool) -> None:
        style = ERROR_STYLE if bad else ""
        if self.edit.styleSheet() != style:
            self.edit.setStyleSheet(style)

    def _clear_clicked(self) -> None:
        self.set_value(None)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _step(self, days: int) -> None:
        current = self.value()
        if current is None and self.edit.text().strip():
            return  # unreadable: leave the text for the user to fix
        self.set_value(self.today() if current is None else current + timedelta(days=days))
        self.edit.selectAll()

    # --- calendar ------------------------------------------------------------------------------
    def calendar(self) -> QCalendarWidget:
        """The popup calendar, made on first use (a form of many dates opens faster without them)."""
        if self._calendar is None:
            calendar = QCalendarWidget(self)
            calendar.setWindowFlags(Qt.WindowType.Popup)
            calendar.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
            calendar.setGridVisible(True)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
            self._calendar = calendar
        return self._calendar

    def open_calendar(self) -> None:
        """The calendar under the field, on the field's date (today's month when there is none)."""
        calendar = self.calendar()
        shown = self.value() or self.today()
        qdate = QDate(shown.year, shown.month, shown.day)
        calendar.setSelectedDate(qdate)
        calendar.setCurrentPage(shown.year, shown.month)
        calendar.adjustSize()
        where = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        x, y = where.x(), where.y()
        if screen is not None:
            size = calendar.sizeHint()
            if y + size.height() > screen.bottom():
                y = self.edit.mapToGlobal(self.edit.rect().topLeft()).y() - size.height()
            x = max(screen.left(), min(x, screen.right() - size.width()))
        calendar.move(x, y)
        calendar.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, qdate: QDate) -> None:
        if self._calendar is not None:
            self._calendar.hide()
        self.set_value(date(qdate.year(), qdate.month(), qdate.day()))
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)


class FieldSet:
    """Fields of a form by name, each with an error line under it.

    The error line's height is kept whether it shows a message or not (a checkbox's excepted), so a
    message appearing on save or going away on the first keystroke never moves the fields below it: a
    click aimed at a field lands on it. A message longer than a line gets its height on save and keeps
    it until the next save. ``revalidate`` (optional, cheap and pure: the form's values → errors) lets
    an edit also drop messages of other fields that the edit fixed («Корр. счёт» after the БИК)."""

    def __init__(self, general_error: QLabel | None = None) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, str] = {}
        self.order: list[str] = []
        self.general_error = general_error
        self.revalidate: Callable[[], list[FieldError]] | None = None

    def add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(widget)
        error = QLabel(box)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if isinstance(widget, QCheckBox):
            error.hide()  # a checkbox is hardly ever wrong: no empty line under each
        else:
            error.setMinimumHeight(_line_height(error))
        column.addWidget(error)
        form.addRow(label, box)
        self.widgets[name] = widget
        self.errors[name] = error
        self.labels[name] = label.removesuffix(" *").strip() or name
        self.order.append(name)
        self._watch(name, widget)
        return widget

    def _watch(self, name: str, widget: QWidget) -> None:
        """A field's message goes as soon as the user edits that field (the others stay until theirs,
        or until ``revalidate`` finds them fixed)."""

        def clear(*_args: object) -> None:
            if self.errors[name].text():
                self._set_error(name, "")
                self._drop_fixed()

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(clear)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(clear)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(clear)
            if widget.isEditable():
                widget.editTextChanged.connect(clear)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(clear)
        elif isinstance(widget, OptionalDateEdit):
            widget.edit.textEdited.connect(clear)
            widget.changed.connect(clear)

    def _set_error(self, name: str, text: str) -> None:
        label = self.errors[name]
        label.setText(text)
        if isinstance(self.widgets[name], QCheckBox):
            label.setVisible(bool(text))

    def _drop_fixed(self) -> None:
        if self.revalidate is None or not any(label.text() for label in self.errors.values()):
            return
        try:
            still = {e.field for e in self.revalidate()}
        except Exception:  # a half-typed form the rules cannot read: leave the messages to the save
            return
        for name, label in self.errors.items():
            if label.text() and name not in still:
                self._set_error(name, "")

    def clear_errors(self) -> None:
        """Empty every message (their lines keep their height: nothing moves while a save runs)."""
        for name in self.errors:
            self._set_error(name, "")
        if self.general_error is not None:
            self.general_error.clear()
            self.general_error.hide()

    def input_errors(self) -> list[FieldError]:
        """What the widgets themselves cannot read (a date typed as «32.01.2027»), before any command."""
        found = []
        for name in self.order:
            widget = self.widgets[name]
            if isinstance(widget, OptionalDateEdit) and widget.isEnabled():
                problem = widget.input_error()
                if problem:
                    found.append(FieldError(name, f"{self.labels[name]}: {problem}"))
        return found

    def show_errors(self, errors: list[FieldError]) -> str | None:
        """Show each message at its field, unknown fields at the top; focus the first bad field and
        return its name (None when no message belongs to a field)."""
        self.clear_errors()
        general: list[str] = []
        first: str | None = None
        for err in errors:
            label = self.errors.get(err.field)
            if label is None:
                general.append(err.message)
                continue
            self._set_error(err.field, f"{label.text()}\n{err.message}" if label.text() else err.message)
            if first is None or self.order.index(err.field) < self.order.index(first):
                first = err.field
        if general:
            self.show_general("\n".join(general))
        self._fit_messages()
        if first is not None:
            self.focus_field(first)
        return first

    def focus_field(self, name: str) -> None:
        """Focus a field (its tab page shown first, when it sits on a hidden one); select its text so
        typing replaces what was wrong."""
        widget = self.widgets[name]
        _show_tab_of(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        line = widget.edit if isinstance(widget, OptionalDateEdit) else widget
        if isinstance(line, QLineEdit):
            line.selectAll()

    def _fit_messages(self) -> None:
        """Wrapped messages get the height they need, and the window grows (never narrower, never
        wider) to show them whole; an empty line keeps one line's height.

        Layouts do not ask a word-wrapped label for its height at the width it will get, so a long
        message in a narrow column was cut; the label's own width is known once the form is shown.
        """
        window = None
        for name, label in self.errors.items():
            if isinstance(self.widgets[name], QCheckBox) and not label.text():
                continue
            need = _line_height(label)
            if label.text():
                parent = label.parentWidget()
                width = max(label.width(), parent.width() // 2 if parent is not None else 0, 160)
                need = max(need, label.heightForWidth(width))
                window = label.window()
            label.setMinimumHeight(need)
        if window is not None and window.isVisible():
            QTimer.singleShot(0, lambda w=window: _grow_to_hint(w))  # once the layout took the new heights

    def show_general(self, message: str) -> None:
        if self.general_error is not None:
            self.general_error.setText(message)
            self.general_error.show()

    def error_text(self, name: str) -> str:
        return self.errors[name].text()

    # --- values by widget type -----------------------------------------------------------------
    def get(self, name: str) -> object:
        widget = self.widgets[name]
        if hasattr(widget, "set_value"):  # dates and pickers: typed values of their own
            return widget.value()  # type: ignore[attr-defined]
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        raise TypeError(f"no value accessor for {type(widget).__name__}")

    def set(self, name: str, value: object) -> None:
        widget = self.widgets[name]
        if isinstance(widget, OptionalDateEdit):
            widget.set_value(value if isinstance(value, date) else None)
        elif hasattr(widget, "set_value"):  # pickers
            widget.set_value(value)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
            widget.setCursorPosition(0)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value) if isinstance(value, int | str) and str(value).isdigit() else 0)
        else:
            raise TypeError(f"no value setter for {type(widget).__name__}")


def combo(items: dict[str, str], parent: QWidget | None = None) -> QComboBox:
    """A combo box of Russian labels whose data are the stored values."""
    box = QComboBox(parent)
    for value, label in items.items():
        box.addItem(label, value)
    return box


def save_cancel_buttons(dialog: QDialog, on_save: Callable[[], Any]) -> tuple[QDialogButtonBox, QPushButton]:
    """«Сохранить» (the default button, calls ``on_save``) and «Отмена» (rejects the dialog)."""
    buttons = QDialogButtonBox(dialog)
    save = buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
    save.setDefault(True)
    buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
    save.clicked.connect(lambda _checked=False: on_save())
    buttons.rejected.connect(dialog.reject)
    return buttons, save


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """One button, «Закрыть», that rejects the dialog: the bottom of a dialog that only shows."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    if close is not None:
        close.setText("Закрыть")
    buttons.rejected.connect(dialog.reject)
    return buttons


def general_error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("generalError")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _grow_to_hint(window: QWidget) -> None:
    """Make the window as tall as its layout wants; never shrink what the user sized, never widen it
    (a dialog growing sideways under the user's hands moved the fields they were aiming at)."""
    hint = window.sizeHint()
    if hint.height() > window.height():
        window.resize(window.width(), hint.height())


def _line_height(label: QLabel) -> int:
    return label.fontMetrics().lineSpacing()


def _show_tab_of(widget: QWidget) -> None:
    """Bring forward the tab pages (and stacked pages) that hide ``widget``."""
    child: QWidget | None = widget
    while child is not None:
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget) and parent.indexOf(child) >= 0:
            parent.setCurrentWidget(child)
        child = parent
