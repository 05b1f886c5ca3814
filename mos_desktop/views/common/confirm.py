"""Non-blocking confirmation boxes (``open()``, never ``exec()``): the action runs on the yes button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str,
    yes_text: str,
    on_yes: Callable[[], None],
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
    # Enter on a destructive question must not destroy: «Отмена» is the default.
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def clicked(button: QAbstractButton) -> None:
        if button is yes:
            on_yes()

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm_button(box: QMessageBox) -> QAbstractButton:
    """The yes button of a box made by ``confirm`` (tests click it)."""
    for button in box.buttons():
        if box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
            return button
    raise LookupError("no confirming button")
