"""The contract between list services and the generic list views.

A list service is ``def list_something(session: Session, *, today: date) -> Listing``. It returns plain
values (no ORM objects) in column order; the view formats them by ``Column.kind``:
``text``, ``int``, ``money`` (int kopecks → "1 234,56 ₽"), ``date`` (→ dd.MM.yyyy), ``datetime``
(aware, shown in Europe/Moscow), ``bool`` (→ "да"/""), ``status`` (text, tinted by ``Row.level``).

``LISTS`` declares every list once (its rows' service, the areas it shows, its record kind); the views
declare how tabs show them (``views/tabs.py``). Rows are read by column key (``Listing.value``), never by
position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from mos_desktop.changes import Area

if TYPE_CHECKING:  # the views import this module; keep SQLAlchemy (and uuid) off their start-up path
    import uuid

    from sqlalchemy.orm import Session

ColumnKind = Literal["text", "int", "money", "date", "datetime", "bool", "status"]
Level = Literal["", "info", "warning", "danger", "ok"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # Russian header
    kind: ColumnKind = "text"
    width: int | None = None  # initial width in characters; None = fit
    stretch: bool = False  # takes the remaining width


@dataclass
class Row:
    id: uuid.UUID | None  # the record a double-click / Enter opens (None: not openable)
    values: tuple[Any, ...]
    level: Level = ""  # tint: overdue = "danger", due soon = "warning", done = "ok"
    search_text: str = ""  # lower-case text the search box matches; empty = all text values joined
    kind: str = ""  # what ``id`` is ("client", "invoice", ...) when one list mixes kinds
    ref: uuid.UUID | None = None  # a second record the row is about (a balance row: its location)


@dataclass
class Listing:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    summary: str = ""  # one Russian line under the list: "Долг всего: 1 234 567,00 ₽ у 42 клиентов"

    def index_of(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def value(self, row: Row, key: str) -> Any:
        """A row's value by column key (rows are never read by position)."""
        return row.values[self.index_of(key)]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts by column key (reports, tests)."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row.values, strict=True)) for row in self.rows]


ListFunc = Callable[..., Listing]


@dataclass(frozen=True)
class ListSource:
    """A list the app can show or report: where its rows come from and which areas it shows.

    ``areas``: a command whose ``Changes`` touch one of them makes the list reload (nothing else does).
    ``kind``: the record kind of its rows (``Row.kind`` overrides it in mixed lists such as Сегодня).
    How a list looks in a tab (title, empty text, actions) is the views' business (``views/tabs.py``).
    """

    key: str
    func: str  # dotted path "mos_desktop.services.payments.lists:list_invoices"
    areas: frozenset[Area]
    kind: str = ""


def _source(key: str, func: str, kind: str, *areas: Area) -> ListSource:
    return ListSource(key, func, frozenset(areas), kind)


