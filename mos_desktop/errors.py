"""Typed errors that carry a user-facing Russian message.

Services raise these; the GUI shows ``message`` at the field or in the status bar, the CLI prints it to
stderr with exit code 1. Anything else is a bug and goes to the crash dialog / traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """An error the user can fix; ``message`` is Russian and names what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldError:
    field: str  # attribute name of the form / dataclass
    message: str  # Russian, names the field and the fix


class ValidationError(UserError):
    """One or more fields are wrong; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(e.message for e in self.errors))

    def for_field(self, field: str) -> str | None:
        for e in self.errors:
            if e.field == field:
                return e.message
        return None


class EditConflict(ValidationError):
    """Someone else (another workstation, through sync) changed a field this form also changed.

    ``current`` holds the database values of those fields: the form keeps what the user typed, takes
    them as its new snapshot, and a second save deliberately overwrites them.
    """

    def __init__(self, errors: list[FieldError], current: dict[str, object]) -> None:
        super().__init__(errors)
        self.current = current


class NotFoundError(UserError):
    pass


class DatabaseProblem(UserError):
    """The database file cannot be used (corrupt, newer schema, locked by another instance)."""


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Russian words (the OS's own text is English)."""
    import errno

    reasons = {
        errno.ENOENT: "файл или папка не найдены",
        errno.EACCES: "нет прав доступа",
        errno.EPERM: "нет прав доступа",
        errno.EISDIR: "это папка, а не файл",
        errno.ENOTDIR: "в пути есть файл вместо папки",
        errno.ENOSPC: "на диске нет места",
        errno.EROFS: "диск только для чтения",
        errno.EEXIST: "файл уже есть",
        errno.ENAMETOOLONG: "слишком длинное имя",
    }
    return reasons.get(exc.errno or 0, "ошибка чтения или записи")
