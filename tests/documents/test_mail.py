"""Sending a document by e-mail against a real local SMTP server (aiosmtpd): sent with the PDF attached,
a wrong password said so, an unreachable server said so, and the send logged on the client's history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import smtphelp
from readback import put
from smtphelp import Inbox, free_port
from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop import config
from mos_desktop.config import Settings
from mos_desktop.documents import api, mail
from mos_desktop.documents.samples import TODAY
from mos_desktop.models import Interaction

USER, PASSWORD = "mos@example.test", "верный-пароль"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    with smtphelp.smtp_server(login=(USER, PASSWORD)) as server:
        yield server


def smtp_settings(settings: Settings, port: int) -> Settings:
    for name, value in (
        ("smtp_host", "127.0.0.1"),
        ("smtp_port", port),
        ("smtp_user", USER),
        ("smtp_security", "none"),
    ):
        put(settings, name, value)
    return settings


def test_sent_with_the_pdf_and_logged(
    s: Session, refs: dict[str, str], settings: Settings, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    config.set_secret(mail.SMTP_PASSWORD_SECRET, PASSWORD)
    settings = smtp_settings(settings, port)
    prepared = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    attachment = mail.Attachment(prepared.file_name("pdf"), prepared.render("pdf"))
    letter = mail.letter_for(
        prepared.data.title, ["buh@client.test"], attachment, settings=settings, user="Смирнова А. И."
    )
    mail.send(letter, mail.smtp_from_settings(settings), mail.smtp_password())
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert prepared.number in str(message["Subject"])
    parts = [p for p in message.walk() if p.get_filename()]
    assert len(parts) == 1 and parts[0].get_payload(decode=True) == attachment.data
    client_id = prepared.issued.client_id if prepared.issued else None
    mail.log_sent(s, client_id, prepared.data.title, letter.to, user="Смирнова А. И.", at=datetime.now(UTC))
    logged = s.scalars(select(Interaction).where(Interaction.client_id == client_id)).all()
    assert any(prepared.number in i.summary for i in logged)


def test_wrong_password_is_said_so(
    s: Session, refs: dict[str, str], settings: Settings, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    settings = smtp_settings(settings, port)
    letter = mail.Letter(("buh@client.test",), "Тема", "Текст", (mail.Attachment("a.pdf", b"%PDF-1.4"),))
    with pytest.raises(mail.SendError) as raised:
        mail.send(letter, mail.smtp_from_settings(settings), "неверный")
    assert raised.value.reason == "auth"
    assert "логин или пароль" in raised.value.message and "неверный" not in raised.value.message
    assert inbox.messages == []


def test_unreachable_server_is_said_so(settings: Settings) -> None:
    settings = smtp_settings(settings, free_port())  # nothing listens there
    letter = mail.Letter(("buh@client.test",), "Тема", "Текст")
    with pytest.raises(mail.SendError) as raised:
        mail.send(letter, mail.smtp_from_settings(settings), PASSWORD)
    assert raised.value.reason == "unreachable"
    assert "недоступен" in raised.value.message
    assert "Error" not in raised.value.message  # Russian words, not an exception's class name


def test_no_smtp_settings_no_send(settings: Settings) -> None:
    with pytest.raises(mail.SendError, match="Почта не настроена"):
        mail.smtp_from_settings(settings)


def test_check_login_sends_nothing(settings: Settings, smtp_server: tuple[int, Inbox]) -> None:
    port, inbox = smtp_server
    smtp = mail.smtp_from_settings(smtp_settings(settings, port))
    assert "выполнен" in mail.check_login(smtp, PASSWORD)
    with pytest.raises(mail.SendError) as raised:
        mail.check_login(smtp, "неверный")
    assert raised.value.reason == "auth"
    assert inbox.messages == []


def test_a_login_without_encryption_to_another_host_is_refused_before_connecting() -> None:
    smtp = mail.Smtp(host="mail.example.test", port=25, user=USER, security="none", sender=USER)
    with pytest.raises(mail.SendError) as raised:
        mail.check_login(smtp, PASSWORD)
    assert raised.value.reason == "tls"
    assert "открытым текстом" in raised.value.message
