"""The simple record kinds and their label tables (one table per area: the same Russian word for a field
in the form, its messages, the CLI and the sync panel)."""

from __future__ import annotations

from typing import Any

from mos_desktop.changes import Area
from mos_desktop.models import (
    USER_ROLE_RU,
    ContactPerson,
    Contractor,
    GoodsRequest,
    GoodsRequestAnswer,
    InstalledEquipment,
    Item,
    Location,
    LocationKind,
    PartnerAgreement,
    Site,
    Supplier,
    User,
)
from mos_desktop.services.labels import LOCATION_KIND_RU
from mos_desktop.services.records.spec import FieldSpec, RecordSpec
from mos_desktop.validation import check_email, check_inn, check_kpp, check_phone


def _optional(check: Any) -> Any:
    return lambda text: check(text) if text.strip() else None


def _okei(text: str) -> str | None:
    code = text.strip()
    if code and not (code.isdigit() and code.isascii() and len(code) == 3):
        return "Код ОКЕИ: три цифры, например 796 (штука) или 006 (метр)"
    return None


def _login(text: str) -> str | None:
    login = text.strip()
    if login and (" " in login or len(login) > 120):
        return "Логин: одно слово без пробелов, например ivanova"
    return None


SUPPLIER_LABELS = {
    "name": "Юридическое лицо",
    "group_name": "Поставщик",
    "inn": "ИНН",
    "kpp": "КПП",
    "contact_name": "Контактное лицо",
    "phone": "Телефон",
    "email": "Email",
    "address": "Адрес",
    "payment_terms": "Условия оплаты и поставки",
    "notes": "Заметки",
}

CONTRACTOR_LABELS = {
    "name": "Название",
    "inn": "ИНН",
    "specialization": "Специализации",
    "region": "Регионы",
    "contact_name": "Контактное лицо",
    "phone": "Телефон",
    "email": "Email",
    "rating": "Оценка (1–5)",
    "notes": "Заметки",
}

ITEM_LABELS = {
    "sku": "Артикул",
    "name": "Наименование",
    "unit": "Единица",
    "okei_code": "Код ОКЕИ",
    "category": "Вид",
    "serial_tracked": "Учёт по серийным номерам",
    "heavy": "Крупногабаритный (грузовая доставка)",
    "min_stock": "Минимальный остаток",
}

LOCATION_LABELS = {
    "code": "Код",
    "name": "Название",
    "kind": "Тип",
    "address": "Адрес",
    "client_id": "Клиент",
}

USER_LABELS = {
    "login": "Логин",
    "full_name": "ФИО",
    "role": "Роль",
    "position": "Должность",
    "phone": "Телефон",
    "email": "Email",
}

CONTACT_LABELS = {
    "full_name": "ФИО",
    "position": "Должность",
    "phone": "Телефоны",
    "email": "Email",
    "is_primary": "ЛПР (принимает решения)",
    "signs_documents": "Подписывает документы",
}

SITE_LABELS = {
    "name": "Объект",
    "address": "Адрес",
    "access_points": "Точек доступа",
    "site_ready_date": "Готовность объекта",
    "install_date": "Дата монтажа",
    "notes": "Заметки",
}

EQUIPMENT_LABELS = {
    "name": "Оборудование",
    "item_id": "Товар из номенклатуры",
    "site_id": "Объект",
    "serial": "Серийный номер",
    "quantity": "Количество",
    "installed_on": "Дата установки",
    "ours": "Наше оборудование (не клиента)",
}


def _phones(text: str) -> str | None:
    """Several phones separated by commas or semicolons, each checked."""
    for part in text.replace(";", ",").split(","):
        message = check_phone(part)
        if message:
            return message
    return None


SPECS: dict[str, RecordSpec] = {}


def _add(spec: RecordSpec) -> RecordSpec:
    SPECS[spec.kind] = spec
    return spec


