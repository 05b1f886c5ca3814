"""Blocks → PDF with reportlab's platypus: wrapped cells, header rows repeated across pages, fonts embedded.

Output is byte-for-byte reproducible (reportlab's invariant mode: no creation timestamp, fixed ids), so a
re-print of a stored document gives the same file.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable

from mos_desktop.documents.render import fonts
from mos_desktop.documents.render.blocks import (
    Align,
    Block,
    Columns,
    Image,
    Page,
    Qr,
    Rule,
    Signature,
    Signatures,
    Spacer,
    Table,
    Text,
    Title,
    Totals,
)

rl_config.useA85 = 0  # binary (compressed) streams: ASCII85 only makes files larger and slower to write
_ALIGN = {"l": TA_LEFT, "c": TA_CENTER, "r": TA_RIGHT}
_TABLE_ALIGN = {"l": "LEFT", "c": "CENTER", "r": "RIGHT"}
CELL_PAD = 1.6  # points
CAPTION_SIZE = 5.5


@lru_cache(maxsize=256)
def _style(size: float, bold: bool, align: Align, condensed: bool = False) -> ParagraphStyle:
    if condensed:
        font = fonts.CONDENSED_BOLD if bold else fonts.CONDENSED
    else:
        font = fonts.BOLD if bold else fonts.REGULAR
    return ParagraphStyle(
        f"s{size}{bold}{align}{condensed}",
        fontName=font,
        fontSize=size,
        leading=size * 1.18,
        alignment=_ALIGN[align],
        splitLongWords=True,
    )


def _style_of(commands: list[tuple[Any, ...]]) -> TableStyle:
    """Plain-string cells (even empty ones) are drawn in the table's font: DejaVu, never Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])


def _para(
    text: str, size: float, bold: bool = False, align: Align = "l", condensed: bool = False
) -> Paragraph:
    markup = escape(text).replace("\n", "<br/>")
    return Paragraph(markup, _style(size, bold, align, condensed))


def render_pdf(page: Page) -> bytes:
    return render_pdf_many([page])


class _DocumentStart(Flowable):
    """Marks where one document of a batch begins: its footer text and its page numbering."""

    def __init__(self, footer: str, index: int, hook: Callable[[int], None] | None) -> None:
        super().__init__()
        self.footer = footer
        self.index = index
        self.hook = hook
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        doc = self.canv._doctemplate
        doc.mos_footer = self.footer
        doc.mos_first_page = self.canv.getPageNumber()
        if self.hook is not None:
            self.hook(self.index)  # progress of a batch; may raise to cancel it


def render_pdf_many(pages: list[Page], on_document: Callable[[int], None] | None = None) -> bytes:
    """One PDF of one or more documents (a batch: each from a new page, numbered from 1, fonts once)."""
    fonts.register()
    first = pages[0]
    size = landscape(A4) if first.landscape else A4
    left, top, right, bottom = first.margins
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=left * mm,
        rightMargin=right * mm,
        topMargin=top * mm,
        bottomMargin=(bottom + 4) * mm,
        title=first.title if len(pages) == 1 else f"{first.title} и ещё {len(pages) - 1}",
        author=first.author,
        creator="MOS Desktop",
        subject=first.title,
        lang="ru-RU",
        invariant=1,
        initialFontName=fonts.REGULAR,  # else every page names Helvetica, unembedded
        initialFontSize=9,
    )
    doc.mos_footer = first.footer or first.title
    doc.mos_first_page = 1

    def on_page_end(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 6.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(left * mm, bottom * mm, document.mos_footer)
        number = canvas.getPageNumber() - document.mos_first_page + 1
        canvas.drawRightString(size[0] - right * mm, bottom * mm, f"Страница {number}")
        canvas.restoreState()

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=on_page_end, pagesize=size)])
    width = doc.width
    story: list[Flowable] = []
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story.append(_DocumentStart(page.footer or page.title, index, on_document))
        for block in page.blocks:
            story.extend(_flowables(block, width))
    doc.build(story)
    return buffer.getvalue()


