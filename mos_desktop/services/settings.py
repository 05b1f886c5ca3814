"""Settings dialog rules: company requisites are checked when filled; nothing invalid is saved."""

from __future__ import annotations

import re
from pathlib import Path

from mos_desktop import config
from mos_desktop.errors import FieldError, ValidationError
from mos_desktop.validation import check_account, check_bik, check_corr_account, check_inn, check_kpp

MAX_VAT_RATE_PCT = 30
MAX_COLLECTION_START_DAY = 28  # every month has the day
_SERIES_RE = re.compile(r"^[0-9A-Za-zА-Яа-яЁё-]{0,10}$")
_ACCOUNT_SEPARATORS = re.compile(r"[\s,;]+")


def split_accounts(text: str) -> list[str]:
    """«Другие счета организации» as typed: separated by commas, semicolons, spaces or new lines."""
    return [part for part in _ACCOUNT_SEPARATORS.split(text) if part]


def validate_settings(settings: config.Settings) -> list[FieldError]:
    errors: list[FieldError] = []

    def add(field: str, message: str | None) -> None:
        if message:
            errors.append(FieldError(field, message))

    inn = settings.company_inn.strip()
    if inn:
        add("company_inn", check_inn(inn))
    if settings.company_kpp.strip():
        if len(inn) == 12:
            add("company_kpp", "КПП: у ИП (ИНН из 12 цифр) КПП нет — оставьте поле пустым")
        else:
            add("company_kpp", check_kpp(settings.company_kpp))
    bik = settings.bank_bik.strip()
    bik_error = check_bik(bik) if bik else None
    add("bank_bik", bik_error)
    for field, value, check in (
        ("bank_account", settings.bank_account, check_account),
        ("bank_corr_account", settings.bank_corr_account, check_corr_account),
    ):
        if not value.strip():
            continue
        if not bik:
            label = "Расчётный счёт" if field == "bank_account" else "Корр. счёт"
            add(field, f"{label}: укажите БИК банка — без него номер счёта не проверить")
        elif bik_error is None:
            add(field, check(value, bik))
    if settings.user_role not in config.ROLES:
        add("user_role", "Роль: выберите из списка — " + ", ".join(config.ROLES.values()))
    if settings.vat_mode not in config.VAT_MODES:
        add("vat_mode", "НДС: выберите из списка — " + ", ".join(config.VAT_MODES.values()))
    if not 0 <= settings.vat_rate_pct <= MAX_VAT_RATE_PCT:
        add("vat_rate_pct", f"Ставка НДС: целое число от 0 до {MAX_VAT_RATE_PCT} % — исправьте значение")
    if not _SERIES_RE.match(settings.document_series.strip()):
        add(
            "document_series",
            "Серия номеров: до 10 букв, цифр или дефисов без пробелов — например «РМ2»",
        )
    if not _SERIES_RE.match(settings.invoice_series.strip()):
        add(
            "invoice_series",
            "Серия номеров счетов АП: до 10 букв, цифр или дефисов без пробелов — например «АП1»; "
            "пусто — серия документов рабочего места",
        )
    bad = [a for a in split_accounts(settings.company_accounts) if not (a.isdigit() and len(a) == 20)]
    if bad:
        add(
            "company_accounts",
            "Другие счета организации: "
            + ", ".join(f"«{a}»" for a in bad[:3])
            + (" — не 20 цифр" if len(bad) == 1 else " — не по 20 цифр")
            + "; укажите каждый счёт 20 цифрами, несколько — через запятую",
        )
    if not 1 <= settings.collection_start_day <= MAX_COLLECTION_START_DAY:
        add(
            "collection_start_day",
            f"День начала обзвона должников: число от 1 до {MAX_COLLECTION_START_DAY} "
            "(такое число есть в каждом месяце) — исправьте значение",
        )
    if settings.dostavista_low_rub < 0:
        add("dostavista_low_rub", "Порог баланса Достависты: целое число рублей, не меньше 0 — например 3000")
    from mos_desktop.documents.settings import validate_document_settings

    errors.extend(validate_document_settings(settings))
    return errors


def save_validated(settings: config.Settings, path: Path | None = None) -> None:
    """Save only valid settings; on error raise ValidationError and leave the file as it was."""
    errors = validate_settings(settings)
    if errors:
        raise ValidationError(errors)
    config.save_settings(settings, path)
