"""Warehouse papers from the stock ledger: a move document's lines (by ``document_ref``) and a purchase
order's receipt."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.common import items_by_id
from mos_desktop.documents.company import Company, Options, require_requisites
from mos_desktop.documents.data import Party, initials
from mos_desktop.documents.forms.warehouse import MoveData, MoveLine, ReceiptData, ReceiptLine
from mos_desktop.errors import UserError
from mos_desktop.models import Location, PurchaseOrder, PurchaseOrderLine, StockMove, Supplier


def _place(location: Location | None) -> str:
    if location is None:
        return "—"
    return f"{location.name}, {location.address}" if location.address else location.name


def move_data(
    session: Session, move: StockMove, company: Company, options: Options, *, number: str, day: date
) -> MoveData:
    require_requisites(company)
    if not move.document_ref:
        raise UserError(
            "У перемещения нет номера документа: напечатать накладную можно по документу движения"
        )
    moves = list(
        session.scalars(
            select(StockMove)
            .where(StockMove.document_ref == move.document_ref, StockMove.deleted_at.is_(None))
            .order_by(StockMove.created_at, StockMove.id)
        )
    )
    items = items_by_id(session, [m.item_id for m in moves])
    source = session.get(Location, moves[0].from_location_id)
    target = session.get(Location, moves[0].to_location_id)
    lines = tuple(
        MoveLine(
            name=items[m.item_id].name,
            code=items[m.item_id].sku,
            unit=items[m.item_id].unit,
            okei=items[m.item_id].okei_code,
            quantity=m.quantity,
            serial=m.serial,
        )
        for m in moves
    )
    author = moves[0].author or moves[0].created_by
    return MoveData(
        number=move.document_ref,
        day=moves[0].moved_on,
        company=company,
        from_place=_place(source),
        to_place=_place(target),
        lines=lines,
        options=options,
        released_by=initials(author) if author else "",
        basis=moves[0].note,
    )


def receipt_data(
    session: Session, order: PurchaseOrder, company: Company, options: Options, *, number: str, day: date
) -> ReceiptData:
    require_requisites(company)
    supplier = session.get(Supplier, order.supplier_id)
    lines = list(
        session.scalars(
            select(PurchaseOrderLine)
            .where(PurchaseOrderLine.order_id == order.id, PurchaseOrderLine.deleted_at.is_(None))
            .order_by(PurchaseOrderLine.created_at, PurchaseOrderLine.id)
        )
    )
    if not lines:
        raise UserError(f"В заказе {order.number} нет строк")
    receipts = list(
        session.scalars(
            select(StockMove)
            .where(StockMove.purchase_order_id == order.id, StockMove.deleted_at.is_(None))
            .order_by(StockMove.moved_on, StockMove.created_at)
        )
    )
    received: dict[object, int] = {}
    for m in receipts:
        received[m.item_id] = received.get(m.item_id, 0) + m.quantity
    items = items_by_id(session, [x.item_id for x in lines])
    warehouse = session.get(Location, receipts[0].to_location_id) if receipts else None
    rows = tuple(
        ReceiptLine(
            name=items[x.item_id].name,
            code=items[x.item_id].sku,
            unit=items[x.item_id].unit,
            ordered=x.quantity,
            received=max(x.received_quantity, received.get(x.item_id, 0)) + x.defective_quantity,
            refused=x.defective_quantity,
            price_kop=x.price_kop,
        )
        for x in lines
    )
    ref = receipts[0].document_ref if receipts and receipts[0].document_ref else order.number
    author = receipts[0].author if receipts else ""
    return ReceiptData(
        number=ref,
        day=order.accepted_on or (receipts[0].moved_on if receipts else day),
        company=company,
        supplier=Party(
            name=supplier.name if supplier else "—",
            inn=supplier.inn if supplier else "",
            kpp=supplier.kpp if supplier else "",
            address=supplier.address if supplier else "",
        ),
        order=f"№ {order.number} от {order.ordered_on:%d.%m.%Y}",
        supplier_invoice=order.supplier_invoice_number,
        warehouse=_place(warehouse),
        lines=rows,
        options=options,
        accepted_by=initials(author) if author else "",
    )