def _flowables(block: Block, width: float, nested: bool = False) -> list[Flowable]:
    if isinstance(block, Text):
        p = _para(block.text, block.size, block.bold, block.align)
        return [p, RLSpacer(1, block.space_after * mm)]
    if isinstance(block, Title):
        return [_para(block.text, block.size, True, block.align), RLSpacer(1, 2.5 * mm)]
    if isinstance(block, Spacer):
        return [RLSpacer(1, block.height * mm)]
    if isinstance(block, Rule):
        return [HRFlowable(width="100%", thickness=block.thickness, color=colors.black, spaceAfter=2 * mm)]
    if isinstance(block, Image):
        return [_image(block, width)]
    if isinstance(block, Qr):
        return [_QrFlowable(block)]
    if isinstance(block, Table):
        return [_table(block, width), RLSpacer(1, 1.5 * mm)]
    if isinstance(block, Totals):
        return [_totals(block, width)]
    if isinstance(block, Signatures):
        parts = _signatures(block, width)
        return parts if nested else [KeepTogether(parts)]
    if isinstance(block, Columns):
        return [_columns(block, width)]
    raise TypeError(f"unknown block {type(block).__name__}")


def _image(block: Image, max_width: float) -> RLImage:
    reader = ImageReader(io.BytesIO(block.data))
    w, h = reader.getSize()
    width = min(block.width * mm, max_width)
    image = RLImage(io.BytesIO(block.data), width=width, height=width * h / w)
    image.hAlign = _TABLE_ALIGN[block.align]
    return image


class _QrFlowable(Flowable):
    """The QR's dark modules as filled squares, row runs merged (a few hundred path segments)."""

    QUIET = 2  # modules of quiet zone on each side

    def __init__(self, block: Qr) -> None:
        super().__init__()
        from mos_desktop.documents.qr import qr_matrix

        self.matrix = qr_matrix(block.text)
        self.size = block.width * mm
        self.hAlign = _TABLE_ALIGN[block.align]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.size = min(self.size, availWidth)
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.matrix) + 2 * self.QUIET
        module = self.size / count
        # Integer module coordinates under one scale: the run-length rectangles written as plain operators
        # (a path object would format every coordinate as a float, a thousand squares a code).
        ops: list[str] = []
        for r, row in enumerate(self.matrix):
            y = count - self.QUIET - 1 - r
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                ops.append(f"{start + self.QUIET} {y} {c - start} 1 re")
        canvas = self.canv
        canvas.saveState()
        canvas.scale(module, module)
        canvas.setFillColor(colors.black)
        canvas._code.append("\n".join(ops) + "\nf")
        canvas.restoreState()


def _scaled(weights: tuple[float, ...], width: float) -> list[float]:
    total = sum(weights)
    return [width * w / total for w in weights]


def _font(bold: bool, condensed: bool) -> str:
    if condensed:
        return fonts.CONDENSED_BOLD if bold else fonts.CONDENSED
    return fonts.BOLD if bold else fonts.REGULAR


def _fits(text: str, font: str, size: float, width: float) -> bool:
    """A one-line text that fits its column is drawn as a plain string: far cheaper than a Paragraph."""
    return "\n" not in text and stringWidth(text, font, size) <= width - 2 * CELL_PAD - 0.5


