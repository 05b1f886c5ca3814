"""What a new move document starts with, read for the move dialog (which holds no session).

A receipt against a purchase order: from the order's supplier (its location, when a receipt from it made
one; otherwise «Откуда» stays empty and the receipt command takes the order's supplier), to the main
warehouse (orders have no destination of their own), and a line per item still expected — ordered less
received, as ``purchasing.receiving.remainders`` counts it (refused units are still expected: the supplier
replaces them) — which the keeper corrects to what really came.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import Item, PurchaseOrder, Supplier
from mos_desktop.services.purchasing.ordering import receipt_lines
from mos_desktop.services.stock.places import find_item, find_serial, main_warehouse, supplier_location


@dataclass(frozen=True)
class DraftLine:
    sku: str
    name: str
    units: int


@dataclass(frozen=True)
class ReceiptDraft:
    order_id: uuid.UUID
    number: str
    supplier: str
    from_location_id: uuid.UUID | None  # None: no location for the supplier yet (the receipt makes it)
    to_location_id: uuid.UUID | None
    lines: list[DraftLine]


def receipt_draft(session: Session, order_id: uuid.UUID) -> ReceiptDraft:
    """The receipt against ``order_id`` as the dialog fills it in. A closed or cancelled order: the
    ``ValidationError`` of ``receipt_lines`` (under «Заказ поставщику»)."""
    state, lines = receipt_lines(session, order_id)
    order = session.get(PurchaseOrder, order_id)
    vendor = session.get(Supplier, order.supplier_id) if order is not None else None
    source = supplier_location(session, vendor, create=False) if vendor is not None else None
    target = main_warehouse(session)
    skus = [sku for sku, _units in lines]
    names = {
        sku: name for sku, name in session.execute(select(Item.sku, Item.name).where(Item.sku.in_(skus)))
    }
    return ReceiptDraft(
        order_id=state.id,
        number=state.number,
        supplier=state.supplier,
        from_location_id=source.id if source is not None else None,
        to_location_id=target.id if target is not None else None,
        lines=[DraftLine(sku, names.get(sku, ""), units) for sku, units in lines],
    )


@dataclass(frozen=True)
class ScannedSerial:
    sku: str
    serial: str


def scanned_serial(session: Session, text: str) -> ScannedSerial | None:
    """A code typed or scanned into a line's item cell that is no SKU but a serial number the ledger knows:
    its item's SKU and the serial (the line becomes one unit of that item with that serial)."""
    if find_item(session, text) is not None:
        return None  # an SKU: the cell keeps it
    found = find_serial(session, text)
    return ScannedSerial(found[0].sku, found[1]) if found is not None else None
