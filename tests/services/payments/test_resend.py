"""«Отправить счёт повторно»: the invoice's PDF sent to a real local SMTP server (aiosmtpd), counted and
logged on the client's history; no network inside a transaction; failures say why and count nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from factories import add, client, invoice
from smtphelp import Inbox, free_port, smtp_server
from sqlalchemy import select

from mos_desktop import config
from mos_desktop.db import Database
from mos_desktop.documents import mail
from mos_desktop.documents.company import demo_settings
from mos_desktop.errors import ValidationError
from mos_desktop.models import ContactPerson, Interaction, Invoice, InvoiceLine, InvoiceStatus
from mos_desktop.services.payments.resend import ResendForm, prepare_resend, resend_invoice

TODAY = date(2026, 11, 23)


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    with smtp_server() as server:
        yield server


def settings_for(port: int) -> config.Settings:
    return demo_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_user="", smtp_security="none",
                         smtp_from="mos@example.test")  # fmt: skip


def _invoice(db: Database, **client_kw: Any) -> Invoice:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893", **client_kw)
        inv = invoice(s, owner, 12_000, date(2026, 11, 15), number="АП-РМ1-2611-0001")
        add(s, InvoiceLine(invoice_id=inv.id, name="Абонентская плата за ноябрь 2026", quantity=1,
                           unit="мес.", price_kop=1_200_000, amount_kop=1_200_000))  # fmt: skip
        add(
            s,
            ContactPerson(client_id=owner.id, full_name="Бухгалтер", email="buh@alfa.test", is_primary=True),
        )
        return inv


def test_resent_with_the_pdf_counted_and_logged(db: Database, smtp: tuple[int, Inbox]) -> None:
    port, inbox = smtp
    inv = _invoice(db, email="office@alfa.test")
    changes = resend_invoice(
        db.session, ResendForm(inv.id), settings=settings_for(port), user="Смирнова А. И.", today=TODAY
    )
    (message,) = inbox.messages
    assert message["To"] == "office@alfa.test, buh@alfa.test"  # the client's, then its contacts'
    assert "АП-РМ1-2611-0001" in str(message["Subject"])
    (pdf,) = [p for p in message.walk() if p.get_filename()]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_payload(decode=True)[:5] == b"%PDF-"
    assert "отправлен повторно (office@alfa.test, buh@alfa.test), отправок: 1" in changes.message
    resend_invoice(
        db.session,
        ResendForm(inv.id, "director@alfa.test"),
        settings=settings_for(port),
        user="u",
        today=TODAY,
    )
    with db.session() as s:
        again = s.get(Invoice, inv.id)
        assert again is not None and again.resend_count == 2 and again.last_resent_at is not None
        history = list(s.scalars(select(Interaction).order_by(Interaction.at)))
    assert [h.contact_name for h in history] == ["office@alfa.test, buh@alfa.test", "director@alfa.test"]
    assert all("АП-РМ1-2611-0001" in h.summary for h in history)
    assert inbox.messages[1]["To"] == "director@alfa.test"


def test_the_send_runs_between_transactions(db: Database, smtp: tuple[int, Inbox]) -> None:
    port, _ = smtp
    inv = _invoice(db)
    seen: list[bool] = []

    def send(prepared: Any, settings: Any) -> None:
        seen.append(db.engine.pool.checkedout() == 0)  # no connection (so no transaction) held
        mail.send(prepared.letter, mail.smtp_from_settings(settings), None)

    resend_invoice(
        db.session, ResendForm(inv.id), settings=settings_for(port), user="u", today=TODAY, send=send
    )
    assert seen == [True]


def test_failures_say_why_and_count_nothing(db: Database) -> None:
    inv = _invoice(db)
    unreachable = settings_for(free_port())  # nobody listens there
    with pytest.raises(mail.SendError) as failed:
        resend_invoice(db.session, ResendForm(inv.id), settings=unreachable, user="u", today=TODAY)
    assert failed.value.reason == "unreachable" and "недоступен" in failed.value.message
    with pytest.raises(mail.SendError) as no_settings:
        resend_invoice(db.session, ResendForm(inv.id), settings=demo_settings(), user="u", today=TODAY)
    assert "Почта не настроена" in no_settings.value.message
    with db.session() as s:
        with pytest.raises(ValidationError) as bad:
            prepare_resend(s, ResendForm(inv.id, "buh@alfa.test; не-адрес"), settings=unreachable, user="u",
                           today=TODAY)  # fmt: skip
        assert bad.value.errors[0].message.startswith("Кому: «не-адрес» — не адрес e-mail")
        row = s.get(Invoice, inv.id)
        assert row is not None and row.resend_count == 0
        assert list(s.scalars(select(Interaction))) == []
        row.status = InvoiceStatus.CANCELLED
        s.flush()
        with pytest.raises(ValidationError, match="аннулирован"):
            prepare_resend(s, ResendForm(inv.id), settings=unreachable, user="u", today=TODAY)


def test_no_address_anywhere_is_asked_for(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Без почты", inn="7736207543")
        inv = invoice(s, owner, 5_000, date(2026, 11, 15))
        with pytest.raises(ValidationError, match="нет e-mail"):
            prepare_resend(s, ResendForm(inv.id), settings=demo_settings(), user="u", today=TODAY)


def test_command_line_resend(
    db: Database, smtp: tuple[int, Inbox], capsys: pytest.CaptureFixture[str]
) -> None:
    from mos_desktop.cli import main

    port, inbox = smtp
    inv = _invoice(db, email="office@alfa.test")
    config.save_settings(settings_for(port))
    args = ["--db", str(db.path), "billing", "resend", "--number", inv.number, "--to", "buh@alfa.test"]
    assert main(args) == 0
    assert "отправлен повторно (buh@alfa.test), отправок: 1" in capsys.readouterr().out
    assert [m["To"] for m in inbox.messages] == ["buh@alfa.test"]
    assert main(["--db", str(db.path), "billing", "resend", "--number", "НЕТ-1"]) == 1
    assert "Счёт № НЕТ-1 не найден" in capsys.readouterr().err


def test_resends_on_two_workstations_add_up(db: Database) -> None:
    """The count shown is derived from the logged resends (e-mails and «resent» calls), not a column that
    two workstations each set to n + 1: after sync merges their rows the list shows both resends."""
    from types import SimpleNamespace

    from mos_desktop.services.payments.lists import list_invoices
    from mos_desktop.services.payments.resend import ResendLetter, record_resend

    inv = _invoice(db)
    title = "Счёт на оплату № АП-РМ1-2611-0001"
    for to in ("a@alfa.test", "b@alfa.test"):  # each workstation resends once, offline
        letter = ResendLetter(inv.id, inv.client_id, title, SimpleNamespace(to=[to]))
        with db.session() as s:
            record_resend(s, letter, user="u", today=TODAY)
    with db.session() as s:
        row = s.get(Invoice, inv.id)
        assert row is not None
        row.resend_count = 1  # the merged column: both workstations wrote 0 + 1
        s.add(Interaction(client_id=inv.client_id, at=row.created_at, kind="email",
                          summary=f"Отправлен документ: {title}"))  # a first send is no resend  # fmt: skip
        s.flush()
        listing = list_invoices(s, today=TODAY)
        assert [listing.value(r, "resent") for r in listing.rows] == [2]
        third = record_resend(s, ResendLetter(inv.id, inv.client_id, title, SimpleNamespace(to=["c@alfa.test"])),
                              user="u", today=TODAY)  # fmt: skip
        assert third.message.endswith("отправок: 3")
