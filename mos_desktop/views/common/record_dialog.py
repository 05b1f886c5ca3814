"""The one base for record dialogs: declared fields, keyboard-first, errors under the field, typed values
kept on error, a prompt before discarding unsaved edits, a delete/archive confirmation defaulting to
«Отмена».

``EditDialog`` is the behaviour every record dialog shares (the client card uses it too): it tracks the
values it was filled with, saves through a command (``CommandOp``), asks before Esc / «Отмена» / the close
button drop edits. ``RecordDialog`` builds its widgets from a ``RecordSpec`` (``services.records``).

Keys: Tab moves through the fields in order; Enter or Ctrl+S saves; Esc cancels (asking first when
something was typed).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import EditConflict, FieldError, UserError
from mos_desktop.views.common.confirm import confirm
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import FieldSet, OptionalDateEdit, combo, general_error_label
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.common.pickers import RefPicker


class EditDialog(QDialog):
    """Save / cancel / unsaved-edits behaviour shared by every record dialog."""

    saved = Signal(object)  # the record's id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._initial: dict[str, Any] = {}
        self._closing = False
        self.general_error = general_error_label(self)
        self.fields = FieldSet(self.general_error)
        self.discard_box: QMessageBox | None = None
        self._focus_before: QWidget | None = None
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Сохранить (Enter, Ctrl+S)")
        self.cancel_button = self.buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.activated.connect(self.save)

    # --- values --------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: self.fields.get(name) for name in self.fields.order}

    def fill(self, values: dict[str, Any]) -> None:
        for name in self.fields.order:
            if name in values:
                self.fields.set(name, values[name])
        self.mark_clean()
        self.loaded = True
        self.set_enabled(True)

    def mark_clean(self) -> None:
        self._initial = self.values()

    def is_dirty(self) -> bool:
        """Something typed: a changed value, or a date typed that is not one (its value reads as None)."""
        return self.loaded and (self.values() != self._initial or bool(self.fields.input_errors()))

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.fields.widgets.values():
            widget.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    # --- save: subclasses give the command and the form ------------------------------------------
    def command(self) -> tuple[Callable[..., Any], Any] | None:
        raise NotImplementedError

    def save(self) -> None:
        if not self.loaded or not self.save_button.isEnabled():
            return
        unread = self.fields.input_errors()  # a date typed as «32.01»: named, never saved as another day
        if unread:
            self.fields.show_errors(unread)
            return
        made = self.command()
        if made is None:
            return
        command, form = made
        self.fields.clear_errors()
        self._focus_before = self.focusWidget()  # disabling the fields moves focus on, to «Отмена»
        self.set_enabled(False)
        (
            CommandOp(self.ctx, command, form, parent=self)
            .success(self._saved)
            .field_errors(self._field_errors)
            .conflict(self.on_conflict)
            .failure(self._failure)
            .run()
        )

    def _saved(self, changes: Any) -> None:
        self.set_enabled(True)
        self.mark_clean()
        record_id = getattr(changes, "record_id", None)
        self.saved.emit(record_id)
        self.after_save(record_id)
        self._closing = True
        self.accept()

    def after_save(self, record_id: uuid.UUID | None) -> None:
        """Hook: the record was saved (before the dialog closes)."""

    def _field_errors(self, errors: list[FieldError]) -> None:
        self.set_enabled(True)
        if self.fields.show_errors(errors) is None:
            self.refocus()

    def refocus(self) -> None:
        """After a failed save with no field to point at: focus goes back where the user was (a field,
        a line table), or to the first field, never to «Отмена» where Enter would close the form."""
        before = self._focus_before
        self._focus_before = None
        buttons = (self.cancel_button, self.save_button)
        if before is not None and before not in buttons and before.isEnabled() and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        for name in self.fields.order:
            widget = self.fields.widgets[name]
            if widget.isEnabled() and widget.isVisibleTo(self):
                self.fields.focus_field(name)
                return

    def on_conflict(self, exc: EditConflict) -> None:
        """Another workstation changed these fields: the form keeps what the user typed; the snapshot takes
        the database's values, so a second save deliberately writes over them."""

    def _failure(self, message: str) -> None:
        self.set_enabled(True)
        self.fields.show_general(message)
        self.refocus()

    # --- leaving -------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc, «Отмена» and the close button: ask before dropping unsaved edits."""
        if self._closing or not self.is_dirty():
            self._closing = True
            super().reject()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Несохранённые изменения")
        box.setText("Сохранить изменения?")
        box.setInformativeText("Введённое в форму не сохранено.")
        save = box.addButton("Сохранить", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("Не сохранять", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Вернуться к форме", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)

        def chosen(button: Any) -> None:
            if button is save:
                self.save()
            elif button is drop:
                self._closing = True
                QDialog.reject(self)

        box.buttonClicked.connect(chosen)
        box.open()
        self.discard_box = box

    def closeEvent(self, event: Any) -> None:
        if self._closing or not self.is_dirty():
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

    def load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.fields.show_general(exc.message)
        else:
            self.ctx.handle_error(exc)


def field_widget(ctx: AppContext, spec_field: Any, parent_id: uuid.UUID | None = None) -> QWidget:
    """The widget for one declared field."""
    kind = spec_field.kind
    if kind == "multiline":
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().height() * 4 + 12)
        return edit
    if kind == "bool":
        return QCheckBox(spec_field.label)
    if kind == "date":
        return OptionalDateEdit()
    if kind == "choice":
        return combo(dict(spec_field.choices))
    if kind == "ref":
        return RefPicker(ctx, spec_field.ref, parent_id=parent_id)
    line = QLineEdit()
    if spec_field.placeholder:
        line.setPlaceholderText(spec_field.placeholder)
    if kind in ("int", "money"):
        line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return line


ExtraButton = tuple[str, Callable[["RecordDialog"], None]]  # (text, action on the dialog)


class RecordDialog(EditDialog):
    """A dialog for a declared record kind: new (``record_id`` None) or edit; archive/delete when editing.
    ``extra_buttons`` (from ``views/records.py``) sit beside «В архив…», enabled for a saved record."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: uuid.UUID | None = None,
        *,
        parent_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        extra_buttons: Sequence[ExtraButton] = (),
    ) -> None:
        super().__init__(ctx, parent)
        from mos_desktop.services.records.kinds import spec_for

        self.kind = kind
        self.spec = spec_for(kind)
        self.record_id = record_id
        self.parent_id = parent_id
        self.form: Any = None
        self.setWindowTitle(self.spec.title_new if record_id is None else self.spec.title)
        self.setMinimumWidth(560)

        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for f in self.spec.fields:
            widget = field_widget(ctx, f, parent_id)
            if f.hint:
                widget.setToolTip(f.hint)
            label = "" if f.kind == "bool" else f.label + (" *" if f.required else "")
            self.fields.add(form_layout, f.name, label, widget)

        self.archive_button: QPushButton | None = None
        self.archived_label = QLabel(self)
        self.archived_label.setObjectName("archivedNote")
        self.archived_label.hide()
        bottom = QHBoxLayout()
        if record_id is not None:
            text = "В архив…" if self.spec.archivable else "Удалить…"
            self.archive_button = QPushButton(text, self)
            self.archive_button.setAutoDefault(False)
            self.archive_button.clicked.connect(self.ask_archive)
            bottom.addWidget(self.archive_button)
        for text, action in extra_buttons:  # a kind's own views of a saved record (an item's serials)
            extra = QPushButton(text, self)
            extra.setAutoDefault(False)
            extra.setEnabled(record_id is not None)
            extra.clicked.connect(partial(action, self))
            bottom.addWidget(extra)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        self.loading_label = QLabel("Загрузка…", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.loading_label)
        layout.addWidget(self.archived_label)
        layout.addWidget(self.general_error)
        layout.addLayout(form_layout)
        layout.addLayout(bottom)
        self.set_enabled(False)
        self._load()

    def _load(self) -> None:
        from mos_desktop.services.records import commands

        if self.record_id is None:
            self._filled(commands.new_record(self.kind, parent_id=self.parent_id))
            return
        kind, record_id = self.kind, self.record_id
        self.ctx.run_db(
            lambda s: commands.load_record(s, kind, record_id), self._filled, self.load_failed, owner=self
        )

    def _filled(self, form: Any) -> None:
        self.form = form
        self.loading_label.hide()
        self.fill(form.values)
        name = form.values.get(self.spec.name_field) or ""
        if form.id is not None and name:
            self.setWindowTitle(f"{self.spec.title}: {name}")
        if form.archived:
            self.archived_label.setText(
                "Запись в архиве: в списках выбора её нет. «Вернуть из архива» — внизу."
            )
            self.archived_label.show()
            if self.archive_button is not None:
                self.archive_button.setText("Вернуть из архива")
        first = self.fields.order[0]
        self.fields.widgets[first].setFocus()

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        if self.archive_button is not None:
            self.archive_button.setEnabled(enabled)

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from dataclasses import replace

        from mos_desktop.services.records.commands import save_record

        if self.form is None:
            return None
        return save_record, replace(self.form, values=self.values())

    def on_conflict(self, exc: EditConflict) -> None:
        if self.form is not None and self.form.loaded is not None:
            self.form.loaded = {**self.form.loaded, **exc.current}

    def after_save(self, record_id: uuid.UUID | None) -> None:
        self.record_id = record_id

    # --- archive / delete ----------------------------------------------------------------------
    def ask_archive(self) -> None:
        if self.form is None or self.form.id is None:
            return
        name = self.form.values.get(self.spec.name_field) or ""
        if self.form.archived:
            self._archive(restore=True)
            return
        if self.spec.archivable:
            title, text = f"{self.spec.title}: в архив", f"Перенести «{name}» в архив?"
            info = "Запись останется в истории и документах, но пропадёт из списков выбора. Её можно вернуть."
            yes = "В архив"
        else:
            title, text = f"{self.spec.title}: удаление", f"Удалить «{name}»?"
            info = "Запись исчезнет из карточки клиента."
            yes = "Удалить"
        self.archive_box = confirm(self, title, text, info, yes, lambda: self._archive(restore=False))

    def _archive(self, *, restore: bool) -> None:
        from mos_desktop.services.records.commands import archive_record
        from mos_desktop.services.records.spec import ArchiveForm

        assert self.form is not None and self.form.id is not None
        form = ArchiveForm(self.kind, self.form.id, restore=restore)

        def done(_changes: Any) -> None:
            self._closing = True
            self.accept()

        CommandOp(self.ctx, archive_record, form, parent=self).success(done).failure(
            self.fields.show_general
        ).run()
