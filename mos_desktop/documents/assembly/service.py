"""The service-visit act: the visit, its contract, the equipment on the site, the parts taken from stock."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.common import client_party, items_by_id, priced_line
from mos_desktop.documents.company import Company, Options, require_requisites
from mos_desktop.documents.forms.act import ActData, VisitInfo
from mos_desktop.documents.vat import vat_of
from mos_desktop.errors import UserError
from mos_desktop.models import Contractor, InstalledEquipment, ServiceContract, ServiceVisit, Site, VisitPart
from mos_desktop.models.service import VisitKind, VisitStatus

KIND_RU = {VisitKind.PLANNED: "Плановое техническое обслуживание", VisitKind.EMERGENCY: "Аварийный выезд"}


def visit_act_data(
    session: Session, visit: ServiceVisit, company: Company, options: Options, *, number: str, day: date
) -> ActData:
    require_requisites(company)
    if visit.status == VisitStatus.CANCELLED:
        raise UserError("Выезд отменён: акт по отменённому выезду не печатается")
    visit_day = visit.done_on or visit.scheduled_on
    if visit_day is None:
        raise UserError("У выезда нет даты: укажите дату выполнения и повторите печать")
    contract = session.get(ServiceContract, visit.contract_id) if visit.contract_id else None
    site = session.get(Site, visit.site_id) if visit.site_id else None
    equipment_rows = session.scalars(
        select(InstalledEquipment)
        .where(
            InstalledEquipment.client_id == visit.client_id,
            InstalledEquipment.deleted_at.is_(None),
            *((InstalledEquipment.site_id == visit.site_id,) if visit.site_id else ()),
        )
        .order_by(InstalledEquipment.name, InstalledEquipment.serial)
    ).all()
    parts = session.scalars(
        select(VisitPart).where(VisitPart.visit_id == visit.id, VisitPart.deleted_at.is_(None))
    ).all()
    items = items_by_id(session, [p.item_id for p in parts])
    performer = ""
    if visit.contractor_id:
        contractor = session.get(Contractor, visit.contractor_id)
        performer = contractor.name if contractor else ""
    info = VisitInfo(
        visit_date=visit_day,
        address=visit.address or (site.address if site else ""),
        kind=KIND_RU.get(visit.kind, str(visit.kind)),
        problem=visit.problem,
        works=tuple(w.strip(" -•\t") for w in visit.works_done.splitlines() if w.strip()),
        equipment=tuple((e.name, e.serial, e.quantity) for e in equipment_rows),
        parts=tuple(
            (items[p.item_id].name, items[p.item_id].sku, p.quantity, items[p.item_id].unit, p.serial)
            for p in parts
            if p.item_id in items
        ),
        performer=performer,
    )
    vat = vat_of(options.vat_mode, options.vat_rate_pct)
    service_name = (
        f"{info.kind} ({'выезд' if visit.kind == VisitKind.EMERGENCY else 'ТО'} {visit_day:%d.%m.%Y})"
    )
    if site:
        service_name += f", объект «{site.name}»"
    lines = (priced_line(vat, service_name, 1, "усл.", visit.amount_kop),)
    basis = f"Договор сервисного обслуживания № {contract.number}" if contract else ""
    if contract and contract.signed_on:
        basis += f" от {contract.signed_on:%d.%m.%Y}"
    return ActData(
        number=number,
        day=day,
        executor=company,
        customer=client_party(session, visit.client_id),
        basis=basis,
        lines=lines,
        vat=vat,
        options=options,
        visit=info,
    )
