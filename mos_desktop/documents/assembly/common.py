"""Reading parties, signers and lines from the database, shared by every assembly."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.documents.data import GoodsLine, Party, initials
from mos_desktop.documents.vat import Vat
from mos_desktop.errors import UserError
from mos_desktop.models import Client, ContactPerson, Item


def client_party(session: Session, client_id: uuid.UUID | None) -> Party:
    if client_id is None:
        raise UserError("У документа не указан клиент: выберите клиента в записи и повторите печать")
    client = session.get(Client, client_id)
    if client is None:
        raise UserError("Клиент документа не найден в базе (удалён?)")
    signer = session.scalars(
        select(ContactPerson)
        .where(ContactPerson.client_id == client.id, ContactPerson.deleted_at.is_(None))
        .order_by(
            ContactPerson.signs_documents.desc(), ContactPerson.is_primary.desc(), ContactPerson.full_name
        )
        .limit(1)
    ).first()
    return Party(
        name=client.legal_name or client.name,
        inn=client.inn,
        kpp=client.kpp,
        address=client.legal_address or client.postal_address,
        phone=client.phone,
        signer_position=signer.position if signer else "",
        signer_name=initials(signer.full_name) if signer else "",
    )


def priced_line(
    vat: Vat,
    name: str,
    quantity: int,
    unit: str,
    price_kop: int,
    amount_kop: int | None = None,
    *,
    code: str = "",
    okei: str = "",
    serial: str = "",
) -> GoodsLine:
    amount = price_kop * quantity if amount_kop is None else amount_kop
    split = vat.line(amount)
    return GoodsLine(
        name=name,
        quantity=quantity,
        unit=unit,
        price_kop=price_kop,
        net_kop=split.net_kop,
        vat_kop=split.vat_kop,
        gross_kop=split.gross_kop,
        code=code,
        okei=okei,
        serial=serial,
    )


def items_by_id(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Item]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {item.id: item for item in session.scalars(select(Item).where(Item.id.in_(wanted)))}
