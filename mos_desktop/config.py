"""Paths (platformdirs), settings declared once with type and default, secrets (keyring).

``MOS_DESKTOP_HOME`` (environment) puts data, config and logs under one folder: tests, demos, screenshots.
Secrets never go to the settings file or the log: only to the OS keyring, or, where no keyring backend
exists, to this process's memory.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "mos-desktop"
APP_AUTHOR = "MOS"
KEYRING_SERVICE = "mos-desktop"
PG_PASSWORD_SECRET = "pg_password"  # the shared PostgreSQL password, in the keyring only

log = logging.getLogger(__name__)


def _home() -> Path | None:
    value = os.environ.get("MOS_DESKTOP_HOME")
    return Path(value) if value else None


def data_dir() -> Path:
    home = _home()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _home()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "mos.sqlite3"


def resources_dir() -> Path:
    """``resources/`` of the source tree, or of the PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


ROLES = {"manager": "Менеджер по сопровождению", "warehouse": "Кладовщик"}
VAT_MODES = {"no_vat": "Без НДС", "vat_included": "НДС в сумме", "vat_on_top": "НДС сверху"}
SMTP_SECURITY = {"ssl": "SSL/TLS (порт 465)", "starttls": "STARTTLS (порт 587)", "none": "Без защиты"}
UPD_STATUSES = {1: "1 — УПД заменяет счёт-фактуру (плательщик НДС)", 2: "2 — только передаточный документ"}


@dataclass
class Settings:
    """Every setting, declared once: type, default and (in ``metadata``) a Russian description."""

    company_name: str = field(default="", metadata={"label": "Наименование организации"})
    company_inn: str = field(default="", metadata={"label": "ИНН"})
    company_kpp: str = field(default="", metadata={"label": "КПП"})
    company_address: str = field(default="", metadata={"label": "Юридический адрес"})
    bank_name: str = field(default="", metadata={"label": "Банк"})
    bank_bik: str = field(default="", metadata={"label": "БИК"})
    bank_corr_account: str = field(default="", metadata={"label": "Корр. счёт"})
    bank_account: str = field(default="", metadata={"label": "Расчётный счёт"})
    director: str = field(default="", metadata={"label": "Руководитель (Фамилия И. О.)"})
    accountant: str = field(default="", metadata={"label": "Главный бухгалтер (Фамилия И. О.)"})
    vat_mode: str = field(default="no_vat", metadata={"label": "НДС"})
    vat_rate_pct: int = field(default=22, metadata={"label": "Ставка НДС, %"})  # 22 % from 2026-01-01
    user_name: str = field(default="", metadata={"label": "Ваше имя (Фамилия И. О.)"})
    user_role: str = field(default="manager", metadata={"label": "Роль"})
    document_series: str = field(default="", metadata={"label": "Серия номеров документов рабочего места"})
    # billing (Платежи)
    # our accounts other than bank_account, 20 digits each, separated by commas: the statement import tells
    # incoming from outgoing lines by them
    company_accounts: str = field(default="", metadata={"label": "Другие счета организации"})
    # empty: the workstation's document_series is used
    invoice_series: str = field(default="", metadata={"label": "Серия номеров счетов АП"})
    collection_start_day: int = field(default=20, metadata={"label": "День начала обзвона должников"})
    dostavista_low_rub: int = field(default=3000, metadata={"label": "Порог баланса Достависты"})  # rubles
    # documents (Настройки → Документы); checked by documents.settings.validate_document_settings
    company_ogrn: str = field(default="", metadata={"label": "ОГРН / ОГРНИП"})
    company_phone: str = field(default="", metadata={"label": "Телефон организации"})
    company_email: str = field(default="", metadata={"label": "E-mail организации"})
    director_position: str = field(
        default="Генеральный директор", metadata={"label": "Должность руководителя"}
    )
    payment_qr: bool = field(default=True, metadata={"label": "QR-код для оплаты на счёте (ГОСТ Р 56042)"})
    upd_status: int = field(default=1, metadata={"label": "Статус УПД"})
    logo_path: str = field(default="", metadata={"label": "Логотип (файл PNG или JPEG)"})
    facsimile_path: str = field(default="", metadata={"label": "Факсимиле: подпись и печать (PNG)"})
    invoice_note: str = field(
        default="Оплата данного счёта означает согласие с условиями договора.",
        metadata={"label": "Примечание на счёте"},
    )
    act_closing_text: str = field(
        default=(
            "Вышеперечисленные услуги выполнены полностью и в срок. "
            "Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет."
        ),
        metadata={"label": "Заключительный текст акта"},
    )
    document_footer: str = field(default="", metadata={"label": "Нижний колонтитул документов"})
    # e-mail (Настройки → Почта); the password is the keyring secret "smtp_password", never here
    smtp_host: str = field(default="", metadata={"label": "SMTP-сервер"})
    smtp_port: int = field(default=465, metadata={"label": "Порт"})
    smtp_user: str = field(default="", metadata={"label": "Логин"})
    smtp_security: str = field(default="ssl", metadata={"label": "Защита соединения"})
    smtp_from: str = field(default="", metadata={"label": "Адрес отправителя (пусто — логин)"})
    email_subject_template: str = field(default="{title} — {company}", metadata={"label": "Тема письма"})
    email_body_template: str = field(
        default=(
            "Здравствуйте!\n\nНаправляем {title}. Документ во вложении.\n\nС уважением,\n{user}\n{company}"
        ),
        metadata={"label": "Текст письма"},
    )
    first_run_done: bool = field(default=False, metadata={"label": "Первый запуск пройден"})


def settings_path() -> Path:
    return config_dir() / "settings.json"


def current_user(settings: Settings) -> str:
    """Who the changes are attributed to: the name set in the settings, else the OS login name."""
    name = settings.user_name.strip()
    if name:
        return name
    import getpass  # not at module level: start-up does not need it

    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers, services): still attribute the change
        return "mos-desktop"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; unknown keys are ignored and wrong types fall back to the default."""
    path = path or settings_path()
    settings = Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return settings
    if not isinstance(raw, dict):
        return settings
    for f in fields(Settings):
        if f.name in raw:
            value = raw[f.name]
            if type(value) is type(getattr(settings, f.name)):
                setattr(settings, f.name, value)
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a crash mid-write leaves the old file, never a half one."""
    path = path or settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


# --- secrets ---------------------------------------------------------------------------------------

_memory_secrets: dict[str, str] = {}


def keyring_available() -> bool:
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def get_secret(name: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    if name in _memory_secrets:
        return _memory_secrets[name]
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError:
        return None


def secret_location(name: str) -> str | None:
    """Where the secret is: "memory" (this run only), "keyring", or None. May block on a keyring prompt."""
    if name in _memory_secrets:
        return "memory"
    return "keyring" if get_secret(name) else None


def set_secret(name: str, value: str) -> bool:
    """Store in the OS keyring; returns False when only kept in memory for this run."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, name, value)
        _memory_secrets.pop(name, None)
        return True
    except KeyringError:
        _memory_secrets[name] = value
        return False


def describe(settings: Settings) -> dict[str, Any]:
    return asdict(settings)
