"""Statement import: matching by number + ИНН + amount, several invoices, partial payments, duplicates,
suspects shown to the user, outgoing payments, broken files writing nothing; manual entry and reversal."""

from __future__ import annotations

import json
from datetime import date

import pytest
from factories import client, invoice
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from statement_files import OUR_ACCOUNT, document, encode, statement

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import Payment, PaymentAllocation, PaymentDirection
from mos_desktop.services.payments.allocation import (
    AllocationForm,
    AllocationPart,
    ManualPaymentForm,
    ReversalForm,
    allocate_payment,
    invoice_remaining,
    record_payment,
    reverse_payment,
)
from mos_desktop.services.payments.bank_import import (
    LineStatus,
    StatementImportForm,
    apply_statement,
    import_statement,
    preview_statement,
)
from mos_desktop.services.payments.statement import StatementError

TODAY = date(2026, 11, 24)
INN = "7707083893"
OTHER_INN = "7736207543"


def _count(s: Session, model: type) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def _import(s: Session, data: bytes, accept: frozenset[int] = frozenset()):  # type: ignore[no-untyped-def]
    return apply_statement(s, StatementImportForm(data, "t.txt", accept_lines=accept), user="u", today=TODAY)


def test_number_inn_and_amount_settle_an_invoice(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn=INN)
        inv = invoice(s, owner, 12_000, date(2026, 11, 15), number="С-1")
        data = encode(statement(document(amount="12000.00")))
        preview = preview_statement(s, data)
        assert _count(s, Payment) == 0  # the preview writes nothing
        (line,) = preview.lines
        assert line.status == LineStatus.MATCHED and line.client_id == owner.id
        assert [(a.invoice_id, a.amount_kop, a.remaining_after_kop) for a in line.allocations] == [
            (inv.id, 1_200_000, 0)
        ]
        result = _import(s, data)
        assert invoice_remaining(s, inv.id) == 0
        payment = s.scalars(select(Payment)).one()
        assert payment.received_on == date(2026, 11, 17)  # ДатаПоступило
        assert payment.bank_doc_date == date(2026, 11, 16)
        assert payment.direction == PaymentDirection.INCOMING and payment.our_account == OUR_ACCOUNT
    assert result.summary.matched.count == 1 and result.summary.matched.kop == 1_200_000


def test_one_payment_settles_several_invoices_oldest_first_and_a_partial_leaves_a_remainder(
    db: Database,
) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn=INN)
        sep = invoice(s, owner, 10_000, date(2026, 9, 15), number="С-9")
        octo = invoice(s, owner, 10_000, date(2026, 10, 15), number="С-10")
        nov = invoice(s, owner, 10_000, date(2026, 11, 15), number="С-11")
        both = document(number="1", amount="20000.00", purpose="Оплата по счетам № С-10, С-9. Без НДС")
        part = document(number="2", amount="2500.50", purpose="Частичная оплата по счету №С-11")
        result = _import(s, encode(statement(both, part)))
        assert [line.status for line in result.preview.lines] == [LineStatus.MATCHED, LineStatus.PARTLY]
        assert [a.invoice_id for a in result.preview.lines[0].allocations] == [sep.id, octo.id]
        assert invoice_remaining(s, sep.id) == 0 and invoice_remaining(s, octo.id) == 0
        assert invoice_remaining(s, nov.id) == 1_000_000 - 250_050


def test_by_amount_without_a_number_and_a_label_alone_never_settles(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn=INN)
        old = invoice(s, owner, 5_000, date(2026, 10, 15), number="С-1")
        new = invoice(s, owner, 7_000, date(2026, 11, 15), number="С-2")
        stranger = client(s, "ЖК Бета", inn=OTHER_INN)
        theirs = invoice(s, stranger, 3_000, date(2026, 11, 15), number="С-3")
        exact_two = document(number="1", amount="12000.00", purpose="Оплата за абонентское обслуживание")
        odd = document(number="2", amount="100.00", purpose="Оплата услуг")
        # An unknown ИНН naming Бета's invoice with its amount: a hint, never a settlement.
        foreign_label = document(
            number="3", amount="3000.00", payer_inn="500100732259", purpose="Оплата по счету С-3"
        )
        preview = preview_statement(s, encode(statement(exact_two, odd, foreign_label)))
        first, second, third = preview.lines
        assert first.status == LineStatus.MATCHED
        assert [a.invoice_id for a in first.allocations] == [old.id, new.id]
        assert second.status == LineStatus.UNMATCHED and second.client_id == owner.id
        assert third.status == LineStatus.UNMATCHED and third.client_id is None
        assert "С-3" in third.note and "ЖК Бета" in third.note and third.allocations == ()
        assert invoice_remaining(s, theirs.id) == 300_000


