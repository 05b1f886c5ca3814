"""The README stays true: every list `mos-desktop report LIST` accepts is named there."""

from __future__ import annotations

from pathlib import Path

from mos_desktop.services.listing import LISTS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_report_list_is_named_in_the_readme() -> None:
    line = next(line for line in README.read_text(encoding="utf-8").splitlines() if "LIST is one of" in line)
    missing = [key for key in LISTS if f"`{key}`" not in line]
    assert missing == [], f"README's report LIST line lacks {missing}"
