"""Поставщики lists: purchase orders with line sums, dated prices with the cheapest marked, suppliers."""

from __future__ import annotations

from datetime import date

from factories import item, msk, price, purchase_order, supplier

from mos_desktop.db import Database
from mos_desktop.models import Availability, PurchaseStatus
from mos_desktop.services.purchasing.lists import list_prices, list_purchase_orders, list_suppliers

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))


def test_purchase_orders_amounts_levels_flags(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Шлагбаумы")
        reader, barrier = item(s, "R-01", "Считыватель"), item(s, "B-01", "Шлагбаум")
        late = purchase_order(
            s,
            "ЗП-1",
            vendor,
            date(2026, 11, 1),
            [(reader, 10, 1_500), (barrier, 1, 45_000)],
            status=PurchaseStatus.PAID,
            expected_on=date(2026, 11, 20),
            remote_acceptance=True,
            non_standard=True,
        )
        purchase_order(s, "ЗП-2", vendor, date(2026, 11, 10), [(reader, 2, 1_400)], expected_on=TODAY)
        purchase_order(
            s,
            "ЗП-3",
            vendor,
            date(2026, 11, 5),
            [(reader, 1, 1_000)],
            status=PurchaseStatus.ACCEPTED,
            expected_on=date(2026, 11, 12),
            accepted_on=date(2026, 11, 12),
        )
        purchase_order(s, "ЗП-4", vendor, date(2026, 11, 20), status=PurchaseStatus.CANCELLED)
        purchase_order(s, "ЗП-5", vendor, date(2026, 11, 21), [(reader, 1, 1)], deleted_at=DELETED)
        listing = list_purchase_orders(s, today=TODAY)
    assert [(r.values[0], r.values[2], r.values[5], r.level) for r in listing.rows] == [
        ("ЗП-1", "Оплачен", 6_000_000, "danger"),
        ("ЗП-2", "Черновик", 280_000, "warning"),
        ("ЗП-4", "Отменён", 0, ""),
        ("ЗП-3", "Принят полностью", 100_000, "ok"),
    ]
    assert listing.rows[0].id == late.id and listing.rows[0].kind == "purchase_order"
    assert listing.rows[0].values[1] == "ООО Шлагбаумы"
    assert listing.rows[0].values[7] == "удалённая приёмка, нестандартный товар"
    assert listing.rows[3].values[6] == date(2026, 11, 12)
    assert listing.summary == "Заказов: 4, открытых: 2 на 62\u00a0800,00\u00a0₽, просрочена поставка: 1"


def test_prices_cheapest_current_marked_expired_hidden(db: Database) -> None:
    with db.session() as s:
        cheap, dear, gone = (
            supplier(s, "Дешёвый"),
            supplier(s, "Дорогой"),
            supplier(s, "Удалён", deleted_at=DELETED),
        )
        reader = item(s, "R-01", "Считыватель")
        price(s, dear, reader, 1_500, date(2026, 1, 1), lead_days=3)
        best = price(s, cheap, reader, 1_200, date(2026, 11, 1), valid_to=date(2026, 12, 31))
        price(s, cheap, reader, 1_000, date(2026, 1, 1), valid_to=date(2026, 10, 31))  # expired
        price(s, dear, reader, 900, date(2026, 12, 1))  # not yet in force
        price(s, gone, reader, 100, date(2026, 1, 1))  # supplier tombstoned
        price(s, dear, reader, 800, date(2026, 1, 1), availability=Availability.UNAVAILABLE)
        price(s, cheap, reader, 700, date(2026, 1, 1), deleted_at=DELETED)
        listing = list_prices(s, today=TODAY)
    assert [(r.values, r.level) for r in listing.rows] == [
        (("Считыватель", "Дорогой", 80_000, date(2026, 1, 1), None, "Нет в наличии", 0), ""),
        (("Считыватель", "Дешёвый", 120_000, date(2026, 11, 1), date(2026, 12, 31), "В наличии", 0), "ok"),
        (("Считыватель", "Дорогой", 150_000, date(2026, 1, 1), None, "В наличии", 3), ""),
        (("Считыватель", "Дорогой", 90_000, date(2026, 12, 1), None, "В наличии", 0), "info"),
    ]
    assert listing.rows[1].id == best.id
    assert listing.summary.startswith("Цен: 4, товаров: 1")


def test_suppliers_with_price_and_open_order_counts(db: Database) -> None:
    with db.session() as s:
        one = supplier(s, "ООО Альфа-Опт", group_name="Альфа", inn="7707083893", phone="+7 495 000-00-01")
        two = supplier(s, "ИП Альфа", group_name="Альфа", email="a@example.ru", contact_name="Анна")
        supplier(s, "Удалён", deleted_at=DELETED)
        reader = item(s, "R-01")
        price(s, one, reader, 100, date(2026, 1, 1))
        price(s, one, reader, 90, date(2026, 1, 1), valid_to=date(2026, 2, 1))  # expired
        price(s, two, reader, 95, date(2026, 12, 1))  # future
        purchase_order(s, "ЗП-1", one, date(2026, 11, 1), status=PurchaseStatus.SHIPPED)
        purchase_order(s, "ЗП-2", one, date(2026, 11, 1), status=PurchaseStatus.ACCEPTED)
        purchase_order(s, "ЗП-3", two, date(2026, 11, 1), status=PurchaseStatus.CANCELLED)
        listing = list_suppliers(s, today=TODAY)
    assert [r.values for r in listing.rows] == [
        ("ИП Альфа", "Альфа", "", "Анна", "", "a@example.ru", 0, 0),
        ("ООО Альфа-Опт", "Альфа", "7707083893", "", "+7 495 000-00-01", "", 1, 1),
    ]
    assert listing.rows[1].id == one.id and listing.rows[1].kind == "supplier"
    assert listing.summary == "Поставщиков: 2"


def test_purchase_orders_of_deleted_supplier_hidden(db: Database) -> None:
    with db.session() as s:
        reader = item(s, "R-01", "Считыватель")
        live = supplier(s, "ООО Живой")
        gone = supplier(s, "ООО Удалённый", deleted_at=DELETED)
        purchase_order(s, "ЗП-10", live, date(2026, 11, 1), [(reader, 1, 1_000)])
        purchase_order(s, "ЗП-11", gone, date(2026, 11, 2), [(reader, 3, 1_000)])
        listing = list_purchase_orders(s, today=TODAY)
    assert [r.values[0] for r in listing.rows] == ["ЗП-10"]
    assert listing.summary == "Заказов: 1, открытых: 1 на 1\u00a0000,00\u00a0₽"
