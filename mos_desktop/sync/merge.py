"""The per-column three-way merge, decided on the server side of a push (pure logic, no I/O).

For each column an op changed: if the server already has my value, nothing to do; if it still has the
base value my edit replaced, apply mine; otherwise keep the server's value and record a conflict
(base, mine, theirs). ``updated_at``/``updated_by`` are stamps, never conflicts. No clock decides anything.

Tombstones win: once a row is deleted on the server, a later edit of it is rejected with a reason (its
values stay in the workstation's rejected list, so nothing is lost) and an undelete is impossible.
Ledger tables need no special case: their rows are only inserted, with keys made on the workstation, so
two workstations' inserts never touch the same row and the merge is their union.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mos_desktop.sync.tables import BOOKKEEPING, STAMPS, TableSpec, canonical

DELETED_REASON = (
    "Запись удалена на другом рабочем месте; изменение не применено (значения сохранены в списке "
    "отклонённых изменений)"
)
MISSING_REASON = "Записи нет в общей базе (её создание не было принято сервером); изменение не применено"


@dataclass
class Op:
    seq: int
    op_id: str
    table: str
    row_id: str
    kind: str  # insert | update | delete
    cols: dict[str, Any]
    base: dict[str, Any] | None


@dataclass
class Decision:
    action: str  # insert | update | noop | reject
    values: dict[str, Any] = field(default_factory=dict)  # canonical values to write
    conflicts: list[tuple[str, Any, Any, Any]] = field(default_factory=list)  # column, base, mine, theirs
    reason: str = ""
    theirs_by: str = ""  # who made the server's value (its row's updated_by): a person's name
    theirs_seq: int | None = None  # the server row's version (change-log seq) before this op


def _canon(values: dict[str, Any] | None, spec: TableSpec) -> dict[str, Any]:
    return {c: canonical(v, spec.kinds[c]) for c, v in (values or {}).items() if c not in BOOKKEEPING}


CREATION = frozenset({"created_at", "created_by"})


def decide(op: Op, row: dict[str, Any] | None, spec: TableSpec) -> Decision:
    """What to do with one op given the server's current row (canonical values, or None)."""
    unknown = sorted(set(op.cols) - set(spec.kinds))
    if unknown:
        return Decision("reject", reason=f"Общая база не знает полей {', '.join(unknown)}: обновите её")
    mine_all = _canon(op.cols, spec)
    if op.kind == "insert":
        if row is None:
            return Decision("insert", values=mine_all)
        # It exists already (the same client added on two workstations: ids.client_id_for_inn): merge
        # against nothing; who created it first stays, that is no conflict.
        base: dict[str, Any] = {c: None for c in mine_all}
        mine_all = {c: v for c, v in mine_all.items() if c not in CREATION}
    else:
        if row is None:
            return Decision("reject", reason=MISSING_REASON)
        base = _canon(op.base, spec)
    if row.get("deleted_at") is not None:
        if set(mine_all) - STAMPS <= {"deleted_at"} and mine_all.get("deleted_at") is not None:
            return Decision("noop")  # deleting a deleted row
        return Decision("reject", reason=DELETED_REASON)
    apply: dict[str, Any] = {}
    conflicts = []
    for col, mine in mine_all.items():
        if col in STAMPS or col == spec.pk:
            continue
        theirs = row.get(col)
        if theirs == mine:
            continue
        if theirs == base.get(col):
            apply[col] = mine
        else:
            conflicts.append((col, base.get(col), mine, theirs))
    who = str(row.get("updated_by") or "")
    seq = row.get("version")
    seq = int(seq) if isinstance(seq, int | str) and str(seq).isdigit() else None
    if not apply:
        return Decision("noop", conflicts=conflicts, theirs_by=who, theirs_seq=seq)
    apply.update({c: v for c, v in mine_all.items() if c in STAMPS})
    return Decision("update", values=apply, conflicts=conflicts, theirs_by=who, theirs_seq=seq)
