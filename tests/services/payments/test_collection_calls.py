"""Collection calls: logging outcomes, promises off the list until the day after, broken promises,
month ends, partial payments, a payment arriving after the list was built, calls and resends counted."""

from __future__ import annotations

from datetime import date

import pytest
from factories import client, invoice, msk, payment

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import CallOutcome, Invoice
from mos_desktop.services.payments.calls import CallForm, call_list, calls_on, log_call

INN = "7707083893"


def _names(s, day: date) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.client for e in call_list(s, day)]


def test_promise_takes_the_client_off_until_the_day_after_and_a_broken_one_is_marked(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn=INN)
        invoice(s, owner, 10_000, date(2026, 11, 15))
        assert _names(s, date(2026, 11, 20)) == ["ЖК Альфа"]
        log_call(
            s,
            CallForm("promised", inn=INN, promise_date="25.11.2026", called_at=msk(date(2026, 11, 20))),
            user="u",
            today=date(2026, 11, 20),
        )
        assert _names(s, date(2026, 11, 21)) == []
        assert _names(s, date(2026, 11, 25)) == []
        (entry,) = call_list(s, date(2026, 11, 26))
        assert entry.promise_broken and entry.broken_promises == 1


def test_a_kept_promise_and_a_payment_after_the_list_was_built(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn=INN)
        inv = invoice(s, owner, 10_000, date(2026, 11, 15))
        before = call_list(s, date(2026, 11, 23))
        assert [e.client for e in before] == ["ЖК Альфа"]
        payment(s, 10_000, date(2026, 11, 23), client_id=owner.id, pays=[(inv, 10_000)])
        assert call_list(s, date(2026, 11, 23)) == []  # rebuilt: paid, gone


def test_partial_payment_keeps_the_remainder_on_the_list_and_broken_promises_order(db: Database) -> None:
    with db.session() as s:
        big = client(s, "Большой долг", inn=INN)
        invoice(s, big, 20_000, date(2026, 11, 15))
        small = client(s, "Малый", inn="7736207543")
        inv = invoice(s, small, 10_000, date(2026, 11, 15))
        payment(s, 6_000, date(2026, 11, 18), client_id=small.id, pays=[(inv, 6_000)])
        liar = client(s, "Обещал и не заплатил", inn="500100732259")
        invoice(s, liar, 4_000, date(2026, 11, 15))
        late = client(s, "Тоже 4000, дольше", inn="7702070139")
        invoice(s, late, 4_000, date(2026, 10, 15))
        log_call(
            s,
            CallForm(
                CallOutcome.PROMISED,
                client_id=liar.id,
                promise_date=date(2026, 11, 21),
                called_at=msk(date(2026, 11, 20)),
            ),
            user="u",
            today=date(2026, 11, 20),
        )
        entries = call_list(s, date(2026, 11, 24))
    assert [(e.client, e.debt_kop) for e in entries] == [
        ("Большой долг", 2_000_000),
        ("Обещал и не заплатил", 400_000),  # equal debts: a broken promise first,
        ("Тоже 4000, дольше", 400_000),  # then the longer overdue
        ("Малый", 400_000),  # 10 000 less the partial 6 000
    ]


def test_month_end_the_list_goes_on_into_the_next_month(db: Database) -> None:
    with db.session() as s:
        owner = client(s, inn=INN)
        invoice(s, owner, 1_000, date(2026, 11, 15), due_on=date(2026, 11, 20))
        assert _names(s, date(2026, 12, 1)) == ["ЖК Тестовый"]
        assert call_list(s, date(2026, 12, 1))[0].days_overdue == 11


def test_outcomes_resend_dispute_paid_and_counts(db: Database) -> None:
    day = date(2026, 11, 23)
    with db.session() as s:
        owner = client(s, inn=INN)
        inv = invoice(s, owner, 1_000, date(2026, 11, 15))
        with pytest.raises(ValidationError) as caught:
            log_call(s, CallForm("promised", inn=INN), user="u", today=day)
        assert caught.value.for_field("promise_date")
        with pytest.raises(ValidationError, match="ИНН"):
            log_call(s, CallForm("no_answer", inn="7736207543"), user="u", today=day)
        with pytest.raises(ValidationError, match="Итог звонка"):
            log_call(s, CallForm("maybe", inn=INN), user="u", today=day)
        log_call(s, CallForm("no_answer", inn=INN, called_at=msk(day, 10)), user="u", today=day)
        changes = log_call(s, CallForm("resend", inn=INN, called_at=msk(day, 11)), user="u", today=day)
        assert "отправок: 1" in changes.message
        log_call(
            s,
            CallForm("dispute", inn=INN, note="шлагбаум не работает", called_at=msk(day, 12)),
            user="u",
            today=day,
        )
        assert _names(s, day) == ["ЖК Тестовый"]  # a dispute keeps the client on the list
        log_call(s, CallForm("paid", inn=INN, called_at=msk(day, 13)), user="u", today=day)
        assert _names(s, day) == [] and _names(s, date(2026, 11, 27)) == ["ЖК Тестовый"]
        stats = calls_on(s, day)
        row = s.get(Invoice, inv.id)
        assert row is not None and row.resend_count == 1
    assert (stats.calls, stats.reached, stats.promises, stats.resends) == (4, 3, 0, 1)


def test_a_call_logged_by_mistake_is_taken_back_the_same_day_by_its_author(db: Database) -> None:
    from mos_desktop.models import CollectionCall
    from mos_desktop.services.payments.calls import CancelCallForm, cancel_call

    day = date(2026, 11, 23)
    with db.session() as s:
        owner = client(s, inn=INN)
        inv = invoice(s, owner, 1_000, date(2026, 11, 15))
        resent = log_call(s, CallForm("invoice_resent", inn=INN, called_at=msk(day, 10)), user="u", today=day)
        paid = log_call(s, CallForm("paid", inn=INN, called_at=msk(day, 11)), user="u", today=day)
        assert paid.record_id is not None and resent.record_id is not None
        assert _names(s, day) == [] and s.get(Invoice, inv.id).resend_count == 1  # type: ignore[union-attr]
        for who, on in (("другой", day), ("u", date(2026, 11, 24))):
            with pytest.raises(ValidationError, match="только свой звонок, записанный сегодня"):
                cancel_call(s, CancelCallForm(paid.record_id), user=who, today=on)
        changes = cancel_call(s, CancelCallForm(paid.record_id), user="u", today=day)
        assert changes.message.startswith("Звонок отменён: ЖК Тестовый")
        assert _names(s, day) == ["ЖК Тестовый"]  # «оплатил» by a stray key no longer hides the debt
        with pytest.raises(ValidationError, match="уже отменён"):
            cancel_call(s, CancelCallForm(paid.record_id), user="u", today=day)
        cancel_call(s, CancelCallForm(resent.record_id), user="u", today=day)
        assert s.get(Invoice, inv.id).resend_count == 0  # type: ignore[union-attr]
        assert calls_on(s, day).calls == 0
        kept = s.get(CollectionCall, paid.record_id)
        assert kept is not None and kept.deleted_at is not None  # a tombstone: the ledger keeps the row
