"""Connection settings of the shared PostgreSQL ("Общая база"): a JSON file in the config folder.

Host, port, database, user, sslmode and the CA file are stored in ``config_dir()/sync.json``; the password
never is (it lives in the OS keyring as secret ``pg_password``, or comes from ``MOS_PG_PASSWORD``; see
``connection``). The GUI's settings page and the command line use these functions; ``validate_form`` is
the one check of what a user typed (the settings page shows its errors at the fields).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo

from mos_desktop import config
from mos_desktop.errors import FieldError, ValidationError

log = logging.getLogger(__name__)

FILE_NAME = "sync.json"
FORM_FIELDS = ("host", "port", "dbname", "user", "sslmode", "sslrootcert")
SSLMODES = ("disable", "prefer", "require", "verify-full")
SSLMODE_LABELS = {
    "disable": "Без шифрования",
    "prefer": "Шифрование, если сервер умеет",
    "require": "Только с шифрованием",
    "verify-full": "Шифрование и проверка сертификата сервера (нужен файл CA)",
}


@dataclass
class ConnectionSettings:
    host: str = ""
    port: int = 5432
    dbname: str = ""
    user: str = ""
    sslmode: str = "prefer"
    sslrootcert: str = ""  # CA file, for verify-full

    def is_configured(self) -> bool:
        return bool(self.host.strip() and self.dbname.strip() and self.user.strip())

    def dsn(self) -> str:
        """A libpq key=value connection string (no password)."""
        params: dict[str, Any] = {
            "host": self.host.strip(),
            "port": int(self.port),
            "dbname": self.dbname.strip(),
            "user": self.user.strip(),
            "sslmode": self.sslmode,
        }
        if self.sslrootcert.strip():
            params["sslrootcert"] = self.sslrootcert.strip()
        return make_conninfo("", **params)


def validate_form(values: Mapping[str, Any]) -> list[FieldError]:
    """What the user typed (``FORM_FIELDS``, text), checked: one Russian error per field naming the fix."""
    errors: list[FieldError] = []
    if not str(values["host"]).strip():
        errors.append(FieldError("host", "Сервер: укажите имя или адрес, например db.office.local"))
    port = str(values["port"]).strip()
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        errors.append(FieldError("port", "Порт: число от 1 до 65535 (обычно 5432)"))
    if not str(values["dbname"]).strip():
        errors.append(FieldError("dbname", "База данных: укажите имя базы на сервере, например mos"))
    if not str(values["user"]).strip():
        errors.append(FieldError("user", "Пользователь: укажите имя для входа в PostgreSQL"))
    sslmode = str(values["sslmode"])
    if sslmode not in SSLMODES:
        errors.append(FieldError("sslmode", f"Шифрование: выберите один из режимов ({', '.join(SSLMODES)})"))
    if sslmode == "verify-full":
        ca = str(values["sslrootcert"]).strip()
        if not ca:
            errors.append(
                FieldError("sslrootcert", "Сертификат ЦС: для verify-full выберите файл сертификата")
            )
        elif not Path(ca).is_file():
            errors.append(
                FieldError("sslrootcert", f"Сертификат ЦС: файл не найден ({ca}) — выберите другой")
            )
    return errors


def from_form(values: Mapping[str, Any]) -> ConnectionSettings:
    """The settings a filled form describes; ``ValidationError`` (nothing built) when ``validate_form``
    finds a problem."""
    errors = validate_form(values)
    if errors:
        raise ValidationError(errors)
    text = {k: str(values[k]).strip() for k in FORM_FIELDS}
    return ConnectionSettings(
        host=text["host"],
        port=int(text["port"]),
        dbname=text["dbname"],
        user=text["user"],
        sslmode=text["sslmode"],
        sslrootcert=text["sslrootcert"],
    )


def settings_path() -> Path:
    return config.config_dir() / FILE_NAME


def load_connection(path: Path | None = None) -> ConnectionSettings:
    """The saved settings; defaults when the file is missing or unreadable (logged, never raised)."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ConnectionSettings()
    except (OSError, ValueError) as exc:
        log.warning("sync settings %s unreadable (%s): using defaults", path, type(exc).__name__)
        return ConnectionSettings()
    known = {f.name for f in fields(ConnectionSettings)}
    values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    try:
        values["port"] = int(values.get("port", 5432))
    except (TypeError, ValueError):
        values["port"] = 5432
    for key in ("host", "dbname", "user", "sslmode", "sslrootcert"):
        if key in values:
            values[key] = str(values[key])
    return ConnectionSettings(**values)


def save_connection(settings: ConnectionSettings, path: Path | None = None) -> None:
    """Write atomically (temporary file, then rename)."""
    path = path or settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def saved_dsn() -> str | None:
    """The DSN from the saved settings, or None when they are not filled in."""
    settings = load_connection()
    return settings.dsn() if settings.is_configured() else None
