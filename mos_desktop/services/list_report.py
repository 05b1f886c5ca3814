"""``mos-desktop report <list>``: any list of ``listing.LISTS`` as JSON, CSV or XLSX, read the same way
for every list (it is how scripts and the checks of later work read the app's state).

One record per row, in the list's order. Keys: ``record_id`` (the record the row opens, or null),
``record_kind`` (what it is: "client", "invoice", ...), ``row_level`` (the row's tint: "", "info", "ok",
"warning", "danger"), then the list's ``Column.key`` s (English snake_case). Values as stored, by ``Column.kind``: money (kopecks)
as rubles with two decimals ("12000.50": a string in JSON and CSV, a number in XLSX), dates ISO
("2026-11-23"), date-times ISO 8601 in Moscow time with the offset, bools true/false, numbers as numbers,
text as text; an empty value is null (JSON) or an empty cell. CSV: UTF-8 without BOM, ``,``, a header
row of the keys. XLSX: one sheet, the keys as its header row, real numbers, dates and booleans.

Special reports take precedence. A report with its own shape or options (``report clients``, whose keys
the README documents; ``report stock``, ``report prices``, ``report debtors``, ``report calls``) is a
sub-command its area registers on the ``report`` sub-commands (``add_report_commands(what, parser_class)``
in the area's ``cli.py``, called from ``cli.build_parser``) BEFORE ``add_list_reports`` runs:
``add_list_reports`` adds the generic command only for the list keys no one has registered yet. A special
report may still use ``export_records`` from here and the writers of ``table_export``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mos_desktop.errors import UserError
from mos_desktop.services.listing import LISTS, Column, ColumnKind, Listing
from mos_desktop.services.table_export import (
    FORMATS,
    csv_bytes,
    in_format,
    json_bytes,
    program_cell,
    write_out,
    xlsx_bytes,
    xlsx_sheet,
)

if TYPE_CHECKING:
    import uuid

ROW_KEYS = ("record_id", "record_kind", "row_level")


def _rubles(kopecks: int) -> Decimal:
    return (Decimal(int(kopecks)) / 100).quantize(Decimal("0.01"))


def stored_value(value: Any, kind: ColumnKind) -> Any:
    """One cell as stored, for JSON: money → "1234.56", date → ISO, datetime → ISO (Moscow), bool, int."""
    from mos_desktop.timeutil import to_moscow

    if value is None or (value == "" and kind != "text" and kind != "status"):
        return None
    if kind == "money":
        return str(_rubles(value))
    if isinstance(value, datetime):
        moment = to_moscow(value) if value.tzinfo is not None else value
        return moment.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if kind == "bool" or isinstance(value, bool):
        return bool(value)
    if kind == "int" or isinstance(value, int):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def listing_records(listing: Listing, kind: str = "") -> list[dict[str, Any]]:
    """The rows as report records (see the module docstring); ``kind``: the list's record kind."""
    kinds = [c.kind for c in listing.columns]
    out = []
    for row, values in zip(listing.rows, listing.records(), strict=True):
        record: dict[str, Any] = {
            "record_id": _id_text(row.id),
            "record_kind": row.kind or kind or None,
            "row_level": row.level,
        }
        for (key, value), column_kind in zip(values.items(), kinds, strict=True):
            record[key] = stored_value(value, column_kind)
        out.append(record)
    return out


def _id_text(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def columns_of(listing: Listing) -> list[Column]:
    return [Column(key, key) for key in ROW_KEYS] + list(listing.columns)


def export_records(
    records: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str, *, sheet: str
) -> bytes:
    """Records (``listing_records``) in ``fmt``; ``columns`` give the keys, their order and kinds."""
    keys = [c.key for c in columns]
    return in_format(
        fmt,
        json=lambda: json_bytes(list(records)),
        csv=lambda: csv_bytes(
            keys, ([program_cell(r.get(k)) for k in keys] for r in records), for_excel=False
        ),
        xlsx=lambda: _xlsx(records, columns, sheet),
    )


def _xlsx(records: Sequence[dict[str, Any]], columns: Sequence[Column], sheet: str) -> bytes:
    from openpyxl.cell import WriteOnlyCell

    wb, ws = xlsx_sheet(sheet, [column.key for column in columns])
    formats = {"money": "0.00", "date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM:SS"}
    for record in records:
        line = []
        for column in columns:
            value = _xlsx_value(record.get(column.key), column.kind)
            cell = WriteOnlyCell(ws, value=value)
            if column.kind in formats and value is not None:
                cell.number_format = formats[column.kind]
            line.append(cell)
        ws.append(line)
    return xlsx_bytes(wb)


def _xlsx_value(value: Any, kind: ColumnKind) -> Any:
    """A stored value (``stored_value``) as Excel keeps it: numbers, dates and booleans, not text."""
    if value is None:
        return None
    if kind == "money":
        return Decimal(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.fromisoformat(value).replace(tzinfo=None)  # Excel has no offsets: Moscow time
    return value


def export_list(session: Any, key: str, fmt: str, *, today: date) -> bytes:
    """``report <key>`` of any list in ``LISTS`` (generic shape, see the module docstring)."""
    from mos_desktop.services.listing import run_list

    source = LISTS.get(key)
    if source is None:
        raise UserError(f"Списка «{key}» нет: есть {', '.join(sorted(LISTS))}.")
    listing = run_list(session, source, today=today)
    records = listing_records(listing, source.kind)
    return export_records(records, columns_of(listing), fmt, sheet=f"{key} {today.isoformat()}")


# --- the command line --------------------------------------------------------------------------------


def add_list_reports(what: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """``report <key>`` for every list of ``LISTS`` whose name no special report has taken already."""
    taken = set(getattr(what, "choices", None) or ())
    for key in LISTS:
        if key in taken:
            continue
        parser = what.add_parser(key, help=f"список «{key}» как есть (ключи — столбцы списка)")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json", help="формат (json)")
        parser.add_argument(
            "--out",
            type=Path,
            metavar="ФАЙЛ",
            help="записать в файл (для xlsx обязательно); иначе — на экран",
        )
        parser.set_defaults(handler=_report_list, list_key=key)


def _report_list(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.db import open_database
    from mos_desktop.timeutil import today_moscow

    if args.fmt == "xlsx" and args.out is None:
        raise UserError("Для формата xlsx укажите файл: --out ФАЙЛ.xlsx")
    if not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")
    database = open_database(db_path)
    try:
        with database.session() as session:
            data = export_list(session, args.list_key, args.fmt, today=today_moscow())
    finally:
        database.dispose()
    write_out(data, args.out)
    return 0
