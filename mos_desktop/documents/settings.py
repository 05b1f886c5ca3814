"""Rules of the document and e-mail settings (Настройки → Документы, Почта): what may be saved.

Each problem is a ``FieldError`` on the setting's name, its message starting with the setting's Russian
label (``config.Settings`` metadata) and saying how to fix it. ``services.settings.validate_settings``
adds these to the other settings' checks, so nothing invalid reaches settings.json whoever saves it.
"""

from __future__ import annotations

import dataclasses
import re
import string
from pathlib import Path
from typing import Any

from mos_desktop import config
from mos_desktop.errors import FieldError, os_reason
from mos_desktop.validation import check_email, check_ogrn, check_phone

# What the subject and body templates may name: {title} «Счёт на оплату № …», {company} our name,
# {user} the sender (Настройки → Пользователь).
TEMPLATE_FIELDS = {"title": "документ с номером", "company": "наша организация", "user": "отправитель"}
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_HOST_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")
MAX_TEXT = 2000


def label(name: str) -> str:
    for f in dataclasses.fields(config.Settings):
        if f.name == name:
            return str(f.metadata.get("label", name))
    return name


def template_problem(text: str) -> str | None:
    """Why a template cannot be filled in, or None: unbalanced braces, positional or unknown fields."""
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return "непарная фигурная скобка — пишите {title}, {company}, {user}, а одиночную скобку удвойте"
    known = ", ".join("{" + k + "}" for k in TEMPLATE_FIELDS)
    for name in names:
        if name not in TEMPLATE_FIELDS:
            shown = "{" + name + "}" if name else "{}"
            return f"неизвестная подстановка {shown} — доступны {known}"
    return None


def image_problem(value: str) -> str | None:
    path = Path(value).expanduser()
    if not path.is_file():
        return f"файл не найден: {path} — выберите существующий файл или очистите поле"
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"файл не читается ({os_reason(exc)}) — проверьте права доступа"
    if not any(head.startswith(sig) for sig in IMAGE_SIGNATURES):
        return "нужна картинка PNG или JPEG — выберите другой файл"
    return None


def validate_document_settings(settings: config.Settings | Any) -> list[FieldError]:
    errors: list[FieldError] = []

    def add(name: str, problem: str | None) -> None:
        if problem:
            errors.append(FieldError(name, f"{label(name)}: {problem}"))

    def relabel(name: str, message: str | None) -> None:
        """A shared check's message («Email: …», «ОГРН: …») under this setting's own label."""
        if message:
            add(name, message.split(": ", 1)[-1])

    relabel("company_ogrn", check_ogrn(settings.company_ogrn))
    relabel("company_phone", check_phone(settings.company_phone))
    relabel("company_email", check_email(settings.company_email))
    if settings.upd_status not in config.UPD_STATUSES:
        add("upd_status", "выберите 1 или 2")
    for name in ("logo_path", "facsimile_path"):
        value = str(getattr(settings, name)).strip()
        if value:
            add(name, image_problem(value))
    for name in ("director_position", "invoice_note", "act_closing_text", "document_footer"):
        if len(str(getattr(settings, name))) > MAX_TEXT:
            add(name, f"не длиннее {MAX_TEXT} знаков — сократите текст")

    host = settings.smtp_host.strip()
    if host and not _HOST_RE.match(host):
        add("smtp_host", "только имя или адрес сервера без пробелов и «://», например smtp.yandex.ru")
    if not 1 <= settings.smtp_port <= 65535:
        add("smtp_port", "число от 1 до 65535 — обычно 465 (SSL) или 587 (STARTTLS)")
    if settings.smtp_security not in config.SMTP_SECURITY:
        add("smtp_security", "выберите из списка — " + ", ".join(config.SMTP_SECURITY.values()))
    if settings.smtp_user.strip() and not host:
        add("smtp_host", "укажите сервер, на который входит этот логин")
    if "@" in settings.smtp_user:
        relabel("smtp_user", check_email(settings.smtp_user))
    relabel("smtp_from", check_email(settings.smtp_from))
    if host and not settings.smtp_from.strip() and "@" not in settings.smtp_user:
        add("smtp_from", "укажите адрес, от имени которого уходят письма (логин — не адрес)")
    for name in ("email_subject_template", "email_body_template"):
        text = str(getattr(settings, name))
        if not text.strip():
            add(name, "не может быть пустым — например {title} — {company}")
            continue
        add(name, template_problem(text))
    if "\n" in settings.email_subject_template:
        add("email_subject_template", "тема письма — одна строка")
    return errors
