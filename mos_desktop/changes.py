"""The write side's contract: every user action that writes is a *command*.

A command is a plain function in the core::

    def do_something(session: Session, form: SomeForm, *, user: str, today: date) -> Changes

It validates first and raises ``ValidationError`` (a list of ``FieldError``, each naming the field and the
fix in Russian) before writing anything; ``EditConflict`` when a record changed meanwhile (e.g. by sync)
under a field the user also changed. On success it returns ``Changes``: the areas and ids it touched and a
short Russian line for the status bar. The GUI (``views.common.operation.CommandOp``) and the CLI call the
same command; lists declare the areas they show and reload only when one of them changed.

Areas are the names below, never hand-typed strings: ``Area.CLIENTS``, ``Area.STOCK``, ...
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: ``uuid`` imports ``platform``, off the main window's start-up path
    import uuid


class Area(enum.StrEnum):
    """What a list shows and what a command touches. A list reloads when a command touches its area."""

    CLIENTS = "clients"
    CONTACTS = "contacts"
    SITES = "sites"
    EQUIPMENT = "equipment"
    INTERACTIONS = "interactions"
    INVOICES = "invoices"
    PAYMENTS = "payments"
    CALLS = "calls"
    PAYABLES = "payables"
    SHIPMENTS = "shipments"
    DOSTAVISTA = "dostavista"
    ITEMS = "items"
    LOCATIONS = "locations"
    STOCK = "stock"
    SUPPLIERS = "suppliers"
    PRICES = "prices"
    ORDERS = "orders"
    CONTRACTORS = "contractors"
    VISITS = "visits"
    JOBS = "jobs"
    SERVICE = "service"  # trainings, questions, claims, deals, pilots
    USERS = "users"
    DOCUMENTS = "documents"
    SYNC = "sync"


ALL_AREAS: frozenset[Area] = frozenset(Area)


@dataclass(frozen=True)
class Changes:
    """What a command changed: areas and record ids, plus a Russian line for the status bar."""

    areas: frozenset[Area] = frozenset()
    ids: frozenset[uuid.UUID] = frozenset()
    message: str = ""
    record_id: uuid.UUID | None = None  # the record the action was about (created or edited)

    @classmethod
    def of(
        cls,
        *areas: Area,
        ids: Iterable[uuid.UUID | None] = (),
        message: str = "",
        record_id: uuid.UUID | None = None,
    ) -> Changes:
        id_set = {i for i in ids if i is not None}
        if record_id is not None:
            id_set.add(record_id)
        return cls(frozenset(areas), frozenset(id_set), message, record_id)

    @classmethod
    def everything(cls, message: str = "") -> Changes:
        """After a bulk operation (demo data, sync pull, import): every list reloads."""
        return cls(ALL_AREAS, frozenset(), message)

    @property
    def empty(self) -> bool:
        return not self.areas

    def touches(self, areas: Iterable[Area]) -> bool:
        return not self.areas.isdisjoint(areas)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.areas | other.areas,
            self.ids | other.ids,
            "; ".join(m for m in (self.message, other.message) if m),
            self.record_id or other.record_id,
        )


NO_CHANGES = Changes()


@dataclass
class Snapshot:
    """The values a form was loaded with, by field name, so a save can tell "the user changed it" from
    "someone else changed it meanwhile" (``records.changed_fields``)."""

    values: dict[str, object] = field(default_factory=dict)