_add(
    RecordSpec(
        "supplier",
        "Поставщик",
        "Новое юрлицо поставщика",
        Supplier,
        Area.SUPPLIERS,
        (
            FieldSpec(
                "group_name",
                SUPPLIER_LABELS["group_name"],
                hint="Юрлица одного поставщика объединяются по этому названию",
            ),
            FieldSpec("name", SUPPLIER_LABELS["name"], required=True, max_length=300),
            FieldSpec("inn", SUPPLIER_LABELS["inn"], check=_optional(check_inn)),
            FieldSpec("kpp", SUPPLIER_LABELS["kpp"], check=_optional(check_kpp)),
            FieldSpec("contact_name", SUPPLIER_LABELS["contact_name"], max_length=200),
            FieldSpec("phone", SUPPLIER_LABELS["phone"], check=check_phone, max_length=60),
            FieldSpec("email", SUPPLIER_LABELS["email"], check=check_email, max_length=200),
            FieldSpec("address", SUPPLIER_LABELS["address"], max_length=500),
            FieldSpec("payment_terms", SUPPLIER_LABELS["payment_terms"], max_length=300),
            FieldSpec("notes", SUPPLIER_LABELS["notes"], kind="multiline"),
        ),
        extra_areas=(Area.PRICES, Area.ORDERS),
    )
)

_add(
    RecordSpec(
        "contractor",
        "Подрядчик",
        "Новый подрядчик",
        Contractor,
        Area.CONTRACTORS,
        (
            FieldSpec("name", CONTRACTOR_LABELS["name"], required=True, max_length=300),
            FieldSpec("inn", CONTRACTOR_LABELS["inn"], check=_optional(check_inn)),
            FieldSpec(
                "specialization",
                CONTRACTOR_LABELS["specialization"],
                max_length=300,
                placeholder="например: СКУД, видеонаблюдение, шлагбаумы",
            ),
            FieldSpec(
                "region", CONTRACTOR_LABELS["region"], max_length=200, placeholder="например: Москва, МО"
            ),
            FieldSpec("contact_name", CONTRACTOR_LABELS["contact_name"], max_length=200),
            FieldSpec("phone", CONTRACTOR_LABELS["phone"], check=check_phone, max_length=60),
            FieldSpec("email", CONTRACTOR_LABELS["email"], check=check_email, max_length=200),
            FieldSpec("rating", CONTRACTOR_LABELS["rating"], kind="int", minimum=1, maximum=5),
            FieldSpec("notes", CONTRACTOR_LABELS["notes"], kind="multiline"),
        ),
        extra_areas=(Area.JOBS, Area.VISITS),
    )
)

_add(
    RecordSpec(
        "item",
        "Товар",
        "Новый товар",
        Item,
        Area.ITEMS,
        (
            FieldSpec("sku", ITEM_LABELS["sku"], required=True, max_length=60, hint="Можно сканером"),
            FieldSpec("name", ITEM_LABELS["name"], required=True, max_length=300),
            FieldSpec(
                "category", ITEM_LABELS["category"], max_length=100, placeholder="например: считыватель"
            ),
            FieldSpec("unit", ITEM_LABELS["unit"], required=True, max_length=20, placeholder="шт"),
            FieldSpec("okei_code", ITEM_LABELS["okei_code"], check=_okei, placeholder="796"),
            FieldSpec("serial_tracked", ITEM_LABELS["serial_tracked"], kind="bool"),
            FieldSpec("heavy", ITEM_LABELS["heavy"], kind="bool"),
            FieldSpec("min_stock", ITEM_LABELS["min_stock"], kind="int", minimum=0, maximum=1_000_000),
        ),
        unique=("sku",),
        extra_areas=(Area.STOCK, Area.PRICES),
    )
)

_add(
    RecordSpec(
        "location",
        "Место хранения",
        "Новое место хранения",
        Location,
        Area.LOCATIONS,
        (
            FieldSpec(
                "code", LOCATION_LABELS["code"], required=True, max_length=40, placeholder="например RUM"
            ),
            FieldSpec("name", LOCATION_LABELS["name"], required=True, max_length=200),
            FieldSpec(
                "kind",
                LOCATION_LABELS["kind"],
                kind="choice",
                required=True,
                choices=tuple((k.value, LOCATION_KIND_RU[k]) for k in LocationKind),
            ),
            FieldSpec("address", LOCATION_LABELS["address"], max_length=500),
            FieldSpec("client_id", LOCATION_LABELS["client_id"], kind="ref", ref="client"),
        ),
        unique=("code",),
        extra_areas=(Area.STOCK,),
    )
)

