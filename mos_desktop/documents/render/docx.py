"""Blocks → DOCX with python-docx: real Word tables (header rows marked to repeat on every page, merged
cells), so the file opens and edits in Word and LibreOffice. Tables are built row by row."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

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

_ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}


def render_docx(page: Page) -> bytes:
    document = Document()
    _setup(document, page)
    width = _text_width(document)
    for block in page.blocks:
        _add(document, block, width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup(document: Any, page: Page) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if page.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    left, top, right, bottom = page.margins
    section.left_margin, section.top_margin = Mm(left), Mm(top)
    section.right_margin, section.bottom_margin = Mm(right), Mm(bottom)
    footer = section.footer.paragraphs[0]
    footer.text = page.footer or page.title
    footer.runs[0].font.size = Pt(6.5)
    normal = document.styles["Normal"]
    normal.font.name = fonts.DOCX_FONT
    normal.font.size = Pt(9)
    r_pr = normal.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.append(r_fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attr), fonts.DOCX_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    props = document.core_properties
    props.title = page.title
    props.author = page.author
    props.language = "ru-RU"


def _text_width(document: Any) -> int:
    section = document.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)


def _paragraph(container: Any, text: str, size: float, bold: bool = False, align: Align = "l") -> Any:
    paragraph = container.add_paragraph()
    _fill(paragraph, text, size, bold, align)
    return paragraph


def _fill(paragraph: Any, text: str, size: float, bold: bool, align: Align) -> None:
    paragraph.alignment = _ALIGN[align]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold or None
        if i < len(lines) - 1:
            run.add_break()


def _add(container: Any, block: Block, width: int) -> None:
    if isinstance(block, Text):
        p = _paragraph(container, block.text, block.size, block.bold, block.align)
        p.paragraph_format.space_after = Mm(block.space_after)
    elif isinstance(block, Title):
        p = _paragraph(container, block.text, block.size, True, block.align)
        p.paragraph_format.space_after = Mm(2.5)
    elif isinstance(block, Spacer):
        p = container.add_paragraph()
        p.paragraph_format.space_after = Mm(block.height)
        _tiny(p)
    elif isinstance(block, Rule):
        _rule(container.add_paragraph(), block.thickness)
    elif isinstance(block, Image):
        p = container.add_paragraph()
        p.alignment = _ALIGN[block.align]
        p.add_run().add_picture(io.BytesIO(block.data), width=min(Mm(block.width), width))
    elif isinstance(block, Qr):
        from mos_desktop.documents.qr import qr_png

        p = container.add_paragraph()
        p.alignment = _ALIGN[block.align]
        p.add_run().add_picture(io.BytesIO(qr_png(block.text)), width=min(Mm(block.width), width))
    elif isinstance(block, Table):
        _table(container, block, width)
    elif isinstance(block, Totals):
        _totals(container, block, width)
    elif isinstance(block, Signatures):
        _signatures(container, block, width)
    elif isinstance(block, Columns):
        _columns(container, block, width)
    else:
        raise TypeError(f"unknown block {type(block).__name__}")


def _tiny(paragraph: Any) -> None:
    paragraph.paragraph_format.line_spacing = Pt(2)


def _rule(paragraph: Any, thickness: float) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(max(2, int(thickness * 8))))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    p_pr.append(border)


def _new_table(container: Any, rows: int, widths: list[int], grid: bool) -> Any:
    table = container.add_table(rows=rows, cols=len(widths))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w
    return table


def _scaled(weights: tuple[float, ...], width: int) -> list[int]:
    total = sum(weights)
    return [int(width * w / total) for w in weights]


def _table(container: Any, block: Table, width: int) -> None:
    widths = _scaled(block.widths, width)
    header_size = block.header_size or block.size
    all_rows = [*block.header, *block.rows]
    table = _new_table(container, len(all_rows), widths, block.grid)
    header_count = len(block.header)
    for r, (row, values) in enumerate(zip(table.rows, all_rows, strict=True)):
        cells = row.cells
        if r < header_count:
            _repeat_header(row)
        for c, text in enumerate(values):
            cell = cells[c]
            cell.width = widths[c]
            if not text:
                continue
            if r < header_count:
                _fill(cell.paragraphs[0], text, header_size, True, "c")
            elif (r - header_count) in block.small_rows:
                _fill(cell.paragraphs[0], text, 5.5, False, "c")
            else:
                bold = (r - header_count) in block.bold_rows
                _fill(cell.paragraphs[0], text, block.size, bold, block.column_align(c, r - header_count))
    for c0, r0, c1, r1 in block.spans:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    _after_table(container)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _after_table(container: Any) -> None:
    p = container.add_paragraph()
    _tiny(p)


def _totals(container: Any, block: Totals, width: int) -> None:
    widths = [int(width * 0.78), int(width * 0.22)]
    table = _new_table(container, len(block.pairs), widths, grid=False)
    for row, (label, value) in zip(table.rows, block.pairs, strict=True):
        cells = row.cells
        _fill(cells[0].paragraphs[0], label, block.size, True, "r")
        _fill(cells[1].paragraphs[0], value, block.size, True, "r")
    _after_table(container)


def _signatures(container: Any, block: Signatures, width: int) -> None:
    cols = max(1, block.columns)
    stacked = block.stacked or cols > 1
    per = width // cols
    if stacked:
        parts = [int(per * 0.34), int(per * 0.22)]
    else:
        parts = [int(per * 0.22), int(per * 0.28), int(per * 0.19)]
    parts.append(per - sum(parts))
    for start in range(0, len(block.lines), cols):
        group = block.lines[start : start + cols]
        lines = (1 if stacked else 0) + 1 + (1 if block.captions else 0)
        lines += 1 if any(sig.stamp for sig in group) else 0
        table = _new_table(container, lines, parts * cols, grid=False)
        for index, sig in enumerate(group):
            _signature(table, index * len(parts), sig, parts, block.captions, stacked)
        _after_table(container)


def _signature(table: Any, c: int, sig: Signature, parts: list[int], captions: bool, stacked: bool) -> None:
    r = 0
    if stacked:
        _fill(table.rows[0].cells[c].paragraphs[0], sig.role, 8, True, "l")
        r = 1
        first = c
    else:
        _fill(table.rows[0].cells[c].paragraphs[0], sig.role, 8, True, "l")
        first = c + 1
    cells = table.rows[r].cells
    _fill(cells[first].paragraphs[0], sig.position, 7.5, False, "c")
    if sig.facsimile:
        cells[first + 1].paragraphs[0].add_run().add_picture(
            io.BytesIO(sig.facsimile), width=parts[first - c + 1]
        )
    _fill(cells[first + 2].paragraphs[0], sig.name, 7.5, False, "c")
    for k in range(3):
        _bottom_border(cells[first + k])
    r += 1
    if captions:
        under = table.rows[r].cells
        for k, caption in enumerate(("должность", "подпись", "расшифровка подписи")):
            _fill(under[first + k].paragraphs[0], caption, 5.5, False, "c")
        r += 1
    if sig.stamp:
        _fill(table.rows[r].cells[c].paragraphs[0], "М. П.", 7, False, "l")


def _bottom_border(cell: Any) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "4")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    tc_pr.append(borders)


def _columns(container: Any, block: Columns, width: int) -> None:
    widths = _scaled(block.widths, width)
    table = _new_table(container, 1, widths, grid=False)
    cells = table.rows[0].cells
    for cell, inner_blocks, cell_width in zip(cells, block.cells, widths, strict=True):
        cell.width = cell_width
        first = cell.paragraphs[0]
        for inner in inner_blocks:
            _add(cell, inner, cell_width - int(Mm(2)))
        if len(cell.paragraphs) > 1 and not first.text:
            first._p.getparent().remove(first._p)  # the empty paragraph every new cell starts with
    _after_table(container)
