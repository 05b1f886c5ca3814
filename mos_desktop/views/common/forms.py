"""Form helpers: fields with an inline error line under them, and an optional date edit.

Validation lives in services; a form only shows ``FieldError`` messages next to the named fields,
focuses the first one and keeps everything the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import FieldError

ERROR_STYLE = "color: #b3261e;"
NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    """A date that may be "не указана": the minimum date stands for no date; a button clears it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar: QCalendarWidget | None = None
        self.edit = QDateEdit(self)
        self.edit.setDisplayFormat("dd.MM.yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText("не указана")
        self.edit.setDate(NO_DATE)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip("Дата не указана")
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self._calendar = self.edit.calendarWidget()  # asked once: asking in the filter re-enters it
        self.edit.installEventFilter(self)
        if self._calendar is not None:
            self._calendar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An empty date takes typing as a new date (today's, the day section selected, so «10.12.2026»
        typed reads as that date, not «не указана0122026»), and its calendar opens on today's month, not
        on January 1900. Only looking at it changes nothing."""
        if self.value() is None:
            if watched is self.edit and event.type() == QEvent.Type.KeyPress:
                text = event.text()  # type: ignore[attr-defined]
                if text and text.isdigit():
                    self.edit.setDate(QDate.currentDate())
                    self.edit.setCurrentSection(QDateTimeEdit.Section.DaySection)
                    line = self.edit.lineEdit()
                    if line is not None:
                        line.setSelection(0, 2)
            elif (
                watched is self._calendar and event.type() == QEvent.Type.Show and self._calendar is not None
            ):
                today = QDate.currentDate()
                self._calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def value(self) -> date | None:
        qdate = self.edit.date()
        if qdate == NO_DATE:
            return None
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.edit.setDate(NO_DATE)
        else:
            self.edit.setDate(QDate(value.year, value.month, value.day))
            if self._calendar is not None:
                self._calendar.setSelectedDate(self.edit.date())


class FieldSet:
    """Fields of a form by name, each with an error label under it."""

    def __init__(self, general_error: QLabel | None = None) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.order: list[str] = []
        self.general_error = general_error

    def add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel(box)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        form.addRow(label, box)
        self.widgets[name] = widget
        self.errors[name] = error
        self.order.append(name)
        self._watch(name, widget)
        return widget

    def _watch(self, name: str, widget: QWidget) -> None:
        """A field's message goes as soon as the user edits that field (the others stay until theirs)."""

        def clear(*_args: object) -> None:
            label = self.errors[name]
            if not label.isHidden():
                label.clear()
                label.hide()

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
            widget.edit.dateChanged.connect(clear)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        if self.general_error is not None:
            self.general_error.clear()
            self.general_error.hide()

    def show_errors(self, errors: list[FieldError]) -> None:
        """Show each message at its field, unknown fields at the top; focus the first bad field."""
        self.clear_errors()
        general: list[str] = []
        first: str | None = None
        for err in errors:
            label = self.errors.get(err.field)
            if label is None:
                general.append(err.message)
                continue
            label.setText(f"{label.text()}\n{err.message}" if label.text() else err.message)
            label.show()
            if first is None or self.order.index(err.field) < self.order.index(first):
                first = err.field
        if general:
            self.show_general("\n".join(general))
        self._fit_messages()
        if first is not None:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_messages(self) -> None:
        """Wrapped messages get the height they need, and the window grows to show them whole.

        Layouts do not ask a word-wrapped label for its height at the width it will get, so a long
        message in a narrow column was cut; the label's own width is known once the form is shown.
        """
        window = None
        for label in self.errors.values():
            label.setMinimumHeight(0)
            if label.isHidden() or not label.text():
                continue
            parent = label.parentWidget()
            width = max(label.width(), parent.width() // 2 if parent is not None else 0, 160)
            label.setMinimumHeight(label.heightForWidth(width))
            window = label.window()
        if window is not None and window.isVisible():
            QTimer.singleShot(0, lambda w=window: _grow_to_hint(w))  # once the layout took the new heights

    def show_general(self, message: str) -> None:
        if self.general_error is not None:
            self.general_error.setText(message)
            self.general_error.show()

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

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
        elif isinstance(widget, OptionalDateEdit):
            widget.set_value(value if isinstance(value, date) else None)
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
    """Make the window at least as large as its layout wants; never shrink what the user sized."""
    hint = window.sizeHint()
    window.resize(max(window.width(), hint.width()), max(window.height(), hint.height()))
