"""The portfolio: the client list, the client card (read, validate, save) and the fee history it feeds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    CLIENT_STATUS_RU,
    Client,
    ClientStatus,
    CollectionCall,
    FeeChange,
    Interaction,
    Invoice,
    InvoiceStatus,
    PaymentAllocation,
)
from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.timeutil import MOSCOW, now_utc
from mos_desktop.validation import check_email, check_inn, check_kpp, check_ogrn, check_phone

UNASSIGNED = "не закреплён"
CONTACT_EVERY_DAYS = 7  # every client is contacted at least weekly
COLLECTION_DAY = 20  # debtor calls start on the 20th
# Statuses whose fee is being paid: the "АП в месяц" of the summary.
BILLABLE = (ClientStatus.ACTIVE, ClientStatus.LEAVING)
# Statuses that must be in weekly contact.
NEEDS_CONTACT = (ClientStatus.ACTIVE, ClientStatus.PILOT)

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


def _moscow_date(moment: datetime | None) -> date | None:
    return moment.astimezone(MOSCOW).date() if moment else None


def portfolio_rows(session: Session) -> list[ClientPortfolioRow]:
    """Every live client with debt and last contact: one SELECT with grouped subqueries (no N+1)."""
    paid_on_invoice = (
        select(func.coalesce(func.sum(PaymentAllocation.amount_kop), 0))
        .where(PaymentAllocation.invoice_id == Invoice.id, PaymentAllocation.deleted_at.is_(None))
        .scalar_subquery()
    )
    debts = (  # one pass over invoices: what is billed minus what was allocated to it
        select(
            Invoice.client_id.label("client_id"), func.sum(Invoice.total_kop - paid_on_invoice).label("kop")
        )
        .where(Invoice.deleted_at.is_(None), Invoice.status != InvoiceStatus.CANCELLED)
        .group_by(Invoice.client_id)
        .subquery()
    )
    contacts = union_all(
        select(Interaction.client_id.label("client_id"), Interaction.at.label("at")).where(
            Interaction.deleted_at.is_(None)
        ),
        select(CollectionCall.client_id, CollectionCall.called_at).where(CollectionCall.deleted_at.is_(None)),
    ).subquery()
    last_contact = (
        select(contacts.c.client_id, func.max(contacts.c.at).label("at"))
        .group_by(contacts.c.client_id)
        .subquery()
    )
    stmt = (
        select(
            Client.id,
            Client.name,
            Client.legal_name,
            Client.inn,
            Client.status,
            Client.monthly_fee_kop,
            Client.manager,
            func.coalesce(debts.c.kop, 0),
            last_contact.c.at,
        )
        .outerjoin(debts, debts.c.client_id == Client.id)
        .outerjoin(last_contact, last_contact.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None))
        .order_by(Client.name, Client.id)
    )
    result = []
    # Core execution: plain columns; the ORM's entity machinery would only add overhead here.
    for cid, name, legal, inn, status, fee, manager, debt, contact_at in session.connection().execute(stmt):
        result.append(
            ClientPortfolioRow(
                cid, name, legal, inn, status, fee, manager, int(debt), _moscow_date(contact_at)
            )
        )
    return result


def _level(row: ClientPortfolioRow, today: date) -> Level:
    if row.debt_kop > 0 and today.day >= COLLECTION_DAY:
        return "danger"
    if row.status in NEEDS_CONTACT and (
        row.last_contact is None or (today - row.last_contact).days > CONTACT_EVERY_DAYS
    ):
        return "warning"
    return ""


def list_clients(session: Session, *, today: date) -> Listing:
    rows: list[Row] = []
    fee_total = debt_total = debtors = unassigned = 0
    for r in portfolio_rows(session):
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
    client = _live_client(session, client_id)
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
    fee_kop = parse_fee(card.monthly_fee)
    if card.id is None:
        client = Client(id=uuid7(), created_by=user, monthly_fee_kop=0)
        session.add(client)
        old_fee, old_start, creating = 0, None, True
    else:
        client = _live_client(session, card.id)
        old_fee, old_start, creating = client.monthly_fee_kop, client.fee_start_date, False
    for name in _TEXT_FIELDS:
        setattr(client, name, getattr(card, name).strip())
    client.status = ClientStatus(card.status)
    client.monthly_fee_kop = fee_kop
    client.fee_start_date = card.fee_start_date
    client.contract_date = card.contract_date
    client.churn_risk = card.churn_risk
    client.notes = card.notes
    client.updated_by = user
    if fee_kop != old_fee and (fee_kop or not creating):
        start_changed = card.fee_start_date is not None and card.fee_start_date != old_start
        reason = card.fee_change_reason.strip() or (
            "Подключение" if creating else f"Изменение АП: было {format_rub(old_fee)}"
        )
        session.add(
            FeeChange(
                id=uuid7(),
                client_id=client.id,
                valid_from=card.fee_start_date if start_changed else today,
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
