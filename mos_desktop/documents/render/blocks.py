"""The layout vocabulary shared by the PDF and DOCX renderers: plain data, no rendering.

A form's layout function returns a ``Page`` of blocks: titles, paragraphs, tables (header rows repeated on
every page, merged cells), totals, signature lines, images (QR, logo, facsimile) and side-by-side columns.
Widths are relative weights: each renderer scales them to its page's text width.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["l", "c", "r"]


@dataclass(frozen=True)
class Text:
    text: str
    size: float = 9.0
    bold: bool = False
    align: Align = "l"
    space_after: float = 1.5  # mm


@dataclass(frozen=True)
class Title:
    text: str
    size: float = 12.0
    align: Align = "c"


@dataclass(frozen=True)
class Spacer:
    height: float = 3.0  # mm


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the text width (under a letterhead, above a footer)."""

    thickness: float = 0.8


@dataclass(frozen=True)
class Image:
    data: bytes  # PNG or JPEG
    width: float  # mm; the height follows the image's proportions
    align: Align = "l"


@dataclass(frozen=True)
class Qr:
    """A QR code of ``text``: vector squares in the PDF (crisp at any zoom, fast), a PNG in the DOCX."""

    text: str
    width: float  # mm, quiet zone included
    align: Align = "l"


@dataclass(frozen=True)
class Table:
    """Header rows repeat on every page; ``spans`` are (col0, row0, col1, row1) over header + body rows.

    ``bold_rows`` index body rows (subtotals); ``grid=False`` draws no lines (requisites blocks).
    """

    widths: tuple[float, ...]
    header: tuple[tuple[str, ...], ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[Align, ...] = ()
    spans: tuple[tuple[int, int, int, int], ...] = ()
    bold_rows: frozenset[int] = frozenset()
    cell_align: tuple[tuple[int, int, Align], ...] = ()  # (body row, column, align): a label in a total row
    small_rows: frozenset[int] = (
        frozenset()
    )  # body rows of captions under the fields (forms like the waybill)
    size: float = 8.0
    header_size: float | None = None
    grid: bool = True
    condensed: bool = False

    def column_align(self, col: int, row: int | None = None) -> Align:
        for r, c, align in self.cell_align:
            if r == row and c == col:
                return align
        return self.align[col] if col < len(self.align) else "l"


@dataclass(frozen=True)
class Totals:
    """Right-aligned label / value pairs under a table («Итого», «В том числе НДС», «Всего к оплате»)."""

    pairs: tuple[tuple[str, str], ...]
    size: float = 9.0


@dataclass(frozen=True)
class Signature:
    """One signature line: «Руководитель  должность  ______  Фамилия И. О.»; optional facsimile image."""

    role: str  # what the person does here: «Руководитель», «Отпустил», «Заказчик»
    position: str = ""
    name: str = ""
    facsimile: bytes | None = None
    stamp: bool = False  # «М. П.» (place of the seal) under the line


@dataclass(frozen=True)
class Signatures:
    lines: tuple[Signature, ...]
    columns: int = 1  # 2: the two parties side by side (acts)
    captions: bool = True  # «(должность) (подпись) (расшифровка подписи)» under the line
    stacked: bool = False  # the role above the line (always so with two columns)


@dataclass(frozen=True)
class Columns:
    """Blocks side by side (a requisites table beside the QR, two parties' requisites)."""

    widths: tuple[float, ...]
    cells: tuple[tuple[Block, ...], ...]


Block = Text | Title | Spacer | Rule | Image | Qr | Table | Totals | Signatures | Columns


@dataclass(frozen=True)
class Page:
    """One document: its blocks, orientation, and what goes into the file's metadata and page footer."""

    title: str  # metadata and the footer: «Счёт на оплату № 12 от 15.11.2026»
    blocks: tuple[Block, ...]
    landscape: bool = False
    author: str = ""
    margins: tuple[float, float, float, float] = (15.0, 12.0, 10.0, 12.0)  # mm: left, top, right, bottom
    footer: str = ""  # printed at the bottom of every page with the page number
    extra: dict[str, str] = field(default_factory=dict)
