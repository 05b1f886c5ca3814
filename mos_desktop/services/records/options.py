"""What the reference pickers offer: live, not archived records, with the text typed search matches."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Client,
    Contractor,
    Item,
    Location,
    LocationKind,
    Site,
    Supplier,
    User,
    UserRole,
)
from mos_desktop.services.records.spec import Option


def options(
    session: Session, ref: str, *, parent_id: uuid.UUID | None = None, kinds: Iterable[str] | None = None
) -> list[Option]:
    """Choices for a picker of ``ref`` (client, item, location, supplier, contractor, user, manager, site).
    ``kinds``: locations of these kinds only (``LocationKind`` values; the places a kind of move connects)."""
    if ref == "client":
        rows = session.execute(
            select(Client.id, Client.name, Client.inn)
            .where(Client.deleted_at.is_(None))
            .order_by(Client.name)
        )
        return [Option(i, f"{name} (ИНН {inn})", f"{name} {inn}".lower()) for i, name, inn in rows]
    if ref == "item":
        rows = session.execute(
            select(Item.id, Item.sku, Item.name)
            .where(Item.deleted_at.is_(None), Item.archived.is_(False))
            .order_by(Item.sku)
        )
        return [Option(i, f"{sku} — {name}", f"{sku} {name}".lower()) for i, sku, name in rows]
    if ref == "location":
        stmt = select(Location.id, Location.code, Location.name).where(
            Location.deleted_at.is_(None), Location.archived.is_(False)
        )
        if kinds is not None:
            stmt = stmt.where(Location.kind.in_([LocationKind(kind) for kind in kinds]))
        rows = session.execute(stmt.order_by(Location.code))
        return [Option(i, f"{code} — {name}", f"{code} {name}".lower()) for i, code, name in rows]
    if ref == "supplier":
        rows = session.execute(
            select(Supplier.id, Supplier.group_name, Supplier.name)
            .where(Supplier.deleted_at.is_(None), Supplier.archived.is_(False))
            .order_by(Supplier.group_name, Supplier.name)
        )
        return [
            Option(i, f"{group} — {name}" if group and group != name else name, f"{group} {name}".lower())
            for i, group, name in rows
        ]
    if ref == "contractor":
        rows = session.execute(
            select(Contractor.id, Contractor.name, Contractor.specialization)
            .where(Contractor.deleted_at.is_(None), Contractor.archived.is_(False))
            .order_by(Contractor.name)
        )
        return [Option(i, name, f"{name} {spec}".lower()) for i, name, spec in rows]
    if ref in ("user", "manager"):
        stmt = select(User.id, User.login, User.full_name).where(
            User.deleted_at.is_(None), User.archived.is_(False)
        )
        if ref == "manager":
            stmt = stmt.where(User.role.in_([UserRole.MANAGER, UserRole.HEAD]))
        rows = session.execute(stmt.order_by(User.full_name))
        return [Option(i, f"{full} ({login})", f"{full} {login}".lower()) for i, login, full in rows]
    if ref == "purchase_order":  # orders still expecting goods
        from mos_desktop.models import PurchaseOrder, PurchaseStatus

        closed = [PurchaseStatus.ACCEPTED, PurchaseStatus.CLOSED, PurchaseStatus.CANCELLED]
        stmt = (
            select(PurchaseOrder.id, PurchaseOrder.number, Supplier.name)
            .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
            .where(PurchaseOrder.deleted_at.is_(None), PurchaseOrder.status.not_in(closed))
            .order_by(PurchaseOrder.number)
        )
        return [
            Option(i, f"{number} — {name}", f"{number} {name}".lower())
            for i, number, name in session.execute(stmt)
        ]
    if ref == "site":
        stmt = select(Site.id, Site.name, Site.address).where(Site.deleted_at.is_(None))
        if parent_id is not None:
            stmt = stmt.where(Site.client_id == parent_id)
        rows = session.execute(stmt.order_by(Site.name))
        return [
            Option(i, f"{name}, {addr}" if addr else name, f"{name} {addr}".lower()) for i, name, addr in rows
        ]
    raise KeyError(f"no picker for {ref!r}")


def managers(session: Session) -> list[str]:
    """The names a client's «Менеджер» may take: the employees who manage clients (a client stores the
    manager's name, as the imported lists do), plus names already on clients but not yet in the list of
    employees, so an imported manager is never lost. Chosen from this list, never typed free."""
    names = session.scalars(
        select(User.full_name)
        .where(User.deleted_at.is_(None), User.archived.is_(False), User.role != UserRole.WAREHOUSE)
        .order_by(User.full_name)
    ).all()
    used = session.scalars(
        select(Client.manager).where(Client.deleted_at.is_(None), Client.manager != "").distinct()
    ).all()
    return list(names) + sorted(set(used) - set(names))
