"""The nearest record that has a dialog: a row whose own record has none yet opens its owner.

An invoice, a payment, a call or a visit opens its client; a stock move its item; a price its supplier
(and a purchase order, were its own card not registered); a contractor's job its contractor. Walks up the owners until a kind the caller can
open (``openable``) is reached; ``None`` when nothing can be opened.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

# kind -> (model path, [(foreign key attribute, the kind it points to), ...] in order of preference)
OWNERS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "invoice": ("Invoice", (("client_id", "client"),)),
    "payment": ("Payment", (("client_id", "client"),)),
    "collection_call": ("CollectionCall", (("client_id", "client"),)),
    "payable": ("Payable", (("supplier_id", "supplier"), ("contractor_id", "contractor"))),
    "shipment": ("Shipment", (("client_id", "client"),)),
    "dostavista_entry": ("DostavistaEntry", (("shipment_id", "shipment"),)),
    "stock_move": ("StockMove", (("item_id", "item"),)),
    "stock_count": ("StockCount", (("location_id", "location"),)),
    "purchase_order": ("PurchaseOrder", (("supplier_id", "supplier"),)),
    "supplier_price": ("SupplierPrice", (("supplier_id", "supplier"), ("item_id", "item"))),
    "service_visit": ("ServiceVisit", (("client_id", "client"), ("contractor_id", "contractor"))),
    "contractor_job": ("ContractorJob", (("contractor_id", "contractor"), ("client_id", "client"))),
    "training": ("Training", (("client_id", "client"),)),
    "question": ("Question", (("client_id", "client"),)),
    "claim": ("Claim", (("client_id", "client"),)),
    "deal": ("Deal", (("client_id", "client"),)),
    "pilot": ("Pilot", (("client_id", "client"),)),
    "interaction": ("Interaction", (("client_id", "client"),)),
    "cloud_onboarding": ("CloudOnboarding", (("client_id", "client"),)),
    "contact": ("ContactPerson", (("client_id", "client"),)),
    "site": ("Site", (("client_id", "client"),)),
    "equipment": ("InstalledEquipment", (("client_id", "client"),)),
}


def _model(name: str) -> Any:
    import mos_desktop.models as models

    return getattr(models, name)


def nearest(
    session: Session, kind: str, record_id: uuid.UUID, openable: set[str]
) -> tuple[str, uuid.UUID] | None:
    seen = 0
    while kind not in openable:
        seen += 1
        if kind not in OWNERS or seen > 5:
            return None
        model_name, links = OWNERS[kind]
        row = session.get(_model(model_name), record_id)
        if row is None:
            return None
        for attribute, owner_kind in links:
            owner_id = getattr(row, attribute, None)
            if owner_id is not None:
                kind, record_id = owner_kind, owner_id
                break
        else:
            return None
    return kind, record_id
