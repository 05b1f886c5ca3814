"""One typed background operation for every command (in the manner of Anki's ``CollectionOp``).

``CommandOp(ctx, command, form)`` runs ``command(session, form, user=..., today=...)`` on the database
worker in one transaction, then on the GUI thread:

* ``Changes`` → ``ctx.announce`` (the status-bar line; every list showing a touched area reloads), then
  ``on_success(changes)``;
* ``EditConflict`` (a record changed meanwhile, e.g. by sync) → ``on_conflict(exc)`` or a clear prompt;
* ``ValidationError`` → ``on_field_errors(errors)`` (the form shows them under its fields, keeps what
  was typed; nothing was written);
* another ``UserError`` → ``on_failure(message)`` or the status bar;
* anything else is a bug: the crash dialog and the log.

Usage::

    CommandOp(ctx, save_record, form, parent=self).success(self._saved).field_errors(self.show).run()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from mos_desktop.errors import EditConflict, FieldError, UserError, ValidationError
from mos_desktop.views.common.context import AppContext

F = TypeVar("F")

Command = Callable[..., Any]  # (session, form, *, user, today) -> Changes


class CommandOp(Generic[F]):
    def __init__(
        self,
        ctx: AppContext,
        command: Command,
        form: F,
        *,
        parent: QWidget | None = None,
        busy_text: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.command = command
        self.form = form
        self.parent = parent
        self.busy_text = busy_text
        self._on_success: Callable[[Any], None] | None = None
        self._on_field_errors: Callable[[list[FieldError]], None] | None = None
        self._on_conflict: Callable[[EditConflict], None] | None = None
        self._on_failure: Callable[[str], None] | None = None
        self._on_finally: Callable[[], None] | None = None

    # --- routing (each returns self, so an op reads as one expression) --------------------------
    def success(self, fn: Callable[[Any], None]) -> CommandOp[F]:
        self._on_success = fn
        return self

    def field_errors(self, fn: Callable[[list[FieldError]], None]) -> CommandOp[F]:
        self._on_field_errors = fn
        return self

    def conflict(self, fn: Callable[[EditConflict], None]) -> CommandOp[F]:
        self._on_conflict = fn
        return self

    def failure(self, fn: Callable[[str], None]) -> CommandOp[F]:
        self._on_failure = fn
        return self

    def finally_(self, fn: Callable[[], None]) -> CommandOp[F]:
        self._on_finally = fn
        return self

    # --- running ---------------------------------------------------------------------------------
    def run(self) -> int:
        command, form = self.command, self.form
        user, today = self.ctx.user, self.ctx.today()
        return self.ctx.run_db(
            lambda s: command(s, form, user=user, today=today),
            self._done,
            self._failed,
            owner=self.parent,
            busy_text=self.busy_text,
            busy_parent=self.parent,
        )

    def _done(self, changes: Any) -> None:
        self._finish()
        from mos_desktop.changes import Changes

        if isinstance(changes, Changes):
            self.ctx.announce(changes)
        if self._on_success is not None:
            self._on_success(changes)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, EditConflict):
            if self._on_conflict is not None:
                self._on_conflict(exc)
            else:
                self._prompt_conflict(exc)
            if self._on_field_errors is not None:
                self._on_field_errors(exc.errors)
            return
        if isinstance(exc, ValidationError) and self._on_field_errors is not None:
            self._on_field_errors(exc.errors)
            return
        if isinstance(exc, UserError):
            if self._on_failure is not None:
                self._on_failure(exc.message)
            else:
                self.ctx.handle_error(exc)
            return
        self.ctx.handle_error(exc)

    def _finish(self) -> None:
        if self._on_finally is not None:
            self._on_finally()

    def _prompt_conflict(self, exc: EditConflict) -> None:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Запись изменена на другом рабочем месте")
        box.setText("Пока форма была открыта, эти поля изменили на другом рабочем месте:")
        box.setInformativeText(
            "\n".join(e.message for e in exc.errors)
            + "\n\nВаши значения остались в форме. Сохраните ещё раз, чтобы записать их поверх, "
            "или исправьте."
        )
        box.addButton("Понятно", QMessageBox.ButtonRole.AcceptRole)
        box.open()
        self.conflict_box = box
