"""A supplier's price list: the mapping guessed from its headers, each row's fate previewed, then new dated
prices for new and changed rows, «проверена» for unchanged ones, unknown SKUs listed and not created; a
binary or broken file refused in Russian."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from factories import item, price, supplier
from sqlalchemy import func, select

from mos_desktop.db import Database
from mos_desktop.errors import UserError, ValidationError
from mos_desktop.models import Availability, Item, SupplierPrice
from mos_desktop.services.purchasing.price_import import (
    PriceImportForm,
    import_prices,
    preview_price_import,
    read_price_file,
)
from mos_desktop.services.purchasing.prices import price_history

TODAY = date(2026, 11, 23)
USER = "Иванова А."

CSV = (
    "Прайс-лист ООО Вендор на 23.11.2026\n"
    "\n"
    "Артикул;Код поставщика;Наименование;Цена, руб.;НДС;Наличие;Срок поставки, дн.\n"
    "R-01;V-100;Считыватель;1 400,00;20%;в наличии;0\n"
    "C-02;V-200;Кабель;50,00;20;под заказ;7\n"
    ";V-300;Замок;900;20;есть;\n"
    "X-99;;Неизвестный;10;;;\n"
    "P-03;;Панель;дорого;;;\n"
)


def write_csv(tmp_path: Path, text: str = CSV, encoding: str = "cp1251") -> Path:
    path = tmp_path / "прайс.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_mapping_is_guessed_from_the_headers(tmp_path: Path) -> None:
    file = read_price_file(write_csv(tmp_path))
    assert file.header_line == 3
    assert file.guessed == {
        0: "sku",
        1: "supplier_code",
        2: "name",
        3: "price",
        4: "vat",
        5: "availability",
        6: "lead_days",
    }
    assert len(file.rows) == 5


def test_preview_then_import(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path)
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        reader = item(s, "R-01", "Считыватель")
        cable = item(s, "C-02", "Кабель")
        lock = item(s, "L-03", "Замок")
        item(s, "P-03", "Панель")
        price(s, vendor, reader, 1_400, date(2026, 1, 1), vat_rate_pct=20, supplier_code="V-100")
        price(s, vendor, cable, 40, date(2026, 1, 1), vat_rate_pct=20)
        price(s, vendor, lock, 950, date(2026, 1, 1), supplier_code="V-300")  # known by its code only
        form = PriceImportForm(vendor.id, str(path))
        preview = preview_price_import(s, form, today=TODAY)
        fates = {line.sku: line.action for line in preview.lines}
        assert fates == {
            "R-01": "unchanged",
            "C-02": "changed",
            "V-300": "changed",
            "X-99": "unknown",
            "P-03": "reject",
        }
        changed = next(line for line in preview.lines if line.sku == "C-02")
        assert "40,00" in changed.what and "50,00" in changed.what
        assert "Цена" in next(line for line in preview.lines if line.sku == "P-03").message
        assert s.scalar(select(func.count()).select_from(SupplierPrice)) == 3  # the preview writes nothing

        changes = import_prices(s, form, user=USER, today=TODAY)
        assert "пропущено 2" in changes.message
        assert s.scalar(select(func.count()).select_from(Item)) == 4  # the unknown SKU was not created
        history = price_history(s, cable.id).records()
        assert [(r["price"], r["valid_to"]) for r in history] == [(4_000, date(2026, 11, 22)), (5_000, None)]
        new_cable = s.scalars(
            select(SupplierPrice).where(SupplierPrice.item_id == cable.id, SupplierPrice.valid_from == TODAY)
        ).one()
        assert (new_cable.availability, new_cable.lead_days, new_cable.supplier_code) == (
            Availability.ON_ORDER,
            7,
            "V-200",
        )
        unchanged = s.scalars(select(SupplierPrice).where(SupplierPrice.item_id == reader.id)).one()
        assert unchanged.checked_on == TODAY
        # the same file again: nothing new, everything checked
        again = preview_price_import(s, form, today=TODAY)
        assert again.count("new") == again.count("changed") == 0 and again.count("unchanged") == 3


def test_a_changed_mapping_and_new_items(db: Database, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Код", "Товар", "Стоимость", "Ещё цена"])
    sheet.append(["R-01", "Считыватель", 1500.5, 1400])
    path = tmp_path / "прайс.xlsx"
    book.save(path)
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        reader = item(s, "R-01", "Считыватель")
        guessed = preview_price_import(s, PriceImportForm(vendor.id, str(path)), today=TODAY)
        assert guessed.mapping == {0: "supplier_code", 1: "name", 2: "price"}
        assert guessed.lines[0].action == "unknown"  # no earlier price carries that code
        form = PriceImportForm(
            vendor.id, str(path), mapping={0: "sku", 3: "price"}, valid_from=date(2026, 12, 1)
        )
        preview = preview_price_import(s, form, today=TODAY)
        assert [(line.action, line.price_kop) for line in preview.lines] == [("new", 140_000)]
        import_prices(s, form, user=USER, today=TODAY)
        row = s.scalars(select(SupplierPrice).where(SupplierPrice.item_id == reader.id)).one()
        assert (row.valid_from, row.price_kop, row.checked_on) == (date(2026, 12, 1), 140_000, TODAY)
        with pytest.raises(ValidationError, match="где цена"):
            preview_price_import(s, PriceImportForm(vendor.id, str(path), mapping={1: "name"}), today=TODAY)


def test_bad_files_are_refused_in_russian(db: Database, tmp_path: Path) -> None:
    binary = tmp_path / "прайс.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00garbage")
    with pytest.raises(UserError, match="не текстовый файл CSV"):
        read_price_file(binary)
    broken = tmp_path / "прайс.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(UserError, match="книгу Excel"):
        read_price_file(broken)
    with db.session() as s, pytest.raises(ValidationError, match="Поставщик"):
        preview_price_import(s, PriceImportForm(None, str(binary)), today=TODAY)


def _chain(s, vendor, what):  # type: ignore[no-untyped-def]
    rows = s.scalars(
        select(SupplierPrice)
        .where(SupplierPrice.supplier_id == vendor.id, SupplierPrice.item_id == what.id)
        .order_by(SupplierPrice.valid_from)
    ).all()
    return [(r.valid_from, r.valid_to, r.price_kop // 100) for r in rows]


def test_an_announced_future_price_survives_todays_list(db: Database, tmp_path: Path) -> None:
    """Today's list is inserted before the future price and ends the day before it starts."""
    path = write_csv(tmp_path, "Артикул;Цена\nR-01;1 450\n")
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        reader = item(s, "R-01", "Считыватель")
        price(s, vendor, reader, 1_400, date(2026, 1, 1), valid_to=date(2026, 11, 30))
        price(s, vendor, reader, 1_600, date(2026, 12, 1))  # announced: from 01.12
        form = PriceImportForm(vendor.id, str(path))
        (line,) = preview_price_import(s, form, today=TODAY).lines
        assert (line.action, line.old_kop) == ("changed", 140_000)  # against the price in force on the day
        import_prices(s, form, user=USER, today=TODAY)
        assert _chain(s, vendor, reader) == [
            (date(2026, 1, 1), date(2026, 11, 22), 1_400),
            (TODAY, date(2026, 11, 30), 1_450),
            (date(2026, 12, 1), None, 1_600),
        ]
        # the same list again changes nothing; the current price is only checked
        again = preview_price_import(s, form, today=TODAY)
        assert [line.action for line in again.lines] == ["unchanged"]