def test_overpayment_leaves_the_excess_on_the_payment(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        inv = invoice(s, owner, 1_000, date(2026, 11, 15), number="С-1")
        result = _import(s, encode(statement(document(amount="1500.00"))))
        (line,) = result.preview.lines
        assert line.status == LineStatus.PARTLY and line.unallocated_kop == 50_000
        assert line.note.replace("\u00a0", " ") == "переплата 500,00 ₽ не разнесена — разнесите вручную"
        assert invoice_remaining(s, inv.id) == 0


def test_more_than_the_named_invoice_is_no_overpayment_while_the_client_owes_on_others(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        invoice(s, owner, 1_000, date(2026, 11, 15), number="С-1")
        invoice(s, owner, 3_000, date(2026, 10, 15), number="С-0")
        result = _import(s, encode(statement(document(amount="1500.00"))))
        (line,) = result.preview.lines
        assert line.status == LineStatus.PARTLY and line.unallocated_kop == 50_000
        note = line.note.replace("\u00a0", " ")
        assert "переплат" not in note
        assert (
            note
            == "остаток 500,00 ₽ не разнесён; у клиента ещё долг 3 000,00 ₽ по другим счетам — разнесите вручную"
        )


def test_the_same_file_twice_and_an_overlapping_file(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        invoice(s, owner, 12_000, date(2026, 11, 15), number="С-1")
        first = document(number="1")
        second = document(number="2", amount="100.00")
        data = encode(statement(first, second))
        _import(s, data)
        again = _import(s, data)
        assert again.summary.duplicates.count == 2 and again.changes.ids == frozenset()
        overlap = encode(statement(second, document(number="3", amount="200.00")), "utf-8", "\n")
        third = _import(s, overlap)
        assert [line.status for line in third.preview.lines] == [LineStatus.DUPLICATE, LineStatus.UNMATCHED]
        assert _count(s, Payment) == 3
        # The same payment twice within one file is one payment.
        inside = _import(
            s, encode(statement(document(number="9", amount="1.00"), document(number="9", amount="1.00")))
        )
        assert [line.status for line in inside.preview.lines] == [LineStatus.UNMATCHED, LineStatus.DUPLICATE]


def test_numberless_and_undated_payments_are_recognised_when_the_file_comes_again(db: Database) -> None:
    """No «Номер»: matched on date, amount, account and ИНН; no «Дата»: the bank's date stands in."""
    with db.session() as s:
        client(s, inn=INN)
        numberless = document(number="", amount="100.00")
        undated = [line for line in document(number="7", amount="200.00") if not line.startswith("Дата=")]
        both_missing = [line for line in document(number="", amount="300.00") if not line.startswith("Дата=")]
        data = encode(statement(numberless, undated, both_missing))
        first = _import(s, data)
        assert len(first.changes.ids) == 3
        again = _import(s, data)
        assert again.summary.duplicates.count == 3 and again.changes.ids == frozenset()
        assert _count(s, Payment) == 3


def test_a_suspected_duplicate_is_shown_and_imported_only_when_accepted(db: Database) -> None:
    with db.session() as s:
        client(s, inn=INN)
        _import(s, encode(statement(document(number="1", amount="100.00"))))
        differing = statement(document(number="1", amount="100.00", payer_account="40702810000000009999"))
        preview = _import(s, encode(differing)).preview
        (line,) = preview.lines
        assert line.status == LineStatus.SUSPECT and line.differs == ("счёт плательщика",)
        assert preview.summary.suspects.count == 1
        assert _count(s, Payment) == 1
        accepted = _import(s, encode(differing), accept=frozenset({line.line}))
        assert accepted.preview.lines[0].status == LineStatus.UNMATCHED
        assert _count(s, Payment) == 2


def test_outgoing_and_internal_payments(db: Database) -> None:
    with db.session() as s:
        out = document(
            number="5",
            payer_account=OUR_ACCOUNT,
            payee_account="40702810400000000002",
            received=None,
            written_off=date(2026, 11, 20),
        )
        internal = document(number="6", payer_account=OUR_ACCOUNT)
        result = _import(s, encode(statement(out, internal)))
        assert [line.status for line in result.preview.lines] == [LineStatus.OUTGOING, LineStatus.SKIPPED]
        outgoing = result.preview.lines[0]
        assert outgoing.note and "исходящий" not in outgoing.note  # shown as «исходящий: <note>»
        payment = s.scalars(select(Payment)).one()
        assert payment.direction == PaymentDirection.OUTGOING
        assert payment.received_on == date(2026, 11, 20)  # ДатаСписано
        assert payment.payer_account == "40702810400000000002"  # the other side
        from mos_desktop.services.payments.lists import list_payments

        assert list_payments(s, today=date(2026, 11, 23)).rows == []  # not a receipt to allocate
    assert "Исходящие: 1 платёж" in result.summary.as_lines()[0]


def test_a_broken_file_imports_nothing(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        invoice(s, owner, 12_000, date(2026, 11, 15), number="С-1")
        lines = statement(document(number="1"), document(number="2", amount="12 000.0.0"))
        with pytest.raises(StatementError) as caught:
            import_statement(s, StatementImportForm(encode(lines)), user="u", today=TODAY)
        assert caught.value.line == lines.index("Сумма=12 000.0.0") + 1
        assert _count(s, Payment) == 0 and _count(s, PaymentAllocation) == 0


def test_manual_payment_allocation_and_reversal(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        inv = invoice(s, owner, 10_000, date(2026, 11, 15), number="С-1")
        with pytest.raises(ValidationError) as caught:
            record_payment(s, ManualPaymentForm("32.11.2026", "abc"), user="u", today=TODAY)
        assert {e.field for e in caught.value.errors} == {"received_on", "amount"}
        changes = record_payment(
            s, ManualPaymentForm("20.11.2026", "4 000,00", auto_allocate=False), user="u", today=TODAY
        )
        pid = changes.record_id
        assert pid is not None
        with pytest.raises(ValidationError, match="в платеже осталось"):
            allocate_payment(s, AllocationForm(pid, [AllocationPart(inv.id, "5000")]), user="u", today=TODAY)
        allocate_payment(s, AllocationForm(pid, [AllocationPart(inv.id, "")]), user="u", today=TODAY)
        assert invoice_remaining(s, inv.id) == 600_000
        with pytest.raises(ValidationError, match="Причина"):
            reverse_payment(s, ReversalForm(pid, " "), user="u", today=TODAY)
        reverse_payment(s, ReversalForm(pid, "ошибка ввода"), user="u", today=TODAY)
        assert invoice_remaining(s, inv.id) == 1_000_000
        assert _count(s, Payment) == 2  # the payment and its reversal: nothing deleted
        with pytest.raises(ValidationError, match="уже сторнирован"):
            reverse_payment(s, ReversalForm(pid, "ещё раз"), user="u", today=TODAY)


def test_manual_payment_auto_allocates_by_the_import_rules(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        inv = invoice(s, owner, 10_000, date(2026, 11, 15), number="С-1")
        record_payment(
            s,
            ManualPaymentForm(date(2026, 11, 20), "10000", payer_inn=INN, purpose="по счёту С-1"),
            user="u",
            today=TODAY,
        )
        assert invoice_remaining(s, inv.id) == 0


def test_a_reversed_import_comes_back_only_when_the_user_says_so(db: Database) -> None:
    with db.session() as s:
        client(s, inn=INN)
        data = encode(statement(document(number="1", amount="100.00")))
        _import(s, data)
        pid = s.scalars(select(Payment.id)).one()
        reverse_payment(s, ReversalForm(pid, "не наш платёж"), user="u", today=TODAY)
        (line,) = _import(s, data).preview.lines
        assert line.status == LineStatus.SUSPECT and "сторнировали" in line.note


def test_the_bulk_write_is_captured_row_by_row_for_sync(db: Database) -> None:
    """The statement is written with Core bulk inserts; the capture triggers still put every payment and
    every allocation into the outbox, in the import's own transaction, with the row's columns."""
    with db.session() as s:
        owner = client(s, inn=INN)
        invoice(s, owner, 12_000, date(2026, 11, 15), number="С-1")
        before = int(s.scalar(text("SELECT count(*) FROM sync_outbox")) or 0)
        docs = [document(number="1")]  # settles С-1: one allocation
        docs += [document(number=str(n), amount=f"{n}.{n % 100:02d}", payer_inn="") for n in range(2, 302)]
        docs.append(document(number="900", payer_account=OUR_ACCOUNT, payee_account="40702810000000000777"))
        result = _import(s, encode(statement(*docs)))
        assert result.summary.matched.count == 1 and result.summary.unmatched.count == 300
        assert result.summary.outgoing.count == 1
        rows = s.execute(
            text("SELECT table_name, row_id, kind, cols FROM sync_outbox ORDER BY seq LIMIT -1 OFFSET :n"),
            {"n": before},
        ).all()
        payments = {p.id.hex: p for p in s.scalars(select(Payment))}
        allocations = {a.id.hex for a in s.scalars(select(PaymentAllocation))}
        assert len(payments) == 302 and len(allocations) == 1
        captured = {(t, r) for t, r, kind, _ in rows if kind == "insert"}
        assert captured == {("payments", pid) for pid in payments} | {
            ("payment_allocations", aid) for aid in allocations
        }
        cols = {r: json.loads(c) for t, r, _, c in rows if t == "payments"}
        some = next(p for p in payments.values() if p.bank_doc_number == "7")
        assert cols[some.id.hex]["amount_kop"] == 707 and cols[some.id.hex]["bank_doc_number"] == "7"
        assert cols[some.id.hex]["client_id"] is None and cols[some.id.hex]["created_by"] == "u"
    with db.session() as s:  # committed with the payments: nothing of the outbox was left behind
        assert int(s.scalar(text("SELECT count(*) FROM sync_outbox")) or 0) == before + 303