_add(
    RecordSpec(
        "user",
        "Сотрудник",
        "Новый сотрудник",
        User,
        Area.USERS,
        (
            FieldSpec(
                "login",
                USER_LABELS["login"],
                required=True,
                check=_login,
                hint="Под этим именем сотрудник работает в программе и в общей базе",
            ),
            FieldSpec("full_name", USER_LABELS["full_name"], required=True, max_length=200),
            FieldSpec(
                "role",
                USER_LABELS["role"],
                kind="choice",
                required=True,
                choices=tuple((r.value, label) for r, label in USER_ROLE_RU.items()),
            ),
            FieldSpec("position", USER_LABELS["position"], max_length=200),
            FieldSpec("phone", USER_LABELS["phone"], check=check_phone, max_length=60),
            FieldSpec("email", USER_LABELS["email"], check=check_email, max_length=200),
        ),
        name_field="full_name",
        unique=("login",),
        extra_areas=(Area.CLIENTS,),
    )
)

_add(
    RecordSpec(
        "contact",
        "Контакт",
        "Новый контакт",
        ContactPerson,
        Area.CONTACTS,
        (
            FieldSpec("full_name", CONTACT_LABELS["full_name"], required=True, max_length=200),
            FieldSpec("position", CONTACT_LABELS["position"], max_length=200),
            FieldSpec(
                "phone",
                CONTACT_LABELS["phone"],
                check=_phones,
                max_length=60,
                placeholder="+7 495 123-45-67, +7 916 …",
            ),
            FieldSpec("email", CONTACT_LABELS["email"], check=check_email, max_length=200),
            FieldSpec("is_primary", CONTACT_LABELS["is_primary"], kind="bool"),
            FieldSpec("signs_documents", CONTACT_LABELS["signs_documents"], kind="bool"),
        ),
        name_field="full_name",
        parent="client_id",
        archivable=False,
    )
)

_add(
    RecordSpec(
        "site",
        "Объект",
        "Новый объект",
        Site,
        Area.SITES,
        (
            FieldSpec(
                "name", SITE_LABELS["name"], required=True, max_length=200, placeholder="например: Корпус 2"
            ),
            FieldSpec("address", SITE_LABELS["address"], max_length=500),
            FieldSpec("access_points", SITE_LABELS["access_points"], kind="int", minimum=0, maximum=100_000),
            FieldSpec("site_ready_date", SITE_LABELS["site_ready_date"], kind="date"),
            FieldSpec("install_date", SITE_LABELS["install_date"], kind="date"),
            FieldSpec("notes", SITE_LABELS["notes"], kind="multiline"),
        ),
        parent="client_id",
        archivable=False,
    )
)

_add(
    RecordSpec(
        "equipment",
        "Оборудование",
        "Новое оборудование",
        InstalledEquipment,
        Area.EQUIPMENT,
        (
            FieldSpec("name", EQUIPMENT_LABELS["name"], required=True, max_length=300),
            FieldSpec("item_id", EQUIPMENT_LABELS["item_id"], kind="ref", ref="item"),
            FieldSpec("site_id", EQUIPMENT_LABELS["site_id"], kind="ref", ref="site"),
            FieldSpec("serial", EQUIPMENT_LABELS["serial"], max_length=100, hint="Можно сканером"),
            FieldSpec(
                "quantity",
                EQUIPMENT_LABELS["quantity"],
                kind="int",
                required=True,
                minimum=1,
                maximum=100_000,
            ),
            FieldSpec("installed_on", EQUIPMENT_LABELS["installed_on"], kind="date"),
            FieldSpec("ours", EQUIPMENT_LABELS["ours"], kind="bool"),
        ),
        parent="client_id",
        archivable=False,
    )
)


GOODS_REQUEST_LABELS = {
    "what": "Что нужно",
    "client_id": "Для клиента",
    "requested_on": "Дата запроса",
    "quantity": "Количество",
    "status": "Итог",
    "outcome": "Чем закончилось",
}
GOODS_REQUEST_STATUS_RU = {"open": "Ищем", "ordered": "Заказан", "declined": "Отказались"}

