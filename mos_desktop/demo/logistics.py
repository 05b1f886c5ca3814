"""Deliveries: installs and add-on orders by courier, freight and ТК, their stock moves, closing
documents, carrier invoices and the Dostavista balance."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from mos_desktop.demo.catalogue import OFFICE_ADDRESS, WAREHOUSE_ADDRESS, ItemInfo
from mos_desktop.demo.checksums import make_inn10
from mos_desktop.demo.contact_log import add_equipment
from mos_desktop.demo.context import (
    ClientInfo,
    Ctx,
    SiteInfo,
    workday_on_or_after,
    workday_on_or_before,
    workdays,
)
from mos_desktop.demo.stock import StockBook
from mos_desktop.models import (
    CarrierKind,
    ClientStatus,
    DocsStatus,
    Payable,
    PayableKind,
    PayableStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)

BARRIERS = (("BAR-DH-PRO4000", "BOOM-4M", 60), ("BAR-DH-PRO5000", "BOOM-5M", 20), ("BAR-DH-PRO6000", "BOOM-6M", 10), ("BAR-CAME-G4", "BOOM-4M", 10))  # fmt: skip
TURNSTILE_KIT = (("TRN-PERCO-TTR", 2), ("TRN-MOUNT", 2), ("CTRL-SIGUR", 1), ("RDR-MIFARE", 2), ("GATEWAY", 1), ("CBL-UTP", 100))  # fmt: skip
PILOT_KIT = (("GATEWAY", 1), ("RDR-EM", 2), ("CTRL-GSM", 1), ("PSU-12V5A", 1))
ADDONS: tuple[tuple[tuple[str, int | None], ...], ...] = (
    (("RFID-CARD", None),), (("RFID-UHF", None),), (("REMOTE-DH", None),), (("RFID-FOB", None),),
    (("RDR-EM", None), ("PSU-12V5A", 1)), (("CAM-IP2", None),), (("CAM-IP4", 2), ("NVR-8", 1)),
    (("BOOM-4M", 1),), (("BAR-SPRING", 1), ("BOOM-SUP", 1)), (("LOCK-EM300", 1), ("BTN-EXIT", 1)),
    (("CAM-LPR", 1), ("SW-POE8", 1)), (("RDR-UHF", 1), ("RFID-UHF", None)), (("UPS-600", 1), ("CBL-VVG", None)),
)  # fmt: skip
FEEDBACK_GOOD = ("Всё аккуратно, спасибо", "Привезли раньше срока", "")
FEEDBACK_BAD = ("Курьер опоздал на 2 часа", "Водитель не помог с разгрузкой", "Упаковка повреждена")


@dataclass
class Plan:
    client: ClientInfo
    site: SiteInfo
    lines: list[tuple[ItemInfo, int]]
    ship_day: date
    install_on: date | None = None
    row: dict[str, Any] = field(default_factory=dict)
    serials: dict[str, list[str]] = field(default_factory=dict)


def make_shipments(ctx: Ctx, book: StockBook) -> None:
    rng = ctx.rng("shipments")
    plans = _install_plans(ctx, rng) + _addon_plans(ctx, rng)
    plans.sort(key=lambda p: (p.ship_day, p.client.number))
    seq: dict[int, int] = {}
    for plan in plans:
        seq[plan.ship_day.year] = seq.get(plan.ship_day.year, 0) + 1
        _shipment_row(ctx, rng, plan, f"ОТГ-{plan.ship_day.year}-{seq[plan.ship_day.year]:05d}")
        _schedule(ctx, rng, book, plan)
    ctx.shared["shipment_plans"] = plans
    book.on(ctx.today, 9, lambda: _cover_reservations(ctx, book, plans))


def _cover_reservations(ctx: Ctx, book: StockBook, plans: list[Plan]) -> None:
    """The goods of the planned and agreed shipments are at Румянцево today, after the day's other moves:
    their units are reserved there (``services.stock.reservations``), and a keeper plans a shipment only
    when the warehouse can cover it, receiving what is short first, so no free stock is below zero."""
    wanted: dict[str, int] = {}
    items: dict[str, ItemInfo] = {}
    for plan in plans:
        if plan.row["status"] not in (ShipmentStatus.PLANNED, ShipmentStatus.AGREED):
            continue
        for item, qty in plan.lines:
            wanted[item.sku] = wanted.get(item.sku, 0) + qty
            items[item.sku] = item
    for sku, qty in wanted.items():
        book.ensure(items[sku], qty, book.warehouse, ctx.today)


def _kit(ctx: Ctx, rng: random.Random, client: ClientInfo, site: SiteInfo) -> list[tuple[ItemInfo, int]]:
    items: dict[str, ItemInfo] = ctx.shared["items"]
    if client.status == ClientStatus.PILOT:
        return [(items[s], q) for s, q in PILOT_KIT]
    if site.access_points > 4:
        return [(items[s], q) for s, q in TURNSTILE_KIT]
    barrier, boom, _ = rng.choices(BARRIERS, weights=[b[2] for b in BARRIERS])[0]
    n = 2 if site.access_points > 2 else 1
    return [
        (items[barrier], n),
        (items[boom], n),
        (items["CTRL-GSM"], n),
        (items["PHOTO-CELL"], n),
        (items["GATEWAY"], 1),
    ]


def _install_plans(ctx: Ctx, rng: random.Random) -> list[Plan]:
    plans = []
    lo, hi = ctx.window_start + timedelta(days=3), ctx.today + timedelta(days=21)
    for client in ctx.clients:
        for site in client.sites:
            if site.install_date is None or not lo <= site.install_date <= hi:
                continue
            ship = workday_on_or_before(site.install_date - timedelta(days=rng.randint(2, 6)))
            plans.append(Plan(client, site, _kit(ctx, rng, client, site), ship, site.install_date))
    active = [c for c in ctx.clients if c.status == ClientStatus.ACTIVE and c.sites]
    for _ in range(ctx.count(4) if active else 0):  # expansions installed in the coming weeks
        client = rng.choice(active)
        install = workday_on_or_after(ctx.today + timedelta(days=rng.randint(3, 21)))
        ship = workday_on_or_after(install - timedelta(days=rng.randint(1, 3)))
        site = rng.choice(client.sites)
        plans.append(Plan(client, site, _kit(ctx, rng, client, site), max(ship, ctx.today), install))
    return plans


def _addon_plans(ctx: Ctx, rng: random.Random) -> list[Plan]:
    items: dict[str, ItemInfo] = ctx.shared["items"]
    eligible = [
        c
        for c in ctx.clients
        if c.sites and c.status in (ClientStatus.ACTIVE, ClientStatus.PILOT, ClientStatus.LEAVING)
    ]
    if not eligible:
        return []
    far = [c for c in eligible if any(site.far for site in c.sites)]
    yesterday = workday_on_or_before(ctx.today - timedelta(days=1))
    plans = []
    for day in workdays(ctx.window_start + timedelta(days=3), ctx.today + timedelta(days=21)):
        if day < ctx.today:
            n = round(rng.uniform(0.4, 1.6) * ctx.scale) or int(day == yesterday)
        elif day == ctx.today:
            n = max(2, round(rng.uniform(0.8, 2.0) * ctx.scale))
        else:
            n = round(rng.uniform(0.2, 1.0) * ctx.scale)
        for k in range(n):
            client = rng.choice(eligible)
            if day == yesterday and k == 0 and far:  # something with a ТК on the road now
                client = rng.choice(far)
                site = next(site for site in client.sites if site.far)
                plans.append(Plan(client, site, [(items["RDR-EM"], 2), (items["PSU-12V5A"], 2)], day))
                continue
            if client.fee_start and client.fee_start > day and client.status != ClientStatus.PILOT:
                continue
            addon = rng.choice(ADDONS) if not (day == ctx.today and k == 1) else (("BOOM-4M", 1),)
            lines = [
                (items[s], q if q is not None else rng.randint(items[s].qty_min, items[s].qty_max))
                for s, q in addon
            ]
            plans.append(Plan(client, rng.choice(client.sites), lines, day))
    return plans


def _carrier(rng: random.Random, plan: Plan) -> tuple[CarrierKind, str]:
    heavy = any(item.heavy for item, _ in plan.lines)
    if plan.site.far:
        return CarrierKind.TRANSPORT_COMPANY, "Деловые Линии" if heavy or rng.random() < 0.4 else "СДЭК"
    if heavy:
        return CarrierKind.HEAVY_FREIGHT, rng.choice(("ТрансГруз-М", "ГрузовичкоФ"))
    if rng.random() < 0.18:
        return CarrierKind.PICKUP, "Самовывоз"
    return CarrierKind.COURIER, "Достависта"


def _shipment_row(ctx: Ctx, rng: random.Random, plan: Plan, number: str) -> None:
    kind, carrier = _carrier(rng, plan)
    from_office = kind in (CarrierKind.COURIER, CarrierKind.PICKUP)
    weight = sum(45 * q if i.heavy else max(1, q // 20) for i, q in plan.lines)
    day, today = plan.ship_day, ctx.today
    transit_days = {
        CarrierKind.TRANSPORT_COMPANY: rng.randint(2, 6),
        CarrierKind.HEAVY_FREIGHT: rng.randint(0, 1),
    }.get(kind, 0)
    delivered_on = workday_on_or_after(day + timedelta(days=transit_days)) if transit_days else day
    status, shipped_at, delivered_at = ShipmentStatus.PLANNED, None, None
    if day < today and rng.random() < 0.03:
        status = ShipmentStatus.CANCELLED
    elif day < today:
        shipped_at = ctx.moment(rng, day, 10, 15)
        if delivered_on < today:
            status = ShipmentStatus.DELIVERED
            delivered_at = max(
                shipped_at + timedelta(hours=rng.randint(2, 5)), ctx.moment(rng, delivered_on, 11, 18)
            )
        else:
            status = ShipmentStatus.IN_TRANSIT
    elif day <= today + timedelta(days=7):  # the near term is agreed with the client, later ones not yet
        status = ShipmentStatus.AGREED
    cost = {
        CarrierKind.COURIER: rng.randint(6, 25) * 10000,
        CarrierKind.HEAVY_FREIGHT: rng.randint(45, 120) * 10000,
        CarrierKind.TRANSPORT_COMPANY: rng.randint(15, 90) * 10000 + weight * 5000,
    }.get(kind, 0)
    tracking, url = "", ""
    if kind == CarrierKind.TRANSPORT_COMPANY and shipped_at:
        if carrier == "СДЭК":
            tracking = str(rng.randint(10**9, 10**10 - 1))
            url = f"https://www.cdek.ru/ru/tracking?order_id={tracking}"
        else:
            tracking = f"{day.year % 100}-{rng.randint(10**7, 10**8 - 1)}"
            url = f"https://www.dellin.ru/tracker/orders/{tracking}/"
    elif kind == CarrierKind.COURIER and shipped_at:
        tracking = str(rng.randint(10**7, 10**8 - 1))
    docs, sent_on, signed_on = _docs(ctx, rng, status, delivered_on)
    rating, feedback = None, ""
    if status == ShipmentStatus.DELIVERED and kind != CarrierKind.PICKUP and rng.random() < 0.75:
        rating = rng.choices((5, 4, 3, 2), weights=(60, 25, 10, 5))[0]
        feedback = rng.choice(FEEDBACK_BAD if rating <= 3 else FEEDBACK_GOOD)
    heavy = any(i.heavy for i, _ in plan.lines)
    arrivals: list[date] = ctx.shared.get("goods_arrivals", [])
    goods_on = next((a for a in arrivals if a <= day), None) if day > today and heavy else None
    ctx.add(
        Shipment,
        number=number,
        client_id=plan.client.id,
        site_id=plan.site.id,
        carrier_kind=kind,
        carrier_name=carrier,
        status=status,
        from_address=OFFICE_ADDRESS if from_office else WAREHOUSE_ADDRESS,
        to_address=plan.site.address,
        goods_arrival_on=goods_on,
        agreed_ship_on=day if status != ShipmentStatus.PLANNED else None,
        planned_delivery_on=delivered_on,
        shipped_at=shipped_at,
        delivered_at=delivered_at,
        install_on=plan.install_on,
        tracking_number=tracking,
        tracking_url=url,
        cost_kop=cost,
        weight_kg=weight,
        quality_rating=rating,
        docs_status=docs,
        docs_sent_on=sent_on,
        docs_signed_on=signed_on,
        payable_id=None,
        client_feedback=feedback,
        notes="Созвониться с охраной за час до приезда" if rng.random() < 0.1 else "",
    )
    plan.row = ctx.rows[Shipment][-1]


def _docs(
    ctx: Ctx, rng: random.Random, status: ShipmentStatus, delivered_on: date
) -> tuple[DocsStatus, date | None, date | None]:
    if status != ShipmentStatus.DELIVERED:
        return DocsStatus.NONE, None, None
    age = (ctx.today - delivered_on).days
    sent = min(ctx.today, delivered_on + timedelta(days=rng.randint(0, 2)))
    r = rng.random()
    if age < 3:
        return (DocsStatus.NONE, None, None) if r < 0.4 else (DocsStatus.SENT, sent, None)
    if age <= 14:
        if r < 0.5:
            return DocsStatus.SENT, sent, None
    elif r < 0.03 and age <= 60:
        return DocsStatus.NONE, None, None
    elif r < (0.25 if age <= 60 else 0.015):
        return DocsStatus.SENT, sent, None  # unsigned for more than two weeks: the chase list
    signed = min(ctx.today, sent + timedelta(days=rng.randint(2, 20)))
    return DocsStatus.SIGNED, sent, signed


def _schedule(ctx: Ctx, rng: random.Random, book: StockBook, plan: Plan) -> None:
    row = plan.row
    shipped = row["shipped_at"] is not None
    if not shipped:
        for item, qty in plan.lines:
            ctx.add(
                ShipmentLine,
                shipment_id=row["id"],
                item_id=item.id,
                quantity=qty,
                serial="",
                price_kop=item.sale_kop,
            )
        return
    pickup = row["carrier_kind"] == CarrierKind.PICKUP
    source = book.office if row["from_address"] == OFFICE_ADDRESS else book.warehouse

    def ship() -> None:
        dest = book.client_location(plan.client) if pickup else book.transit
        for item, qty in plan.lines:
            book.ensure(item, qty, source, plan.ship_day)
            moved = book.move(
                item, qty, source, dest, plan.ship_day, doc=row["number"], shipment_id=row["id"]
            )
            if item.serial:
                plan.serials[item.sku] = [s for _, s in moved]
                for s in plan.serials[item.sku]:
                    ctx.add(
                        ShipmentLine,
                        shipment_id=row["id"],
                        item_id=item.id,
                        quantity=1,
                        serial=s,
                        price_kop=item.sale_kop,
                    )
            else:
                ctx.add(
                    ShipmentLine,
                    shipment_id=row["id"],
                    item_id=item.id,
                    quantity=qty,
                    serial="",
                    price_kop=item.sale_kop,
                )
        if pickup:
            _installed(ctx, rng, plan)

    def deliver() -> None:
        dest = book.client_location(plan.client)
        day = row["delivered_at"].date()
        for item, qty in plan.lines:
            book.move(
                item,
                qty,
                book.transit,
                dest,
                day,
                doc=row["number"],
                serials=plan.serials.get(item.sku),
                shipment_id=row["id"],
            )
        _installed(ctx, rng, plan)

    book.on(plan.ship_day, 1, ship)
    if row["delivered_at"] is not None and not pickup:
        book.on(row["delivered_at"].date(), 2, deliver)


def _installed(ctx: Ctx, rng: random.Random, plan: Plan) -> None:
    if plan.install_on is not None and plan.install_on <= ctx.today:
        add_equipment(ctx, rng, plan.client, plan.site, plan.lines, plan.install_on, plan.serials)


def make_carrier_payables(ctx: Ctx) -> None:
    rng = ctx.rng("carrier-payables")
    inns: dict[str, str] = {}
    for plan in ctx.shared.get("shipment_plans", []):
        row = plan.row
        if (
            row["carrier_kind"] not in (CarrierKind.HEAVY_FREIGHT, CarrierKind.TRANSPORT_COMPANY)
            or not row["shipped_at"]
        ):
            continue
        issued = row["shipped_at"].date() + timedelta(days=rng.randint(0, 3))
        due = workday_on_or_after(issued + timedelta(days=rng.randint(5, 10)))
        paid = due < ctx.today - timedelta(days=2)
        status = PayableStatus.PAID if paid else rng.choice((PayableStatus.RECEIVED, PayableStatus.IN_PLAN))
        carrier = row["carrier_name"]
        inns.setdefault(carrier, make_inn10(rng))
        row["payable_id"] = ctx.add(
            Payable,
            kind=PayableKind.CARRIER,
            status=status,
            counterparty=f'ООО "{carrier}"',
            counterparty_inn=inns[carrier],
            supplier_id=None,
            contractor_id=None,
            number=f"{rng.randint(1000, 99999)}",
            issued_on=min(issued, ctx.today),
            due_on=due,
            amount_kop=row["cost_kop"],
            entered_in_plan_on=issued if status != PayableStatus.RECEIVED else None,
            paid_on=min(due, ctx.today) if paid else None,
            purpose=f"Оплата перевозки по отгрузке {row['number']}",
        )
