"""Sending a printed document by e-mail (SMTP), with the password from the OS keyring.

The SMTP settings are ``config.Settings``' ``smtp_host``, ``smtp_port``, ``smtp_user``, ``smtp_security``
(ssl | starttls | none), ``smtp_from``, ``email_subject_template``, ``email_body_template`` (Настройки →
Почта; checked by ``documents.settings``); the password is the secret
``smtp_password`` (config.get_secret: keyring, or this run's memory). A failed send raises ``SendError``
with the reason in Russian (wrong password, server unreachable, address refused) and nothing is logged as
sent; a successful one is logged on the client's history by ``log_sent``.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy.orm import Session

from mos_desktop import config
from mos_desktop.errors import UserError

SMTP_PASSWORD_SECRET = "smtp_password"
SUBJECT_TEMPLATE = "{title} — {company}"
BODY_TEMPLATE = (
    "Здравствуйте!\n\nНаправляем {title}. Документ во вложении.\n\nС уважением,\n{user}\n{company}"
)


class SendError(UserError):
    """The letter was not sent; ``reason`` is one of auth, unreachable, refused, tls, settings."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 465
    user: str = ""
    security: str = "ssl"  # ssl (port 465), starttls (587) or none (a local relay)
    sender: str = ""
    timeout: float = 20.0


@dataclass(frozen=True)
class Attachment:
    file_name: str
    data: bytes
    mime: str = "application/pdf"


@dataclass(frozen=True)
class Letter:
    to: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def smtp_from_settings(settings: config.Settings) -> Smtp:
    host = settings.smtp_host.strip()
    if not host:
        raise SendError("settings", "Почта не настроена: укажите SMTP-сервер в Настройках → Почта")
    security = settings.smtp_security or "ssl"
    default_port = {"ssl": 465, "starttls": 587}.get(security, 25)
    user = settings.smtp_user.strip()
    return Smtp(
        host=host,
        port=settings.smtp_port or default_port,
        user=user,
        security=security,
        sender=settings.smtp_from.strip() or user,
    )


def smtp_password() -> str | None:
    return config.get_secret(SMTP_PASSWORD_SECRET)


def letter_for(
    title: str, to: list[str], attachment: Attachment, *, settings: config.Settings, user: str
) -> Letter:
    """The letter of one document from the subject/body templates in the settings."""
    values = {"title": title, "company": settings.company_name, "user": user}
    subject_t = settings.email_subject_template or SUBJECT_TEMPLATE
    body_t = settings.email_body_template or BODY_TEMPLATE
    try:
        subject, body = subject_t.format(**values), body_t.format(**values)
    except (KeyError, IndexError, ValueError):
        subject, body = SUBJECT_TEMPLATE.format(**values), BODY_TEMPLATE.format(**values)
    recipients = tuple(a.strip() for a in to if a.strip())
    if not recipients:
        raise SendError("refused", "Не указан адрес получателя: добавьте e-mail клиенту или контакту")
    return Letter(recipients, subject, body, (attachment,))


def build_message(letter: Letter, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(letter.to)
    message["Subject"] = letter.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(letter.body)
    for part in letter.attachments:
        maintype, _, subtype = part.mime.partition("/")
        message.add_attachment(part.data, maintype=maintype, subtype=subtype, filename=part.file_name)
    return message


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib encodes credentials as ASCII and fails on «пароль»; such ones go as UTF-8 in AUTH PLAIN."""
    if user.isascii() and password.isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, response = client.docmd("AUTH", "PLAIN " + token)
    if code == 235:
        return
    if code in (454, 534, 535):
        raise smtplib.SMTPAuthenticationError(code, response)
    raise smtplib.SMTPResponseException(code, response)


def send(letter: Letter, smtp: Smtp, password: str | None) -> None:
    """Send or raise ``SendError`` saying why, in Russian. The password never reaches a message or log."""
    message = build_message(letter, smtp.sender or smtp.user)
    _connected(smtp, password, lambda client: client.send_message(message))


def check_login(smtp: Smtp, password: str | None) -> str:
    """Connect and log in, send nothing (Настройки → Почта → «Проверить»): the result in Russian, or
    ``SendError`` saying why not."""
    _connected(smtp, password, lambda client: client.noop())
    where = f"{smtp.host}:{smtp.port}"
    if smtp.user:
        return f"Вход на почтовый сервер {where} выполнен: письма будут отправляться"
    return f"Почтовый сервер {where} отвечает (без входа по логину)"


def _connected(smtp: Smtp, password: str | None, act: Callable[[smtplib.SMTP], object]) -> None:
    """Open the connection (TLS as set), log in, ``act`` on it; every failure as ``SendError``."""
    where = f"{smtp.host}:{smtp.port}"
    if smtp.user and smtp.security == "none" and not _loopback(smtp.host):
        raise SendError(
            "tls",
            f"Вход на {where} без шифрования передал бы пароль открытым текстом: выберите защиту SSL или "
            "STARTTLS в Настройках → Почта (без шифрования — только для сервера на этом компьютере)",
        )
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                _login(client, smtp.user, password or "")
            act(client)
    except smtplib.SMTPAuthenticationError:
        raise SendError(
            "auth", f"Почтовый сервер {where} не принял логин или пароль: проверьте их в Настройках → Почта"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise SendError(
            "auth", f"Почтовый сервер {where} не поддерживает вход: проверьте тип защиты"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise SendError("refused", f"Сервер отклонил адрес получателя: {refused}") from None
    except smtplib.SMTPSenderRefused:
        raise SendError(
            "refused", f"Сервер отклонил адрес отправителя {smtp.sender}: проверьте его"
        ) from None
    except ssl.SSLError as exc:
        raise SendError(
            "tls",
            f"Не удалось установить защищённое соединение с {where} ({exc.reason}): проверьте тип защиты",
        ) from None
    except (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPConnectError, OSError) as exc:
        raise SendError(
            "unreachable",
            f"Почтовый сервер {where} недоступен ({_why_unreachable(exc)}): проверьте адрес, порт и "
            "подключение к интернету; документ остался неотправленным",
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise SendError("refused", f"Почтовый сервер {where} отказал: {_server_text(exc)}") from None
    except smtplib.SMTPException:
        raise SendError("refused", f"Почтовый сервер {where} прервал отправку: попробуйте ещё раз") from None


def _loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def _why_unreachable(exc: BaseException) -> str:
    """The reason in Russian words, never the exception's class name."""
    if isinstance(exc, socket.gaierror):
        return "имя сервера не найдено"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "нет ответа"
    if isinstance(exc, ConnectionRefusedError):
        return "соединение отклонено"
    if isinstance(exc, ConnectionResetError):
        return "соединение разорвано"
    return "нет соединения"


def _server_text(exc: smtplib.SMTPResponseException) -> str:
    """The server's code and its own words, decoded («550 Mailbox unavailable»)."""
    message = exc.smtp_error
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{exc.smtp_code} {text}".strip()


def log_sent(
    session: Session, client_id: uuid.UUID | None, title: str, to: tuple[str, ...], *, user: str, at: datetime
) -> None:
    """The send on the client's contact history (an e-mail interaction)."""
    if client_id is None:
        return
    from mos_desktop.models import Interaction
    from mos_desktop.models.clients import InteractionKind

    session.add(
        Interaction(
            client_id=client_id,
            at=at,
            kind=InteractionKind.EMAIL,
            contact_name=", ".join(to)[:200],
            summary=f"Отправлен документ: {title}",
            created_by=user,
            updated_by=user,
        )
    )
    session.flush()
