"""Demo company details: with demo data loaded and no company details of the user's own, the forms print
(and the invoice run runs) at once, clearly as «ООО «МОС Демо»». Details the user has filled are never
replaced.

The requisites pass the app's own checks (``services.settings.validate_settings``): the ИНН and ОГРН have
their control digits, the accounts their keys computed with the БИК. The bank's БИК 044525999 is made up.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from mos_desktop import config

DEMO_COMPANY_NAME = "ООО «МОС Демо»"
DEMO_INVOICE_SERIES = "ДЕМО"  # invoices of the run read «АП-ДЕМО-2612-0001»

# Settings field → demo value; the company's details, every one of them empty before the demo fills them.
DEMO_COMPANY: dict[str, str] = {
    "company_name": DEMO_COMPANY_NAME,
    "company_inn": "7709001230",
    "company_kpp": "770901001",
    "company_ogrn": "1157746012346",
    "company_address": "101000, г. Москва, ул. Демонстрационная, д. 1, офис 1 (демо-адрес)",
    "company_phone": "+7 495 000-00-00",
    "company_email": "demo@example.ru",
    "bank_name": "АО «Демо-Банк», г. Москва",
    "bank_bik": "044525999",
    "bank_corr_account": "30101810845250000999",
    "bank_account": "40702810900000001234",
    "company_accounts": "40702810300000005678",
    "director": "Демидов Д. Д.",
    "accountant": "Демина Е. А.",
}

DEMO_COMPANY_NOTE = (
    f"Реквизиты организации заполнены демонстрационными («{DEMO_COMPANY_NAME}»), чтобы формы печатались "
    "сразу; перед работой с настоящими данными замените их своими: Сервис → Настройки."
)


def company_details_empty(settings: config.Settings) -> bool:
    """True when the user has filled none of the company's details."""
    return not any(str(getattr(settings, name)).strip() for name in DEMO_COMPANY)


def with_demo_company(settings: config.Settings) -> config.Settings | None:
    """``settings`` with the demo company's details, or None when the user has filled some of their own
    (nothing replaced then). The invoice series is set only when no series is set at all."""
    if not company_details_empty(settings):
        return None
    changes: dict[str, Any] = dict(DEMO_COMPANY)
    if not settings.invoice_series.strip() and not settings.document_series.strip():
        changes["invoice_series"] = DEMO_INVOICE_SERIES
    return dataclasses.replace(settings, **changes)


def fill_demo_company(path: Path | None = None) -> bool:
    """The saved settings get the demo company's details when they have none; True when filled (the CLI's
    ``demo-data``; the window does the same with its own settings)."""
    filled = with_demo_company(config.load_settings(path))
    if filled is None:
        return False
    config.save_settings(filled, path)
    return True
