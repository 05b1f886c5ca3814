"""Client list import from .xlsx / .csv: a manager's existing spreadsheet, as Excel in a Russian locale saves it.

Rows are upserted by ИНН through the same card validation and save code as the client form
(``services.clients``), so the rules and the fee history are the same whichever way a client arrives.
A fatal problem (unreadable file, no ИНН or name column) raises ``UserError`` before anything is written;
a bad row is reported with its line number and skipped.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from mos_desktop.errors import UserError, ValidationError
from mos_desktop.models import CLIENT_STATUS_RU, ClientStatus
from mos_desktop.services.clients import (
    ClientCard,
    find_live_by_inn,
    get_client,
    new_client_card,
    parse_fee,
    save_client,
    validate_client,
)
from mos_desktop.validation import check_inn, inn_checksum_ok

HEADER_SEARCH_ROWS = 15  # junk rows (title, date, empty) allowed above the header row

# Recognised headers, compared after normalise_header(): lower case, ё→е, punctuation to spaces, units dropped.
_ALIASES: dict[str, str] = {
    "name": "наименование|название|клиент|наименование клиента|название клиента|организация|компания|"
    "name|client|client name|company",
    "legal_name": "юр лицо|юрлицо|юридическое лицо|полное наименование|полное название|legal name|legal entity",
    "inn": "инн|инн клиента|inn|tin",
    "kpp": "кпп|kpp",
    "ogrn": "огрн|огрнип|ogrn",
    "status": "статус|статус клиента|status",
    "monthly_fee": "ап|абонентская плата|абонплата|ежемесячный платеж|ап в месяц|сумма ап|"
    "fee|monthly fee|subscription fee",
    "phone": "телефон|тел|phone|telephone",
    "email": "email|e mail|почта|электронная почта|mail",
    "manager": "менеджер|ответственный|manager|account manager",
    "legal_address": "адрес|юридический адрес|юр адрес|address|legal address",
    "postal_address": "почтовый адрес|postal address|mailing address",
    "fee_start_date": "дата подключения|дата начала ап|дата начала|start date|fee start date",
    "contract_number": "номер договора|договор|contract|contract number",
    "contract_date": "дата договора|contract date",
    "notes": "примечание|примечания|комментарий|notes|comment|comments",
}
HEADER_FIELDS = {alias: f for f, aliases in _ALIASES.items() for alias in aliases.split("|")}
_UNIT_SUFFIXES = ("руб", "р", "rub", "₽")
DATE_FIELDS = ("fee_start_date", "contract_date")
FIELD_RU = {"fee_start_date": "Дата подключения", "contract_date": "Дата договора", "status": "Статус"}

_STATUS_EXTRA = {
    ClientStatus.ACTIVE: "активен|активна|действующий",
    ClientStatus.PILOT: "пилотный|пилот проект",
    ClientStatus.SUSPENDED: "приостановлена|пауза|paused",
    ClientStatus.LEAD: "потенциальный",
    ClientStatus.LEAVING: "churning|уходящий",
    ClientStatus.TERMINATED: "расторгнут договор|расторжение|закрыт|cancelled|canceled",
}
_STATUS_WORDS: dict[str, ClientStatus] = {
    **{ru.lower(): st for st, ru in CLIENT_STATUS_RU.items()},
    **{st.value: st for st in ClientStatus},
    **{word: st for st, words in _STATUS_EXTRA.items() for word in words.split("|")},
}
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y.%m.%d")


@dataclass
class ImportRowError:
    line: int
    message: str


@dataclass
class ParsedRow:
    """One data row as it will be applied: ``action`` is "add", "update", "unchanged" or "reject"."""

    line: int
    inn: str
    name: str
    action: str
    client_id: uuid.UUID | None = None
    card: ClientCard | None = None
    message: str = ""


@dataclass
class ImportPreview:
    recognised: dict[str, str]  # header as in the file → card field
    unknown_columns: list[str]
    rows: list[ParsedRow]
    errors: list[ImportRowError]
    to_add: int
    to_update: int
    unchanged: int = 0


@dataclass
class ImportResult:
    added: int
    updated: int
    rejected: int
    errors: list[ImportRowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    unchanged: int = 0


# --- reading the file ------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UserError(
            f"Не удалось прочитать {path.name} как книгу Excel: файл повреждён или это не книга .xlsx. "
            "Откройте файл в Excel и сохраните заново как .xlsx или .csv."
        ) from None
    try:
        ws = wb.active
        if ws is None:
            raise UserError(f"В книге {path.name} нет листов с данными.")
        ws.reset_dimensions()  # some writers store wrong dimensions; read what is really there
        return [(n, list(values)) for n, values in enumerate(ws.iter_rows(min_row=1, values_only=True), 1)]
    finally:
        wb.close()


NOT_TEXT = (
    "{name} — не текстовый файл CSV{what}: ничего не загружено. Откройте таблицу в Excel и сохраните её "
    "как «CSV (разделители — точка с запятой)» или как книгу .xlsx, затем загрузите снова."
)


def _decode(raw: bytes, name: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM) or Windows-1251. ``UserError`` for anything
    else: a binary file (a NUL byte, a zip such as an .xlsx renamed to .csv) or bytes neither encoding has."""
    if raw.startswith(b"PK\x03\x04"):
        raise UserError(NOT_TEXT.format(name=name, what=" (похоже, это книга Excel с другим расширением)"))
    if b"\x00" in raw:
        raise UserError(NOT_TEXT.format(name=name, what=" (в нём двоичные данные)"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1251")  # Excel "CSV (разделители — запятые)" in a Russian locale
    except UnicodeDecodeError:
        raise UserError(NOT_TEXT.format(name=name, what=" (кодировка не UTF-8 и не Windows-1251)")) from None


def _header_score(sample: str, delimiter: str) -> int:
    """How many recognised headers one row of the sample has when split by ``delimiter``."""
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return 0
    return max((sum(1 for c in row if normalise_header(c) in HEADER_FIELDS) for row in rows), default=0)


def _delimiter(text: str) -> str:
    """The delimiter that makes a recognisable header row; the Sniffer's guess breaks ties.

    The Sniffer alone is fooled by decimal commas ("12 000,00") in a ';' file; the header is not.
    """
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 5])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        sniffed = ";"
    candidates = [sniffed] + [d for d in (";", ",", "\t") if d != sniffed]
    return max(candidates, key=lambda d: _header_score(sample, d))  # max keeps the first of equals


