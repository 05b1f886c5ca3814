"""Human names of synced records, for the conflict and rejected lists: WHICH client, invoice or stock move is meant.

Driven by the table specs (no per-table code): a record is named by its first naming column that is filled
in (``name``, ``full_name``, ``title``, ``number``, ``subject``, ``serial``, ...); one without a name of
its own but with ``client_id`` by the client and a short id; anything else by a short id. Deleted
rows keep their name (a conflict may refer to one). Runs in the worker, never on the GUI thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from mos_desktop.db import Database
from mos_desktop.sync import commands
from mos_desktop.sync.tables import TableSpec, canonical, specs

NAME_COLUMNS = (
    "name",
    "full_name",
    "title",
    "number",
    "subject",
    "partner_name",
    "work_name",
    "serial",
    "code",
)
CHUNK = 500  # SQLite's bound-parameter limit is far above; keeps statements small


def name_columns(spec: TableSpec) -> list[str]:
    """The text columns that can name a record of this table, best first."""
    return [c for c in NAME_COLUMNS if spec.kinds.get(c) == "text"]


def short_id(row_id: Any) -> str:
    """The random tail of a UUIDv7 (its head is a timestamp, alike for rows made together)."""
    text = str(row_id).replace("-", "")
    return "#" + text[-8:] if text else "—"


def record_names(db: Database, refs: Iterable[tuple[str, Any]]) -> dict[tuple[str, str], str]:
    """``{(table, canonical row id): name}`` for the given (table, row id) pairs. Unknown tables and
    missing rows get a short id; a row with no name of its own but a client is «client, #id»."""
    table_specs = specs()
    wanted: dict[str, set[str]] = defaultdict(set)
    names: dict[tuple[str, str], str] = {}
    for table, row_id in refs:
        key = canonical(row_id, "uuid")
        names[(table, key)] = short_id(key)
        if table in table_specs:
            wanted[table].add(key)
    client_of: dict[tuple[str, str], str] = {}
    with db.engine.connect() as conn:
        for table, ids in wanted.items():
            spec = table_specs[table]
            columns = name_columns(spec)
            has_client = table != "clients" and spec.kinds.get("client_id") == "uuid"
            selected = [*columns, *(["client_id"] if has_client else [])]
            if not selected:
                continue
            for key, *values in _rows(conn, spec, selected, sorted(ids)):
                own = values[: len(columns)]
                text = next((str(v).strip() for v in own if v is not None and str(v).strip()), "")
                if text:
                    names[(table, key)] = text
                elif has_client and values[-1] is not None:
                    client_of[(table, key)] = canonical(values[-1], "uuid")
        if client_of and "clients" in table_specs:
            wanted_clients = sorted(set(client_of.values()))
            clients = {
                row[0]: str(row[1]) for row in _rows(conn, table_specs["clients"], ["name"], wanted_clients)
            }
            for ref, client_id in client_of.items():
                if clients.get(client_id):
                    names[ref] = f"{clients[client_id]}, {short_id(ref[1])}"
    return names


def _rows(conn: Any, spec: TableSpec, columns: list[str], ids: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    selected = ", ".join(f'"{c}"' for c in [spec.pk, *columns])
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in part)
        rows = conn.exec_driver_sql(
            f'SELECT {selected} FROM "{spec.name}" WHERE "{spec.pk}" IN ({marks})', tuple(part)
        ).fetchall()
        out.extend((canonical(r[0], "uuid"), *r[1:]) for r in rows)
    return out


def conflicts_with_records(db: Database) -> list[dict[str, Any]]:
    """The open conflicts (``commands.list_conflicts``), each with ``record``: the record's human name."""
    return with_records(db, commands.list_conflicts(db))


def rejected_with_records(db: Database) -> list[dict[str, Any]]:
    """The changes the server refused (``commands.list_rejected``), each with ``record``."""
    return with_records(db, commands.list_rejected(db))


def with_records(db: Database, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds ``record`` (the human name) to each item that has ``table`` and ``row_id``."""
    names = record_names(db, ((i["table"], i["row_id"]) for i in items))
    for item in items:
        key = (item["table"], canonical(item["row_id"], "uuid"))
        item["record"] = names.get(key, short_id(item["row_id"]))
    return items
