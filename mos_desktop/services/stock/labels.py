"""Склад Румянцево's label table: the Russian words for move kinds and the fields of its forms (the same
words in the move dialog, its messages, the CSV import and the reports)."""

from __future__ import annotations

from mos_desktop.models import MoveKind

MOVE_KIND_RU: dict[str, str] = {
    MoveKind.RECEIPT: "Приход от поставщика",
    MoveKind.TRANSFER: "Перемещение",
    MoveKind.ISSUE: "Выдача клиенту",
    MoveKind.RETURN: "Возврат",
    MoveKind.WRITE_OFF: "Списание",
    MoveKind.ADJUSTMENT: "Корректировка по инвентаризации",
    MoveKind.REVERSAL: "Сторно",
    "": "Движение",
}

# What the import file and the command line call each kind (``kind`` column of ``import stock-moves``).
MOVE_KIND_WORDS: dict[str, MoveKind] = {
    **{k.value: k for k in MoveKind if k != MoveKind.REVERSAL},
    "приход": MoveKind.RECEIPT,
    "перемещение": MoveKind.TRANSFER,
    "выдача": MoveKind.ISSUE,
    "возврат": MoveKind.RETURN,
    "списание": MoveKind.WRITE_OFF,
    "корректировка": MoveKind.ADJUSTMENT,
}

MOVE_LABELS = {
    "kind": "Вид движения",
    "from_location": "Откуда",
    "to_location": "Куда",
    "moved_on": "Дата",
    "note": "Основание",
    "document_ref": "Номер документа",
    "purchase_order_id": "Заказ поставщику",
    "shipment_id": "Отгрузка",
    "lines": "Строки",
    "sku": "Товар (артикул)",
    "quantity": "Количество",
    "serials": "Серийные номера",
    "defective": "Брак",
    "accepted_by": "Кто принял",
    "discrepancy_note": "Расхождения",
    "reason": "Причина сторно",
    "location": "Место хранения",
    "counted": "Фактически",
    "counted_on": "Дата инвентаризации",
}
