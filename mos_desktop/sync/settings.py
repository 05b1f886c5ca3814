"""Connection settings of the shared PostgreSQL ("Общая база"): a JSON file in the config folder.

Host, port, database, user, sslmode and the CA file are stored in ``config_dir()/sync.json``; the password
never is (it lives in the OS keyring as secret ``pg_password``, or comes from ``MOS_PG_PASSWORD``; see
``connection``). The GUI's settings page and the command line use these functions.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo

from mos_desktop import config

log = logging.getLogger(__name__)

FILE_NAME = "sync.json"
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

    def problems(self) -> list[str]:
        """Russian messages naming the field and the fix; empty when the settings are usable."""
        out = []
        if not self.host.strip():
            out.append("Сервер: укажите имя или адрес сервера PostgreSQL")
        if not 1 <= int(self.port) <= 65535:
            out.append("Порт: допустимы числа от 1 до 65535 (обычно 5432)")
        if not self.dbname.strip():
            out.append("База данных: укажите имя общей базы")
        if not self.user.strip():
            out.append("Пользователь: укажите логин PostgreSQL")
        if self.sslmode not in SSLMODES:
            out.append(f"Шифрование: допустимы {', '.join(SSLMODES)}")
        if self.sslmode == "verify-full" and not self.sslrootcert.strip():
            out.append("Файл CA: для режима verify-full выберите файл сертификата центра сертификации")
        return out

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
