"""Non-standard goods requests (a client needs something off the catalogue): what, for whom, which
suppliers were asked and what they answered, how it ended. Declared records (``records.kinds``:
``goods_request`` and its ``goods_request_answer``s); these are their lists."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.models import Client, GoodsRequest, GoodsRequestAnswer, Supplier
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.records.kinds import (
    GOODS_ANSWER_LABELS,
    GOODS_REQUEST_LABELS,
    GOODS_REQUEST_STATUS_RU,
)

STALE_DAYS = 7  # an open request nobody answered for a week is flagged


def list_goods_requests(session: Session, *, today: date) -> Listing:
    answers = (
        select(
            GoodsRequestAnswer.request_id.label("request_id"),
            func.count().label("asked"),
            func.count(func.nullif(GoodsRequestAnswer.answer, "")).label("answered"),
            func.min(func.nullif(GoodsRequestAnswer.price_kop, 0)).label("best"),
        )
        .where(GoodsRequestAnswer.deleted_at.is_(None))
        .group_by(GoodsRequestAnswer.request_id)
        .subquery("answers")
    )
    query = (
        select(
            GoodsRequest.id,
            GoodsRequest.requested_on,
            GoodsRequest.what,
            GoodsRequest.quantity,
            Client.name,
            func.coalesce(answers.c.asked, 0),
            func.coalesce(answers.c.answered, 0),
            answers.c.best,
            GoodsRequest.status,
            GoodsRequest.outcome,
        )
        .outerjoin(Client, Client.id == GoodsRequest.client_id)
        .outerjoin(answers, answers.c.request_id == GoodsRequest.id)
        .where(GoodsRequest.deleted_at.is_(None))
        .order_by(GoodsRequest.requested_on.desc(), GoodsRequest.id.desc())
    )
    rows: list[Row] = []
    waiting = 0
    for rid, on, what, qty, client, asked, answered, best, status, outcome in session.execute(query):
        level: Level = "ok" if status == "ordered" else ""
        if status == "open":
            waiting += 1
            level = "warning" if (today - on).days > STALE_DAYS or not asked else "info"
        values = (
            on, what, qty, client or "", asked, answered, best, GOODS_REQUEST_STATUS_RU.get(status, status), outcome,
        )  # fmt: skip
        rows.append(Row(rid, values, level, kind="goods_request"))
    columns = [
        Column("requested_on", GOODS_REQUEST_LABELS["requested_on"], "date"),
        Column("what", GOODS_REQUEST_LABELS["what"], stretch=True),
        Column("quantity", "Кол-во", "int"),
        Column("client", GOODS_REQUEST_LABELS["client_id"]),
        Column("asked", "Спросили поставщиков", "int"),
        Column("answered", "Ответили", "int"),
        Column("best_price", "Лучшая цена", "money"),
        Column("status", GOODS_REQUEST_LABELS["status"], "status"),
        Column("outcome", GOODS_REQUEST_LABELS["outcome"]),
    ]
    summary = f"Запросов: {len(rows)}, в поиске: {waiting}" if rows else ""
    return Listing(columns, rows, summary)


def list_goods_answers(session: Session, request_id: uuid.UUID) -> Listing:
    """The suppliers asked about one request and their answers, cheapest first."""
    query = (
        select(GoodsRequestAnswer, Supplier.name)
        .join(Supplier, Supplier.id == GoodsRequestAnswer.supplier_id)
        .where(GoodsRequestAnswer.request_id == request_id, GoodsRequestAnswer.deleted_at.is_(None))
        .order_by(GoodsRequestAnswer.asked_on, Supplier.name)
    )
    rows = [
        Row(
            a.id,
            (name, a.asked_on, a.price_kop or None, a.lead_days, a.answer),
            "" if a.answer else "warning",
            kind="goods_request_answer",
        )
        for a, name in session.execute(query)
    ]
    columns = [
        Column("supplier", GOODS_ANSWER_LABELS["supplier_id"]),
        Column("asked_on", GOODS_ANSWER_LABELS["asked_on"], "date"),
        Column("price", GOODS_ANSWER_LABELS["price_kop"], "money"),
        Column("lead_days", "Срок, дн.", "int"),
        Column("answer", GOODS_ANSWER_LABELS["answer"], stretch=True),
    ]
    waiting = sum(1 for r in rows if r.level == "warning")
    summary = f"Спросили: {len(rows)}, ждём ответа: {waiting}" if rows else ""
    return Listing(columns, rows, summary)
