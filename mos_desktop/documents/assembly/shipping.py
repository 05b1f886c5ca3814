"""ТОРГ-12, УПД and the transport waybill of a shipment: its lines priced, the client as consignee and payer."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from mos_desktop.documents.assembly.common import client_party, items_by_id, priced_line
from mos_desktop.documents.assembly.logistics import shipment_address, shipment_lines
from mos_desktop.documents.company import Company, Options, require_requisites
from mos_desktop.documents.data import Party
from mos_desktop.documents.forms.shipping import ShipmentData
from mos_desktop.documents.vat import vat_of
from mos_desktop.models import Shipment
from mos_desktop.models.logistics import CarrierKind

CARRIER_RU = {
    CarrierKind.COURIER: "Курьер (Достависта)",
    CarrierKind.HEAVY_FREIGHT: "Грузовое такси",
    CarrierKind.TRANSPORT_COMPANY: "Транспортная компания",
    CarrierKind.PICKUP: "Самовывоз",
}


def shipment_data(
    session: Session, shipment: Shipment, company: Company, options: Options, *, number: str, day: date
) -> ShipmentData:
    require_requisites(company)
    lines = shipment_lines(session, shipment)
    items = items_by_id(session, [x.item_id for x in lines])
    vat = vat_of(options.vat_mode, options.vat_rate_pct)
    goods = tuple(
        priced_line(
            vat,
            items[x.item_id].name,
            x.quantity,
            items[x.item_id].unit,
            x.price_kop,
            code=items[x.item_id].sku,
            okei=items[x.item_id].okei_code,
            serial=x.serial,
        )
        for x in lines
    )
    client = client_party(session, shipment.client_id) if shipment.client_id else Party(name="—")
    carrier = CARRIER_RU.get(shipment.carrier_kind, "")
    if shipment.carrier_name:
        carrier = f"{carrier}: {shipment.carrier_name}" if carrier else shipment.carrier_name
    if shipment.tracking_number:
        carrier += f", трек-номер {shipment.tracking_number}"
    return ShipmentData(
        number=number,
        day=day,
        supplier=company,
        consignee=client,
        payer=client,
        ship_from=shipment.from_address,
        ship_to=shipment_address(session, shipment),
        basis=f"Отгрузка № {shipment.number}",
        lines=goods,
        vat=vat,
        options=options,
        carrier=carrier,
        weight_kg=shipment.weight_kg,
        released_by=shipment.created_by if " " in shipment.created_by else "",
        planned_delivery=shipment.planned_delivery_on,
        freight_kop=shipment.cost_kop,
    )
