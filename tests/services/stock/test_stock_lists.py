"""Склад Румянцево lists: balances summed from the ledger, and the ledger newest first."""

from __future__ import annotations

from datetime import date

from factories import item, location, move, msk

from mos_desktop.db import Database
from mos_desktop.models import LocationKind
from mos_desktop.services.stock.lists import list_balances, list_moves

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))


def test_balances_per_location_with_min_and_negative_tints(db: Database) -> None:
    with db.session() as s:
        supplier = location(s, "ООО Поставщик", LocationKind.SUPPLIER)
        warehouse = location(s, "Склад Румянцево", LocationKind.WAREHOUSE)
        office = location(s, "Офис", LocationKind.OFFICE)
        transit = location(s, "В пути", LocationKind.IN_TRANSIT)
        site = location(s, "ЖК Альфа", LocationKind.CLIENT_SITE)
        reader = item(s, "R-01", "Считыватель", min_stock=5)
        barrier = item(s, "B-01", "Шлагбаум", unit="компл", min_stock=1)
        cable = item(s, "C-01", "Кабель", unit="м")
        item(s, "X-01", "Удалённый", deleted_at=DELETED)

        move(s, reader, 10, supplier, warehouse, date(2026, 11, 1))
        move(s, reader, 3, warehouse, office, date(2026, 11, 2))
        move(s, reader, 2, warehouse, transit, date(2026, 11, 3))
        move(s, reader, 1, office, site, date(2026, 11, 4))
        move(s, reader, 4, warehouse, site, date(2026, 11, 5))  # Румянцево: 10-3-2-4 = 1 < 5
        move(s, reader, 100, supplier, warehouse, date(2026, 11, 6), deleted_at=DELETED)
        move(s, reader, 50, supplier, warehouse, date(2026, 11, 24))  # tomorrow: not on hand yet
        move(s, barrier, 2, supplier, warehouse, date(2026, 11, 1))  # 2 ≥ 1: fine
        move(s, cable, 5, warehouse, site, date(2026, 11, 10))  # more out than in: negative
        listing = list_balances(s, today=TODAY)
    got = [
        (listing.value(r, "sku"), listing.value(r, "location"), listing.value(r, "on_hand"), r.level)
        for r in listing.rows
    ]
    assert got == [  # our own places first, then what is installed at client sites
        ("B-01", "Склад Румянцево", 2, ""),
        ("C-01", "Склад Румянцево", -5, "danger"),
        ("R-01", "Склад Румянцево", 1, "warning"),
        ("R-01", "Офис", 2, ""),
        ("R-01", "В пути", 2, ""),
        ("C-01", "ЖК Альфа", 5, ""),
        ("R-01", "ЖК Альфа", 5, ""),
    ]
    assert listing.rows[2].id == reader.id and listing.rows[2].kind == "item"
    assert listing.summary == (
        "Строк: 7 (у нас: 5, на объектах клиентов: 2), ниже минимального остатка: 1, "
        "с отрицательным остатком: 1"
    )


def test_item_exactly_at_min_stock_is_not_tinted(db: Database) -> None:
    with db.session() as s:
        supplier = location(s, "ООО Поставщик", LocationKind.SUPPLIER)
        warehouse = location(s, "Склад Румянцево", LocationKind.WAREHOUSE)
        reader = item(s, "R-01", min_stock=5)
        move(s, reader, 5, supplier, warehouse, date(2026, 11, 1))
        listing = list_balances(s, today=TODAY)
    assert [(listing.value(r, "on_hand"), r.level) for r in listing.rows] == [(5, "")]


def test_moves_newest_first_with_reversal(db: Database) -> None:
    with db.session() as s:
        supplier = location(s, "ООО Поставщик", LocationKind.SUPPLIER)
        warehouse = location(s, "Склад Румянцево", LocationKind.WAREHOUSE)
        office = location(s, "Офис", LocationKind.OFFICE)
        reader = item(s, "R-01", "Считыватель")
        first = move(
            s, reader, 10, supplier, warehouse, date(2026, 11, 1), document_ref="ЗП-1", author="Петров"
        )
        wrong = move(s, reader, 3, warehouse, office, date(2026, 11, 2), serial="SN1", note="в офис")
        fix = move(s, reader, 3, office, warehouse, date(2026, 11, 2), reverses_move_id=wrong.id)
        move(s, reader, 1, warehouse, office, date(2026, 11, 3), deleted_at=DELETED)
        listing = list_moves(s, today=TODAY)
    assert [r.id for r in listing.rows] == [fix.id, wrong.id, first.id]
    assert [r.level for r in listing.rows] == ["info", "", ""]
    assert listing.rows[1].values == (
        date(2026, 11, 2),
        "Движение",
        "Считыватель",
        3,
        "Склад Румянцево",
        "Офис",
        "SN1",
        "",
        "",
        "в офис",
    )
    assert listing.rows[2].values[7:9] == ("ЗП-1", "Петров")
    assert listing.summary == "Движений: 3"
