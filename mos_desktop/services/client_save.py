"""Saving the client card: validation with Russian messages, edit conflicts between workplaces, the fee
history, and deletion (a tombstone)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import EditConflict, FieldError, ValidationError
from mos_desktop.ids import client_id_for_inn, uuid7
from mos_desktop.models import CLIENT_STATUS_RU, Client, ClientStatus, FeeChange
from mos_desktop.money import MoneyFormatError, format_rub
from mos_desktop.services.client_card import (
    CLIENT_LABELS,
    FIELD_RU,
    MAX_LENGTH,
    STORED_FIELDS,
    STORED_RU,
    TEXT_FIELDS,
    ClientCard,
    card_of,
    live_client,
    parse_fee,
    stored_value,
)
from mos_desktop.timeutil import format_date, now_utc
from mos_desktop.validation import check_email, check_inn, check_kpp, check_ogrn, check_phone

EARLIEST_DATE = date(1991, 1, 1)
CONTRACT_DAYS_AHEAD = 31  # a contract may be dated a little ahead; further is a typo
FEE_START_DAYS_AHEAD = 366


def _shown(card: ClientCard, name: str) -> str:
    value = stored_value(card, name)
    if name == "monthly_fee":
        return format_rub(int(value))  # type: ignore[call-overload]
    if name == "status":
        return CLIENT_STATUS_RU[ClientStatus(str(value))]
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return format_date(value)
    return str(value) or "пусто"


def _changed_fields(card: ClientCard, client: Client) -> list[str]:
    """Fields the user changed against the loaded snapshot; EditConflict if the database changed them too."""
    loaded = card.loaded
    if loaded is None:
        return list(STORED_FIELDS)
    now = card_of(client)
    changed = [n for n in STORED_FIELDS if stored_value(card, n) != stored_value(loaded, n)]
    # A clash: the database moved away from the snapshot, to something other than what the user typed.
    clashes = [n for n in changed if stored_value(loaded, n) != stored_value(now, n) != stored_value(card, n)]
    if clashes:
        raise EditConflict(
            [
                FieldError(
                    n,
                    f"{STORED_RU[n]}: изменено на другом рабочем месте, пока карточка была открыта "
                    f"(сейчас: {_shown(now, n)}). Проверьте и сохраните ещё раз.",
                )
                for n in clashes
            ],
            {n: getattr(now, n) for n in clashes},
        )
    return changed


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
    for name, limit in MAX_LENGTH.items():
        if limit and len(getattr(card, name).strip()) > limit and not any(e.field == name for e in errors):
            add(name, f"{FIELD_RU[name]}: не длиннее {limit} знаков — сократите текст")
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


def _check_manager(session: Session, card: ClientCard) -> None:
    """A manager is chosen from the employees (a typo must not create a new manager); a name the client
    already had is kept even when it is not in the list. (A client list imported from a file brings its
    own names: they join the choices, see ``records.options.managers``.)"""
    from mos_desktop.services.records.options import managers

    manager = card.manager.strip()
    unchanged = card.loaded is not None and manager == card.loaded.manager.strip()
    if not manager or unchanged or manager in managers(session):
        return
    raise ValidationError(
        [
            FieldError(
                "manager",
                f"Менеджер: «{manager}» нет в списке сотрудников — выберите из списка "
                "(нового сотрудника добавьте в Портфель → Сотрудники)",
            )
        ]
    )


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
        same_everywhere = client_id_for_inn(inn)  # see ids.client_id_for_inn
        taken = session.get(Client, same_everywhere) is not None  # deleted before: never brought back
        client = Client(id=uuid7() if taken else same_everywhere, created_by=user, monthly_fee_kop=0)
        session.add(client)
        old_fee, old_start, creating = 0, None, True
        changed = list(STORED_FIELDS)
    else:
        client = live_client(session, card.id)
        old_fee, old_start, creating = client.monthly_fee_kop, client.fee_start_date, False
        changed = _changed_fields(card, client)
        if not changed:
            return client.id  # nothing edited: no write, so sync sees no change
    for name in changed:
        if name in TEXT_FIELDS:
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
        # A changed fee takes effect from the day the card asked for; a first fee (or one whose start date
        # moved in the same edit) from its start, as before.
        asked = card.fee_change_from if old_fee and not start_changed else None
        valid_from = asked or (start if start_changed and start is not None else today)
        session.add(
            FeeChange(
                id=uuid7(),
                client_id=client.id,
                valid_from=valid_from,
                monthly_fee_kop=fee_kop,
                reason=reason[:300],
                created_by=user,
                updated_by=user,
            )
        )
    session.flush()
    return client.id


def _fee_change_errors(card: ClientCard, today: date) -> list[FieldError]:
    """A changed fee of an existing client needs the day it takes effect: from today (prorated) is rarely
    what a manager means when raising the fee «from January», so the card asks instead of assuming."""
    label = CLIENT_LABELS["fee_change_from"]
    loaded = card.loaded
    if card.id is None or loaded is None:
        return []
    try:
        old, new = parse_fee(loaded.monthly_fee), parse_fee(card.monthly_fee)
    except MoneyFormatError:
        return []  # validate_client names the fee itself
    if old == new or not old or card.fee_start_date != loaded.fee_start_date:
        return []  # unchanged; a first fee, or a moved start, runs from «Начало АП»
    day = card.fee_change_from
    if day is None:
        return [
            FieldError(
                "fee_change_from",
                f"{label}: укажите день, с которого действует новая АП (обычно 1-е число месяца)",
            )
        ]
    if day > today + timedelta(days=FEE_START_DAYS_AHEAD):
        return [FieldError("fee_change_from", f"{label}: больше чем через год — проверьте год")]
    start = card.fee_start_date or loaded.fee_start_date
    if start is not None and day < start:
        return [
            FieldError(
                "fee_change_from",
                f"{label}: раньше начала АП ({format_date(start)}) — укажите дату не раньше",
            )
        ]
    return []


@dataclass(frozen=True)
class DeleteClientForm:
    id: uuid.UUID


def save_client_command(session: Session, card: ClientCard, *, user: str, today: date) -> Changes:
    """The client card's save as a command: what changed, for every list that shows clients."""
    creating = card.id is None
    errors = validate_client(card, today=today) + _fee_change_errors(card, today)
    if errors:
        raise ValidationError(errors)
    _check_manager(session, card)
    client_id = save_client(session, card, user=user, today=today)
    name = card.name.strip()
    message = f"Клиент «{name}»: " + ("добавлен" if creating else "сохранён")
    return Changes.of(
        Area.CLIENTS,
        record_id=client_id,
        message=message + _invoiced_under_old_fee(session, card, client_id),
    )


