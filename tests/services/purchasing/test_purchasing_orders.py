"""Purchase orders: dated steps, the supplier invoice as a payable, partial receipt keeps the remainder
open, overdue orders listed."""

from __future__ import annotations

from datetime import date

import pytest
from factories import item, location, purchase_order, supplier

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import (
    LocationKind,
    Payable,
    PayableStatus,
    PurchaseOrderLine,
    PurchaseOrderStep,
    PurchaseStatus,
)
from mos_desktop.services.purchasing.orders import OrderStepForm, list_overdue_orders, step_order
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

TODAY = date(2026, 11, 23)
USER = "Иванова А."


def test_steps_payable_and_partial_then_full_receipt(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор", inn="7707083893")
        location(s, "Склад Румянцево", LocationKind.WAREHOUSE, code="RUM")
        reader = item(s, "R-01", "Считыватель")
        order = purchase_order(s, "ЗП-1", vendor, date(2026, 11, 1), [(reader, 10, 1_000)])
        step_order(s, OrderStepForm(order.id, "invoice_requested", date(2026, 11, 2)), user=USER, today=TODAY)
        with pytest.raises(ValidationError) as caught:
            step_order(s, OrderStepForm(order.id, "invoice_received"), user=USER, today=TODAY)
        assert {e.field for e in caught.value.errors} == {"invoice_number", "invoice_amount"}
        changes = step_order(
            s,
            OrderStepForm(
                order.id,
                "invoice_received",
                date(2026, 11, 3),
                invoice_number="77",
                invoice_amount="10 000,00",
            ),
            user=USER,
            today=TODAY,
        )
        payable = s.get(Payable, order.payable_id)
        assert payable is not None and (payable.amount_kop, payable.number) == (1_000_000, "77")
        assert payable.supplier_id == vendor.id and changes.ids >= {payable.id}
        step_order(s, OrderStepForm(order.id, "paid", date(2026, 11, 4)), user=USER, today=TODAY)
        assert (payable.status, payable.paid_on) == (PayableStatus.PAID, date(2026, 11, 4))
        with pytest.raises(ValidationError, match="приход на склад"):
            step_order(s, OrderStepForm(order.id, "accepted"), user=USER, today=TODAY)
        with pytest.raises(ValidationError, match="в «Черновик» его не перевести"):
            step_order(s, OrderStepForm(order.id, "draft"), user=USER, today=TODAY)

        receipt = MoveForm(
            "receipt",
            None,
            None,
            [MoveLineForm("R-01", "6", defective="1")],
            purchase_order_id=order.id,
            accepted_by="Петров (на объекте)",
            discrepancy_note="1 шт с трещиной",
            series="Т",
        )
        post_moves(s, receipt, user=USER, today=TODAY)
        line = s.query(PurchaseOrderLine).one()
        assert (line.received_quantity, line.defective_quantity) == (6, 1)
        assert order.status == PurchaseStatus.PARTIAL  # the remainder (4) is still expected
        assert order.accepted_by == "Петров (на объекте)" and order.discrepancy_note == "1 шт с трещиной"
        with pytest.raises(ValidationError, match="осталось принять 4 шт"):
            post_moves(
                s,
                MoveForm("receipt", None, None, [MoveLineForm("R-01", "5")], purchase_order_id=order.id),
                user=USER,
                today=TODAY,
            )
        post_moves(
            s,
            MoveForm("receipt", None, None, [MoveLineForm("R-01", "4")], purchase_order_id=order.id),
            user=USER,
            today=TODAY,
        )
        assert order.status == PurchaseStatus.ACCEPTED
        step_order(s, OrderStepForm(order.id, "closed"), user=USER, today=TODAY)
        steps = [st.status for st in s.query(PurchaseOrderStep).order_by(PurchaseOrderStep.created_at)]
    assert steps == ["invoice_requested", "invoice_received", "paid", "partial", "accepted", "closed"]


def test_overdue_orders_listed(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        purchase_order(
            s,
            "ЗП-1",
            vendor,
            date(2026, 11, 1),
            status=PurchaseStatus.PAID,
            expected_ship_on=date(2026, 11, 10),
        )
        purchase_order(
            s,
            "ЗП-2",
            vendor,
            date(2026, 11, 1),
            status=PurchaseStatus.SHIPPED,
            expected_on=date(2026, 11, 20),
        )
        purchase_order(
            s,
            "ЗП-3",
            vendor,
            date(2026, 11, 1),
            status=PurchaseStatus.PARTIAL,
            expected_on=date(2026, 11, 22),
        )
        purchase_order(s, "ЗП-4", vendor, date(2026, 11, 1), status=PurchaseStatus.SHIPPED, expected_on=TODAY)
        purchase_order(
            s,
            "ЗП-5",
            vendor,
            date(2026, 11, 1),
            status=PurchaseStatus.ACCEPTED,
            expected_on=date(2026, 11, 2),
        )
        listing = list_overdue_orders(s, today=TODAY)
    assert [(listing.value(r, "number"), listing.value(r, "why")) for r in listing.rows] == [
        ("ЗП-1", "не отгружен, ожидался 10.11.2026"),
        ("ЗП-2", "не поступил, ожидался 20.11.2026"),
        ("ЗП-3", "не поступил, ожидался 22.11.2026"),
    ]
