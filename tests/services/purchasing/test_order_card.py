"""The purchase-order card's read: lines with ordered, received and refused units, totals to the kopeck, the
dated steps, the supplier's invoice as a payable, the receipts against the order (a reversal counted
back) and the acceptance files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import add, item, location, purchase_order, supplier

from mos_desktop.db import Database
from mos_desktop.errors import NotFoundError
from mos_desktop.models import LocationKind, PurchaseOrderLine, PurchaseStatus
from mos_desktop.services.purchasing.attachments import AttachmentForm, add_attachments
from mos_desktop.services.purchasing.order_card import order_card
from mos_desktop.services.purchasing.orders import OrderStepForm, step_order
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves
from mos_desktop.services.stock.reversal import ReverseForm, reverse_move
from mos_desktop.timeutil import now_utc

TODAY = date(2026, 11, 23)
USER = "Иванова А."


def test_card_of_a_partly_received_order(db: Database, tmp_path: Path) -> None:
    photo = tmp_path / "накладная.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор", inn="7707083893")
        location(s, "Склад Румянцево", LocationKind.WAREHOUSE, code="RUM")
        reader = item(s, "R-01", "Считыватель")
        cable = item(s, "C-02", "Кабель UTP")
        order = purchase_order(
            s,
            "ЗП-1",
            vendor,
            date(2026, 11, 1),
            [(reader, 10, 1_000)],
            expected_on=date(2026, 11, 20),
            remote_acceptance=True,
        )
        # a price with kopecks: 3 × 1 234,57 = 3 703,71
        add(s, PurchaseOrderLine(order_id=order.id, item_id=cable.id, quantity=3, price_kop=123_457))
        step_order(s, OrderStepForm(order.id, "invoice_requested", date(2026, 11, 2)), user=USER, today=TODAY)
        step_order(
            s,
            OrderStepForm(
                order.id,
                "invoice_received",
                date(2026, 11, 3),
                invoice_number="С-77",
                invoice_amount="13 703,71",
                due_on=date(2026, 11, 10),
            ),
            user=USER,
            today=TODAY,
        )
        step_order(s, OrderStepForm(order.id, "paid", date(2026, 11, 4)), user=USER, today=TODAY)
        post_moves(
            s,
            MoveForm(
                "receipt",
                None,
                None,
                [MoveLineForm("R-01", "6", defective="1"), MoveLineForm("C-02", "3")],
                purchase_order_id=order.id,
                moved_on=date(2026, 11, 21),
                series="Т",
            ),
            user=USER,
            today=TODAY,
        )
        wrong = post_moves(
            s,
            MoveForm(
                "receipt",
                None,
                None,
                [MoveLineForm("R-01", "2")],
                purchase_order_id=order.id,
                moved_on=date(2026, 11, 22),
                series="Т",
            ),
            user=USER,
            today=TODAY,
        )
        reverse_move(s, ReverseForm(wrong.record_id, "не тот товар", series="Т"), user=USER, today=TODAY)
        add_attachments(s, AttachmentForm(order.id, [str(photo)], "подписана"), user=USER, today=TODAY)

        card = order_card(s, order.id, today=TODAY)

    assert (card.number, card.supplier, card.status) == ("ЗП-1", "ООО Вендор", PurchaseStatus.PARTIAL)
    assert card.status_text == "Принят частично"
    assert [(ln.sku, ln.name, ln.quantity, ln.received, ln.refused, ln.price_kop) for ln in card.lines] == [
        ("R-01", "Считыватель", 10, 6, 1, 100_000),
        ("C-02", "Кабель UTP", 3, 3, 0, 123_457),
    ]
    assert [ln.amount_kop for ln in card.lines] == [1_000_000, 370_371]
    assert card.total_kop == 1_370_371
    assert card.received_kop == 6 * 100_000 + 370_371
    assert (card.ordered_units, card.received_units, card.refused_units, card.outstanding_units) == (
        13,
        9,
        1,
        4,
    )
    assert [(st.status, st.on) for st in card.steps] == [
        ("invoice_requested", date(2026, 11, 2)),
        ("invoice_received", date(2026, 11, 3)),
        ("paid", date(2026, 11, 4)),
        ("partial", date(2026, 11, 21)),
        ("partial", date(2026, 11, 22)),
        ("partial", TODAY),
    ]
    assert card.steps[-1].author == USER
    assert card.payable is not None
    assert (card.payable.number, card.payable.amount_kop, card.payable.status_text) == (
        "С-77",
        1_370_371,
        "оплачен",
    )
    assert (card.payable.due_on, card.payable.paid_on) == (date(2026, 11, 10), date(2026, 11, 4))
    assert (card.invoice_number, card.invoice_kop) == ("С-77", 1_370_371)
    assert [(r.moved_on, r.kind_text, r.units, r.lines) for r in card.receipts] == [
        (date(2026, 11, 21), "Приход от поставщика", 9, 2),
        (date(2026, 11, 22), "Приход от поставщика", 2, 1),
        (TODAY, "Сторно", -2, 1),
    ]
    assert card.receipts[0].to_location == "Склад Румянцево"
    assert [r["file_name"] for r in card.attachments.records()] == ["накладная.jpg"]
    assert card.flags == "удалённая приёмка"
    assert card.late == "не поступил, ожидался 20.11.2026"
    assert card.next_steps == [("closed", "Закрыт")]
    assert card.receivable


def test_card_of_a_draft_and_of_a_deleted_order(db: Database) -> None:
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        reader = item(s, "R-01", "Считыватель")
        draft = purchase_order(s, "ЗП-2", vendor, TODAY, [(reader, 2, 500)])
        gone = purchase_order(s, "ЗП-3", vendor, TODAY, deleted_at=now_utc())
        card = order_card(s, draft.id, today=TODAY)
        with pytest.raises(NotFoundError):
            order_card(s, gone.id, today=TODAY)
    assert card.total_kop == 100_000 and card.payable is None and card.receipts == []
    assert card.steps == [] and card.late == "" and card.receivable
    assert [value for value, _text in card.next_steps][:2] == ["invoice_requested", "invoice_received"]
    assert card.next_steps[-1] == ("cancelled", "Отменён")