def test_an_older_list_does_not_rewrite_the_current_price(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Артикул;Цена;Действует с\nR-01;1 300;01.10.2026\n")
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        reader = item(s, "R-01", "Считыватель")
        price(s, vendor, reader, 1_400, date(2026, 11, 1))
        import_prices(s, PriceImportForm(vendor.id, str(path)), user=USER, today=TODAY)
        assert _chain(s, vendor, reader) == [
            (date(2026, 10, 1), date(2026, 10, 31), 1_300),
            (date(2026, 11, 1), None, 1_400),
        ]


def test_a_list_of_the_same_day_corrects_that_price(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Артикул;Цена;Действует с\nR-01;1 650;01.12.2026\n")
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        reader = item(s, "R-01", "Считыватель")
        price(s, vendor, reader, 1_400, date(2026, 1, 1), valid_to=date(2026, 11, 30))
        price(s, vendor, reader, 1_600, date(2026, 12, 1), valid_to=date(2026, 12, 31))
        price(s, vendor, reader, 1_700, date(2027, 1, 1))
        import_prices(s, PriceImportForm(vendor.id, str(path)), user=USER, today=TODAY)
        assert _chain(s, vendor, reader) == [
            (date(2026, 1, 1), date(2026, 11, 30), 1_400),
            (date(2026, 12, 1), date(2026, 12, 31), 1_650),  # corrected in place, still ends before 01.01
            (date(2027, 1, 1), None, 1_700),
        ]


def test_a_price_computed_by_an_excel_formula_is_accepted(db: Database, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Артикул", "Цена"])
    sheet.append(["R-01", "=99.99*3"])
    sheet.append(["C-02", 10.005])  # a real third decimal: refused
    path = tmp_path / "прайс.xlsx"
    book.save(path)
    # Excel stores the formula's result with 17 digits (openpyxl writes no result): put it in as Excel does
    with zipfile.ZipFile(path) as zipped:
        parts = {name: zipped.read(name) for name in zipped.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>99.99*3</f><v></v>" in sheet_xml
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace("<v></v>", f"<v>{99.99 * 3!r}</v>").encode()
    with zipfile.ZipFile(path, "w") as zipped:
        for name, data in parts.items():
            zipped.writestr(name, data)
    with db.session() as s:
        vendor = supplier(s, "ООО Вендор")
        item(s, "R-01", "Считыватель")
        item(s, "C-02", "Кабель")
        preview = preview_price_import(s, PriceImportForm(vendor.id, str(path)), today=TODAY)
        assert [(line.action, line.price_kop) for line in preview.lines] == [
            ("new", 29_997),
            ("reject", None),
        ]