def _read_csv(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise UserError(
            f"Нет прав на чтение файла {path}: откройте к нему доступ или скопируйте его."
        ) from None
    except OSError:
        raise UserError(
            f"Не удалось прочитать файл {path}: проверьте путь и что файл не открыт с блокировкой."
        ) from None
    text = _decode(raw, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error:
        raise UserError(
            f"{path.name}, строка {reader.line_num}: файл CSV повреждён (незакрытые кавычки или лишние "
            "символы) — ничего не загружено. Сохраните таблицу из Excel заново как CSV или .xlsx."
        ) from None
    return rows


def read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line number in the file, cell values) for every row; raises UserError when unreadable."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Файл {path} не найден. Проверьте путь.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix == ".xls":
        raise UserError("Старый формат .xls не поддерживается: сохраните файл в Excel как .xlsx или .csv.")
    raise UserError(f"Формат «{path.suffix or path.name}» не поддерживается: нужен файл .xlsx или .csv.")


# --- the header row ----------------------------------------------------------------------------------


def normalise_header(text: object) -> str:
    words = re.sub(r"[^0-9a-zа-я₽]+", " ", str(text or "").lower().replace("ё", "е")).split()
    while len(words) > 1 and words[-1] in _UNIT_SUFFIXES:
        words.pop()
    return " ".join(words)


@dataclass
class _Header:
    line: int
    columns: dict[int, str]  # column index → field
    recognised: dict[str, str]
    unknown: list[str]


def find_header(rows: list[tuple[int, list[Any]]], file_name: str) -> tuple[int, _Header]:
    for index, (line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [HEADER_FIELDS.get(normalise_header(c)) for c in cells]
        if "name" not in fields and "inn" not in fields:
            continue
        header = _Header(line, {}, {}, [])
        for col, (cell, fld) in enumerate(zip(cells, fields, strict=True)):
            text = str(cell).strip() if cell is not None else ""
            if fld and fld not in header.columns.values():
                header.columns[col] = fld
                header.recognised[text] = fld
            elif text:
                header.unknown.append(text)
        for required, title in (("inn", "ИНН"), ("name", "Наименование")):
            if required not in header.columns.values():
                raise UserError(
                    f"В файле {file_name} нет столбца «{title}» (строка заголовков {line}). "
                    f"Добавьте столбец с заголовком «{title}» и повторите импорт; ничего не записано."
                )
        return index, header
    raise UserError(
        f"В файле {file_name} не найдена строка заголовков в первых {HEADER_SEARCH_ROWS} строках. "
        "Нужны хотя бы столбцы «Наименование» и «ИНН»; ничего не записано."
    )


# --- cells -------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else _float_text(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).replace("\u00a0", " ").strip()


_KOPECK = Decimal("0.01")
_FLOAT_NOISE = Decimal("0.000001")


def _float_text(value: float) -> str:
    """A fractional number cell as text. A value within a millionth of a whole kopeck is that kopeck: a
    sum computed by a formula (=99,99*3) is stored as the float 299.96999999999997, and a price list's
    price must read as 299.97; real extra digits (10.005, 0.125) are kept for the reader to judge."""
    exact = Decimal(repr(value))
    kopecks = exact.quantize(_KOPECK)
    if exact != kopecks and abs(exact - kopecks) < _FLOAT_NOISE:
        return str(kopecks)
    return str(exact)


def _inn(value: Any) -> str:
    text = _text(value).replace(" ", "")
    # Excel drops the leading zero of a number-typed ИНН (regions 01–09): restore it when that makes it valid.
    if text.isdigit() and len(text) in (9, 11) and inn_checksum_ok("0" + text):
        return "0" + text
    return text


def _date(value: Any, label: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20_000 < value < 80_000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = _text(value).split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        f"{label}: «{_text(value)}» не похоже на дату — нужен вид ДД.ММ.ГГГГ, например 01.09.2026"
    )


def _status(value: Any) -> str:
    key = normalise_header(value)
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key].value
    choices = ", ".join(CLIENT_STATUS_RU.values())
    raise ValueError(f"Статус: «{_text(value)}» не распознан — используйте одно из: {choices}")


def _overlay(card: ClientCard, values: dict[str, Any]) -> ClientCard:
    """The card with the file's non-empty cells on top; absent columns and empty cells change nothing."""
    changes: dict[str, Any] = {}
    for fld, raw in values.items():
        if raw is None or _text(raw) == "":
            continue
        if fld in DATE_FIELDS:
            changes[fld] = _date(raw, FIELD_RU[fld])
        elif fld == "status":
            changes[fld] = _status(raw)
        elif fld == "inn":
            changes[fld] = _inn(raw)
        else:
            changes[fld] = _text(raw)
    return replace(card, **changes)


# --- planning and applying ---------------------------------------------------------------------------


def _plan(session: Session, path: Path, *, today: date) -> tuple[_Header, list[ParsedRow]]:
    path = Path(path)
    rows = read_rows(path)
    index, header = find_header(rows, path.name)
    planned: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for line, cells in rows[index + 1 :]:
        if all(_text(c) == "" for c in cells):
            continue
        values = {fld: cells[col] if col < len(cells) else None for col, fld in header.columns.items()}
        inn = _inn(values.get("inn"))
        name = _text(values.get("name"))
        planned.append(_plan_row(session, line, inn, name, values, seen, path.name, today))
    return header, planned


def _plan_row(
    session: Session,
    line: int,
    inn: str,
    name: str,
    values: dict[str, Any],
    seen: dict[str, int],
    file_name: str,
    today: date,
) -> ParsedRow:
    def reject(message: str) -> ParsedRow:
        return ParsedRow(line, inn, name, "reject", message=message)

    inn_error = check_inn(inn)
    if inn_error:
        return reject(inn_error)
    if inn in seen:
        return reject(f"ИНН {inn} уже был в строке {seen[inn]} — повтор пропущен, оставьте одну строку")
    seen[inn] = line
    existing = find_live_by_inn(session, inn)
    base = get_client(session, existing.id) if existing else new_client_card()
    try:
        card = _overlay(base, values)
    except ValueError as exc:
        return reject(str(exc))
    card.fee_change_reason = f"Импорт из файла {file_name}"
    errors = validate_client(card, today=today)
    if errors:
        return reject("; ".join(e.message for e in errors))
    if parse_fee(card.monthly_fee) == parse_fee(base.monthly_fee):
        card.monthly_fee = base.monthly_fee  # "12000" in the file is the "12 000,00" already stored
    if existing is None:
        return ParsedRow(line, inn, card.name, "add", card=card)
    action = "unchanged" if replace(card, fee_change_reason="") == base else "update"
    return ParsedRow(line, inn, card.name, action, client_id=existing.id, card=card)


def _errors(rows: list[ParsedRow]) -> list[ImportRowError]:
    return [ImportRowError(r.line, r.message) for r in rows if r.action == "reject"]


def _count(rows: list[ParsedRow], action: str) -> int:
    return sum(1 for r in rows if r.action == action)


def preview_client_import(session: Session, path: Path, *, today: date | None = None) -> ImportPreview:
    """What an import would do; reads the database, writes nothing."""
    from mos_desktop.timeutil import today_moscow

    header, rows = _plan(session, path, today=today or today_moscow())
    return ImportPreview(
        recognised=header.recognised,
        unknown_columns=header.unknown,
        rows=rows,
        errors=_errors(rows),
        to_add=_count(rows, "add"),
        to_update=_count(rows, "update"),
        unchanged=_count(rows, "unchanged"),
    )


def import_clients(session: Session, path: Path, *, user: str, today: date) -> ImportResult:
    """Upsert clients by ИНН in the caller's transaction; bad rows are reported and skipped."""
    header, rows = _plan(session, path, today=today)
    for row in rows:
        if row.action in ("add", "update") and row.card is not None:
            try:
                save_client(session, row.card, user=user, today=today)
            except ValidationError as exc:  # validated above; kept as a guard, the row is not written
                row.action, row.message = "reject", exc.message.replace("\n", "; ")
    return ImportResult(
        added=_count(rows, "add"),
        updated=_count(rows, "update"),
        rejected=_count(rows, "reject"),
        errors=_errors(rows),
        unknown_columns=header.unknown,
        unchanged=_count(rows, "unchanged"),
    )
