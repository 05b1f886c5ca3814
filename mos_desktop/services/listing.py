"""The contract between list services and the generic list views.

A list service is ``def list_something(session: Session, *, today: date) -> Listing``. It returns plain
values (no ORM objects) in column order; the view formats them by ``Column.kind``:
``text``, ``int``, ``money`` (int kopecks → "1 234,56 ₽"), ``date`` (→ dd.MM.yyyy), ``datetime``
(aware, shown in Europe/Moscow), ``bool`` (→ "да"/""), ``status`` (text, tinted by ``Row.level``).

``TABS`` declares, once, which lists each main-window tab shows, in what order, with which empty text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

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


@dataclass
class Listing:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    summary: str = ""  # one Russian line under the list: "Долг всего: 1 234 567,00 ₽ у 42 клиентов"


ListFunc = Callable[..., Listing]


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: str  # Russian sub-tab title
    func: str  # dotted path "mos_desktop.services.payments:list_invoices"
    empty_text: str  # Russian: what the list is and what to do to fill it


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    lists: tuple[ListSpec, ...]


TABS: tuple[TabSpec, ...] = (
    TabSpec(
        "today",
        "Сегодня",
        (
            ListSpec(
                "agenda",
                "Дела на сегодня",
                "mos_desktop.services.today:list_agenda",
                "На сегодня дел нет. Дела появятся из звонков должникам, доставок, обучений и выездов.",
            ),
        ),
    ),
    TabSpec(
        "portfolio",
        "Портфель",
        (
            ListSpec(
                "clients",
                "Клиенты",
                "mos_desktop.services.clients:list_clients",
                "Клиентов пока нет. Импортируйте список (Файл → Импорт клиентов) или добавьте клиента (Ctrl+N).",
            ),
        ),
    ),
    TabSpec(
        "payments",
        "Платежи",
        (
            ListSpec(
                "calls",
                "Обзвон должников",
                "mos_desktop.services.payments:list_call_list",
                "Должников нет. Список обзвона собирается с 20-го числа из неоплаченных счетов.",
            ),
            ListSpec(
                "invoices",
                "Счета",
                "mos_desktop.services.payments:list_invoices",
                "Счетов нет. Счета на абонентскую плату выставляются 15-го числа.",
            ),
            ListSpec(
                "payments",
                "Поступления",
                "mos_desktop.services.payments:list_payments",
                "Поступлений нет. Загрузите выписку банка в формате 1С.",
            ),
            ListSpec(
                "payables",
                "К оплате",
                "mos_desktop.services.payments:list_payables",
                "Счетов к оплате нет. Сюда попадают счета поставщиков, ТК и подрядчиков.",
            ),
        ),
    ),
    TabSpec(
        "logistics",
        "Логистика",
        (
            ListSpec(
                "shipments",
                "Отгрузки",
                "mos_desktop.services.logistics:list_shipments",
                "Отгрузок нет. Создайте отгрузку клиенту (Ctrl+N).",
            ),
            ListSpec(
                "documents",
                "Закрывающие документы",
                "mos_desktop.services.logistics:list_unsigned_documents",
                "Все закрывающие документы подписаны и возвращены.",
            ),
            ListSpec(
                "dostavista",
                "Баланс Достависты",
                "mos_desktop.services.logistics:list_dostavista",
                "Операций по балансу Достависты нет. Внесите пополнение баланса.",
            ),
        ),
    ),
    TabSpec(
        "warehouse",
        "Склад Румянцево",
        (
            ListSpec(
                "balances",
                "Остатки",
                "mos_desktop.services.warehouse:list_balances",
                "Остатков нет. Примите товар от поставщика, чтобы он появился на складе.",
            ),
            ListSpec(
                "moves", "Движения", "mos_desktop.services.warehouse:list_moves", "Движений товара нет."
            ),
        ),
    ),
    TabSpec(
        "suppliers",
        "Поставщики",
        (
            ListSpec(
                "orders",
                "Заказы поставщикам",
                "mos_desktop.services.suppliers:list_purchase_orders",
                "Заказов нет. Создайте заказ у поставщика с лучшей ценой.",
            ),
            ListSpec(
                "prices",
                "Цены",
                "mos_desktop.services.suppliers:list_prices",
                "Цен поставщиков нет. Внесите прайс поставщика.",
            ),
            ListSpec(
                "suppliers",
                "Поставщики",
                "mos_desktop.services.suppliers:list_suppliers",
                "Поставщиков нет. Добавьте поставщика (Ctrl+N).",
            ),
        ),
    ),
    TabSpec(
        "contractors",
        "Подрядчики",
        (
            ListSpec(
                "visits",
                "Выезды",
                "mos_desktop.services.contractors:list_visits",
                "Выездов нет. Плановые и аварийные выезды появятся здесь.",
            ),
            ListSpec(
                "jobs",
                "Работы подрядчиков",
                "mos_desktop.services.contractors:list_jobs",
                "Работ подрядчиков нет.",
            ),
            ListSpec(
                "contractors",
                "Подрядчики",
                "mos_desktop.services.contractors:list_contractors",
                "Подрядчиков нет. Добавьте подрядчика (Ctrl+N).",
            ),
        ),
    ),
)


def resolve(func_path: str) -> ListFunc:
    import importlib

    module_name, _, attr = func_path.partition(":")
    func: ListFunc = getattr(importlib.import_module(module_name), attr)
    return func


def run_list(session: Session, spec: ListSpec, *, today: date) -> Listing:
    return resolve(spec.func)(session, today=today)
