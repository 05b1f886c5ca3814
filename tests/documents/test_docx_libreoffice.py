"""Every form's DOCX opens in LibreOffice: headless conversion to PDF succeeds and keeps the text.

LibreOffice (libreoffice-writer-nogui) is installed by scripts/ensure-test-deps.sh; the test is skipped
only where no ``soffice`` exists at all.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from readback import pdf_text
from sqlalchemy.orm import Session

from mos_desktop.config import Settings
from mos_desktop.documents import api
from mos_desktop.documents.kinds import FORMS
from mos_desktop.documents.samples import TODAY

KINDS = list(FORMS)


def test_libreoffice_converts_every_docx(
    s: Session, refs: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (scripts/ensure-test-deps.sh installs it)")
    numbers: dict[str, str] = {}
    files = []
    for kind in KINDS:
        prepared = api.prepare(s, kind, refs[kind], settings=settings, today=TODAY)
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(prepared.render("docx"))
        files.append(str(path))
        numbers[kind] = prepared.number
    out = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for kind in KINDS:
        pdf = out / f"{kind}.pdf"
        assert pdf.exists(), f"{kind}: LibreOffice made no PDF ({result.stdout} {result.stderr})"
        text = pdf_text(pdf.read_bytes())
        assert numbers[kind] in text, f"{kind}: the number is not in LibreOffice's PDF"
