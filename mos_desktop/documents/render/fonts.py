"""The bundled DejaVu TTFs (resources/fonts, with their licence) registered with reportlab once.

Helvetica, reportlab's default, has no Cyrillic and prints boxes without any error, so every PDF style here
names these fonts. They are embedded (subset) in every PDF.
"""

from __future__ import annotations

import threading

from mos_desktop import config

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"
FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}
# DOCX names a font installed on the reader's machine: Arial is on every Windows, LibreOffice substitutes
# a metric-compatible one (Liberation Sans) elsewhere.
DOCX_FONT = "Arial"

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the fonts (idempotent, thread-safe); raises FileNotFoundError naming a missing file."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = config.resources_dir() / "fonts"
        for name, file_name in FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        for family, regular, bold in ((REGULAR, REGULAR, BOLD), (CONDENSED, CONDENSED, CONDENSED_BOLD)):
            addMapping(family, 0, 0, regular)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, regular)
            addMapping(family, 1, 1, bold)
        _registered = True
