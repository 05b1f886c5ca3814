"""The portfolio: the client list, the client card (read, validate, save) and the fee history it feeds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    CLIENT_STATUS_RU,
    Client,
    ClientStatus,
    FeeChange,
)
from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.queries import (
    CONTACT_EVERY_DAYS,
    NEEDS_CONTACT,
    client_debts,
    is_chased,
    last_contact,
    moscow_date,
)
from mos_desktop.timeutil import format_date, now_utc
from mos_desktop.validation import check_email, check_inn, check_kpp, check_ogrn, check_phone

UNASSIGNED = "не закреплён"
# Statuses whose fee is being paid: the "АП в месяц" of the summary.
BILLABLE = (ClientStatus.ACTIVE, ClientStatus.LEAVING)

COLUMNS = [
    Column("name", "Клиент", "text", stretch=True),
    Column("inn", "ИНН", "text", width=13),
    Column("status", "Статус", "status", width=14),
    Column("fee", "АП", "money", width=14),
    Column("manager", "Менеджер", "text", width=20),
    Column("debt", "Долг", "money", width=14),
    Column("last_contact", "Последний контакт", "date", width=12),
]


@dataclass
class ClientPortfolioRow:
    """One client with the figures derived from invoices, allocations and contacts (plain values)."""

    id: uuid.UUID
    name: str
    legal_name: str
    inn: str
    status: ClientStatus
    monthly_fee_kop: int
    manager: str
    debt_kop: int
    last_contact: date | None
    chase_from: date | None = None  # first day of collection calls, when the client owes money


def portfolio_rows(session: Session, today: date) -> list[ClientPortfolioRow]:
    """Every live client with debt and last contact as of ``today``: one SELECT with grouped subqueries
    (no N+1). The debt is ``queries.client_debts`` — the same figure as the call list and the agenda."""
    debts = client_debts(today)
    contact = last_contact(today)
    stmt = (
        select(
            Client.id,
            Client.name,
            Client.legal_name,
            Client.inn,
            Client.status,
            Client.monthly_fee_kop,
            Client.manager,
            func.coalesce(debts.c.debt_kop, 0),
            debts.c.chase_from,
            contact.c.at,
        )
        .outerjoin(debts, debts.c.client_id == Client.id)
        .outerjoin(contact, contact.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None))
        .order_by(Client.name, Client.id)
    )
    result = []
    # Core execution: plain columns; the ORM's entity machinery would only add overhead here.
    rows = session.connection().execute(stmt)
    for cid, name, legal, inn, status, fee, manager, debt, chase, contact_at in rows:
        result.append(
            ClientPortfolioRow(
                cid, name, legal, inn, status, fee, manager, int(debt), moscow_date(contact_at), chase
            )
        )
    return result


def needs_contact(status: ClientStatus, last: date | None, today: date) -> bool:
    """Weekly contact rule: a client in NEEDS_CONTACT not heard from for over CONTACT_EVERY_DAYS."""
    return status in NEEDS_CONTACT and (last is None or (today - last).days > CONTACT_EVERY_DAYS)


def _level(row: ClientPortfolioRow, today: date) -> Level:
    if row.debt_kop > 0 and is_chased(row.chase_from, today):
        return "danger"
    if needs_contact(row.status, row.last_contact, today):
        return "warning"
    return ""


def list_clients(session: Session, *, today: date) -> Listing:
    rows: list[Row] = []
    fee_total = debt_total = debtors = unassigned = 0
    for r in portfolio_rows(session, today):
        status_ru = CLIENT_STATUS_RU[r.status]
        manager = r.manager or UNASSIGNED
        rows.append(
            Row(
                id=r.id,
                values=(r.name, r.inn, status_ru, r.monthly_fee_kop, manager, r.debt_kop, r.last_contact),
                level=_level(r, today),
                search_text=" ".join((r.name, r.legal_name, r.inn, status_ru, manager)).lower(),
                kind="client",
            )
        )
        if r.status in BILLABLE:
            fee_total += r.monthly_fee_kop
        if r.debt_kop > 0:
            debt_total += r.debt_kop
            debtors += 1
        if not r.manager:
            unassigned += 1
    summary = (
        f"Клиентов: {len(rows)} · АП в месяц: {format_rub(fee_total)} · "
        f"Долг: {format_rub(debt_total)} у {debtors} {_plural_clients(debtors)} · Без менеджера: {unassigned}"
    )
    return Listing(columns=list(COLUMNS), rows=rows, summary=summary)


def _plural_clients(n: int) -> str:
    # "у 1 клиента", "у 2 клиентов", "у 21 клиента" (genitive after "у")
    return "клиента" if n % 10 == 1 and n % 100 != 11 else "клиентов"


# --- the client card ---------------------------------------------------------------------------------


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
    # The card as read from the database (set by get_client): saving writes only the fields the user
    # changed against it, and refuses when another workplace changed the same field meanwhile.
    loaded: ClientCard | None = field(default=None, compare=False, repr=False)


# Card attributes copied to / from the model as they are (after strip).
_TEXT_FIELDS = (
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
_MAX_LENGTH = {
    c: Client.__table__.c[c].type.length  # type: ignore[attr-defined]
    for c in _TEXT_FIELDS
}
_FIELD_RU = {
    "name": "Название",
    "legal_name": "Юридическое лицо",
    "manager": "Менеджер",
    "contract_number": "Номер договора",
    "legal_address": "Юридический адрес",
    "postal_address": "Почтовый адрес",
    "phone": "Телефон",
    "email": "Email",
    "inn": "ИНН",
    "kpp": "КПП",
    "ogrn": "ОГРН",
}
# Every stored field of the card (fee_change_reason and loaded are not columns).
_STORED_FIELDS = (
    *_TEXT_FIELDS,
    "status",
    "monthly_fee",
    "fee_start_date",
    "contract_date",
    "churn_risk",
    "notes",
)
_STORED_RU = {
    **_FIELD_RU,
    "status": "Статус",
    "monthly_fee": "АП",
    "fee_start_date": "Дата начала АП",
    "contract_date": "Дата договора",
    "churn_risk": "Риск ухода",
    "notes": "Заметки",
}
EARLIEST_DATE = date(1991, 1, 1)
CONTRACT_DAYS_AHEAD = 31  # a contract may be dated a little ahead; further is a typo
FEE_START_DAYS_AHEAD = 366


def new_client_card() -> ClientCard:
    return ClientCard()


def _live_client(session: Session, client_id: uuid.UUID) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError("Клиент не найден: возможно, его удалили. Обновите список (F5).")
    return client


def get_client(session: Session, client_id: uuid.UUID) -> ClientCard:
    """The card of a live client, carrying a snapshot of what was read (``loaded``)."""
    card = _card_of(_live_client(session, client_id))
    card.loaded = replace(card)
    return card


def _card_of(client: Client) -> ClientCard:
    card = ClientCard(
        id=client.id,
        status=client.status.value,
        monthly_fee=format_rub(client.monthly_fee_kop, symbol=False) if client.monthly_fee_kop else "",
        fee_start_date=client.fee_start_date,
        contract_date=client.contract_date,
        churn_risk=client.churn_risk,
        notes=client.notes,
    )
    for name in _TEXT_FIELDS:
        setattr(card, name, getattr(client, name))
    return card


def _stored_value(card: ClientCard, name: str) -> object:
    """A field normalised as it would be stored: stripped text, the fee in kopecks."""
    value = getattr(card, name)
    if name == "monthly_fee":
        return parse_fee(value)
    if isinstance(value, str) and name != "notes":
        return value.strip()
    return value


def _shown(card: ClientCard, name: str) -> str:
    value = _stored_value(card, name)
    if name == "monthly_fee":
        return format_rub(int(value))  # type: ignore[call-overload]
    if name == "status":
        return CLIENT_STATUS_RU[ClientStatus(str(value))]
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return format_date(value)
    return str(value) or "пусто"


class EditConflict(ValidationError):
    """Another workplace changed a field this card also changed; ``current`` holds the database values
    of those fields, so the form can take them as its new snapshot and a second save overwrites."""

    def __init__(self, errors: list[FieldError], current: dict[str, object]) -> None:
        super().__init__(errors)
        self.current = current


def _changed_fields(card: ClientCard, client: Client) -> list[str]:
    """Fields the user changed against the loaded snapshot; EditConflict if the database changed them too."""
    loaded = card.loaded
    if loaded is None:
        return list(_STORED_FIELDS)
    now = _card_of(client)
    changed = [n for n in _STORED_FIELDS if _stored_value(card, n) != _stored_value(loaded, n)]
    # A clash: the database moved away from the snapshot, to something other than what the user typed.
    clashes = [
        n for n in changed if _stored_value(loaded, n) != _stored_value(now, n) != _stored_value(card, n)
    ]
    if clashes:
        raise EditConflict(
            [
                FieldError(
                    n,
                    f"{_STORED_RU[n]}: изменено на другом рабочем месте, пока карточка была открыта "
                    f"(сейчас: {_shown(now, n)}). Проверьте и сохраните ещё раз.",
                )
                for n in clashes
            ],
            {n: getattr(now, n) for n in clashes},
        )
    return changed


def parse_fee(text: str) -> int:
    """The fee as typed → kopecks; empty means 0. Raises MoneyFormatError with a Russian message."""
    return parse_rub(text) if text.strip() else 0


def validate_client(card: ClientCard, *, today: date | None = None) -> list[FieldError]:
    from mos_desktop.timeutil import today_moscow

    today = today or today_moscow()
    errors: list[FieldError] = []

    def add(field: str, message: str | None) -> None:
        if message:
            errors.append(FieldError(field, message))

    if not card.name.strip():
        add(
            "name",
            "Название: обязательное поле — введите, как клиента называют в работе (например «ЖК Символ»)",
        )
    add("inn", check_inn(card.inn))
    inn = card.inn.strip()
    if card.kpp.strip():
        if len(inn) == 12:
            add("kpp", "КПП: у ИП (ИНН из 12 цифр) КПП нет — оставьте поле пустым")
        else:
            add("kpp", check_kpp(card.kpp))
    add("ogrn", check_ogrn(card.ogrn))
    add("email", check_email(card.email))
    add("phone", check_phone(card.phone))
    for name, limit in _MAX_LENGTH.items():
        if limit and len(getattr(card, name).strip()) > limit and not any(e.field == name for e in errors):
            add(name, f"{_FIELD_RU[name]}: не длиннее {limit} знаков — сократите текст")
    try:
        parse_fee(card.monthly_fee)
    except MoneyFormatError as exc:
        text = str(exc)
        add("monthly_fee", f"АП: {text[:1].lower()}{text[1:]}")
    if card.status not in {s.value for s in ClientStatus}:
        add("status", "Статус: неизвестное значение — выберите из списка (Активный, Пилот, …)")
    if card.contract_date is not None:
        if card.contract_date > today + timedelta(days=CONTRACT_DAYS_AHEAD):
            add("contract_date", "Дата договора: слишком далеко в будущем — проверьте год")
        elif card.contract_date < EARLIEST_DATE:
            add("contract_date", "Дата договора: слишком давно — проверьте год")
    if card.fee_start_date is not None:
        if card.fee_start_date > today + timedelta(days=FEE_START_DAYS_AHEAD):
            add("fee_start_date", "Дата начала АП: больше чем через год — проверьте год")
        elif card.fee_start_date < EARLIEST_DATE:
            add("fee_start_date", "Дата начала АП: слишком давно — проверьте год")
    return errors


def find_live_by_inn(session: Session, inn: str) -> Client | None:
    stmt = select(Client).where(Client.inn == inn.strip(), Client.deleted_at.is_(None)).order_by(Client.id)
    return session.scalars(stmt).first()


def save_client(session: Session, card: ClientCard, *, user: str, today: date) -> uuid.UUID:
    """Create or update a client; nothing is written when anything is wrong (ValidationError)."""
    errors = validate_client(card, today=today)
    if errors:
        raise ValidationError(errors)
    inn = card.inn.strip()
    twin = find_live_by_inn(session, inn)
    if twin is not None and twin.id != card.id:
        raise ValidationError(
            [
                FieldError(
                    "inn",
                    f"ИНН: уже есть у клиента «{twin.name}» — откройте его карточку, а не создавайте новую",
                )
            ]
        )
    if card.id is None:
        client = Client(id=uuid7(), created_by=user, monthly_fee_kop=0)
        session.add(client)
        old_fee, old_start, creating = 0, None, True
        changed = list(_STORED_FIELDS)
    else:
        client = _live_client(session, card.id)
        old_fee, old_start, creating = client.monthly_fee_kop, client.fee_start_date, False
        changed = _changed_fields(card, client)
        if not changed:
            return client.id  # nothing edited: no write, so sync sees no change
    for name in changed:
        if name in _TEXT_FIELDS:
            setattr(client, name, getattr(card, name).strip())
    if "status" in changed:
        client.status = ClientStatus(card.status)
    if "monthly_fee" in changed:
        client.monthly_fee_kop = parse_fee(card.monthly_fee)
    for name in ("fee_start_date", "contract_date", "churn_risk", "notes"):
        if name in changed:
            setattr(client, name, getattr(card, name))
    client.updated_by = user
    fee_kop = client.monthly_fee_kop
    if fee_kop != old_fee and (fee_kop or not creating):
        start = client.fee_start_date
        start_changed = start is not None and start != old_start
        reason = card.fee_change_reason.strip() or (
            "Подключение" if creating else f"Изменение АП: было {format_rub(old_fee)}"
        )
        session.add(
            FeeChange(
                id=uuid7(),
                client_id=client.id,
                valid_from=start if start_changed and start is not None else today,
                monthly_fee_kop=fee_kop,
                reason=reason[:300],
                created_by=user,
                updated_by=user,
            )
        )
    session.flush()
    return client.id


def delete_client(session: Session, client_id: uuid.UUID, *, user: str) -> None:
    """Tombstone: the row stays (sync needs it) but disappears from every list."""
    client = _live_client(session, client_id)
    client.deleted_at = now_utc()
    client.updated_by = user
    session.flush()


def card_field_names() -> list[str]:
    return [f.name for f in fields(ClientCard)]
