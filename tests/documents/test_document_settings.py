"""Rules of the document and e-mail settings: ports, addresses, templates, files — each error named by its
setting's Russian label, nothing invalid saved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mos_desktop import config
from mos_desktop.documents.company import demo_settings, options_from_settings
from mos_desktop.documents.settings import template_problem, validate_document_settings
from mos_desktop.errors import ValidationError
from mos_desktop.services.settings import save_validated

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def errors_of(**values: object) -> dict[str, str]:
    settings = dataclasses.replace(demo_settings(), **values)  # type: ignore[arg-type]
    return {e.field: e.message for e in validate_document_settings(settings)}


def test_defaults_are_valid() -> None:
    assert errors_of() == {}
    assert config.Settings().payment_qr is True and config.Settings().upd_status == 1


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"smtp_port": 0}, "smtp_port", "Порт: число от 1 до 65535"),
        ({"smtp_port": 70000}, "smtp_port", "Порт"),
        ({"smtp_host": "smtp://mail.ru"}, "smtp_host", "SMTP-сервер"),
        ({"smtp_user": "me"}, "smtp_host", "укажите сервер"),
        ({"smtp_from": "буква"}, "smtp_from", "Адрес отправителя"),
        ({"company_email": "a@b"}, "company_email", "E-mail организации: неверный адрес"),
        ({"company_ogrn": "123"}, "company_ogrn", "ОГРН / ОГРНИП: нужно 13 цифр"),
        ({"smtp_security": "tls"}, "smtp_security", "Защита соединения: выберите"),
        ({"upd_status": 3}, "upd_status", "Статус УПД"),
        ({"email_subject_template": "{номер}"}, "email_subject_template", "неизвестная подстановка {номер}"),
        ({"email_body_template": "Счёт {title"}, "email_body_template", "непарная фигурная скобка"),
        ({"email_body_template": ""}, "email_body_template", "не может быть пустым"),
        ({"logo_path": "/nowhere/logo.png"}, "logo_path", "Логотип (файл PNG или JPEG): файл не найден"),
    ],
)
def test_each_bad_value_is_named(values: dict[str, object], field: str, words: str) -> None:
    found = errors_of(**values)
    assert field in found and words in found[field], found


def test_a_host_with_a_login_address_needs_no_sender() -> None:
    assert errors_of(smtp_host="smtp.yandex.ru", smtp_user="buh@mos.ru") == {}
    assert "smtp_from" in errors_of(smtp_host="smtp.yandex.ru", smtp_user="buh")


def test_templates_know_their_placeholders() -> None:
    assert template_problem("{title} — {company}, {user}; {{скобки}}") is None
    assert template_problem("{0}") is not None


def test_images_must_exist_and_be_pictures(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    text = tmp_path / "logo.txt"
    text.write_text("не картинка", encoding="utf-8")
    assert errors_of(logo_path=str(logo), facsimile_path=str(logo)) == {}
    assert "PNG или JPEG" in errors_of(facsimile_path=str(text))["facsimile_path"]
    options = options_from_settings(dataclasses.replace(demo_settings(), logo_path=str(logo), upd_status=2))
    assert options.logo == PNG and options.upd_status == 2


def test_invalid_mail_settings_are_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with pytest.raises(ValidationError) as raised:
        save_validated(dataclasses.replace(demo_settings(), smtp_port=0), path)
    assert [e.field for e in raised.value.errors] == ["smtp_port"]
    assert not path.exists()
    save_validated(dataclasses.replace(demo_settings(), smtp_host="smtp.mos.ru", smtp_from="a@mos.ru"), path)
    assert config.load_settings(path).smtp_host == "smtp.mos.ru"
