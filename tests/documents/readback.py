"""Reading printed documents back: PDF text and fonts (pypdf), DOCX text (python-docx)."""

from __future__ import annotations

import io
import re
from typing import Any


def normalise(text: str) -> str:
    """Spaces as one ASCII space (money has no-break spaces), so assertions read naturally."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return normalise(" ".join(page.extract_text() or "" for page in reader.pages))


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """BaseFont → embedded? for every font of every page."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources: Any = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell appears once per grid column
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
            else:
                parts.append(block.text)

    walk(document)
    return normalise(" ".join(parts))


def put(settings: Any, name: str, value: object) -> None:
    """Set a document or mail setting (payment_qr, upd_status, logo_path, smtp_*, ...) on the test's copy."""
    setattr(settings, name, value)
