"""The warehouse's files: ``import stock-moves FILE.csv`` and ``report stock`` (and the table layout
``report prices`` shares).

The import posts every row through the same command as the move dialog (``post_moves``), in one
transaction: all rows or none; a refused file names the line and the reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from mos_desktop.errors import UserError, ValidationError, os_reason
from mos_desktop.services.stock.labels import MOVE_KIND_WORDS
from mos_desktop.services.stock.lists import stock_rows
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves
from mos_desktop.services.stock.places import find_location
from mos_desktop.services.table_export import (
    csv_bytes,
    in_format,
    json_bytes,
    program_cell,
    xlsx_bytes,
    xlsx_sheet,
)

COLUMNS = ("kind", "sku", "qty", "from", "to", "date", "serials", "document")
REQUIRED = ("kind", "sku", "qty")
STOCK_TITLES = {
    "sku": "Артикул",
    "name": "Товар",
    "location": "Где",
    "on_hand": "На месте",
    "reserved": "В резерве",
    "free": "Свободно",
}


@dataclass
class ImportResult:
    documents: int
    moves: int
    rows: int


@dataclass
class _Row:
    line: int
    values: dict[str, str]


def _read_rows(path: Path) -> list[_Row]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Не удалось прочитать {path}: {os_reason(exc)}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise UserError(f"Файл {path.name} пуст: нужна строка заголовков {','.join(COLUMNS)}") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UserError(f"строка 1: нет столбцов {', '.join(missing)} — заголовки: {','.join(COLUMNS)}")
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise UserError(f"строка 1: неизвестные столбцы {', '.join(unknown)} — можно: {','.join(COLUMNS)}")
    rows: list[_Row] = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        rows.append(_Row(n, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}))
    if not rows:
        raise UserError(f"В файле {path.name} нет ни одной строки движений")
    return rows


def _parse_day(text: str, line: int, today: date) -> date:
    if not text:
        return today
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise UserError(f"строка {line}: дата «{text}» — нужна ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def import_stock_moves(
    session: Session, path: Path, *, user: str, today: date, series: str = ""
) -> ImportResult:
    """Post the file's moves; rows with the same ``document`` form one document (same kind, places and
    date). Any refused row raises ``UserError`` naming its line; the caller's transaction then rolls back
    every row posted before it."""
    rows = _read_rows(path)
    documents: list[list[_Row]] = []
    by_ref: dict[str, list[_Row]] = {}
    for row in rows:
        ref = row.values.get("document", "")
        if ref and ref in by_ref:
            by_ref[ref].append(row)
        else:
            documents.append([row])
            if ref:
                by_ref[ref] = documents[-1]
    moves = 0
    for doc in documents:
        head = doc[0]
        word = head.values["kind"].strip().lower()
        kind = MOVE_KIND_WORDS.get(word)
        if kind is None:
            raise UserError(
                f"строка {head.line}: вид движения «{head.values['kind']}» неизвестен — "
                "receipt, transfer, issue, return, write_off, adjustment (или приход, перемещение, выдача, "
                "возврат, списание)"
            )
        for row in doc[1:]:
            for key in ("kind", "from", "to", "date"):
                if row.values.get(key, "") != head.values.get(key, ""):
                    raise UserError(
                        f"строка {row.line}: документ {head.values['document']} — в его строках "
                        f"разные значения «{key}»; у одного документа они общие"
                    )
        on = _parse_day(head.values.get("date", ""), head.line, today)
        for key in ("from", "to"):
            ref = head.values.get(key, "")
            if ref and find_location(session, ref) is None:
                raise UserError(
                    f"строка {head.line}: места «{ref}» нет — коды и названия как в «mos-desktop report stock»"
                )
        form = MoveForm(
            kind,
            head.values.get("from", ""),
            head.values.get("to", ""),
            [MoveLineForm(r.values["sku"], r.values["qty"], r.values.get("serials", "")) for r in doc],
            moved_on=on,
            note="Импорт из " + path.name,
            document_ref=head.values.get("document", ""),
            series=series,
        )
        try:
            changes = post_moves(session, form, user=user, today=today)
        except ValidationError as exc:
            error = exc.errors[0]
            line = head.line
            if error.field.startswith("lines["):
                line = doc[int(error.field[6 : error.field.index("]")])].line
            raise UserError(f"строка {line}: {_strip_row(error.message)}") from None
        moves += len(changes.ids)
    return ImportResult(len(documents), moves, len(rows))


def _strip_row(message: str) -> str:
    """«Строка 2: …» of the form's line numbering means nothing in a file: the file's line is named."""
    if message.startswith("Строка ") and ": " in message:
        return message.split(": ", 1)[1]
    return message


def report_stock(session: Session, args: Any) -> list[dict[str, Any]]:
    """``report stock``: one row per item and location (``--date``, ``--location`` code or name)."""
    as_of = getattr(args, "date", None) or getattr(args, "today", None) or date.today()
    location_id = None
    where = getattr(args, "location", None)
    if where:
        location = find_location(session, where)
        if location is None:
            raise UserError(f"Места «{where}» нет — укажите код или название места хранения")
        location_id = location.id
    return [
        {
            "sku": r.sku,
            "name": r.name,
            "location": r.location_code or r.location,
            "on_hand": r.on_hand,
            "reserved": r.reserved,
            "free": r.free,
        }
        for r in stock_rows(session, as_of=as_of, location_id=location_id, with_empty=False)
    ]


def render(rows: Sequence[dict[str, Any]], fmt: str, titles: dict[str, str], sheet: str) -> bytes:
    """JSON for programs (keys as given, dates ISO); CSV the same for programs (the keys as the header,
    ',', ISO dates, a decimal point: like every ``report`` list); XLSX for people (Russian headers,
    numbers as numbers)."""
    keys = list(titles)
    header = [titles[k] for k in keys]
    return in_format(
        fmt,
        json=lambda: json_bytes(list(rows), default=str),
        csv=lambda: csv_bytes(
            keys, ([program_cell(row.get(k)) for k in keys] for row in rows), for_excel=False
        ),
        xlsx=lambda: _xlsx(rows, keys, header, sheet),
    )


def _xlsx(rows: Sequence[dict[str, Any]], keys: list[str], header: list[str], sheet: str) -> bytes:
    wb, ws = xlsx_sheet(sheet, header, styled=False)
    for row in rows:
        ws.append([row.get(k) for k in keys])
    return xlsx_bytes(wb)