def _invoiced_under_old_fee(session: Session, card: ClientCard, client_id: uuid.UUID) -> str:
    """A changed fee dated into a month already invoiced: say which invoices the next run will correct
    (they are cancelled and issued again with the new fee), so the manager is not surprised later."""
    from mos_desktop.models import Invoice, InvoiceStatus
    from mos_desktop.services.payments.invoicing import month_title

    day = card.fee_change_from
    if card.id is None or card.loaded is None or day is None:
        return ""
    try:
        if parse_fee(card.monthly_fee) == parse_fee(card.loaded.monthly_fee):
            return ""
    except MoneyFormatError:
        return ""
    issued = session.execute(
        select(Invoice.number, Invoice.period)
        .where(
            Invoice.client_id == client_id,
            Invoice.deleted_at.is_(None),
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.period >= day.replace(day=1),
        )
        .order_by(Invoice.period)
    ).all()
    if not issued:
        return ""
    named = ", ".join(
        f"№ {number}" + (f" за {month_title(period)}" if period else "") for number, period in issued
    )
    if len(issued) == 1:
        return (
            f". По старой АП уже выставлен счёт {named}: при следующем запуске «Выставить счета» за этот "
            "месяц он будет аннулирован и выставлен заново"
        )
    return (
        f". По старой АП уже выставлены счета {named}: при следующих запусках «Выставить счета» за эти "
        "месяцы они будут аннулированы и выставлены заново"
    )


def remove_client(session: Session, form: DeleteClientForm, *, user: str, today: date) -> Changes:
    client = live_client(session, form.id)
    name = client.name
    delete_client(session, form.id, user=user)
    return Changes.of(
        Area.CLIENTS, Area.INVOICES, Area.CALLS, record_id=form.id, message=f"Клиент «{name}» удалён"
    )


def delete_client(session: Session, client_id: uuid.UUID, *, user: str) -> None:
    """Tombstone: the row stays (sync needs it) but disappears from every list."""
    client = live_client(session, client_id)
    client.deleted_at = now_utc()
    client.updated_by = user
    session.flush()
