"""The company's requisites and the printing options, read once from ``config.Settings`` (declared there
with their Russian labels; checked by ``documents.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mos_desktop import config
from mos_desktop.errors import UserError, os_reason

VAT_NONE, VAT_INCLUDED, VAT_ON_TOP = "no_vat", "vat_included", "vat_on_top"
ACT_CLOSING_TEXT = (
    "Вышеперечисленные услуги выполнены полностью и в срок. "
    "Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет."
)


@dataclass(frozen=True)
class Company:
    name: str
    inn: str
    kpp: str = ""
    ogrn: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    bank_name: str = ""
    bank_bik: str = ""
    bank_corr_account: str = ""
    bank_account: str = ""
    director: str = ""
    director_position: str = "Генеральный директор"
    accountant: str = ""


@dataclass(frozen=True)
class Options:
    """Printing options; every field has a working default."""

    vat_mode: str = VAT_NONE  # the company's mode for documents whose record stores none (acts, УПД)
    vat_rate_pct: int = 22
    upd_status: int = 1  # 1: УПД is also the счёт-фактура (VAT payers); 2: transfer document only
    payment_qr: bool = True
    logo: bytes | None = None
    facsimile: bytes | None = None  # the director's signature and stamp image, printed only when given
    series: str = ""  # this workstation's document series prefix
    invoice_note: str = "Оплата данного счёта означает согласие с условиями договора."
    act_closing_text: str = ACT_CLOSING_TEXT
    footer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def company_from_settings(settings: config.Settings) -> Company:
    return Company(
        name=settings.company_name.strip(),
        inn=settings.company_inn.strip(),
        kpp=settings.company_kpp.strip(),
        ogrn=settings.company_ogrn.strip(),
        address=settings.company_address.strip(),
        phone=settings.company_phone.strip(),
        email=settings.company_email.strip(),
        bank_name=settings.bank_name.strip(),
        bank_bik=settings.bank_bik.strip(),
        bank_corr_account=settings.bank_corr_account.strip(),
        bank_account=settings.bank_account.strip(),
        director=settings.director.strip(),
        director_position=settings.director_position.strip() or "Генеральный директор",
        accountant=settings.accountant.strip(),
    )


def options_from_settings(settings: config.Settings) -> Options:
    def read_file(path: str) -> bytes | None:
        value = path.strip()
        if not value:
            return None
        try:
            return Path(value).expanduser().read_bytes()
        except OSError as exc:
            raise UserError(
                f"Не удалось прочитать файл {value} ({os_reason(exc)}): проверьте путь в настройках"
            ) from None

    return Options(
        vat_mode=settings.vat_mode,
        vat_rate_pct=int(settings.vat_rate_pct),
        upd_status=2 if settings.upd_status == 2 else 1,
        payment_qr=bool(settings.payment_qr),
        logo=read_file(settings.logo_path),
        facsimile=read_file(settings.facsimile_path),
        series=settings.document_series.strip(),
        invoice_note=settings.invoice_note,
        act_closing_text=settings.act_closing_text.strip() or ACT_CLOSING_TEXT,
        footer=settings.document_footer,
    )


def require_requisites(company: Company) -> None:
    """A document without the supplier's requisites is worse than none: refuse, naming what is missing."""
    missing = [
        label
        for label, value in (
            ("наименование организации", company.name),
            ("ИНН", company.inn),
            ("руководитель", company.director),
        )
        if not value
    ]
    if missing:
        raise UserError(
            "В настройках не заполнены реквизиты организации: "
            + ", ".join(missing)
            + ". Заполните их (Сервис → Настройки → Основные → Организация) и повторите печать."
        )


def require_bank(company: Company) -> None:
    missing = [
        label
        for label, value in (
            ("банк", company.bank_name),
            ("БИК", company.bank_bik),
            ("корр. счёт", company.bank_corr_account),
            ("расчётный счёт", company.bank_account),
        )
        if not value
    ]
    if missing:
        raise UserError(
            "Для счёта на оплату нужны банковские реквизиты: не заполнены "
            + ", ".join(missing)
            + " (Сервис → Настройки → Основные → Банк)."
        )


DEMO_COMPANY = Company(
    name="ООО «Мос Системы Доступа»",
    inn="7728168971",
    kpp="772801001",
    ogrn="1027739176562",
    address="119602, г. Москва, ул. Академика Анохина, д. 5, офис 12",
    phone="+7 495 123-45-67",
    email="info@mos-access.example",
    bank_name="ПАО СБЕРБАНК",
    bank_bik="044525225",
    bank_corr_account="30101810400000000225",
    bank_account="40702810938000012345",
    director="Соколов А. В.",
    accountant="Петрова Е. Н.",
)
DEMO_OPTIONS = Options(vat_mode=VAT_ON_TOP, vat_rate_pct=22, upd_status=1, series="РМ1")


def demo_settings(**overrides: Any) -> config.Settings:
    """Settings with the demo company's requisites (tests, benchmarks, the sample forms in docs/forms)."""

    c = DEMO_COMPANY
    values: dict[str, Any] = {
        "company_name": c.name,
        "company_inn": c.inn,
        "company_kpp": c.kpp,
        "company_address": c.address,
        "bank_name": c.bank_name,
        "bank_bik": c.bank_bik,
        "bank_corr_account": c.bank_corr_account,
        "bank_account": c.bank_account,
        "director": c.director,
        "accountant": c.accountant,
        "vat_mode": DEMO_OPTIONS.vat_mode,
        "vat_rate_pct": DEMO_OPTIONS.vat_rate_pct,
        "user_name": "Смирнова А. И.",
        "document_series": DEMO_OPTIONS.series,
    }
    values.update(overrides)
    return config.Settings(**values)
