"""Russian names for synced tables, columns and change kinds, and values and times as a user reads them.

No Qt here: the command line (``sync conflicts``, ``sync rejected``, ``sync status``) and the sync panel
(``views.sync.labels`` re-exports these names) print the same words. Anything unknown falls back to the raw
name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")

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
    "purchase_order_steps": "Этапы заказов поставщикам",
    "purchase_attachments": "Файлы приёмки",
    "goods_requests": "Запросы нестандартного товара",
    "goods_request_answers": "Ответы поставщиков на запросы",
    "sync_conflicts": "Конфликты синхронизации",
    "users": "Сотрудники",
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
    "login": "Логин",
    "role": "Роль",
    "archived": "В архиве",
    "position": "Должность",
    "amount_kop": "Сумма",
    "number": "Номер",
    "date": "Дата",
    "due_date": "Срок оплаты",
    "quantity": "Количество",
    "comment": "Комментарий",
    "deleted_at": "Удаление",
    # money
    "total_kop": "Сумма",
    "cost_kop": "Стоимость",
    "price_kop": "Цена",
    "vat_kop": "НДС",
    "monthly_kop": "Сумма в месяц",
    "promise_kop": "Обещанная сумма",
    "supplier_invoice_kop": "Сумма счёта поставщика",
    "vat_mode": "Режим НДС",
    "vat_rate_pct": "Ставка НДС",
    # dates
    "accepted_on": "Дата приёмки",
    "agreed_ship_on": "Согласованная дата отгрузки",
    "answered_at": "Когда отвечено",
    "at": "Время",
    "bank_doc_date": "Дата платёжного документа",
    "billing_start_date": "Начало биллинга",
    "called_at": "Время звонка",
    "closed_at": "Когда закрыто",
    "closed_on": "Дата закрытия",
    "cloud_created_at": "Облако создано",
    "counted_on": "Дата инвентаризации",
    "credentials_sent_at": "Доступы отправлены",
    "delivered_at": "Доставлено",
    "docs_sent_on": "Документы отправлены",
    "docs_signed_on": "Документы подписаны",
    "done_on": "Дата выполнения",
    "due_on": "Срок",
    "end_date": "Дата окончания",
    "entered_in_plan_on": "Внесено в план",
    "expected_on": "Ожидается",
    "goods_arrival_on": "Поступление товара",
    "install_date": "Дата установки",
    "install_on": "Дата монтажа",
    "installed_on": "Установлено",
    "issued_on": "Дата выдачи",
    "last_resent_at": "Последняя повторная отправка",
    "materials_sent_at": "Материалы отправлены",
    "moved_on": "Дата движения",
    "next_step_on": "Дата следующего шага",
    "opened_on": "Дата открытия",
    "ordered_on": "Дата заказа",
    "paid_on": "Дата оплаты",
    "planned_delivery_on": "Плановая доставка",
    "promise_date": "Обещанная дата",
    "received_at": "Получено",
    "received_on": "Дата поступления",
    "recording_sent_at": "Запись отправлена",
    "requested_at": "Дата запроса",
    "resolved_at": "Когда решено",
    "response_due": "Срок ответа",
    "scheduled_at": "Назначено на",
    "scheduled_on": "Запланировано на",
    "shipped_at": "Отгружено",
    "signed_on": "Дата подписания",
    "site_ready_date": "Объект готов",
    "sla_due_at": "Срок по SLA",
    "start_date": "Дата начала",
    "support_account_at": "Аккаунт поддержки создан",
    "url_agreed_at": "Адрес согласован",
    "valid_from": "Действует с",
    "valid_to": "Действует по",
    # links and references
    "client_id": "Клиент",
    "contract_id": "Договор",
    "contractor_id": "Подрядчик",
    "count_id": "Инвентаризация",
    "from_location_id": "Откуда",
    "to_location_id": "Куда",
    "invoice_id": "Счёт",
    "item_id": "Товар",
    "location_id": "Место хранения",
    "order_id": "Заказ",
    "payable_id": "Счёт к оплате",
    "payment_id": "Платёж",
    "purchase_order_id": "Заказ поставщику",
    "reverses_move_id": "Сторнируемое движение",
    "shipment_id": "Отгрузка",
    "site_id": "Объект",
    "stock_move_id": "Движение товара",
    "supplier_id": "Поставщик",
    "visit_id": "Выезд",
    # everything else a user edits
    "access_points": "Точки доступа",
    "author": "Автор",
    "availability": "Наличие",
    "bank_doc_number": "Номер платёжного документа",
    "basis": "Основание",
    "carrier_kind": "Вид доставки",
    "carrier_name": "Перевозчик",
    "category": "Категория",
    "client_feedback": "Отзыв клиента",
    "closed": "Закрыто",
    "cloud_url": "Адрес облака",
    "code": "Код",
    "contact_name": "Контактное лицо",
    "counted": "Насчитано",
    "counted_by": "Кто считал",
    "counterparty": "Контрагент",
    "counterparty_inn": "ИНН контрагента",
    "docs_status": "Закрывающие документы",
    "document_ref": "Документ",
    "documents": "Документы",
    "emergency_sla_days": "Срок аварийного выезда, дней",
    "equipment": "Оборудование",
    "equipment_installed": "Оборудование установлено",
    "expected": "По учёту",
    "external_number": "Внешний номер",
    "feedback": "Отзыв",
    "file_name": "Файл",
    "snapshot": "Содержание документа",
    "sent_at": "Отправлен по e-mail",
    "sent_to": "Кому отправлен",
    "send_error": "Ошибка отправки",
    "from_address": "Адрес отправления",
    "to_address": "Адрес доставки",
    "group_name": "Группа",
    "heavy": "Крупногабаритный",
    "import_key": "Ключ импорта",
    "important": "Важно",
    "integration_configured": "Интеграция настроена",
    "is_primary": "Основной",
    "kind": "Вид",
    "lawyer": "Юрист",
    "lead_days": "Срок поставки, дней",
    "min_stock": "Мин. остаток",
    "next_step": "Следующий шаг",
    "non_standard": "Нестандартный",
    "note": "Примечание",
    "okei_code": "Код ОКЕИ",
    "order_number": "Номер заказа",
    "outcome": "Итог",
    "participants": "Участники",
    "partner_inn": "ИНН партнёра",
    "partner_name": "Партнёр",
    "payer_account": "Счёт плательщика",
    "payer_inn": "ИНН плательщика",
    "payer_name": "Плательщик",
    "payment_terms": "Условия оплаты",
    "period": "Период",
    "planned_visits_per_year": "Плановых выездов в год",
    "problem": "Проблема",
    "published_url": "Опубликовано по адресу",
    "purpose": "Назначение платежа",
    "quality_rating": "Оценка качества",
    "rating": "Оценка",
    "reason": "Причина",
    "received_quantity": "Получено, шт.",
    "recording_url": "Запись",
    "region": "Регион",
    "remote_acceptance": "Удалённая приёмка",
    "reschedule_count": "Переносов",
    "resend_count": "Повторных отправок",
    "resolution": "Решение",
    "resolved_by": "Кто решил",
    "routed_to": "Передано",
    "sales_manager": "Менеджер продаж",
    "serial": "Серийный номер",
    "serial_tracked": "Учёт по серийным номерам",
    "server_format": "Формат сервера",
    "signs_documents": "Подписывает документы",
    "sku": "Артикул",
    "source": "Источник",
    "specialization": "Специализация",
    "stage": "Этап",
    "subject": "Тема",
    "summary": "Итог",
    "supplier_invoice_number": "Номер счёта поставщика",
    "supplier_code": "Артикул поставщика",
    "min_quantity": "Мин. партия",
    "checked_on": "Цена проверена",
    "expected_ship_on": "Ожидаемая отгрузка",
    "accepted_by": "Кто принял",
    "discrepancy_note": "Расхождения при приёмке",
    "defective_quantity": "Брак",
    "step_on": "Дата этапа",
    "serials": "Серийные номера",
    "path": "Путь к файлу",
    "what": "Что нужно",
    "requested_on": "Дата запроса",
    "request_id": "Запрос",
    "asked_on": "Дата обращения",
    "answer": "Ответ",
    "terms": "Условия",
    "text": "Текст",
    "title": "Заголовок",
    "tracking_number": "Трек-номер",
    "tracking_url": "Ссылка для отслеживания",
    "trainer": "Тренер",
    "unit": "Ед. изм.",
    "urgent": "Срочно",
    "weight_kg": "Вес, кг",
    "win_back": "Возврат клиента",
    "work_name": "Работа",
    "works_done": "Выполненные работы",
    "ours": "Наше оборудование",
    # billing (issue 9)
    "direction": "Направление платежа",
    "our_account": "Наш счёт",
    "reverses_id": "Сторнируемый платёж",
    "corrects_id": "Исправляемый счёт",
    "cancel_reason": "Причина аннулирования",
    "payment_task_on": "Задача на оплату поставлена",
}
# Columns the sync keeps for itself: never edited by a user, so never in a conflict or a refused change.
INTERNAL_COLUMNS = frozenset(
    {
        "id",
        "version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "source_table",
        "source_id",
        "table_name",
        "row_id",
        "column_name",
        "base",
        "mine",
        "theirs",
        "mine_by",
        "theirs_by",
    }
)

KINDS = {"insert": "добавление", "update": "изменение", "delete": "удаление"}


def table_title(name: str) -> str:
    return TABLES.get(name, name)


def column_title(name: str, table: str = "") -> str:
    """The Russian title of a column: the area's own label table first (the word the form uses), then
    the shared one."""
    if table:
        title = _area_labels().get(table, {}).get(name)
        if title:
            return title
    return COLUMNS.get(name, name)


def _area_labels() -> dict[str, dict[str, str]]:
    """table -> its area's label table (imported when first asked: the CLI's start stays light)."""
    global _AREA_LABELS
    if _AREA_LABELS is None:
        from mos_desktop.services.client_card import CLIENT_COLUMN_LABELS
        from mos_desktop.services.records.kinds import SPECS

        tables: dict[str, dict[str, str]] = {"clients": CLIENT_COLUMN_LABELS}
        for spec in SPECS.values():
            tables[spec.model.__tablename__] = spec.labels
        _AREA_LABELS = tables
    return _AREA_LABELS


_AREA_LABELS: dict[str, dict[str, str]] | None = None


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


def parse_moment(value: Any) -> datetime | None:
    """A stored timestamp (datetime or ISO text; naive means UTC) as an aware datetime; None otherwise."""
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


def moscow_text(value: Any, *, suffix: bool = False) -> str:
    """A stored timestamp as Moscow time «23.11.2026 15:38», with « (МСК)» when ``suffix``; the raw text
    when it is not a timestamp, empty for nothing."""
    moment = parse_moment(value)
    if moment is None:
        return "" if value is None or value == "" else str(value)
    text = moment.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M")
    return f"{text} (МСК)" if suffix else text


WORKSTATION_ID = re.compile(r"[0-9a-f]{12}|[0-9a-f]{32}")


def who_text(value: Any) -> str:
    """Who made a change, as stored: a person's name as it is, a workstation id as «рабочее место <id>»."""
    text = str(value or "").strip()
    if not text:
        return "—"
    return f"рабочее место {text}" if WORKSTATION_ID.fullmatch(text) else text
