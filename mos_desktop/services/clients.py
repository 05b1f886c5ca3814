"""The portfolio: the client list and the figures behind it (debt, last contact, weekly-contact rule).

The client card lives in ``services.client_card`` (read) and ``services.client_save`` (validate, save,
delete); its public names are re-exported here so ``services.clients`` stays the one door to clients.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.models import CLIENT_STATUS_RU, Client, ClientStatus
from mos_desktop.money import format_rub
from mos_desktop.russian import plural_ru
from mos_desktop.services.client_card import (
    ClientCard,
    card_field_names,
    get_client,
    new_client_card,
    parse_fee,
)
from mos_desktop.services.client_save import (
    EditConflict,
    delete_client,
    find_live_by_inn,
    save_client,
    validate_client,
)
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.queries import (
    client_debts,
    contact_due,
    contact_overdue,
    is_chased,
    last_contact,
    moscow_date,
)

__all__ = [
    "BILLABLE",
    "COLUMNS",
    "UNASSIGNED",
    "ClientCard",
    "ClientPortfolioRow",
    "EditConflict",
    "card_field_names",
    "delete_client",
    "find_live_by_inn",
    "get_client",
    "list_clients",
    "new_client_card",
    "parse_fee",
    "portfolio_rows",
    "save_client",
    "validate_client",
]

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
    contact_due: date | None = None  # the weekly contact falls due (``queries.contact_due``)


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
            Client.created_at,
        )
        .outerjoin(debts, debts.c.client_id == Client.id)
        .outerjoin(contact, contact.c.client_id == Client.id)
        .where(Client.deleted_at.is_(None))
        .order_by(Client.name, Client.id)
    )
    result = []
    # Core execution: plain columns; the ORM's entity machinery would only add overhead here.
    rows = session.connection().execute(stmt)
    for cid, name, legal, inn, status, fee, manager, debt, chase, contact_at, created in rows:
        contacted = moscow_date(contact_at)
        due = contact_due(status, contacted, moscow_date(created))
        result.append(
            ClientPortfolioRow(cid, name, legal, inn, status, fee, manager, int(debt), contacted, chase, due)
        )
    return result


def _level(row: ClientPortfolioRow, today: date) -> Level:
    if row.debt_kop > 0 and is_chased(row.chase_from, today):
        return "danger"
    if contact_overdue(row.contact_due, today):
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
        f"Не оплачено по счетам: {format_rub(debt_total)} у {debtors} {_plural_clients(debtors)} · "
        f"Без менеджера: {unassigned}"
    )
    return Listing(columns=list(COLUMNS), rows=rows, summary=summary)


def _plural_clients(n: int) -> str:
    # "у 1 клиента", "у 2 клиентов", "у 21 клиента" (genitive after "у")
    return plural_ru(n, "клиента", "клиентов", "клиентов")
