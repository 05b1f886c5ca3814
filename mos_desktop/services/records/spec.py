"""Declared records: the fields of a simple record kind, parsed and checked the same way everywhere.

A ``RecordSpec`` names a model, the area its commands touch, and its fields (``FieldSpec``: the Russian
label from the area's label table, how the typed text is parsed, what is required). The generic commands
in ``records.commands`` validate a ``RecordForm`` against the spec, detect edit conflicts against the
loaded snapshot and write; the record dialog in the views builds its widgets from the same spec, so the
form, its messages, the CLI and the import preview use the same words.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from mos_desktop.changes import Area

FieldKind = Literal["text", "multiline", "int", "bool", "date", "money", "choice", "ref"]

Check = Callable[[str], str | None]  # typed text -> Russian message naming the field and the fix, or None


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the model attribute
    label: str  # Russian, from the area's label table
    kind: FieldKind = "text"
    required: bool = False
    max_length: int = 0  # 0: the column's own limit is not checked here
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Russian label) for kind "choice"
    ref: str = ""  # the record kind a "ref" field points to (client, item, location, supplier, ...)
    check: Check | None = None
    minimum: int | None = None  # for "int"
    maximum: int | None = None
    placeholder: str = ""
    hint: str = ""  # a short Russian help line shown as the tooltip


@dataclass(frozen=True)
class RecordSpec:
    kind: str  # "supplier", "item", ...
    title: str  # Russian: «Поставщик»
    title_new: str  # Russian: «Новый поставщик»
    model: type[Any]
    area: Area
    fields: tuple[FieldSpec, ...]
    name_field: str = "name"  # what identifies the record to a person (dialog title, messages)
    unique: tuple[str, ...] = ()  # fields whose value must be unique among live records
    parent: str = ""  # the foreign key to the owning record (contacts: "client_id"), set from the form
    archivable: bool = True  # True: an ``archived`` flag; False: delete makes a tombstone
    extra_areas: tuple[Area, ...] = ()
    validate: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None  # cross-field checks

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def labels(self) -> dict[str, str]:
        return {f.name: f.label for f in self.fields}


@dataclass
class RecordForm:
    """What the user typed (``values`` by field name: str for text, bool, date or None, uuid for refs)
    and the snapshot it was loaded with (``loaded``: the stored values; None for a new record)."""

    kind: str
    id: uuid.UUID | None = None
    values: dict[str, Any] = field(default_factory=dict)
    loaded: dict[str, Any] | None = None
    parent_id: uuid.UUID | None = None
    archived: bool = False


@dataclass(frozen=True)
class ArchiveForm:
    kind: str
    id: uuid.UUID
    restore: bool = False


@dataclass(frozen=True)
class Option:
    """One choice of a reference picker."""

    id: uuid.UUID
    label: str  # what the picker shows: «ДТ-001 Считыватель Mifare»
    search: str = ""  # lower-case text typed search matches (label when empty)


def shown_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
