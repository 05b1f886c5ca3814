"""Plain dataclasses shared by the forms' data (what an assembly hands a layout): parties, lines, signers.

Nothing here touches the database; the assemblies (``documents/assembly``) fill these from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def long_date(day: date) -> str:
    """«15 ноября 2026 г.»"""
    return f"{day.day:02d} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def short_date(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


@dataclass(frozen=True)
class Party:
    """A counterparty as printed: name, tax ids, address; ``signer`` signs for it."""

    name: str
    inn: str = ""
    kpp: str = ""
    address: str = ""
    phone: str = ""
    signer_position: str = ""
    signer_name: str = ""  # «Фамилия И. О.»

    def line(self) -> str:
        parts = [self.name]
        if self.inn:
            parts.append(f"ИНН {self.inn}")
        if self.kpp:
            parts.append(f"КПП {self.kpp}")
        if self.address:
            parts.append(self.address)
        if self.phone:
            parts.append(f"тел. {self.phone}")
        return ", ".join(parts)


@dataclass(frozen=True)
class GoodsLine:
    """A line of goods or services with money; ``net``/``vat``/``gross`` are filled by the assembly."""

    name: str
    quantity: int
    unit: str
    price_kop: int  # as on the record (net when VAT is on top, gross when included)
    net_kop: int
    vat_kop: int
    gross_kop: int
    code: str = ""  # article / SKU
    okei: str = ""  # ОКЕИ unit code (796 штука)
    serial: str = ""


def initials(full_name: str) -> str:
    """«Никифоров Вадим Евгеньевич» → «Никифоров В. Е.»; already short names are kept."""
    parts = full_name.split()
    if len(parts) < 2 or any(p.endswith(".") for p in parts[1:]):
        return full_name.strip()
    return parts[0] + " " + " ".join(f"{p[0]}." for p in parts[1:3])
