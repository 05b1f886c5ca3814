"""Exports of the portfolio list (ИНН as the key) for people and for other programs.

JSON for programs (ISO dates, money as decimal strings); CSV for Excel in a Russian locale (UTF-8 with
BOM, ';', decimal comma; its headers are the import's, so an export re-imports cleanly); XLSX with real
numbers and dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from mos_desktop.errors import UserError
from mos_desktop.models import CLIENT_STATUS_RU
from mos_desktop.money import kopecks_to_decimal
from mos_desktop.services.clients import ClientPortfolioRow, portfolio_rows
from mos_desktop.services.table_export import FORMATS, csv_bytes, json_bytes, xlsx_bytes, xlsx_sheet

Format = Literal["json", "csv", "xlsx"]
HEADERS = ("ИНН", "Клиент", "Юр. лицо", "Статус", "АП", "Менеджер", "Долг", "Последний контакт")
_WIDTHS = (14, 40, 40, 14, 14, 24, 14, 18)


def _sorted(session: Session, today: date) -> list[ClientPortfolioRow]:
    return sorted(portfolio_rows(session, today), key=lambda r: (r.inn, r.name))


def _json(rows: list[ClientPortfolioRow]) -> bytes:
    data = [
        {
            "inn": r.inn,
            "name": r.name,
            "legal_name": r.legal_name,
            "status": r.status.value,
            "status_ru": CLIENT_STATUS_RU[r.status],
            "monthly_fee": str(kopecks_to_decimal(r.monthly_fee_kop)),
            "manager": r.manager,
            "debt": str(kopecks_to_decimal(r.debt_kop)),
            "last_contact": r.last_contact.isoformat() if r.last_contact else None,
        }
        for r in rows
    ]
    return json_bytes(data)


def _rub_text(kopecks: int) -> str:
    return str(kopecks_to_decimal(kopecks)).replace(".", ",")  # "12000,00": a number to Excel-RU


def _csv(rows: list[ClientPortfolioRow]) -> bytes:
    return csv_bytes(
        HEADERS,
        (
            (
                r.inn,
                r.name,
                r.legal_name,
                CLIENT_STATUS_RU[r.status],
                _rub_text(r.monthly_fee_kop),
                r.manager,
                _rub_text(r.debt_kop),
                r.last_contact.strftime("%d.%m.%Y") if r.last_contact else "",
            )
            for r in rows
        ),
    )


def _xlsx(rows: list[ClientPortfolioRow], today: date) -> bytes:
    from openpyxl.cell import WriteOnlyCell

    wb, ws = xlsx_sheet(f"Клиенты {today.strftime('%d.%m.%Y')}", HEADERS, widths=_WIDTHS)

    def money(kopecks: int) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=kopecks_to_decimal(kopecks))
        cell.number_format = "#,##0.00"
        return cell

    def day(value: date | None) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell

    for r in rows:
        inn = WriteOnlyCell(ws, value=r.inn)
        inn.number_format = "@"  # text: a leading zero of the ИНН survives
        ws.append(
            [
                inn,
                r.name,
                r.legal_name,
                CLIENT_STATUS_RU[r.status],
                money(r.monthly_fee_kop),
                r.manager,
                money(r.debt_kop),
                day(r.last_contact),
            ]
        )
    return xlsx_bytes(wb)


def export_clients(session: Session, fmt: str, *, today: date) -> bytes:
    """The portfolio list in ``fmt`` ("json", "csv" or "xlsx"), sorted by ИНН."""
    if fmt not in FORMATS:
        raise UserError(f"Формат «{fmt}» не поддерживается: выберите json, csv или xlsx.")
    rows = _sorted(session, today)
    if fmt == "json":
        return _json(rows)
    if fmt == "csv":
        return _csv(rows)
    return _xlsx(rows, today)
