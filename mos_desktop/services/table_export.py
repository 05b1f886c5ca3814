"""The one writer under every report: a table as JSON, CSV or XLSX bytes, and those bytes to a file or the
screen. What a report puts in its cells is its own (``list_report`` for scripts, the Russian-locale
reports of receivables, stock, prices and clients); how the bytes are made and written is here.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mos_desktop.errors import UserError, os_reason

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMATS = ("json", "csv", "xlsx")


def in_format(
    fmt: str, *, json: Callable[[], bytes], csv: Callable[[], bytes], xlsx: Callable[[], bytes]
) -> bytes:
    """The bytes of the writer ``fmt`` names; any other format is refused in words."""
    writers = {"json": json, "csv": csv, "xlsx": xlsx}
    if fmt not in writers:
        raise UserError(f"Формат «{fmt}» не поддерживается: выберите json, csv или xlsx.")
    return writers[fmt]()


def json_bytes(data: Any, *, default: Callable[[Any], Any] | None = None) -> bytes:
    """Indented UTF-8 JSON, Cyrillic as it is, a newline at the end."""
    return (json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n").encode("utf-8")


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, for_excel: bool = True) -> bytes:
    """CSV with CRLF line ends: for Excel in a Russian locale (UTF-8 with BOM, ';') or, with
    ``for_excel=False``, for programs (UTF-8 without BOM, ',')."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if for_excel else ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if for_excel else "utf-8")


def program_cell(value: Any) -> Any:
    """A cell of a CSV for programs, as the JSON has it: ISO dates, a decimal point, true/false, empty for
    None (``report LIST --format csv``: the column keys as the header)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def ru_cell(value: Any) -> Any:
    """A cell as Excel in a Russian locale reads it: dd.mm.yyyy dates, a decimal comma, empty for None."""
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return value


def xlsx_sheet(
    sheet: str, header: Sequence[str], *, widths: Sequence[float] = (), styled: bool = True
) -> tuple[Workbook, WriteOnlyWorksheet]:
    """A write-only workbook whose one sheet (``sheet``, cut to Excel's 31 characters) has ``header`` as
    its first row: bold and frozen when ``styled``; ``widths`` of the first columns, in characters."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if not styled:
        ws.append(list(header))
        return wb, ws
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for title in header:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    return wb, ws


def xlsx_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_out(data: bytes, out: Path | None, *, announce: bool = True) -> None:
    """To ``out`` (saying «Записано: …» on stderr when ``announce``), or to standard output, bytes as
    they are, when ``out`` is None."""
    if out is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8-sig"))
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Не удалось записать {out}: {os_reason(exc)}. Проверьте путь и права.") from None
    if announce:
        print(f"Записано: {out}", file=sys.stderr)
