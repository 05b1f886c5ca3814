"""VAT per the company's mode (22 % from 2026, 5 %/7 % for simplified-tax payers, «Без НДС»), the optional
logo and facsimile, and the CLI's list of forms kept equal to the registry."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from readback import docx_text, pdf_text, put
from sqlalchemy.orm import Session

from mos_desktop.config import Settings
from mos_desktop.documents import api
from mos_desktop.documents.cli import KINDS
from mos_desktop.documents.company import demo_settings
from mos_desktop.documents.kinds import FORMS
from mos_desktop.documents.samples import TODAY
from mos_desktop.documents.vat import vat_of
from mos_desktop.money import format_rub


def money(kop: int) -> str:
    return format_rub(kop, symbol=False).replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("mode", "rate", "amount", "net", "vat", "gross"),
    [
        ("vat_on_top", 22, 10_000_00, 10_000_00, 2_200_00, 12_200_00),
        ("vat_included", 22, 12_200_00, 10_000_00, 2_200_00, 12_200_00),
        ("vat_included", 5, 105_00, 100_00, 5_00, 105_00),
        ("vat_on_top", 7, 333_33, 333_33, 23_33, 356_66),
        ("vat_included", 22, 1_00, 82, 18, 1_00),  # 1 ₽ × 22/122 = 0.18 (half-up)
        ("no_vat", 22, 5_000_00, 5_000_00, 0, 5_000_00),
    ],
)
def test_vat_split(mode: str, rate: int, amount: int, net: int, vat: int, gross: int) -> None:
    line = vat_of(mode, rate).line(amount)
    assert (line.net_kop, line.vat_kop, line.gross_kop) == (net, vat, gross)


@pytest.mark.parametrize(
    ("mode", "rate"), [("vat_on_top", 22), ("vat_included", 22), ("vat_included", 5), ("no_vat", 0)]
)
def test_upd_totals_follow_the_company_mode(s: Session, refs: dict[str, str], mode: str, rate: int) -> None:
    settings = demo_settings(vat_mode=mode, vat_rate_pct=rate or 22)
    prepared = api.prepare(s, "upd", refs["upd"], settings=settings, today=TODAY)
    lines = prepared.data.lines
    assert prepared.data.total_kop == sum(x.gross_kop for x in lines)
    assert all(x.net_kop + x.vat_kop == x.gross_kop for x in lines)
    text = pdf_text(prepared.render("pdf"))
    if mode == "no_vat":
        assert "без НДС" in text and all(x.vat_kop == 0 for x in lines)
    else:
        assert f"{rate}%" in text and money(sum(x.vat_kop for x in lines)) in text


def png(color: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def test_logo_and_facsimile_are_printed_when_given(
    s: Session, refs: dict[str, str], settings: Settings, tmp_path: object
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "logo.png").write_bytes(png("navy", (300, 100)))
    (folder / "sign.png").write_bytes(png("blue", (200, 120)))
    put(settings, "logo_path", str(folder / "logo.png"))
    put(settings, "facsimile_path", str(folder / "sign.png"))
    put(settings, "payment_qr", False)
    prepared = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    from pypdf import PdfReader

    images = PdfReader(io.BytesIO(prepared.render("pdf"))).pages[0].images
    assert len(images) == 2  # logo and facsimile, no QR
    from docx import Document

    document = Document(io.BytesIO(prepared.render("docx")))
    assert len(document.inline_shapes) == 2
    assert prepared.number in docx_text(prepared.render("docx"))


def test_missing_logo_file_is_a_user_error(s: Session, refs: dict[str, str], settings: Settings) -> None:
    from mos_desktop.errors import UserError

    put(settings, "logo_path", "/нет/такого/logo.png")
    with pytest.raises(UserError, match="Не удалось прочитать файл"):
        api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)


def test_cli_lists_every_form() -> None:
    assert sorted(KINDS) == sorted(FORMS)
