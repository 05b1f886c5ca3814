"""Сторно: a move, or every line of a document, undone by new moves back (a ledger is never edited).

Dated today (never before the original), they restore balances and serial locations, give back what a
receipt against an order counted, and are checked against the stock like any move (``moves.check_stock``).
A move is reversed once; a reversal is not reversed. A number typed by hand that two postings share (a
supplier's waybill on two workstations) is refused: the user picks the move in the list.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, ValidationError
from mos_desktop.ids import as_uuid, uuid7
from mos_desktop.models import Item, Location, MoveKind, PurchaseOrder, StockMove
from mos_desktop.services.purchasing.receiving import apply_receipt
from mos_desktop.services.stock.moves import Plan, PlanLine, check_stock
from mos_desktop.services.stock.places import next_document_ref


@dataclass
class ReverseForm:
    """Undo one move (its id) or every line of a document (its number)."""

    move: str | uuid.UUID
    reason: str = ""
    series: str = ""


def reverse_move(session: Session, form: ReverseForm, *, user: str, today: date) -> Changes:
    """Reverse one move, or every line of a document: new moves back, dated today (never earlier than the
    original), that restore balances and serial locations. A move is reversed once; a reversal is not."""
    errors: list[FieldError] = []
    reason = form.reason.strip()
    if not reason:
        errors.append(FieldError("reason", "Причина сторно: обязательное поле — напишите, что было не так"))
    originals = _originals(session, form.move)
    if not originals:
        errors.append(FieldError("move", f"Движение «{form.move}» не найдено — проверьте номер документа"))
    elif as_uuid(form.move) is None:
        postings = _postings(originals)
        if len(postings) > 1:  # a typed number (a supplier's waybill) used on two workstations
            shown = "; ".join(
                f"{p[0].moved_on:%d.%m.%Y} {p[0].author or p[0].created_by}".strip() for p in postings[:5]
            )
            errors.append(
                FieldError(
                    "move",
                    f"Номер «{str(form.move).strip()}» — у {len(postings)} документов ({shown}): по номеру "
                    "сторно отменило бы все. Выберите нужное движение в списке и сторнируйте его",
                )
            )
    reversed_already = set(
        session.scalars(
            select(StockMove.reverses_move_id).where(
                StockMove.reverses_move_id.in_([m.id for m in originals]), StockMove.deleted_at.is_(None)
            )
        )
    )
    for m in originals:
        if m.reverses_move_id is not None:
            errors.append(
                FieldError(
                    "move", f"Документ {m.document_ref} — сторно; его не сторнируют, оформите движение заново"
                )
            )
            break
        if m.id in reversed_already:
            errors.append(FieldError("move", f"Документ {m.document_ref} уже сторнирован"))
            break
    if errors:
        raise ValidationError(errors)
    by_route: dict[tuple[uuid.UUID, uuid.UUID], list[StockMove]] = defaultdict(list)
    for m in originals:
        by_route[(m.to_location_id, m.from_location_id)].append(m)
    ref = next_document_ref(session, form.series)
    ids: list[uuid.UUID] = []
    orders: dict[uuid.UUID, dict[uuid.UUID, tuple[int, int]]] = defaultdict(dict)
    for (src_id, dst_id), moves in by_route.items():
        source, target = session.get(Location, src_id), session.get(Location, dst_id)
        assert source is not None and target is not None
        on = max(today, *(m.moved_on for m in moves))
        lines: list[PlanLine] = []
        for n, m in enumerate(moves):
            item = session.get(Item, m.item_id)
            assert item is not None
            lines.append(PlanLine(n, item, m.quantity, [m.serial] if m.serial else [], 0))
        plan = Plan(MoveKind.REVERSAL, source, target, on, lines, None)
        stock_errors: list[FieldError] = []
        check_stock(session, plan, stock_errors)
        if stock_errors:
            raise ValidationError(
                [FieldError("move", "Сторно невозможно: " + e.message) for e in stock_errors]
            )
        for m in moves:
            rev = StockMove(
                id=uuid7(),
                item_id=m.item_id,
                quantity=m.quantity,
                from_location_id=src_id,
                to_location_id=dst_id,
                moved_on=on,
                serial=m.serial,
                document_ref=ref,
                author=user,
                kind=MoveKind.REVERSAL.value,
                shipment_id=m.shipment_id,
                purchase_order_id=m.purchase_order_id,
                visit_id=m.visit_id,
                reverses_move_id=m.id,
                note=f"Сторно {m.document_ref}: {reason}",
                created_by=user,
                updated_by=user,
            )
            session.add(rev)
            ids.append(rev.id)
            if m.purchase_order_id is not None and m.kind == MoveKind.RECEIPT:
                accepted, refused = orders[m.purchase_order_id].get(m.item_id, (0, 0))
                orders[m.purchase_order_id][m.item_id] = (accepted - m.quantity, refused)
    areas = [Area.STOCK]
    for order_id, received in orders.items():
        order = session.get(PurchaseOrder, order_id)
        if order is not None:
            apply_receipt(session, order, received, on=today, user=user)
            areas.append(Area.ORDERS)
    session.flush()
    docs = ", ".join(sorted({m.document_ref or "без номера" for m in originals}))
    return Changes.of(*areas, ids=ids, record_id=ids[0], message=f"Сторно {ref}: отменён документ {docs}")


POSTING_GAP = timedelta(minutes=1)  # rows of one posting are written within moments of each other


def _postings(moves: list[StockMove]) -> list[list[StockMove]]:
    """The moves of one document number split into the postings that wrote them: a posting is one
    author (and workstation user), kind and date, its rows created within moments of each other."""
    groups: dict[tuple[str, str, str, date], list[StockMove]] = defaultdict(list)
    for m in moves:
        groups[(m.created_by, m.author, str(m.kind), m.moved_on)].append(m)
    out: list[list[StockMove]] = []
    for rows in groups.values():
        rows.sort(key=lambda m: m.created_at)
        batch = [rows[0]]
        for m in rows[1:]:
            if m.created_at - batch[-1].created_at > POSTING_GAP:
                out.append(batch)
                batch = []
            batch.append(m)
        out.append(batch)
    return sorted(out, key=lambda rows: (rows[0].moved_on, rows[0].created_at))


def _originals(session: Session, ref: str | uuid.UUID) -> list[StockMove]:
    move_id = as_uuid(ref)
    if move_id is not None:
        row = session.get(StockMove, move_id)
        return [row] if row is not None and row.deleted_at is None else []
    text = str(ref).strip()
    if not text:
        return []
    query = (
        select(StockMove)
        .where(StockMove.document_ref == text, StockMove.deleted_at.is_(None))
        .order_by(StockMove.id)
    )
    return list(session.scalars(query))
