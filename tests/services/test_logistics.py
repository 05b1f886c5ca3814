"""Логистика lists: shipments, closing documents to chase, the Dostavista balance ledger."""

from __future__ import annotations

from datetime import date

from factories import client, dostavista, msk, shipment

from mos_desktop.db import Database
from mos_desktop.models import CarrierKind, DocsStatus, ShipmentStatus
from mos_desktop.services.logistics import list_dostavista, list_shipments, list_unsigned_documents

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))


def test_shipments_labels_and_levels(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        today_ship = shipment(
            s,
            "О-1",
            owner,
            status=ShipmentStatus.AGREED,
            agreed_ship_on=TODAY,
            planned_delivery_on=date(2026, 11, 24),
            cost_kop=150_000,
        )
        shipment(
            s,
            "О-2",
            owner,
            carrier_kind=CarrierKind.TRANSPORT_COMPANY,
            carrier_name="СДЭК",
            status=ShipmentStatus.IN_TRANSIT,
            agreed_ship_on=date(2026, 11, 16),
            planned_delivery_on=date(2026, 11, 20),
            tracking_number="1234567890",
        )
        shipment(
            s,
            "О-3",
            owner,
            carrier_kind=CarrierKind.HEAVY_FREIGHT,
            status=ShipmentStatus.DELIVERED,
            agreed_ship_on=date(2026, 11, 2),
            docs_status=DocsStatus.SIGNED,
            quality_rating=5,
        )
        shipment(s, "О-4", None, carrier_kind=CarrierKind.PICKUP, agreed_ship_on=date(2026, 11, 30))
        shipment(s, "О-5", owner, deleted_at=DELETED)
        listing = list_shipments(s, today=TODAY)
    assert [(r.values[0], r.level) for r in listing.rows] == [
        ("О-2", "danger"),  # planned delivery passed, still in transit
        ("О-1", "warning"),  # ships today
        ("О-4", ""),
        ("О-3", "ok"),  # delivered and signed
    ]
    assert listing.rows[1].values == (
        "О-1",
        "ЖК Альфа",
        "Курьер (Достависта)",
        "Дата согласована",
        TODAY,
        date(2026, 11, 24),
        "",
        150_000,
        "Не отправлены",
        None,
    )
    assert listing.rows[1].id == today_ship.id and listing.rows[1].kind == "shipment"
    assert listing.rows[0].values[2:4] == ("ТК: СДЭК", "В пути")
    assert listing.rows[2].values[1:3] == ("", "Самовывоз")
    assert listing.rows[3].values[2:4] == ("Грузовой", "Доставлена")
    assert listing.rows[3].values[8:] == ("Подписаны", 5)
    assert listing.summary == "Отгрузок: 4, в работе: 3, сегодня: 1"


def test_unsigned_documents_chased_after_14_days(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        delivered = {"status": ShipmentStatus.DELIVERED, "delivered_at": msk(date(2026, 11, 1), 23, 30)}
        shipment(s, "О-14", owner, docs_status=DocsStatus.SENT, docs_sent_on=date(2026, 11, 9), **delivered)
        shipment(s, "О-15", owner, docs_status=DocsStatus.SENT, docs_sent_on=date(2026, 11, 8), **delivered)
        shipment(s, "О-00", owner, **delivered)  # documents not sent at all
        shipment(s, "О-ok", owner, docs_status=DocsStatus.SIGNED, docs_sent_on=date(2026, 11, 2), **delivered)
        shipment(s, "О-road", owner, status=ShipmentStatus.IN_TRANSIT, docs_status=DocsStatus.SENT)
        shipment(
            s,
            "О-del",
            owner,
            docs_status=DocsStatus.SENT,
            docs_sent_on=date(2026, 10, 1),
            deleted_at=DELETED,
            **delivered,
        )
        listing = list_unsigned_documents(s, today=TODAY)
    assert [(r.values, r.level) for r in listing.rows] == [
        (
            ("О-15", "ЖК Альфа", date(2026, 11, 1), "Отправлены, ждём подписи", date(2026, 11, 8), 15),
            "danger",
        ),
        (("О-00", "ЖК Альфа", date(2026, 11, 1), "Не отправлены", None, None), "warning"),
        (("О-14", "ЖК Альфа", date(2026, 11, 1), "Отправлены, ждём подписи", date(2026, 11, 9), 14), ""),
    ]
    assert listing.summary == "Не подписано: 3, из них дольше 14 дней: 1"


def test_dostavista_running_balance_and_low_warning(db: Database) -> None:
    with db.session() as s:
        owner = client(s)
        ship = shipment(s, "О-7", owner)
        dostavista(s, msk(date(2026, 11, 1)), 5_000, note="Пополнение с р/с")
        dostavista(s, msk(date(2026, 11, 3)), -1_500, shipment_id=ship.id, order_number="D-1")
        dostavista(s, msk(date(2026, 11, 4)), -900, deleted_at=DELETED)
        dostavista(s, msk(date(2026, 11, 5)), -1_200, order_number="D-2")
        listing = list_dostavista(s, today=TODAY)
        assert [(r.values[1:6], r.level) for r in listing.rows] == [
            (("Списание", -120_000, 230_000, "D-2", ""), "warning"),
            (("Списание", -150_000, 350_000, "D-1", "О-7"), ""),
            (("Пополнение", 500_000, 500_000, "", ""), ""),
        ]
        assert listing.rows[0].values[0] == msk(date(2026, 11, 5))
        assert listing.summary == (
            "Баланс: 2\u00a0300,00\u00a0₽ — меньше 3\u00a0000,00\u00a0₽, пополните баланс"
        )
        dostavista(s, msk(date(2026, 11, 6)), 1_000)
        topped = list_dostavista(s, today=TODAY)
    assert topped.summary == "Баланс: 3\u00a0300,00\u00a0₽"


def test_dostavista_empty_ledger(db: Database) -> None:
    with db.session() as s:
        listing = list_dostavista(s, today=TODAY)
    assert listing.rows == []
    assert listing.summary.startswith("Баланс: 0,00\u00a0₽ — меньше")
