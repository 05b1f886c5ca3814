"""Demo data: a realistic, reproducible portfolio with its whole history and the coming weeks' work.

``generate_demo(session, clients=300, months=12, seed=1, today=...)`` fills an empty database. The same
seed and ``today`` give the same content (ids differ: they are UUIDv7 made at insert time). Every date
is derived from ``today``; nothing reads the wall clock except the rows' ``created_at`` stamps.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from mos_desktop.demo import (
    billing,
    care,
    catalogue,
    clients,
    contact_log,
    dostavista,
    logistics,
    purchasing,
    service,
    stock,
)
from mos_desktop.demo.context import Ctx
from mos_desktop.demo.summary import DemoSummary
from mos_desktop.errors import UserError
from mos_desktop.models import Base, Client
from mos_desktop.sync import capture

__all__ = ["DemoSummary", "generate_demo"]

MAX_CLIENTS = 100_000
_MISSING = object()
MAX_MONTHS = 36


def generate_demo(
    session: Session, *, clients: int = 300, months: int = 12, seed: int = 1, today: date
) -> DemoSummary:
    """Generate the demo dataset into an empty database (raises ``UserError`` if it has clients)."""
    if not 1 <= clients <= MAX_CLIENTS:
        raise UserError(f"Количество клиентов: укажите число от 1 до {MAX_CLIENTS:,}".replace(",", " "))
    if not 1 <= months <= MAX_MONTHS:
        raise UserError(f"Количество месяцев: укажите число от 1 до {MAX_MONTHS}")
    existing = session.scalar(select(func.count()).select_from(Client))
    if existing:
        raise UserError(
            f"В базе уже есть клиенты ({existing}): демо-данные загружаются только в пустую базу, "
            "чтобы не смешаться с настоящими. Создайте новую базу (параметр --db) и загрузите демо-данные в неё."
        )
    ctx = Ctx(seed=seed, today=today, months=months, clients=clients)
    _build(ctx)
    _insert(session, ctx)
    return DemoSummary.from_rows(ctx.rows)


def _build(ctx: Ctx) -> None:
    catalogue.make_items(ctx)
    catalogue.make_locations(ctx)
    catalogue.make_suppliers(ctx)
    catalogue.make_partner_agreements(ctx)
    clients.make_clients(ctx)
    contact_log.make_installed_equipment(ctx)
    contact_log.make_onboarding(ctx)
    contact_log.make_interactions(ctx)
    billing.make_billing(ctx)
    buying = purchasing.Purchasing(ctx)
    buying.open_pipeline()
    book = stock.StockBook(ctx, buying)
    logistics.make_shipments(ctx, book)
    service.make_contractors(ctx)
    service.make_service_contracts(ctx)
    service.plan_visits(ctx, book)
    service.make_install_jobs(ctx)
    stock.schedule_housekeeping(ctx, book)
    book.run()
    buying.payables()
    purchasing.rent_payables(ctx, ctx.rng("rent"))
    logistics.make_carrier_payables(ctx)
    service.make_contractor_payables(ctx)
    care.make_questions(ctx)
    care.make_trainings(ctx)
    care.make_deals(ctx)
    care.make_claims(ctx)
    care.make_feedback(ctx)
    care.make_documents(ctx)
    dostavista.make_dostavista(ctx)


def _insert(session: Session, ctx: Ctx) -> None:
    """Bulk inserts, parents before children (foreign keys are checked per statement).

    One ``executemany`` per table with every column listed: values go through the column types' own
    bind processors (the same storage format as any ORM write), columns a row leaves out get their
    Python-side defaults (``version`` 0, ``created_at`` now, ...). This skips SQLAlchemy's per-row
    parameter bookkeeping, which dominates at 30,000 clients. Written with sync capture suspended:
    demo rows must never be queued for the shared server.
    """
    connection = session.connection()
    dialect = connection.dialect
    by_table = {model.__table__: model for model in ctx.rows}  # type: ignore[attr-defined]
    filled = [t for t in Base.metadata.sorted_tables if ctx.rows.get(by_table.get(t))]  # type: ignore[arg-type]
    with capture.suspended(connection, [t.name for t in filled]):
        for table in filled:
            rows = ctx.rows[by_table[table]]
            if dialect.name == "sqlite":
                _insert_sqlite(connection, table, rows)
            else:
                connection.execute(insert(table), [_complete(table, row) for row in rows])


def _insert_sqlite(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    dialect = connection.dialect
    columns = list(table.columns)
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    defaults = [_default(c) for c in columns]
    keys = [c.key for c in columns]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    spec = []
    for key, process, default in zip(keys, processors, defaults, strict=True):
        ready = process(default) if process is not None and default is not None else default
        spec.append((key, process, ready))
    params = [
        tuple(
            [
                ready
                if (value := row.get(key, _MISSING)) is _MISSING
                else process(value)
                if process and value is not None
                else value
                for key, process, ready in spec
            ]
        )
        for row in rows
    ]
    connection.exec_driver_sql(sql, params)


def _complete(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    return {c.key: row.get(c.key, _default(c)) for c in table.columns}


def _default(column: Any) -> Any:
    """The value SQLAlchemy would put in a column left out of an INSERT (Python-side default)."""
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)
    raise AssertionError(f"demo: unsupported default on {column}")
