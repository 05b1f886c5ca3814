"""Lists of the simple records: items, locations, employees, and a client's contacts, sites, equipment."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    USER_ROLE_RU,
    Client,
    ContactPerson,
    InstalledEquipment,
    Item,
    Location,
    Site,
    User,
)
from mos_desktop.russian import plural_ru
from mos_desktop.services.labels import LOCATION_KIND_RU
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.records.kinds import (
    CONTACT_LABELS,
    EQUIPMENT_LABELS,
    ITEM_LABELS,
    LOCATION_LABELS,
    SITE_LABELS,
    USER_LABELS,
)

ARCHIVED = "в архиве"


def list_items(session: Session, *, today: date) -> Listing:
    columns = [
        Column("sku", ITEM_LABELS["sku"], width=12),
        Column("name", ITEM_LABELS["name"], stretch=True),
        Column("category", ITEM_LABELS["category"]),
        Column("unit", ITEM_LABELS["unit"]),
        Column("okei_code", "ОКЕИ"),
        Column("serial_tracked", "Серийный учёт", "bool"),
        Column("min_stock", "Мин. остаток", "int"),
        Column("state", "Состояние", "status"),
    ]
    rows = [
        Row(
            item.id,
            (
                item.sku,
                item.name,
                item.category,
                item.unit,
                item.okei_code,
                item.serial_tracked,
                item.min_stock,
                ARCHIVED if item.archived else "",
            ),
            "info" if item.archived else "",
        )
        for item in session.scalars(
            select(Item).where(Item.deleted_at.is_(None)).order_by(Item.archived, Item.sku)
        )
    ]
    archived = sum(1 for r in rows if r.level)
    summary = f"Позиций: {len(rows)}" + (f", в архиве: {archived}" if archived else "")
    return Listing(columns, rows, summary)


def list_locations(session: Session, *, today: date) -> Listing:
    columns = [
        Column("code", LOCATION_LABELS["code"], width=8),
        Column("name", LOCATION_LABELS["name"], stretch=True),
        Column("kind", LOCATION_LABELS["kind"]),
        Column("client", LOCATION_LABELS["client_id"]),
        Column("address", LOCATION_LABELS["address"]),
        Column("state", "Состояние", "status"),
    ]
    stmt = (
        select(Location, Client.name)
        .outerjoin(Client, Client.id == Location.client_id)
        .where(Location.deleted_at.is_(None))
        .order_by(Location.archived, Location.kind, Location.code)
    )
    rows = [
        Row(
            loc.id,
            (
                loc.code,
                loc.name,
                LOCATION_KIND_RU.get(loc.kind, str(loc.kind)),
                client or "",
                loc.address,
                ARCHIVED if loc.archived else "",
            ),
            "info" if loc.archived else "",
        )
        for loc, client in session.execute(stmt)
    ]
    return Listing(columns, rows, f"Мест хранения: {len(rows)}")


def list_users(session: Session, *, today: date) -> Listing:
    columns = [
        Column("full_name", USER_LABELS["full_name"], stretch=True),
        Column("login", USER_LABELS["login"]),
        Column("role", USER_LABELS["role"]),
        Column("position", USER_LABELS["position"]),
        Column("phone", USER_LABELS["phone"]),
        Column("email", USER_LABELS["email"]),
        Column("state", "Состояние", "status"),
    ]
    stmt = select(User).where(User.deleted_at.is_(None)).order_by(User.archived, User.full_name)
    rows = [
        Row(
            u.id,
            (
                u.full_name,
                u.login,
                USER_ROLE_RU.get(u.role, str(u.role)),
                u.position,
                u.phone,
                u.email,
                ARCHIVED if u.archived else "",
            ),
            "info" if u.archived else "",
        )
        for u in session.scalars(stmt)
    ]
    return Listing(columns, rows, f"Сотрудников: {len(rows)}")


# --- a client's related records (sub-lists of the client card) -----------------------------------------
def list_contacts(session: Session, client_id: uuid.UUID) -> Listing:
    columns = [
        Column("full_name", CONTACT_LABELS["full_name"], stretch=True),
        Column("position", CONTACT_LABELS["position"]),
        Column("phone", CONTACT_LABELS["phone"]),
        Column("email", CONTACT_LABELS["email"]),
        Column("is_primary", "ЛПР", "bool"),
        Column("signs_documents", "Подписывает", "bool"),
    ]
    stmt = (
        select(ContactPerson)
        .where(ContactPerson.client_id == client_id, ContactPerson.deleted_at.is_(None))
        .order_by(ContactPerson.is_primary.desc(), ContactPerson.full_name)
    )
    rows = [
        Row(
            c.id, (c.full_name, c.position, c.phone, c.email, c.is_primary, c.signs_documents), kind="contact"
        )
        for c in session.scalars(stmt)
    ]
    return Listing(columns, rows, f"{len(rows)} {plural_ru(len(rows), 'контакт', 'контакта', 'контактов')}")


def list_sites(session: Session, client_id: uuid.UUID) -> Listing:
    columns = [
        Column("name", SITE_LABELS["name"]),
        Column("address", SITE_LABELS["address"], stretch=True),
        Column("access_points", SITE_LABELS["access_points"], "int"),
        Column("install_date", SITE_LABELS["install_date"], "date"),
    ]
    stmt = select(Site).where(Site.client_id == client_id, Site.deleted_at.is_(None)).order_by(Site.name)
    rows = [
        Row(s.id, (s.name, s.address, s.access_points, s.install_date), kind="site")
        for s in session.scalars(stmt)
    ]
    points = sum(r.values[2] for r in rows)
    return Listing(columns, rows, f"Объектов: {len(rows)}, точек доступа: {points}")


def list_equipment(session: Session, client_id: uuid.UUID) -> Listing:
    columns = [
        Column("name", EQUIPMENT_LABELS["name"], stretch=True),
        Column("sku", "Артикул"),
        Column("serial", EQUIPMENT_LABELS["serial"]),
        Column("quantity", "Кол-во", "int"),
        Column("site", EQUIPMENT_LABELS["site_id"]),
        Column("installed_on", "Установлено", "date"),
        Column("ours", "Наше", "bool"),
    ]
    stmt = (
        select(InstalledEquipment, Item.sku, Site.name)
        .outerjoin(Item, Item.id == InstalledEquipment.item_id)
        .outerjoin(Site, Site.id == InstalledEquipment.site_id)
        .where(InstalledEquipment.client_id == client_id, InstalledEquipment.deleted_at.is_(None))
        .order_by(Site.name, InstalledEquipment.name)
    )
    rows = [
        Row(
            e.id,
            (e.name, sku or "", e.serial, e.quantity, site or "", e.installed_on, e.ours),
            kind="equipment",
        )
        for e, sku, site in session.execute(stmt)
    ]
    return Listing(columns, rows, f"Единиц оборудования: {sum(r.values[3] for r in rows)}")


CLIENT_SUBLISTS = {"contact": list_contacts, "site": list_sites, "equipment": list_equipment}


def list_partner_agreements(session: Session, *, today: date) -> Listing:
    """Process 19: agreements with suppliers, contractors and partners; the expired ones greyed, the ones
    ending within a month flagged."""
    from mos_desktop.models import Contractor, PartnerAgreement, Supplier
    from mos_desktop.services.records.kinds import PARTNER_LABELS

    columns = [
        Column("partner_name", PARTNER_LABELS["partner_name"], stretch=True),
        Column("kind", PARTNER_LABELS["kind"]),
        Column("counterparty", "Поставщик / подрядчик"),
        Column("signed_on", PARTNER_LABELS["signed_on"], "date"),
        Column("valid_to", PARTNER_LABELS["valid_to"], "date"),
        Column("terms", PARTNER_LABELS["terms"]),
    ]
    stmt = (
        select(PartnerAgreement, Supplier.name, Contractor.name)
        .outerjoin(Supplier, Supplier.id == PartnerAgreement.supplier_id)
        .outerjoin(Contractor, Contractor.id == PartnerAgreement.contractor_id)
        .where(PartnerAgreement.deleted_at.is_(None))
        .order_by(PartnerAgreement.partner_name)
    )
    rows: list[Row] = []
    for agreement, supplier, contractor in session.execute(stmt):
        until = agreement.valid_to
        level: Level = ""
        if until is not None and until < today:
            level = "info"
        elif until is not None and (until - today).days <= 30:
            level = "warning"
        terms = agreement.terms.replace("\n", " ")
        rows.append(
            Row(
                agreement.id,
                (
                    agreement.partner_name,
                    agreement.kind,
                    supplier or contractor or "",
                    agreement.signed_on,
                    until,
                    terms[:120] + ("…" if len(terms) > 120 else ""),
                ),
                level,
                kind="partner_agreement",
            )
        )
    ending = sum(1 for r in rows if r.level == "warning")
    summary = f"Соглашений: {len(rows)}" + (f", истекают в течение месяца: {ending}" if ending else "")
    return Listing(columns, rows, summary)