# Every list, once; ``mos-desktop report <key>`` prints any of them.
LISTS: dict[str, ListSource] = {
    s.key: s
    for s in (
        _source(
            "agenda",
            "mos_desktop.services.today:list_agenda",
            "",
            *tuple(Area),  # the day's work is drawn from every area
        ),
        _source(
            "clients",
            "mos_desktop.services.clients:list_clients",
            "client",
            Area.CLIENTS,
            Area.INVOICES,
            Area.PAYMENTS,
            Area.INTERACTIONS,
            Area.USERS,
        ),
        _source(
            "calls",
            "mos_desktop.services.payments.lists:list_call_list",
            "client",
            Area.CALLS,
            Area.INVOICES,
            Area.PAYMENTS,
            Area.CLIENTS,
        ),
        _source(
            "invoices",
            "mos_desktop.services.payments.lists:list_invoices",
            "invoice",
            Area.INVOICES,
            Area.PAYMENTS,
            Area.CLIENTS,
        ),
        _source(
            "receivables",
            "mos_desktop.services.payments.receivables:list_receivables",
            "client",
            Area.INVOICES,
            Area.PAYMENTS,
            Area.CLIENTS,
        ),
        _source(
            "debtors",
            "mos_desktop.services.payments.receivables:list_debtors",
            "invoice",
            Area.INVOICES,
            Area.PAYMENTS,
            Area.CLIENTS,
        ),
        _source(
            "payments",
            "mos_desktop.services.payments.lists:list_payments",
            "payment",
            Area.PAYMENTS,
            Area.CLIENTS,
        ),
        _source(
            "payables",
            "mos_desktop.services.payments.lists:list_payables",
            "payable",
            Area.PAYABLES,
            Area.SUPPLIERS,
            Area.CONTRACTORS,
        ),
        _source(
            "shipments",
            "mos_desktop.services.logistics:list_shipments",
            "shipment",
            Area.SHIPMENTS,
            Area.CLIENTS,
        ),
        _source(
            "documents",
            "mos_desktop.services.logistics:list_unsigned_documents",
            "shipment",
            Area.SHIPMENTS,
            Area.DOCUMENTS,
            Area.CLIENTS,
        ),
        _source(
            "issued_documents",
            "mos_desktop.documents.register:list_issued_documents",
            "issued_document",
            Area.DOCUMENTS,
            Area.SHIPMENTS,
            Area.CLIENTS,
        ),
        _source(
            "dostavista",
            "mos_desktop.services.logistics:list_dostavista",
            "dostavista_entry",
            Area.DOSTAVISTA,
        ),
        _source(
            "balances",
            "mos_desktop.services.stock.lists:list_balances",
            "item",
            Area.STOCK,
            Area.ITEMS,
            Area.LOCATIONS,
        ),
        _source(
            "moves",
            "mos_desktop.services.stock.lists:list_moves",
            "stock_move",
            Area.STOCK,
            Area.ITEMS,
            Area.LOCATIONS,
        ),
        _source(
            "serials",
            "mos_desktop.services.stock.lists:list_serials",
            "item",
            Area.STOCK,
            Area.ITEMS,
            Area.LOCATIONS,
            Area.CLIENTS,
        ),
        _source(
            "counts",
            "mos_desktop.services.stock.lists:list_counts",
            "stock_count",
            Area.STOCK,
            Area.LOCATIONS,
        ),
        _source(
            "discrepancies",
            "mos_desktop.services.stock.lists:list_discrepancies",
            "",
            Area.STOCK,
            Area.ITEMS,
            Area.LOCATIONS,
        ),
        _source("items", "mos_desktop.services.records.lists:list_items", "item", Area.ITEMS, Area.STOCK),
        _source("locations", "mos_desktop.services.records.lists:list_locations", "location", Area.LOCATIONS),
        _source(
            "orders",
            "mos_desktop.services.purchasing.lists:list_purchase_orders",
            "purchase_order",
            Area.ORDERS,
            Area.SUPPLIERS,
        ),
        _source(
            "overdue_orders",
            "mos_desktop.services.purchasing.orders:list_overdue_orders",
            "purchase_order",
            Area.ORDERS,
            Area.SUPPLIERS,
        ),
        _source(
            "best_prices",
            "mos_desktop.services.purchasing.prices:list_best_prices",
            "supplier_price",
            Area.PRICES,
            Area.SUPPLIERS,
            Area.ITEMS,
        ),
        _source(
            "prices",
            "mos_desktop.services.purchasing.lists:list_prices",
            "supplier_price",
            Area.PRICES,
            Area.SUPPLIERS,
            Area.ITEMS,
        ),
        _source(
            "partner_agreements",
            "mos_desktop.services.records.lists:list_partner_agreements",
            "partner_agreement",
            Area.SUPPLIERS,
            Area.CONTRACTORS,
        ),
        _source(
            "goods_requests",
            "mos_desktop.services.purchasing.requests:list_goods_requests",
            "goods_request",
            Area.ORDERS,
            Area.SUPPLIERS,
            Area.CLIENTS,
        ),
        _source(
            "suppliers",
            "mos_desktop.services.purchasing.lists:list_suppliers",
            "supplier",
            Area.SUPPLIERS,
            Area.ORDERS,
        ),
        _source(
            "visits",
            "mos_desktop.services.contractors:list_visits",
            "service_visit",
            Area.VISITS,
            Area.CLIENTS,
            Area.CONTRACTORS,
        ),
        _source(
            "jobs",
            "mos_desktop.services.contractors:list_jobs",
            "contractor_job",
            Area.JOBS,
            Area.CONTRACTORS,
            Area.CLIENTS,
        ),
        _source(
            "contractors",
            "mos_desktop.services.contractors:list_contractors",
            "contractor",
            Area.CONTRACTORS,
            Area.JOBS,
        ),
        _source("users", "mos_desktop.services.records.lists:list_users", "user", Area.USERS),
    )
}


def resolve(func_path: str) -> ListFunc:
    import importlib

    module_name, _, attr = func_path.partition(":")
    func: ListFunc = getattr(importlib.import_module(module_name), attr)
    return func


def run_list(session: Session, source: ListSource | str, *, today: date) -> Listing:
    if isinstance(source, str):
        source = LISTS[source]
    return resolve(source.func)(session, today=today)
