"""Items, stock locations, suppliers with dated prices and partner agreements."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from mos_desktop.config import resources_dir
from mos_desktop.demo.checksums import make_inn10, make_kpp
from mos_desktop.demo.context import Ctx
from mos_desktop.demo.words import landline, person, slug
from mos_desktop.models import (
    Availability,
    Item,
    Location,
    LocationKind,
    PartnerAgreement,
    Supplier,
    SupplierPrice,
)

WAREHOUSE_ADDRESS = "108811, г. Москва, поселение Московский, Киевское ш., 22-й км, домовл. 6, стр. 1, БП «Румянцево», корп. Г"
OFFICE_ADDRESS = "117342, г. Москва, ул. Профсоюзная, д. 65, корп. 1, офис 412"


@dataclass
class ItemInfo:
    id: uuid.UUID
    sku: str
    name: str
    unit: str
    category: str
    serial: bool
    heavy: bool
    min_stock: int
    price_kop: int  # typical purchase price
    qty_min: int
    qty_max: int

    @property
    def sale_kop(self) -> int:
        return self.price_kop * 135 // 10000 * 100  # a third on top, whole rubles


@dataclass
class SupplierInfo:
    id: uuid.UUID
    name: str
    inn: str
    categories: tuple[str, ...]
    location_id: uuid.UUID
    prices: dict[str, list[tuple[date, date | None, int]]] = field(default_factory=dict)  # sku → periods

    def price_on(self, sku: str, day: date) -> int | None:
        for valid_from, valid_to, price in self.prices.get(sku, []):
            if valid_from <= day and (valid_to is None or day <= valid_to):
                return price
        return None


# name, group, categories, payment terms
SUPPLIERS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ('ООО "Барьер-Снаб"', "Барьер-Снаб", ("Шлагбаумы", "Стрелы", "Комплектующие", "Пульты и метки"), "Предоплата 100 %"),
    ('ООО "СекьюритиТорг"', "СекьюритиТорг", ("Турникеты", "Контроллеры", "Считыватели", "Замки", "Комплектующие"), "Отсрочка 14 дней"),
    ('ООО "СТ Дистрибуция"', "СекьюритиТорг", ("Турникеты", "Контроллеры", "Считыватели", "Замки"), "Предоплата 50 %"),
    ('ООО "ВидеоСистемы Опт"', "ВидеоСистемы", ("Видеонаблюдение", "Сеть", "Питание"), "Предоплата 100 %"),
    ('ООО "Кабель-Центр"', "Кабель-Центр", ("Кабель", "Крепёж", "Питание"), "Оплата по факту поставки"),
    ('ООО "РФИД Технологии"', "РФИД Технологии", ("Пульты и метки", "Считыватели"), "Предоплата 100 %"),
    ('ООО "МОС Девайс"', "МОС Девайс", ("Контроллеры", "Шлагбаумы"), "Отсрочка 30 дней"),
)  # fmt: skip


def _load_items() -> list[list[str]]:
    text = (resources_dir() / "demo" / "items.txt").read_text(encoding="utf-8")
    return [ln.split("|") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def make_items(ctx: Ctx) -> None:
    items: list[ItemInfo] = []
    for sku, name, unit, okei, category, serial, heavy, min_stock, price, qty in _load_items():
        qty_min, qty_max = (int(x) for x in qty.split("-"))
        info = ItemInfo(
            id=ctx.add(
                Item,
                sku=sku,
                name=name,
                unit=unit,
                okei_code=okei,
                category=category,
                serial_tracked=serial == "1",
                heavy=heavy == "1",
                min_stock=int(min_stock),
            ),
            sku=sku,
            name=name,
            unit=unit,
            category=category,
            serial=serial == "1",
            heavy=heavy == "1",
            min_stock=int(min_stock),
            price_kop=int(price) * 100,
            qty_min=qty_min,
            qty_max=qty_max,
        )
        items.append(info)
    ctx.shared["items"] = {i.sku: i for i in items}


def make_locations(ctx: Ctx) -> None:
    loc = {
        "warehouse": ctx.add(
            Location,
            code="RUM",
            name="Склад Румянцево",
            kind=LocationKind.WAREHOUSE,
            address=WAREHOUSE_ADDRESS,
        ),
        "office": ctx.add(
            Location, code="OFC", name="Офис", kind=LocationKind.OFFICE, address=OFFICE_ADDRESS
        ),
        "write_off": ctx.add(Location, code="WO", name="Списание", kind=LocationKind.WRITE_OFF),
        "transit": ctx.add(Location, code="TRN", name="В пути", kind=LocationKind.IN_TRANSIT),
    }
    ctx.shared["loc"] = loc


def make_suppliers(ctx: Ctx) -> None:
    rng = ctx.rng("suppliers")
    items: dict[str, ItemInfo] = ctx.shared["items"]
    suppliers: list[SupplierInfo] = []
    for n, (name, group, categories, terms) in enumerate(SUPPLIERS, start=1):
        inn = make_inn10(rng, rng.choice(("77", "50")))
        contact = person(rng)
        sid = ctx.add(
            Supplier,
            name=name,
            group_name=group,
            inn=inn,
            kpp=make_kpp(inn, rng),
            contact_name=contact.full,
            phone=landline(rng),
            email=f"sales{n}@{slug(group)}.ru",
            address=f"г. Москва, промзона {rng.choice(('Южная', 'Северная', 'Восточная'))}, стр. {rng.randint(1, 40)}",
            payment_terms=terms,
        )
        loc_id = ctx.add(
            Location, code=f"SUP-{n}", name=f"Поставщик: {name}", kind=LocationKind.SUPPLIER, address=""
        )
        suppliers.append(SupplierInfo(sid, name, inn, categories, loc_id))
    for item in items.values():
        offering = [s for s in suppliers if item.category in s.categories]
        for s in offering:
            _price_history(ctx, rng, s, item)
    ctx.shared["suppliers"] = suppliers


def _price_history(ctx: Ctx, rng: random.Random, supplier: SupplierInfo, item: ItemInfo) -> None:
    today = ctx.today
    current_from = today - timedelta(days=rng.randint(10, 150))
    current_to = None if rng.random() < 0.7 else today + timedelta(days=rng.randint(7, 120))
    current = round(item.price_kop * rng.uniform(0.9, 1.12) / 1000) * 1000
    periods: list[tuple[date, date | None, int]] = []
    # Older prices back to the start of the demo window, each expired the day before the next began.
    start = current_from
    price = current
    while start > ctx.window_start - timedelta(days=60):
        older_from = start - timedelta(days=rng.randint(90, 200))
        price = round(price * rng.uniform(0.9, 0.98) / 1000) * 1000
        periods.append((older_from, start - timedelta(days=1), price))
        start = older_from
    periods.reverse()
    periods.append((current_from, current_to, current))
    supplier.prices[item.sku] = periods
    for valid_from, valid_to, amount in periods:
        expired = valid_to is not None and valid_to < today
        r = rng.random()
        availability = Availability.IN_STOCK if r < 0.75 else Availability.ON_ORDER
        if not expired and r > 0.95:
            availability = Availability.UNAVAILABLE
        ctx.add(
            SupplierPrice,
            supplier_id=supplier.id,
            item_id=item.id,
            price_kop=amount,
            valid_from=valid_from,
            valid_to=valid_to,
            availability=availability,
            lead_days=rng.randint(1, 4) if availability == Availability.IN_STOCK else rng.randint(7, 28),
        )


def make_partner_agreements(ctx: Ctx) -> None:
    rng = ctx.rng("partners")
    suppliers: list[SupplierInfo] = ctx.shared["suppliers"]
    today = ctx.today
    rows = [
        (suppliers[0], "поставка", "Дилерский договор: скидка 12 % от РРЦ на шлагбаумы и стрелы, отгрузка со склада в Москве"),
        (suppliers[1], "поставка", "Дистрибьюторский договор: отсрочка платежа 14 дней, бесплатная доставка от 100 000 ₽"),
        (suppliers[6], "поставка", "Эксклюзивная поставка облачных шлюзов, гарантия 24 месяца"),
    ]  # fmt: skip
    for supplier, kind, terms in rows:
        ctx.add(
            PartnerAgreement,
            partner_name=supplier.name,
            partner_inn=supplier.inn,
            kind=kind,
            supplier_id=supplier.id,
            signed_on=today - timedelta(days=rng.randint(100, 700)),
            valid_to=today + timedelta(days=rng.randint(20, 400)),
            terms=terms,
        )
    others = [
        ('ООО "ПаркТех Интеграция"', "интеграция", "Интеграция парковочных систем с облаком: совместные проекты в БЦ, доля 15 %"),
        ('АНО "Ассоциация управляющих компаний МО"', "маркетинг", "Размещение кейсов на сайте ассоциации и выступления на семинарах"),
        ('ООО "УмныйДом Медиа"', "маркетинг", "Публикация кейсов и отзывов клиентов, 2 материала в квартал"),
    ]  # fmt: skip
    for name, kind, terms in others:
        ctx.add(
            PartnerAgreement,
            partner_name=name,
            partner_inn=make_inn10(rng),
            kind=kind,
            signed_on=today - timedelta(days=rng.randint(20, 300)),
            valid_to=today + timedelta(days=rng.randint(10, 200)) if rng.random() < 0.8 else None,
            terms=terms,
        )


def next_serial(ctx: Ctx, item: ItemInfo, year: int) -> str:
    """A unique serial per item: «BAR-DH-PRO4000-26-000123»."""
    counters: dict[str, int] = ctx.shared.setdefault("serial_counters", {})
    counters[item.sku] = counters.get(item.sku, 0) + 1
    return f"{item.sku}-{year % 100:02d}-{counters[item.sku]:06d}"