def _table(block: Table, width: float) -> RLTable:
    header_size = block.header_size or block.size
    widths = _scaled(block.widths, width)
    header_count = len(block.header)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), _font(False, block.condensed)),
        ("FONTSIZE", (0, 0), (-1, -1), block.size),
        ("LEADING", (0, 0), (-1, -1), block.size * 1.18),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for col in range(len(widths)):
        commands.append(("ALIGN", (col, header_count), (col, -1), _TABLE_ALIGN[block.column_align(col)]))
    data: list[list[Any]] = []
    bold_font = _font(True, block.condensed)
    if block.header:
        last = header_count - 1
        commands += [
            ("FONTNAME", (0, 0), (-1, last), bold_font),
            ("FONTSIZE", (0, 0), (-1, last), header_size),
            ("LEADING", (0, 0), (-1, last), header_size * 1.18),
            ("ALIGN", (0, 0), (-1, last), "CENTER"),
            ("VALIGN", (0, 0), (-1, last), "MIDDLE"),
        ]
    for row in block.header:
        data.append(
            [
                text
                if _fits(text, bold_font, header_size, widths[col])
                else _para(text, header_size, True, "c", block.condensed)
                for col, text in enumerate(row)
            ]
        )
    for index, row in enumerate(block.rows):
        bold = index in block.bold_rows
        font = _font(bold, block.condensed)
        r = header_count + index
        size = block.size
        if bold:
            commands.append(("FONTNAME", (0, r), (-1, r), font))
        if index in block.small_rows:
            size = CAPTION_SIZE
            commands += [
                ("FONTSIZE", (0, r), (-1, r), size),
                ("LEADING", (0, r), (-1, r), size * 1.15),
                ("ALIGN", (0, r), (-1, r), "CENTER"),
                ("TOPPADDING", (0, r), (-1, r), 0),
                ("BOTTOMPADDING", (0, r), (-1, r), 1),
            ]
        cells: list[Any] = []
        for col, text in enumerate(row):
            align: Align = "c" if index in block.small_rows else block.column_align(col, index)
            if align != block.column_align(col) and index not in block.small_rows:
                commands.append(("ALIGN", (col, r), (col, r), _TABLE_ALIGN[align]))
            if _fits(text, font, size, widths[col]):
                cells.append(text)
            else:
                cells.append(_para(text, size, bold, align, block.condensed))
        data.append(cells)
    table = RLTable(data, colWidths=widths, repeatRows=header_count, splitByRow=1, hAlign="LEFT")
    if block.grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for c0, r0, c1, r1 in block.spans:
        commands.append(("SPAN", (c0, r0), (c1, r1)))
    table.setStyle(TableStyle(commands))
    return table


def _totals(block: Totals, width: float) -> RLTable:
    data = [
        [_para(label, block.size, True, "r"), _para(value, block.size, True, "r")]
        for label, value in block.pairs
    ]
    table = RLTable(data, colWidths=[width * 0.78, width * 0.22], hAlign="RIGHT")
    table.setStyle(
        _style_of(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    return table


def _signatures(block: Signatures, width: float) -> list[Flowable]:
    cols = max(1, block.columns)
    cell_width = width / cols
    stacked = block.stacked or cols > 1  # two parties side by side: the role above the line, not before it
    cells: list[Flowable] = [
        _signature_cell(sig, cell_width - 8, block.captions, stacked) for sig in block.lines
    ]
    rows: list[list[Flowable]] = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    for row in rows:
        row.extend([RLSpacer(1, 1)] * (cols - len(row)))
    table = RLTable(rows, colWidths=[cell_width] * cols, hAlign="LEFT")
    table.setStyle(
        _style_of(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [RLSpacer(1, 3 * mm), table]


def _signature_cell(sig: Signature, width: float, captions: bool, stacked: bool) -> RLTable:
    role_w = 0.0 if stacked else width * 0.22
    rest = width - role_w
    pos_w, sign_w = rest * 0.36, rest * 0.24
    name_w = rest - pos_w - sign_w
    sign: Any = ""
    if sig.facsimile:
        sign = _image(Image(sig.facsimile, sign_w / mm), sign_w)
    role = _para(sig.role, 8, True)
    line: list[Any] = [_para(sig.position, 7.5, False, "c"), sign, _para(sig.name, 7.5, False, "c")]
    caption = [_para(c, 5.5, False, "c") for c in ("должность", "подпись", "расшифровка подписи")]
    data: list[list[Any]]
    if stacked:
        data = [[role, "", ""], line]
        line_row = 1
        widths = [pos_w, sign_w, name_w]
        first = 0
        style: list[tuple[Any, ...]] = [("SPAN", (0, 0), (2, 0))]
    else:
        data = [[role, *line]]
        line_row = 0
        widths = [role_w, pos_w, sign_w, name_w]
        first = 1
        style = []
    if captions:
        data.append(["", *caption] if not stacked else caption)
    if sig.stamp:
        data.append([_para("М. П.", 7), *[""] * (len(widths) - 1)])
    style += [
        ("LINEBELOW", (first, line_row), (-1, line_row), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    table = RLTable(data, colWidths=widths)
    table.setStyle(_style_of(style))
    return table


def _columns(block: Columns, width: float) -> RLTable:
    widths = _scaled(block.widths, width)
    row: list[list[Flowable]] = []
    for cell, cell_width in zip(block.cells, widths, strict=True):
        flowables: list[Flowable] = []
        for inner in cell:
            flowables.extend(_flowables(inner, cell_width - 4, nested=True))
        row.append(flowables)
    table = RLTable([row], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        _style_of(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table
