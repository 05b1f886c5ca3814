"""``report <list>`` (services/list_report.py): every list in one shape, values as stored, special reports
first."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from factories import client, dostavista, invoice, msk, payment

from mos_desktop.cli import build_parser, main
from mos_desktop.db import Database
from mos_desktop.demo import generate_demo
from mos_desktop.services.list_report import ROW_KEYS, export_list, listing_records, stored_value
from mos_desktop.services.listing import LISTS, Column, Listing, Row

TODAY = date(2026, 11, 23)
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_stored_values_by_column_kind() -> None:
    assert stored_value(1_234_56, "money") == "1234.56"
    assert stored_value(-5, "money") == "-0.05"
    assert stored_value(date(2026, 1, 2), "date") == "2026-01-02"
    assert stored_value(msk(date(2026, 1, 2), 9, 30), "datetime") == "2026-01-02T09:30:00+03:00"
    assert stored_value(True, "bool") is True and stored_value("", "bool") is None
    assert stored_value(3, "int") == 3 and stored_value(None, "money") is None
    listing = Listing(
        [Column("fee", "АП", "money"), Column("name", "Клиент")], [Row(None, (100, "А"), "warning")]
    )
    assert listing_records(listing, "client") == [
        {"record_id": None, "record_kind": "client", "row_level": "warning", "fee": "1.00", "name": "А"}
    ]


def test_every_list_reports_with_snake_case_keys(db: Database) -> None:
    with db.session() as s:
        generate_demo(s, clients=12, months=2, today=TODAY)
    with db.session() as s:
        for key in LISTS:
            records = json.loads(export_list(s, key, "json", today=TODAY))
            assert isinstance(records, list), key
            for record in records[:3]:
                assert list(record)[:3] == list(ROW_KEYS), key
                assert all(SNAKE.match(k) for k in record), (key, list(record))
            csv_rows = list(csv.reader(io.StringIO(export_list(s, key, "csv", today=TODAY).decode("utf-8"))))
            assert len(csv_rows) == len(records) + 1, key


def test_report_invoices_through_the_command_line(
    db: Database, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        bill = invoice(s, owner, 12_000, date(2026, 11, 15))
        payment(s, 4_000, date(2026, 11, 18), pays=[(bill, 4_000)])
        dostavista(s, msk(date(2026, 11, 20), 12, 5), 5_000)
    path = str(db.path)
    assert main(["--db", path, "report", "invoices"]) == 0
    (record,) = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert record["record_id"] == str(bill.id) and record["record_kind"] == "invoice"
    assert (record["issued_on"], record["client"]) == ("2026-11-15", "ЖК Альфа")
    assert (record["total"], record["paid"], record["remaining"]) == ("12000.00", "4000.00", "8000.00")

    assert main(["--db", path, "report", "dostavista", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8"))))
    assert rows[0]["at"] == "2026-11-20T12:05:00+03:00" and rows[0]["amount"] == "5000.00"

    out = tmp_path / "invoices.xlsx"
    assert main(["--db", path, "report", "invoices", "--format", "xlsx", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    values = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert Decimal(str(values["total"])) == Decimal("12000") and values["issued_on"].date() == date(
        2026, 11, 15
    )


def test_xlsx_needs_a_file_and_a_missing_base_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "нет.sqlite3"), "report", "invoices"]) == 1
    assert "не найдена" in capsys.readouterr().err
    assert not (tmp_path / "нет.sqlite3").exists()
    assert main(["--db", str(tmp_path / "нет.sqlite3"), "report", "items", "--format", "xlsx"]) == 1
    assert "--out" in capsys.readouterr().err


def test_special_reports_take_precedence_and_every_list_has_a_report() -> None:
    parser = build_parser()
    report = next(
        a for a in parser._subparsers._group_actions[0].choices["report"]._actions if a.dest == "what"
    )  # type: ignore[union-attr]
    names = report.choices
    assert set(LISTS) <= set(names)
    assert names["clients"].get_default("handler").__name__ == "_cmd_report_clients"  # README's keys
    assert names["calls"].get_default("list_key") is None  # the payments' own report, not the generic one
    assert names["invoices"].get_default("list_key") == "invoices"
