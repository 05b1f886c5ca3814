"""Helpers for the sync tests: a prepared shared PostgreSQL and several local replicas (SQLite files)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import psycopg

from mos_desktop.db import Database
from mos_desktop.models import Client, ClientStatus, Item, Location, LocationKind, StockMove
from mos_desktop.sync.engine import SyncReport, sync_once


def sync(database: Database, dsn: str, **kwargs: Any) -> SyncReport:
    return sync_once(database, dsn, **kwargs)


def new_client(database: Database, name: str = "ООО Ромашка", **kw: Any) -> uuid.UUID:
    values: dict[str, Any] = dict(
        name=name,
        legal_name=name,
        inn="7707083893",
        kpp="",
        ogrn="",
        status=ClientStatus.ACTIVE,
        manager="Иванова",
        monthly_fee_kop=1_000_00,
        contract_number="",
        phone="",
        email="",
        legal_address="",
        postal_address="",
        churn_risk=False,
        notes="",
    )
    values.update(kw)
    with database.session() as s:
        client = Client(**values)
        s.add(client)
    return client.id


def edit(database: Database, model: Any, row_id: uuid.UUID, **values: Any) -> None:
    with database.session() as s:
        obj = s.get(model, row_id)
        assert obj is not None
        for k, v in values.items():
            setattr(obj, k, v)


def get(database: Database, model: Any, row_id: uuid.UUID) -> Any:
    with database.session() as s:
        return s.get(model, row_id)


def new_stock(database: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with database.session() as s:
        item = Item(sku="RD-1", name="Считыватель")
        a = Location(code="SUP", name="Поставщик", kind=LocationKind.SUPPLIER)
        b = Location(code="RUM", name="Румянцево", kind=LocationKind.WAREHOUSE)
        s.add_all([item, a, b])
    return item.id, a.id, b.id


def move(database: Database, item: uuid.UUID, src: uuid.UUID, dst: uuid.UUID, qty: int) -> uuid.UUID:
    with database.session() as s:
        m = StockMove(
            item_id=item, quantity=qty, from_location_id=src, to_location_id=dst, moved_on=date(2026, 11, 23)
        )
        s.add(m)
    return m.id


def outbox(database: Database) -> list[tuple[Any, ...]]:
    with database.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql("SELECT table_name, kind, cols FROM sync_outbox ORDER BY seq")
        ]


def conflicts(database: Database) -> list[dict[str, Any]]:
    with database.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT table_name, row_id, column_name, base, mine, theirs, mine_by, theirs_by FROM sync_conflicts"
        ).fetchall()
    keys = ("table", "row_id", "column", "base", "mine", "theirs", "mine_by", "theirs_by")
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for c in out:
        for k in ("base", "mine", "theirs"):
            c[k] = json.loads(c[k])
    return out


def table_dump(database: Database, table: str) -> list[tuple[Any, ...]]:
    with database.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id")]


def server_rows(dsn: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as pg:
        return [tuple(r) for r in pg.execute(query, params).fetchall()]


WAIT_S = 30.0  # generous, for a loaded 2-core CI machine: passing takes well under a second when idle


def wait_for(check: Callable[[], bool], seconds: float = WAIT_S) -> bool:
    """Poll ``check`` until it holds or ``seconds`` pass; the last answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return check()
