"""Логистика: shipments (processes 3, 5, 17), closing documents to chase (4), the Dostavista balance (3)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import UserError
from mos_desktop.models import Client, DocsStatus, DostavistaEntry, Shipment, ShipmentStatus
from mos_desktop.money import format_rub
from mos_desktop.services.labels import DOCS_STATUS_RU, SHIPMENT_STATUS_RU, carrier_label
from mos_desktop.services.levels import urgency_key
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.queries import live_client_of, moscow_date

DOCS_SIGN_DAYS = 14  # closing documents unsigned longer than this are chased
NOT_SHIPPED = (ShipmentStatus.PLANNED, ShipmentStatus.AGREED)


def shipment_level(
    status: ShipmentStatus,
    ship_on: date | None,
    deliver_on: date | None,
    docs: DocsStatus,
    docs_sent_on: date | None,
    today: date,
) -> Level:
    if status == ShipmentStatus.CANCELLED:
        return ""
    if status == ShipmentStatus.DELIVERED:
        if docs == DocsStatus.SIGNED:
            return "ok"
        if docs_sent_on is not None and (today - docs_sent_on).days > DOCS_SIGN_DAYS:
            return "danger"
        return ""
    late_ship = status in NOT_SHIPPED and ship_on is not None and ship_on < today
    if late_ship or (deliver_on is not None and deliver_on < today):
        return "danger"
    if today in (ship_on, deliver_on):
        return "warning"
    return ""


def list_shipments(session: Session, *, today: date) -> Listing:
    query = (
        select(
            Shipment.id,
            Shipment.number,
            Client.name,
            Shipment.carrier_kind,
            Shipment.carrier_name,
            Shipment.status,
            Shipment.agreed_ship_on,
            Shipment.planned_delivery_on,
            Shipment.tracking_number,
            Shipment.cost_kop,
            Shipment.docs_status,
            Shipment.quality_rating,
            Shipment.docs_sent_on,
        )
        .outerjoin(Client, live_client_of(Shipment))
        .where(Shipment.deleted_at.is_(None))
    )
    rows: list[Row] = []
    open_count = today_count = 0
    for (
        sid,
        number,
        client,
        kind,
        carrier,
        status,
        ship_on,
        deliver_on,
        track,
        cost,
        docs,
        rating,
        sent,
    ) in session.execute(query):
        level = shipment_level(status, ship_on, deliver_on, docs, sent, today)
        if status not in (ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED):
            open_count += 1
            today_count += today in (ship_on, deliver_on)
        values = (
            number,
            client or "",
            carrier_label(kind, carrier),
            SHIPMENT_STATUS_RU[status],
            ship_on,
            deliver_on,
            track,
            cost,
            DOCS_STATUS_RU[docs],
            rating,
        )
        rows.append(Row(sid, values, level, kind="shipment"))
    rows.sort(key=lambda r: r.values[0], reverse=True)
    rows.sort(key=lambda r: -(r.values[4] or r.values[5] or date.min).toordinal())
    rows.sort(key=lambda r: urgency_key(r.level))
    summary = f"Отгрузок: {len(rows)}, в работе: {open_count}, сегодня: {today_count}" if rows else ""
    columns = [
        Column("number", "Номер"),
        Column("client", "Клиент", stretch=True),
        Column("carrier", "Перевозчик"),
        Column("status", "Статус", "status"),
        Column("ship_on", "Дата отгрузки", "date"),
        Column("deliver_on", "Доставка (план)", "date"),
        Column("tracking", "Трек-номер"),
        Column("cost", "Стоимость", "money"),
        Column("docs", "Документы"),
        Column("rating", "Оценка", "int"),
    ]
    return Listing(columns, rows, summary)


def list_unsigned_documents(session: Session, *, today: date) -> Listing:
    """Delivered shipments whose closing documents are not back signed; chased after 14 days."""
    query = (
        select(
            Shipment.id,
            Shipment.number,
            Client.name,
            Shipment.delivered_at,
            Shipment.planned_delivery_on,
            Shipment.docs_status,
            Shipment.docs_sent_on,
        )
        .outerjoin(Client, live_client_of(Shipment))
        .where(
            Shipment.deleted_at.is_(None),
            Shipment.status == ShipmentStatus.DELIVERED,
            Shipment.docs_status != DocsStatus.SIGNED,
        )
    )
    rows: list[Row] = []
    late = 0
    for sid, number, client, delivered_at, planned, docs, sent in session.execute(query):
        delivered_on = moscow_date(delivered_at) or planned
        days = (today - sent).days if sent is not None else None
        level: Level = ""
        if docs == DocsStatus.NONE or sent is None:
            level = "warning"  # not even sent yet
        elif days is not None and days > DOCS_SIGN_DAYS:
            level = "danger"
            late += 1
        values = (number, client or "", delivered_on, DOCS_STATUS_RU[docs], sent, days)
        rows.append(Row(sid, values, level, kind="shipment"))
    rows.sort(key=lambda r: (urgency_key(r.level), -(r.values[5] or 0), r.values[0]))
    summary = ""
    if rows:
        summary = f"Не подписано: {len(rows)}, из них дольше {DOCS_SIGN_DAYS} дней: {late}"
    columns = [
        Column("number", "Отгрузка"),
        Column("client", "Клиент", stretch=True),
        Column("delivered_on", "Доставлена", "date"),
        Column("docs", "Документы", "status"),
        Column("sent_on", "Отправлены", "date"),
        Column("days", "Дней без подписи", "int"),
    ]
    return Listing(columns, rows, summary)


def list_dostavista(session: Session, *, today: date) -> Listing:
    """The prepaid courier balance as a ledger, newest first, with the balance after each entry."""
    shipment = aliased(Shipment)
    balance = (
        func.sum(DostavistaEntry.amount_kop)
        .over(order_by=(DostavistaEntry.at, DostavistaEntry.id), rows=(None, 0))
        .label("balance")
    )
    ledger = (
        select(
            DostavistaEntry.id.label("id"),
            DostavistaEntry.at.label("at"),
            DostavistaEntry.amount_kop.label("amount_kop"),
            DostavistaEntry.order_number.label("order_number"),
            DostavistaEntry.note.label("note"),
            DostavistaEntry.shipment_id.label("shipment_id"),
            balance,
        )
        .where(DostavistaEntry.deleted_at.is_(None))
        .subquery("ledger")
    )
    query = (
        select(
            ledger.c.id,
            ledger.c.at,
            ledger.c.amount_kop,
            ledger.c.balance,
            ledger.c.order_number,
            shipment.number,
            ledger.c.note,
        )
        .outerjoin(shipment, (shipment.id == ledger.c.shipment_id) & shipment.deleted_at.is_(None))
        .order_by(ledger.c.at.desc(), ledger.c.id.desc())
    )
    from mos_desktop.services.payments.dostavista import dostavista_low_kop

    low = dostavista_low_kop()  # the setting, as Сегодня reads it
    rows: list[Row] = []
    for eid, at, amount, after, order, ship_number, note in session.execute(query):
        operation = "Пополнение" if amount >= 0 else "Списание"
        level: Level = "danger" if after < 0 else "warning" if after < low else ""
        values = (at, operation, amount, after, order, ship_number or "", note)
        rows.append(Row(eid, values, level, kind="dostavista_entry"))
    current = rows[0].values[3] if rows else 0
    summary = f"Баланс: {format_rub(current)}"
    if current < low:
        summary += f" — меньше {format_rub(low)}, пополните баланс"
    columns = [
        Column("at", "Когда", "datetime"),
        Column("operation", "Операция"),
        Column("amount", "Сумма", "money"),
        Column("balance", "Баланс после", "money"),
        Column("order", "Заказ Достависты"),
        Column("shipment", "Отгрузка"),
        Column("note", "Примечание", stretch=True),
    ]
    return Listing(columns, rows, summary)


@dataclass(frozen=True)
class DocsIssuedForm:
    """A shipment whose closing paper (ТОРГ-12 or УПД) was just issued."""

    shipment_id: uuid.UUID
    document: str = ""  # «Товарная накладная ТОРГ-12 № …», for the message


def mark_docs_issued(session: Session, form: DocsIssuedForm, *, user: str, today: date) -> Changes:
    """Closing documents tracking: a shipment whose documents were «не отправлены» moves to «отправлены»
    (sent on ``today``) when its ТОРГ-12 or УПД is issued; a later status (sent, signed) is kept."""
    shipment = session.get(Shipment, form.shipment_id)
    if shipment is None or shipment.deleted_at is not None:
        raise UserError("Отгрузка не найдена: возможно, её удалили на другом рабочем месте")
    if shipment.docs_status != DocsStatus.NONE:
        return Changes.of()
    shipment.docs_status = DocsStatus.SENT
    shipment.docs_sent_on = today
    shipment.updated_by = user
    session.flush()
    what = form.document or "Закрывающий документ"
    return Changes.of(
        Area.SHIPMENTS,
        Area.DOCUMENTS,
        record_id=shipment.id,
        message=f"{what}: документы отгрузки № {shipment.number} — «{DOCS_STATUS_RU[DocsStatus.SENT]}»",
    )
