"""``import stock-moves`` (all rows or none, the line and reason named) and ``report stock``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from stockhelp import yard

from mos_desktop.cli import main
from mos_desktop.db import open_database
from mos_desktop.models import StockMove

HEADER = "kind,sku,qty,from,to,date,serials,document\n"


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "stock.sqlite3"
    database = open_database(path, daily_backup=False)
    with database.session() as s:
        yard(s)
    database.dispose()
    return path


def _moves(path: Path) -> int:
    database = open_database(path, daily_backup=False)
    try:
        with database.session() as s:
            return s.query(StockMove).count()
    finally:
        database.dispose()


def test_import_all_rows_then_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    csv = tmp_path / "moves.csv"
    csv.write_text(
        HEADER
        + "receipt,R-01,10,SUP-1,RUM,2026-11-01,,ПН-1\n"
        + "receipt,CAM-1,2,SUP-1,RUM,2026-11-01,C1 C2,ПН-1\n"
        + "перемещение,R-01,4,RUM,Офис,02.11.2026,,\n"
        + "issue,CAM-1,1,RUM,CL-1,2026-11-03,C2,\n",
        encoding="utf-8",
    )
    assert main(["--db", str(db), "import", "stock-moves", str(csv)]) == 0
    assert "Проведено документов: 3, движений: 5" in capsys.readouterr().out
    assert main(["--db", str(db), "report", "stock", "--date", "2026-11-02", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["sku"], r["location"], r["on_hand"], r["free"]) for r in rows} == {
        ("R-01", "RUM", 6, 6),
        ("R-01", "OFC", 4, 4),
        ("CAM-1", "RUM", 2, 2),
    }
    assert set(rows[0]) == {"sku", "name", "location", "on_hand", "reserved", "free"}
    assert main(["--db", str(db), "report", "stock", "--location", "CL-1", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "sku,name,location,on_hand,reserved,free"  # the JSON's keys
    assert "CAM-1,Камера,CL-1,1,0,1" in out


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "receipt,R-01,5,SUP-1,RUM,,,\nissue,R-01,9,RUM,CL-1,,,\n",
            "строка 3: «Считыватель» на «Склад Румянцево» остаток 5 шт",
        ),
        ("receipt,R-01,5,SUP-1,RUM,,,\nissue,Z-9,1,RUM,CL-1,,,\n", "строка 3: товара с артикулом «Z-9» нет"),
        (
            "receipt,CAM-1,1,SUP-1,RUM,,C1,\nreceipt,CAM-1,1,SUP-1,OFC,,C2,\nissue,CAM-1,1,OFC,CL-1,,C1,\n",
            "строка 4: серийный номер C1 числится в «Склад Румянцево»",
        ),
        ("receipt,R-01,5,SUP-1,RUM,,,\nreceipt,R-01,x,SUP-1,RUM,,,\n", "строка 3: количество — целое число"),
        ("receipt,R-01,5,SUP-1,НЕТ,,,\n", "строка 2: места «НЕТ» нет"),
        ("телепорт,R-01,5,SUP-1,RUM,,,\n", "строка 2: вид движения «телепорт» неизвестен"),
        ("receipt,R-01,5,SUP-1,RUM,31.02.2026,,\n", "строка 2: дата «31.02.2026»"),
    ],
)
def test_a_refused_file_changes_nothing_and_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str, message: str
) -> None:
    db = _db(tmp_path)
    csv = tmp_path / "moves.csv"
    csv.write_text(HEADER + rows, encoding="utf-8")
    assert main(["--db", str(db), "import", "stock-moves", str(csv)]) == 1
    assert message in capsys.readouterr().err
    assert _moves(db) == 0


def test_report_prices_best_offer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from factories import price, supplier

    from mos_desktop.models import Availability

    path = tmp_path / "p.sqlite3"
    database = open_database(path, daily_backup=False)
    with database.session() as s:
        y = yard(s)
        fast = supplier(s, "ООО Быстрый", group_name="Быстрые")
        price(s, y.vendor, y.reader, 1_000, date(2026, 1, 1), lead_days=10)
        price(s, fast, y.reader, 1_000, date(2026, 1, 1), lead_days=2, valid_to=date(2099, 1, 1))
        price(s, fast, y.camera, 500, date(2026, 1, 1), availability=Availability.UNAVAILABLE)
    database.dispose()
    assert main(["--db", str(path), "report", "prices", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "sku": "R-01",
            "supplier": "Быстрые",
            "entity": "ООО Быстрый",
            "price": "1000.00",
            "valid_to": "2099-01-01",
            "availability": "in_stock",
        }
    ]
