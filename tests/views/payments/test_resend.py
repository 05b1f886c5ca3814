"""«Отправить счёт…»: the client's addresses offered, the letter sent off the database worker, the resend
counted and logged; an unconfigured mail server is said so and nothing is counted."""

from __future__ import annotations

from datetime import date
from typing import Any

from factories import client, invoice
from sqlalchemy import select

from mos_desktop.models import Interaction, Invoice
from mos_desktop.views.payments.resend import InvoiceResend


def make_invoice(db: Any) -> Any:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893", email="buh@alfa.example")
        return invoice(s, owner, 12_000, date(2026, 11, 15), number="С-1").id


def test_resend_without_a_mail_server_counts_nothing(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.documents.company import demo_settings

    ctx.settings = demo_settings()
    invoice_id = make_invoice(db)
    resend = InvoiceResend(ctx, invoice_id)
    resend.start()
    qtbot.waitUntil(lambda: resend.dialog is not None)
    assert resend.dialog.textValue() == "buh@alfa.example"  # the client's address offered
    with qtbot.waitSignal(ctx.status_message, timeout=20000, check_params_cb=lambda t: "не отправлен" in t):
        resend.dialog.textValueSelected.emit("buh@alfa.example")
    with db.session() as s:
        assert s.get(Invoice, invoice_id).resend_count == 0  # type: ignore[union-attr]


def test_a_sent_invoice_is_counted_and_logged(ctx: Any, qtbot: Any, db: Any, monkeypatch: Any) -> None:
    from mos_desktop.documents.company import demo_settings
    from mos_desktop.services.payments import resend as service

    sent: list[Any] = []
    monkeypatch.setattr(
        service, "send_resend", lambda letter, settings: sent.append(letter)
    )  # SMTP: tests/documents
    ctx.settings = demo_settings()
    invoice_id = make_invoice(db)
    resend = InvoiceResend(ctx, invoice_id)
    resend.send("buh@alfa.example")
    qtbot.waitUntil(lambda: resend.sent is not None, timeout=20000)
    assert [letter.letter.to for letter in sent] == [("buh@alfa.example",)]
    with db.session() as s:
        assert s.get(Invoice, invoice_id).resend_count == 1  # type: ignore[union-attr]
        assert [i.summary for i in s.scalars(select(Interaction))][-1].startswith("Отправлен документ: Счёт")
