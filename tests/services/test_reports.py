"""Portfolio export: JSON for programs, CSV for Excel-RU (and back through the import), XLSX with numbers."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from mos_desktop.db import Database, open_database
from mos_desktop.errors import UserError
from mos_desktop.ids import uuid7
from mos_desktop.models import Interaction, InteractionKind, Invoice
from mos_desktop.services.clients import ClientCard, get_client, save_client
from mos_desktop.services.importing import import_clients
from mos_desktop.services.reports import HEADERS, export_clients
from mos_desktop.validation import complete_inn

TODAY = date(2026, 11, 23)
ZERO_INN = complete_inn("027406211")
INN_B = complete_inn("770000001")


@pytest.fixture
def portfolio(db: Database) -> dict[str, uuid.UUID]:
    with db.session() as s:
        a = save_client(
            s,
            ClientCard(
                name="ЖК «Уфа»; корпус 2", inn=ZERO_INN, monthly_fee="12 000,50", manager="Иванова А. А."
            ),
            user="u",
            today=TODAY,
        )
        b = save_client(
            s,
            ClientCard(name="БЦ Орион", legal_name='ООО "Орион"', inn=INN_B, status="pilot"),
            user="u",
            today=TODAY,
        )
        s.add(Invoice(id=uuid7(), number="1", client_id=a, issued_on=TODAY, total_kop=1_200_050))
        s.add(
            Interaction(
                id=uuid7(),
                client_id=b,
                at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
                kind=InteractionKind.EMAIL,
            )
        )
    return {"a": a, "b": b}


def test_json(db: Database, portfolio: dict[str, uuid.UUID]) -> None:
    with db.session() as s:
        data = json.loads(export_clients(s, "json", today=TODAY).decode("utf-8"))
    assert [d["inn"] for d in data] == sorted([ZERO_INN, INN_B])
    by_inn = {d["inn"]: d for d in data}
    assert by_inn[ZERO_INN] == {
        "inn": ZERO_INN,
        "name": "ЖК «Уфа»; корпус 2",
        "legal_name": "",
        "status": "active",
        "status_ru": "Активный",
        "monthly_fee": "12000.50",
        "manager": "Иванова А. А.",
        "debt": "12000.50",
        "last_contact": None,
    }
    assert by_inn[INN_B]["status_ru"] == "Пилот" and by_inn[INN_B]["last_contact"] == "2026-11-02"
    assert by_inn[INN_B]["debt"] == "0.00"


def test_csv_is_excel_ru_friendly(db: Database, portfolio: dict[str, uuid.UUID]) -> None:
    with db.session() as s:
        raw = export_clients(s, "csv", today=TODAY)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert tuple(rows[0]) == HEADERS
    by_inn = {r[0]: r for r in rows[1:]}
    assert by_inn[ZERO_INN][1] == "ЖК «Уфа»; корпус 2"  # a ';' inside a value is quoted
    assert by_inn[ZERO_INN][4] == "12000,50" and by_inn[ZERO_INN][6] == "12000,50"
    assert by_inn[INN_B][3] == "Пилот" and by_inn[INN_B][7] == "02.11.2026"


def test_csv_export_reimports_into_an_empty_database(
    db: Database, portfolio: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    with db.session() as s:
        path = tmp_path / "export.csv"
        path.write_bytes(export_clients(s, "csv", today=TODAY))
        originals = {k: get_client(s, v) for k, v in portfolio.items()}
    other = open_database(tmp_path / "other.sqlite3", daily_backup=False)
    try:
        with other.session() as s:
            result = import_clients(s, path, user="u", today=TODAY)
        assert (result.added, result.rejected) == (2, 0)
        assert result.unknown_columns == ["Долг", "Последний контакт"]
        with other.session() as s:
            exported_again = export_clients(s, "json", today=TODAY)
    finally:
        other.dispose()
    copies = {d["inn"]: d for d in json.loads(exported_again)}
    for card in originals.values():
        copy = copies[card.inn]
        assert (copy["name"], copy["legal_name"], copy["manager"], copy["status"]) == (
            card.name,
            card.legal_name,
            card.manager,
            card.status,
        )
    assert copies[ZERO_INN]["monthly_fee"] == "12000.50"


def test_xlsx_has_bold_header_numbers_and_text_inn(db: Database, portfolio: dict[str, uuid.UUID]) -> None:
    with db.session() as s:
        raw = export_clients(s, "xlsx", today=TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(raw)).active
    assert ws is not None
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert all(c.font.bold for c in ws[1])
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    a = rows[ZERO_INN]
    assert a[0].data_type == "s"  # the leading zero survives
    assert a[4].value == pytest.approx(12000.5) and a[4].number_format == "#,##0.00"
    assert Decimal(str(a[6].value)) == Decimal("12000.5")
    b = rows[INN_B]
    assert b[7].value == datetime(2026, 11, 2) and b[7].number_format == "DD.MM.YYYY"
    assert ws.max_row == 3


def test_unknown_format(db: Database) -> None:
    with db.session() as s, pytest.raises(UserError) as info:
        export_clients(s, "pdf", today=TODAY)
    assert "json, csv или xlsx" in info.value.message


def test_empty_portfolio_exports(db: Database) -> None:
    with db.session() as s:
        assert json.loads(export_clients(s, "json", today=TODAY)) == []
        assert export_clients(s, "csv", today=TODAY).decode("utf-8-sig").strip() == ";".join(HEADERS)
