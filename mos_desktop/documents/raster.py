"""PDF pages as raw images (for the print preview and for printing through Qt), with PDFium.

No Qt here: a page comes back as BGRA bytes with its size and stride; the views wrap them in a QImage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    stride: int
    bgrx: bytes  # 4 bytes a pixel, blue-green-red-unused (QImage.Format_RGB32 on little-endian)
    width_pt: float  # the page size in points (1/72 inch): the printer scales to it
    height_pt: float


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(
    pdf: bytes, *, dpi: float = 96.0, first: int = 0, last: int | None = None
) -> list[PageImage]:
    """Pages ``first``..``last`` (inclusive; all by default) at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages: list[PageImage] = []
    try:
        end = len(document) - 1 if last is None else min(last, len(document) - 1)
        for index in range(first, end + 1):
            page = document[index]
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=dpi / 72.0, prefer_bgrx=True, may_draw_forms=False)
            try:
                pages.append(
                    PageImage(
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        bytes(bitmap.buffer),
                        width_pt,
                        height_pt,
                    )
                )
            finally:
                bitmap.close()
                page.close()
    finally:
        document.close()
    return pages
