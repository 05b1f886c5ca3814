"""Allocating by hand: a payment nobody recognised is shown as the client's whose invoices it paid."""

from __future__ import annotations

from datetime import date

from factories import client, invoice
from sqlalchemy import select

from mos_desktop.db import Database
from mos_desktop.models import Payment
from mos_desktop.services.payments.allocation import (
    AllocationForm,
    AllocationPart,
    ManualPaymentForm,
    allocate_payment,
    record_payment,
)
from mos_desktop.services.payments.lists import NOT_ALLOCATED, SEVERAL_CLIENTS, list_payments

TODAY = date(2026, 11, 24)


def _unknown_payment(s, amount: str):  # type: ignore[no-untyped-def]
    form = ManualPaymentForm("20.11.2026", amount, payer_name="ТСН ЖК Озёрный овраг", auto_allocate=False)
    pid = record_payment(s, form, user="u", today=TODAY).record_id
    assert pid is not None
    return pid


def test_a_payment_allocated_to_one_clients_invoices_is_shown_as_that_clients(db: Database) -> None:
    with db.session() as s:
        owner = client(s, name="ЖК Озёрный овраг", inn="7707083893")
        first = invoice(s, owner, 4_500, date(2026, 2, 15), number="АП-1")
        second = invoice(s, owner, 4_500, date(2026, 3, 15), number="АП-2")
        pid = _unknown_payment(s, "9000")
        changes = allocate_payment(
            s, AllocationForm(pid, [AllocationPart(first.id, "4500")]), user="Петрова", today=TODAY
        )
        assert "отнесён клиенту «ЖК Озёрный овраг»" in changes.message
        assert " на счёт № АП-1;" in changes.message  # one invoice: «счёт»
        row = s.get(Payment, pid)
        # a ledger row is never updated (the shared base refuses it): the client comes from the allocations
        assert row is not None and row.client_id is None and row.updated_by != "Петрова"
        assert row.payer_inn == ""  # what the bank sent stays
        listing = list_payments(s, today=TODAY)
        (shown,) = [r for r in listing.rows if r.id == pid]
        assert listing.value(shown, "client") == "ЖК Озёрный овраг" != NOT_ALLOCATED
        card = list_payments(s, today=TODAY, client_id=owner.id)  # and the client's card shows it
        assert [r.id for r in card.rows] == [pid]
        # The rest to the same client's other invoice: the client stays, nothing more said.
        again = allocate_payment(
            s, AllocationForm(pid, [AllocationPart(second.id, "")]), user="u", today=TODAY
        )
        assert "отнесён" not in again.message


def test_invoices_of_several_clients_or_a_known_client_leave_it_alone(db: Database) -> None:
    with db.session() as s:
        one = client(s, name="ЖК 1", inn="7707083893")
        two = client(s, name="ЖК 2", inn="7736207543")
        a = invoice(s, one, 1_000, date(2026, 10, 15), number="АП-A")
        b = invoice(s, two, 1_000, date(2026, 10, 15), number="АП-B")
        pid = _unknown_payment(s, "2000")
        changes = allocate_payment(
            s,
            AllocationForm(pid, [AllocationPart(a.id, ""), AllocationPart(b.id, "")]),
            user="u",
            today=TODAY,
        )
        assert changes.message.endswith(" на счета № АП-A, № АП-B")  # several: «счета»
        assert s.scalar(select(Payment.client_id).where(Payment.id == pid)) is None
        listing = list_payments(s, today=TODAY)
        (shown,) = [r for r in listing.rows if r.id == pid]
        # two clients: nobody's in particular, yet allocated (not «не разнесён»)
        assert listing.value(shown, "client") == SEVERAL_CLIENTS != NOT_ALLOCATED
        alone = _unknown_payment(s, "500")  # allocated nowhere: still «не разнесён»
        (unallocated,) = [r for r in list_payments(s, today=TODAY).rows if r.id == alone]
        assert listing.value(unallocated, "client") == NOT_ALLOCATED
