"""Russian names for synced tables and columns (the main ones; anything else falls back to the raw name)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")

# The real menu item of the main window (views/main_window.py: menu «Сервис», action «Общая база…»);
# every message that sends the user to the settings names it this way.
SETTINGS_MENU = "«Сервис → Общая база…»"

TABLES = {
    "clients": "Клиенты",
    "contact_persons": "Контактные лица",
    "sites": "Объекты",
    "installed_equipment": "Оборудование у клиента",
    "fee_changes": "Изменения абонплаты",
    "interactions": "Взаимодействия",
    "invoices": "Счета",
    "invoice_lines": "Строки счетов",
    "payments": "Платежи",
    "payment_allocations": "Разнесение платежей",
    "collection_calls": "Звонки по оплате",
    "payables": "Кредиторка",
    "shipments": "Отгрузки",
    "shipment_lines": "Строки отгрузок",
    "suppliers": "Поставщики",
    "supplier_prices": "Цены поставщиков",
    "purchase_orders": "Заказы поставщикам",
    "contractors": "Подрядчики",
    "contractor_jobs": "Работы подрядчиков",
    "items": "Номенклатура",
    "locations": "Места хранения",
    "stock_moves": "Движения склада",
    "serial_numbers": "Серийные номера",
    "deals": "Сделки",
    "claims": "Претензии",
    "service_visits": "Выезды",
    "visit_parts": "Запчасти на выездах",
    "service_contracts": "Договоры на обслуживание",
    "cloud_onboardings": "Подключения к облаку",
    "contractor_contracts": "Договоры подрядчиков",
    "contractor_rates": "Расценки подрядчиков",
    "feedback": "Отзывы клиентов",
    "issued_documents": "Выданные документы",
    "partner_agreements": "Партнёрские соглашения",
    "questions": "Вопросы клиентов",
    "trainings": "Обучения",
    "pilots": "Пилоты",
    "stock_counts": "Инвентаризации",
    "stock_count_lines": "Строки инвентаризаций",
    "dostavista_entries": "Баланс Достависты",
    "purchase_order_lines": "Строки заказов поставщикам",
    "sync_conflicts": "Конфликты синхронизации",
}

COLUMNS = {
    "name": "Название",
    "legal_name": "Юр. наименование",
    "inn": "ИНН",
    "kpp": "КПП",
    "ogrn": "ОГРН",
    "status": "Статус",
    "manager": "Менеджер",
    "monthly_fee_kop": "Абонплата",
    "fee_start_date": "Начало абонплаты",
    "contract_number": "Номер договора",
    "contract_date": "Дата договора",
    "phone": "Телефон",
    "email": "Эл. почта",
    "legal_address": "Юр. адрес",
    "postal_address": "Почтовый адрес",
    "address": "Адрес",
    "churn_risk": "Риск ухода",
    "notes": "Заметки",
    "full_name": "ФИО",
    "position": "Должность",
    "amount_kop": "Сумма",
    "number": "Номер",
    "date": "Дата",
    "due_date": "Срок оплаты",
    "quantity": "Количество",
    "comment": "Комментарий",
    "deleted_at": "Удаление",
}

KINDS = {"insert": "добавление", "update": "изменение", "delete": "удаление"}


def table_title(name: str) -> str:
    return TABLES.get(name, name)


def column_title(name: str) -> str:
    return COLUMNS.get(name, name)


def kind_title(kind: str) -> str:
    return KINDS.get(kind, kind)


def value_text(column: str, value: Any) -> str:
    """A conflict value as the user would read it: money in roubles, empty as a dash."""
    if value is None or value == "":
        return "—"
    if column.endswith("_kop") and isinstance(value, int):
        from mos_desktop.money import format_rub

        return format_rub(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def when_text(value: Any) -> str:
    """A stored UTC timestamp (datetime or ISO text) as Moscow time «23.11.2026 10:42»."""
    moment = parse_moment(value)
    return moment.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M") if moment is not None else ""


def parse_moment(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
