"""Placing an order: numbers from the workstation's series, prices defaulting to the supplier's current
offer, every bad line refused at once with nothing written; a receipt against it gets the remainders."""

from __future__ import annotations

from datetime import date

import pytest
from factories import item, location, price, supplier
from sqlalchemy import func, select

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import (
    Availability,
    LocationKind,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStep,
    PurchaseStatus,
)
from mos_desktop.services.purchasing.ordering import (
    OrderForm,
    OrderLineForm,
    create_order,
    order_state,
    receipt_lines,
)
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

TODAY = date(2026, 11, 23)
USER = "Иванова А."


def test_order_takes_the_supplier_offer_and_the_series_number(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        other = supplier(s, "ООО Другой")
        reader = item(s, "R-01", "Считыватель")
        cable = item(s, "C-02", "Кабель")
        price(s, vendor, reader, 1_500, date(2026, 1, 1))
        price(s, vendor, reader, 1_400, date(2026, 11, 1))  # two current offers: the cheaper
        price(s, vendor, reader, 900, date(2026, 12, 1))  # not yet in force
        price(s, other, reader, 100, date(2026, 1, 1))  # another supplier's price is not this one's
        price(s, vendor, cable, 50, date(2026, 1, 1), availability=Availability.UNAVAILABLE)
        form = OrderForm(
            vendor.id,
            [OrderLineForm("R-01", "3"), OrderLineForm("c-02", "10", "45,50")],
            expected_on=date(2026, 12, 1),
            series="А1",
        )
        changes = create_order(s, form, user=USER, today=TODAY)
        order = s.get(PurchaseOrder, changes.record_id)
        assert order is not None
        assert (order.number, order.status, order.ordered_on) == ("ЗП-А1-000001", PurchaseStatus.DRAFT, TODAY)
        lines = {ln.quantity: ln.price_kop for ln in s.scalars(select(PurchaseOrderLine))}
        assert lines == {3: 140_000, 10: 4_550}
        assert "ЗП-А1-000001" in changes.message and "6" in changes.message
        steps = s.scalar(select(func.count()).select_from(PurchaseOrderStep))
        assert steps == 1
        second = create_order(
            s, OrderForm(vendor.id, [OrderLineForm("R-01")], series="А1"), user=USER, today=TODAY
        )
        assert s.get(PurchaseOrder, second.record_id).number == "ЗП-А1-000002"  # type: ignore[union-attr]
        state = order_state(s, order.id)
        assert state.total_kop == 3 * 140_000 + 10 * 4_550
        assert state.steps[0] == ("invoice_requested", "Счёт запрошен") and state.steps[-1][0] == "cancelled"


def test_every_bad_line_is_named_and_nothing_written(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        item(s, "R-01", "Считыватель")
        form = OrderForm(
            vendor.id,
            [
                OrderLineForm("R-01", "2"),  # no offer and no price typed
                OrderLineForm("НЕТ", "1", "10"),
                OrderLineForm("R-01", "1", "10"),  # twice
            ],
            expected_on=date(2026, 11, 1),
        )
        with pytest.raises(ValidationError) as caught:
            create_order(s, form, user=USER, today=TODAY)
        fields = {e.field for e in caught.value.errors}
        assert fields == {"lines[0].price", "lines[1].sku", "lines[2].sku", "expected_on"}
        assert "нет текущей цены" in caught.value.message
        with pytest.raises(ValidationError, match="Поставщик: выберите"):
            create_order(s, OrderForm(None, [OrderLineForm("R-01", "1", "5")]), user=USER, today=TODAY)
        with pytest.raises(ValidationError, match="количество"):
            create_order(
                s, OrderForm(vendor.id, [OrderLineForm("R-01", "ноль", "5")]), user=USER, today=TODAY
            )
        assert s.scalar(select(func.count()).select_from(PurchaseOrder)) == 0


def test_receipt_lines_are_the_remainders(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        location(s, "Склад Румянцево", LocationKind.WAREHOUSE, code="RUM")
        item(s, "R-01", "Считыватель")
        item(s, "C-02", "Кабель")
        form = OrderForm(vendor.id, [OrderLineForm("R-01", "5", "100"), OrderLineForm("C-02", "2", "10")])
        order_id = create_order(s, form, user=USER, today=TODAY).record_id
        post_moves(
            s,
            MoveForm("receipt", lines=[MoveLineForm("R-01", "2")], purchase_order_id=order_id),
            user=USER,
            today=TODAY,
        )
        state, lines = receipt_lines(s, order_id)
        assert state.status == PurchaseStatus.PARTIAL
        assert sorted(lines) == [("C-02", 2), ("R-01", 3)]
        post_moves(
            s,
            MoveForm(
                "receipt",
                lines=[MoveLineForm("R-01", "3"), MoveLineForm("C-02", "2")],
                purchase_order_id=order_id,
            ),
            user=USER,
            today=TODAY,
        )
        with pytest.raises(ValidationError, match="приёмка по нему невозможна"):
            receipt_lines(s, order_id)


def test_an_item_out_of_stock_at_the_supplier_is_said_so_with_its_price(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Кабель-Центр")
        cable = item(s, "CBL-UTP", "Кабель UTP")
        price(s, vendor, cable, 30, date(2026, 1, 1), availability=Availability.UNAVAILABLE)
        form = OrderForm(vendor.id, [OrderLineForm("CBL-UTP", "5")])
        with pytest.raises(ValidationError) as caught:
            create_order(s, form, user=USER, today=TODAY)
        (error,) = caught.value.errors
        assert error.field == "lines[0].price"
        assert "сейчас нет в наличии (цена 30,00\u00a0₽)" in error.message
        assert "нет текущей цены" not in error.message
        ordered = create_order(  # ordering anyway, at a price typed
            s, OrderForm(vendor.id, [OrderLineForm("CBL-UTP", "5", "31")]), user=USER, today=TODAY
        )
        assert ordered.record_id is not None