GOODS_ANSWER_LABELS = {
    "supplier_id": "Поставщик",
    "asked_on": "Дата обращения",
    "answer": "Ответ",
    "price_kop": "Цена за единицу",
    "lead_days": "Срок поставки, дней",
}

_add(
    RecordSpec(
        "goods_request",
        "Нестандартный товар",
        "Новый запрос нестандартного товара",
        GoodsRequest,
        Area.ORDERS,
        (
            FieldSpec("what", GOODS_REQUEST_LABELS["what"], required=True, max_length=500),
            FieldSpec("client_id", GOODS_REQUEST_LABELS["client_id"], kind="ref", ref="client"),
            FieldSpec("requested_on", GOODS_REQUEST_LABELS["requested_on"], kind="date", required=True),
            FieldSpec(
                "quantity",
                GOODS_REQUEST_LABELS["quantity"],
                kind="int",
                required=True,
                minimum=1,
                maximum=100_000,
            ),
            FieldSpec(
                "status",
                GOODS_REQUEST_LABELS["status"],
                kind="choice",
                choices=tuple(GOODS_REQUEST_STATUS_RU.items()),
            ),
            FieldSpec("outcome", GOODS_REQUEST_LABELS["outcome"], kind="multiline"),
        ),
        name_field="what",
        archivable=False,
        extra_areas=(Area.SUPPLIERS,),
    )
)

_add(
    RecordSpec(
        "goods_request_answer",
        "Ответ поставщика",
        "Запрос поставщику",
        GoodsRequestAnswer,
        Area.ORDERS,
        (
            FieldSpec(
                "supplier_id", GOODS_ANSWER_LABELS["supplier_id"], kind="ref", ref="supplier", required=True
            ),
            FieldSpec("asked_on", GOODS_ANSWER_LABELS["asked_on"], kind="date", required=True),
            FieldSpec("answer", GOODS_ANSWER_LABELS["answer"], kind="multiline"),
            FieldSpec("price_kop", GOODS_ANSWER_LABELS["price_kop"], kind="money"),
            FieldSpec("lead_days", GOODS_ANSWER_LABELS["lead_days"], kind="int", minimum=0, maximum=3650),
        ),
        name_field="answer",
        parent="request_id",
        archivable=False,
    )
)


PARTNER_LABELS = {
    "partner_name": "Партнёр",
    "partner_inn": "ИНН",
    "kind": "Вид соглашения",
    "supplier_id": "Поставщик",
    "contractor_id": "Подрядчик",
    "signed_on": "Подписано",
    "valid_to": "Действует до",
    "terms": "Условия и программа лояльности",
}


def _agreement_dates(values: dict[str, Any]) -> list[tuple[str, str]]:
    signed, until = values.get("signed_on"), values.get("valid_to")
    if signed and until and until < signed:
        return [("valid_to", "Действует до: раньше даты подписания — проверьте даты")]
    return []


_add(
    RecordSpec(
        "partner_agreement",
        "Партнёрское соглашение",
        "Новое партнёрское соглашение",
        PartnerAgreement,
        Area.SUPPLIERS,
        (
            FieldSpec("partner_name", PARTNER_LABELS["partner_name"], required=True, max_length=300),
            FieldSpec("partner_inn", PARTNER_LABELS["partner_inn"], check=_optional(check_inn)),
            FieldSpec(
                "kind",
                PARTNER_LABELS["kind"],
                max_length=100,
                placeholder="поставка, монтаж, маркетинг, реферальная программа…",
            ),
            FieldSpec("supplier_id", PARTNER_LABELS["supplier_id"], kind="ref", ref="supplier"),
            FieldSpec("contractor_id", PARTNER_LABELS["contractor_id"], kind="ref", ref="contractor"),
            FieldSpec("signed_on", PARTNER_LABELS["signed_on"], kind="date"),
            FieldSpec("valid_to", PARTNER_LABELS["valid_to"], kind="date"),
            FieldSpec("terms", PARTNER_LABELS["terms"], kind="multiline"),
        ),
        name_field="partner_name",
        archivable=False,
        extra_areas=(Area.CONTRACTORS,),
        validate=_agreement_dates,
    )
)


def spec_for(kind: str) -> RecordSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise KeyError(f"no record spec for kind {kind!r}") from None
