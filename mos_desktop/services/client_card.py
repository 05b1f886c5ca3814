"""The client card: what the client form shows and edits, read from a live client (``get_client``).

Saving and validating the card is ``services.client_save``; the client list is ``services.clients``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy.orm import Session

from mos_desktop.errors import NotFoundError
from mos_desktop.models import Client, ClientStatus
from mos_desktop.money import format_rub, parse_rub


@dataclass
class ClientCard:
    """What the client form shows and edits: plain strings, so it round-trips exactly what was typed."""

    id: uuid.UUID | None = None
    name: str = ""
    legal_name: str = ""
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""
    status: str = ClientStatus.ACTIVE.value
    manager: str = ""
    monthly_fee: str = ""  # as typed: "12 000,00"
    fee_start_date: date | None = None
    contract_number: str = ""
    contract_date: date | None = None
    phone: str = ""
    email: str = ""
    legal_address: str = ""
    postal_address: str = ""
    churn_risk: bool = False
    notes: str = ""
    fee_change_reason: str = ""  # optional: why the fee changed (goes to the fee history)
    fee_change_from: date | None = None  # the day a changed fee takes effect (the card asks for it)
    # The card as read from the database (set by get_client): saving writes only the fields the user
    # changed against it, and refuses when another workplace changed the same field meanwhile.
    loaded: ClientCard | None = field(default=None, compare=False, repr=False)


# Card attributes copied to / from the model as they are (after strip).
TEXT_FIELDS = (
    "name",
    "legal_name",
    "inn",
    "kpp",
    "ogrn",
    "manager",
    "contract_number",
    "phone",
    "email",
    "legal_address",
    "postal_address",
)
MAX_LENGTH = {
    c: Client.__table__.c[c].type.length  # type: ignore[attr-defined]
    for c in TEXT_FIELDS
}
# The client area's label table: the card, its messages, the import preview, the CLI and the sync panel
# use these words.
CLIENT_LABELS = {
    "name": "Название",
    "legal_name": "Юридическое лицо",
    "status": "Статус",
    "manager": "Менеджер",
    "churn_risk": "Риск ухода",
    "contract_number": "Номер договора",
    "contract_date": "Дата договора",
    "monthly_fee": "АП в месяц, ₽",
    "fee_start_date": "Начало АП",
    "fee_change_reason": "Причина изменения АП",
    "fee_change_from": "Новая АП действует с",
    "inn": "ИНН",
    "kpp": "КПП",
    "ogrn": "ОГРН",
    "legal_address": "Юридический адрес",
    "postal_address": "Почтовый адрес",
    "phone": "Телефон",
    "email": "Email",
    "notes": "Заметки",
}
# Stored column names where they differ from the card's field names (sync panel, conflicts).
CLIENT_COLUMN_LABELS = {**CLIENT_LABELS, "monthly_fee_kop": "АП в месяц"}
FIELD_RU = {
    name: CLIENT_LABELS[name]
    for name in (
        "name",
        "legal_name",
        "manager",
        "contract_number",
        "legal_address",
        "postal_address",
        "phone",
        "email",
        "inn",
        "kpp",
        "ogrn",
    )
}
# Every stored field of the card (fee_change_reason, fee_change_from and loaded are not columns).
STORED_FIELDS = (
    *TEXT_FIELDS,
    "status",
    "monthly_fee",
    "fee_start_date",
    "contract_date",
    "churn_risk",
    "notes",
)
STORED_RU = {name: CLIENT_LABELS[name] for name in STORED_FIELDS}


def new_client_card() -> ClientCard:
    return ClientCard()


def card_field_names() -> list[str]:
    return [f.name for f in fields(ClientCard)]


def live_client(session: Session, client_id: uuid.UUID) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError("Клиент не найден: возможно, его удалили. Обновите список (F5).")
    return client


def get_client(session: Session, client_id: uuid.UUID) -> ClientCard:
    """The card of a live client, carrying a snapshot of what was read (``loaded``)."""
    card = card_of(live_client(session, client_id))
    card.loaded = replace(card)
    return card


def card_of(client: Client) -> ClientCard:
    card = ClientCard(
        id=client.id,
        status=client.status.value,
        monthly_fee=format_rub(client.monthly_fee_kop, symbol=False) if client.monthly_fee_kop else "",
        fee_start_date=client.fee_start_date,
        contract_date=client.contract_date,
        churn_risk=client.churn_risk,
        notes=client.notes,
    )
    for name in TEXT_FIELDS:
        setattr(card, name, getattr(client, name))
    return card


def parse_fee(text: str) -> int:
    """The fee as typed → kopecks; empty means 0. Raises MoneyFormatError with a Russian message."""
    return parse_rub(text) if text.strip() else 0


def stored_value(card: ClientCard, name: str) -> object:
    """A field normalised as it would be stored: stripped text, the fee in kopecks."""
    value = getattr(card, name)
    if name == "monthly_fee":
        return parse_fee(value)
    if isinstance(value, str) and name != "notes":
        return value.strip()
    return value
