"""Client list import: real-world .xlsx/.csv shapes, upsert by ИНН, rejected rows, fatal errors."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from mos_desktop.db import Database
from mos_desktop.errors import UserError
from mos_desktop.models import Client, ClientStatus, FeeChange
from mos_desktop.services.clients import ClientCard, save_client
from mos_desktop.services.importing import import_clients, normalise_header, preview_client_import
from mos_desktop.validation import complete_inn

TODAY = date(2026, 11, 23)
NB = "\u00a0"


def inn_no(n: int) -> str:
    return complete_inn(f"50{n:07d}")


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], *, encoding: str, delimiter: str) -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def clients(db: Database) -> dict[str, Client]:
    with db.session() as s:
        return {c.inn: c for c in s.scalars(select(Client).where(Client.deleted_at.is_(None)))}


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def run_import(db: Database, path: Path):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return import_clients(s, path, user="Импортёр", today=TODAY)


def test_xlsx_with_title_rows_numbers_dates_and_unknown_columns(db: Database, tmp_path: Path) -> None:
    zero_inn = complete_inn("027406211")  # a Bashkortostan-style ИНН starting with 0
    assert zero_inn.startswith("0")
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [
            ["Список клиентов на 01.11.2026"],
            [],
            ["Регион", "ИНН", "Клиент", "Абонентская плата, руб.", "Статус", "Дата подключения", "Менеджер"],
            [
                "Москва",
                int(inn_no(1)),
                "ЖК Символ",
                12000.5,
                "Активный",
                datetime(2026, 3, 1),
                "Иванова А. А.",
            ],
            ["МО", inn_no(2), "БЦ Орион", 8000, "пилот", "15.04.2026", None],
            ["Уфа", int(zero_inn), "ЖК Уфа", "5 000,00", "Suspended", "2026-05-01", ""],
            ["Тверь", 1234567890, "Опечатка", 1000, "Активный", None, ""],
        ],
    )
    result = run_import(db, path)
    assert (result.added, result.updated, result.rejected) == (3, 0, 1)
    assert [e.line for e in result.errors] == [7]  # the sheet's own row number
    assert result.unknown_columns == ["Регион"]
    got = clients(db)
    assert set(got) == {inn_no(1), inn_no(2), zero_inn}
    a = got[inn_no(1)]
    assert (a.name, a.monthly_fee_kop, a.status, a.fee_start_date, a.manager) == (
        "ЖК Символ",
        1_200_050,
        ClientStatus.ACTIVE,
        date(2026, 3, 1),
        "Иванова А. А.",
    )
    assert a.created_by == "Импортёр"
    assert got[inn_no(2)].status is ClientStatus.PILOT and got[inn_no(2)].fee_start_date == date(2026, 4, 15)
    assert got[zero_inn].monthly_fee_kop == 500_000 and got[zero_inn].status is ClientStatus.SUSPENDED
    with db.session() as s:
        history = s.scalars(select(FeeChange).where(FeeChange.client_id == a.id)).all()
    assert [(h.valid_from, h.monthly_fee_kop) for h in history] == [(date(2026, 3, 1), 1_200_050)]
    assert "clients.xlsx" in history[0].reason


def test_cp1251_semicolon_csv_with_nbsp_numbers(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "из 1С.csv",
        [
            ["Наименование", "ИНН", "КПП", "АП", "Телефон", "E-mail", "Юр. адрес", "Дата подключения"],
            [
                'ООО "Ромашка"',
                inn_no(10),
                "500101001",
                f"12{NB}000,00",
                "+7 (495) 111-22-33",
                "a@b.ru",
                "Химки; ул. Ленина, 1",
                "01.02.2026",
            ],
            ["ТСЖ Берёза", inn_no(11), "", f"1{NB}234{NB}567,89", "", "", "", ""],
        ],
        encoding="cp1251",
        delimiter=";",
    )
    assert path.read_bytes().decode("cp1251")  # really cp1251 (not valid UTF-8)
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = run_import(db, path)
    assert (result.added, result.rejected) == (2, 0), result.errors
    got = clients(db)
    r = got[inn_no(10)]
    assert (r.name, r.kpp, r.monthly_fee_kop, r.phone, r.email, r.legal_address) == (
        'ООО "Ромашка"',
        "500101001",
        1_200_000,
        "+7 (495) 111-22-33",
        "a@b.ru",
        "Химки; ул. Ленина, 1",
    )
    assert got[inn_no(11)].name == "ТСЖ Берёза" and got[inn_no(11)].monthly_fee_kop == 123_456_789


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", "\t"), ("utf-8-sig", ";")])
def test_english_headers_any_order_any_delimiter(
    db: Database, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["Fee", "Email", "Client", "INN", "Status", "Start date", "Address", "Legal name"],
            [
                "1500.00",
                "x@y.com",
                "Acme Tower",
                inn_no(20),
                "active",
                "2026-01-31",
                "Moscow, Tverskaya 1",
                "Acme LLC",
            ],
            ["", "", "Lead Co", inn_no(21), "Lead", "", "", ""],
        ],
        encoding=encoding,
        delimiter=delimiter,
    )
    with db.session() as s:
        preview = preview_client_import(s, path, today=TODAY)
    assert preview.recognised["Client"] == "name" and preview.recognised["INN"] == "inn"
    assert preview.unknown_columns == []
    result = run_import(db, path)
    assert (result.added, result.rejected) == (2, 0), result.errors
    acme = clients(db)[inn_no(20)]
    assert (acme.monthly_fee_kop, acme.legal_address, acme.legal_name, acme.fee_start_date) == (
        150_000,
        "Moscow, Tverskaya 1",
        "Acme LLC",
        date(2026, 1, 31),
    )
    assert clients(db)[inn_no(21)].status is ClientStatus.LEAD


def test_bad_rows_are_rejected_with_line_and_reason(db: Database, tmp_path: Path) -> None:
    bad_inn = inn_no(31)[:-1] + str((int(inn_no(31)[-1]) + 1) % 10)
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["Клиенты"],  # line 1: junk above the header
            ["Название", "ИНН", "АП", "Статус", "Дата подключения"],  # line 2
            ["Хороший", inn_no(30), "100", "Активный", ""],  # 3
            ["Плохой ИНН", bad_inn, "100", "", ""],  # 4
            ["", inn_no(32), "100", "", ""],  # 5: new client without a name
            ["Сумма", inn_no(33), "сто рублей", "", ""],  # 6
            ["Дата", inn_no(34), "", "", "31.02.2026"],  # 7
            ["Статус", inn_no(35), "", "VIP", ""],  # 8
            ["Повтор", inn_no(30), "200", "", ""],  # 9: duplicate of line 3
            ["", "", "", "", ""],  # 10: empty, skipped silently
            ["Отрицательная", inn_no(36), "-5", "", ""],  # 11
        ],
        encoding="utf-8",
        delimiter=";",
    )
    result = run_import(db, path)
    assert (result.added, result.updated, result.rejected) == (1, 0, 7)
    by_line = {e.line: e.message for e in result.errors}
    assert sorted(by_line) == [4, 5, 6, 7, 8, 9, 11]
    assert "контрольная сумма" in by_line[4]
    assert by_line[5].startswith("Название")
    assert by_line[6].startswith("АП")
    assert by_line[7].startswith("Дата подключения") and "ДД.ММ.ГГГГ" in by_line[7]
    assert by_line[8].startswith("Статус") and "Активный" in by_line[8]
    assert "строке 3" in by_line[9]
    assert "отрицательной" in by_line[11]
    assert set(clients(db)) == {inn_no(30)}
    assert clients(db)[inn_no(30)].monthly_fee_kop == 10_000  # the duplicate did not overwrite it


def test_line_numbers_count_multiline_cells(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "notes.csv",
        [
            ["Наименование", "ИНН", "Примечание"],
            ["Первый", inn_no(70), "строка один\nстрока два\nстрока три"],  # lines 2-4 of the file
            ["Второй", "123", ""],  # line 5
        ],
        encoding="utf-8",
        delimiter=",",
    )
    result = run_import(db, path)
    assert result.added == 1 and [e.line for e in result.errors] == [5]
    assert clients(db)[inn_no(70)].notes == "строка один\nстрока два\nстрока три"


def test_second_import_changes_nothing(db: Database, tmp_path: Path) -> None:
    rows = [["Наименование", "ИНН", "АП", "Дата подключения", "Телефон"]]
    rows += [
        [f"Клиент {i}", inn_no(100 + i), f"{1000 + i}{NB}000,00", "01.01.2026", "84951234567"]
        for i in range(5)
    ]
    path = write_xlsx(tmp_path / "twice.xlsx", rows)
    first = run_import(db, path)
    assert (first.added, first.updated, first.rejected) == (5, 0, 0)
    fee_changes = count(db, FeeChange)
    updated_at = {inn: c.updated_at for inn, c in clients(db).items()}
    second = run_import(db, path)
    assert (second.added, second.updated, second.rejected, second.unchanged) == (0, 0, 0, 5)
    assert count(db, Client) == 5
    assert count(db, FeeChange) == fee_changes == 5
    assert {inn: c.updated_at for inn, c in clients(db).items()} == updated_at


def test_update_touches_only_columns_in_the_file(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        save_client(
            s,
            ClientCard(
                name="Старое имя",
                inn=inn_no(40),
                manager="Петров П. П.",
                phone="+7 495 000-00-00",
                monthly_fee="10 000,00",
                fee_start_date=date(2025, 1, 1),
            ),
            user="Петров",
            today=TODAY,
        )
        save_client(
            s, ClientCard(name="Второй", inn=inn_no(41), monthly_fee="7000"), user="Петров", today=TODAY
        )
    path = write_xlsx(
        tmp_path / "upd.xlsx",
        [["ИНН", "Наименование", "АП"], [inn_no(40), "", 15000], [inn_no(41), "Второй (новое)", None]],
    )
    with db.session() as s:
        preview = preview_client_import(s, path, today=TODAY)
    assert (preview.to_add, preview.to_update) == (0, 2)
    assert clients(db)[inn_no(40)].monthly_fee_kop == 1_000_000  # preview wrote nothing
    result = run_import(db, path)
    assert (result.added, result.updated) == (0, 2)
    first, second = clients(db)[inn_no(40)], clients(db)[inn_no(41)]
    assert (first.name, first.manager, first.phone, first.monthly_fee_kop) == (
        "Старое имя",  # empty cell: untouched
        "Петров П. П.",  # column absent: untouched
        "+7 495 000-00-00",
        1_500_000,
    )
    assert first.updated_by == "Импортёр" and first.created_by == "Петров"
    assert (second.name, second.monthly_fee_kop) == ("Второй (новое)", 700_000)
    with db.session() as s:
        history = s.scalars(
            select(FeeChange).where(FeeChange.client_id == first.id).order_by(FeeChange.id)
        ).all()
    assert [(h.valid_from, h.monthly_fee_kop) for h in history] == [
        (date(2025, 1, 1), 1_000_000),
        (TODAY, 1_500_000),
    ]


def test_excel_serial_dates_and_text_inn_cells(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "serial.xlsx",
        [["Наименование", "ИНН", "Дата подключения"], ["Серийная дата", f" {inn_no(50)} ", 46082]],
    )
    result = run_import(db, path)
    assert result.added == 1, result.errors
    assert clients(db)[inn_no(50)].fee_start_date == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ([["Наименование", "АП"], ["ЖК", "100"]], "«ИНН»"),
        ([["ИНН", "АП"], [inn_no(60), "100"]], "«Наименование»"),
        ([["что-то", "ещё"], ["1", "2"]], "строка заголовков"),
    ],
)
def test_fatal_header_problems_write_nothing(db: Database, tmp_path: Path, rows: list, fragment: str) -> None:
    path = write_csv(tmp_path / "fatal.csv", rows, encoding="utf-8", delimiter=";")
    with db.session() as s, pytest.raises(UserError) as info:
        import_clients(s, path, user="u", today=TODAY)
    assert fragment in info.value.message and "ничего не записано" in info.value.message
    assert count(db, Client) == 0


def test_unreadable_files(db: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a zip file at all")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    odd = tmp_path / "list.pdf"
    odd.write_bytes(b"%PDF")
    for path, fragment in (
        (broken, "Excel"),
        (old, ".xls"),
        (odd, ".pdf"),
        (tmp_path / "missing.csv", "не найден"),
    ):
        with db.session() as s, pytest.raises(UserError) as info:
            preview_client_import(s, path, today=TODAY)
        assert fragment in info.value.message
        assert "BadZipFile" not in info.value.message and "Error" not in info.value.message
    assert count(db, Client) == 0


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (bytes(range(256)) * 40, "не текстовый файл CSV"),  # NUL bytes: binary
        (b"PK\x03\x04" + bytes(200), "книга Excel"),  # an .xlsx renamed to .csv
        ("Наименование;ИНН\n".encode() + b"\x98\x98\xff\n", "кодировка"),  # neither UTF-8 nor cp1251
    ],
)
def test_a_non_text_csv_is_refused_in_russian_and_nothing_is_written(
    db: Database, tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(content)
    with db.session() as s, pytest.raises(UserError) as info:
        import_clients(s, path, user="u", today=TODAY)
    assert fragment in info.value.message
    assert "Error" not in info.value.message and "codec" not in info.value.message
    assert count(db, Client) == 0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("  ИНН ", "инн"),
        ("Юр. лицо", "юр лицо"),
        ("E-mail", "e mail"),
        ("Абонентская плата, руб.", "абонентская плата"),
        ("Ежемесячный платёж", "ежемесячный платеж"),
        ("АП, ₽", "ап"),
        (None, ""),
    ],
)
def test_normalise_header(header: str | None, expected: str) -> None:
    assert normalise_header(header) == expected


def test_delimiter_is_chosen_by_the_header_not_by_counting(db: Database, tmp_path: Path) -> None:
    """A title full of commas above a ';' table: counting characters would pick ','."""
    title = "Клиенты, ноябрь, 2026, выгрузка, из, CRM, версия, 2, итог, без, НДС"
    body = f"{title}\nНаименование;ИНН;АП\nЖК Один;{inn_no(80)};12000,00\nЖК Два;{inn_no(81)};8000,50\n"
    path = tmp_path / "title.csv"
    path.write_text(body, encoding="utf-8")
    result = run_import(db, path)
    assert (result.added, result.rejected) == (2, 0), result.errors
    assert clients(db)[inn_no(81)].monthly_fee_kop == 800_050


def test_float_cells_are_read_as_whole_kopecks_when_only_float_noise_differs() -> None:
    """99,99 × 3 is the float 299.96999999999997: read as 299.97; real extra digits stay as they are."""
    from mos_desktop.services.importing import _text

    cells = [99.99 * 3, 0.1 + 0.2, 1.5, 10.005, 12.0, 0.125, -99.99 * 3]
    assert [_text(c) for c in cells] == ["299.97", "0.30", "1.5", "10.005", "12", "0.125", "-299.97"]
