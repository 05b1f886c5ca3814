"""What «Разнести…» offers for a payment: the client's unpaid invoices oldest first with a suggestion up to
the payment's remainder; a payer known only by ИНН finds its client; an unknown payer sees every unpaid
invoice and no suggestion; paid, cancelled and deleted invoices are never offered."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from factories import client, invoice, payment

from mos_desktop.db import Database
from mos_desktop.errors import NotFoundError
from mos_desktop.ids import uuid7
from mos_desktop.models import InvoiceStatus
from mos_desktop.services.payments.to_allocate import open_invoices_for_payment


def test_the_clients_open_invoices_oldest_first_with_suggestions(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893")
        other = client(s, "ЖК Бета", inn="7736207543")
        first = invoice(s, owner, 3_000, date(2026, 9, 15), number="С-9")
        invoice(s, owner, 3_000, date(2026, 10, 15), number="С-10")
        invoice(s, owner, 3_000, date(2026, 11, 15), number="С-11")
        invoice(s, owner, 1_000, date(2026, 8, 15), number="С-8", status=InvoiceStatus.CANCELLED)
        invoice(s, owner, 1_000, date(2026, 7, 15), number="С-7", deleted_at=datetime(2026, 8, 1, tzinfo=UTC))
        invoice(s, other, 9_000, date(2026, 9, 1), number="Б-1")
        payment(s, 1_000, date(2026, 10, 1), client_id=owner.id, pays=[(first, 1_000)])
        paid = invoice(s, owner, 500, date(2026, 6, 15), number="С-6")
        payment(s, 500, date(2026, 6, 20), client_id=owner.id, pays=[(paid, 500)])
        new = payment(s, 5_000, date(2026, 11, 20), client_id=owner.id)
        part = payment(s, 1_500, date(2026, 11, 21), client_id=owner.id)
        s.flush()
        got = open_invoices_for_payment(s, new.id)
        partly = open_invoices_for_payment(s, part.id)
    assert (got.client, got.amount_kop, got.left_kop) == ("ЖК Альфа", 500_000, 500_000)
    assert [(i.number, i.owed_kop, i.suggested_kop) for i in got.invoices] == [
        ("С-9", 200_000, 200_000),
        ("С-10", 300_000, 300_000),
        ("С-11", 300_000, 0),
    ]
    assert [i.suggested_kop for i in partly.invoices] == [150_000, 0, 0]


def test_a_payer_by_inn_or_unknown(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893")
        other = client(s, "ЖК Бета", inn="7736207543")
        invoice(s, owner, 3_000, date(2026, 10, 15), number="С-10")
        invoice(s, other, 2_000, date(2026, 9, 15), number="Б-9")
        by_inn = payment(s, 1_000, date(2026, 11, 20), payer_inn="7707083893")
        unknown = payment(s, 1_000, date(2026, 11, 20), payer_name="ИП Неизвестный")
        s.flush()
        found = open_invoices_for_payment(s, by_inn.id)
        anyone = open_invoices_for_payment(s, unknown.id)
        with pytest.raises(NotFoundError):
            open_invoices_for_payment(s, uuid7())
    assert [(i.number, i.suggested_kop) for i in found.invoices] == [("С-10", 100_000)]
    assert [(i.number, i.client, i.suggested_kop) for i in anyone.invoices] == [
        ("Б-9", "ЖК Бета", 0),
        ("С-10", "ЖК Альфа", 0),
    ]
    assert anyone.payer == "ИП Неизвестный" and anyone.client == ""
