"""Russian labels for enum values and periods, declared once for every list, card and document."""

from __future__ import annotations

from datetime import date

from mos_desktop.models import (
    Availability,
    CallOutcome,
    CarrierKind,
    DocsStatus,
    JobStatus,
    LocationKind,
    PayableKind,
    PayableStatus,
    PurchaseStatus,
    ShipmentStatus,
    VisitKind,
    VisitStatus,
)

MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)

CARRIER_KIND_RU: dict[CarrierKind, str] = {
    CarrierKind.COURIER: "Курьер (Достависта)",
    CarrierKind.HEAVY_FREIGHT: "Грузовой",
    CarrierKind.TRANSPORT_COMPANY: "ТК",
    CarrierKind.PICKUP: "Самовывоз",
}

SHIPMENT_STATUS_RU: dict[ShipmentStatus, str] = {
    ShipmentStatus.PLANNED: "Планируется",
    ShipmentStatus.AGREED: "Дата согласована",
    ShipmentStatus.IN_TRANSIT: "В пути",
    ShipmentStatus.DELIVERED: "Доставлена",
    ShipmentStatus.CANCELLED: "Отменена",
}

DOCS_STATUS_RU: dict[DocsStatus, str] = {
    DocsStatus.NONE: "Не отправлены",
    DocsStatus.SENT: "Отправлены, ждём подписи",
    DocsStatus.SIGNED: "Подписаны",
}

PAYABLE_KIND_RU: dict[PayableKind, str] = {
    PayableKind.SUPPLIER: "Поставщик",
    PayableKind.CARRIER: "ТК",
    PayableKind.CONTRACTOR: "Подрядчик",
    PayableKind.OTHER: "Прочее",
}

PAYABLE_STATUS_RU: dict[PayableStatus, str] = {
    PayableStatus.RECEIVED: "получен",
    PayableStatus.IN_PLAN: "в ПФ",
    PayableStatus.PAID: "оплачен",
    PayableStatus.CANCELLED: "отменён",
}

CALL_OUTCOME_RU: dict[CallOutcome, str] = {
    CallOutcome.REACHED: "Дозвонились",
    CallOutcome.NO_ANSWER: "Не дозвонились",
    CallOutcome.PROMISED: "Обещал оплатить",
    CallOutcome.REFUSED: "Отказ",
    CallOutcome.WRONG_CONTACT: "Неверный контакт",
    CallOutcome.INVOICE_RESENT: "Счёт отправлен повторно",
    CallOutcome.DISPUTE: "Спор по счёту",
    CallOutcome.PAID: "Говорит, что оплатил",
}

PURCHASE_STATUS_RU: dict[PurchaseStatus, str] = {
    PurchaseStatus.DRAFT: "Черновик",
    PurchaseStatus.INVOICE_REQUESTED: "Счёт запрошен",
    PurchaseStatus.INVOICE_RECEIVED: "Счёт получен",
    PurchaseStatus.IN_PLAN: "В ПФ",
    PurchaseStatus.PAID: "Оплачен",
    PurchaseStatus.SHIPPED: "Отгружен поставщиком",
    PurchaseStatus.PARTIAL: "Принят частично",
    PurchaseStatus.ACCEPTED: "Принят полностью",
    PurchaseStatus.CLOSED: "Закрыт",
    PurchaseStatus.CANCELLED: "Отменён",
}

AVAILABILITY_RU: dict[Availability, str] = {
    Availability.IN_STOCK: "В наличии",
    Availability.ON_ORDER: "Под заказ",
    Availability.UNAVAILABLE: "Нет в наличии",
}

VISIT_KIND_RU: dict[VisitKind, str] = {
    VisitKind.PLANNED: "Плановый",
    VisitKind.EMERGENCY: "Аварийный",
}

VISIT_STATUS_RU: dict[VisitStatus, str] = {
    VisitStatus.REQUESTED: "Заявка",
    VisitStatus.SCHEDULED: "Назначен",
    VisitStatus.DONE: "Выполнен",
    VisitStatus.CANCELLED: "Отменён",
}

JOB_STATUS_RU: dict[JobStatus, str] = {
    JobStatus.AGREED: "Согласована",
    JobStatus.SCHEDULED: "Назначена",
    JobStatus.DONE: "Выполнена",
    JobStatus.ACCEPTED: "Принята",
    JobStatus.CANCELLED: "Отменена",
}

LOCATION_KIND_RU: dict[LocationKind, str] = {
    LocationKind.SUPPLIER: "Поставщик",
    LocationKind.WAREHOUSE: "Склад",
    LocationKind.OFFICE: "Офис",
    LocationKind.CLIENT_SITE: "Объект клиента",
    LocationKind.WRITE_OFF: "Списание",
    LocationKind.IN_TRANSIT: "В пути",
}


def period_label(period: date | None) -> str:
    """The billed month in the nominative: 2026-11-01 → "ноябрь 2026"."""
    if period is None:
        return ""
    return f"{MONTHS_NOMINATIVE[period.month - 1]} {period.year}"


def carrier_label(kind: CarrierKind, name: str) -> str:
    """ "ТК" + "СДЭК" → "ТК: СДЭК"; the courier kind already names Dostavista."""
    label = CARRIER_KIND_RU[kind]
    if not name or name.lower() in label.lower():
        return label
    return f"{label}: {name}"
