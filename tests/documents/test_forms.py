"""Every form rendered from demo data and read back: the PDF's text has the company's requisites, the
number, the total and the words, with the fonts embedded; the DOCX reopened with python-docx has the same;
the invoice's QR decodes to the ГОСТ Р 56042-2014 payload."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from readback import docx_text, pdf_fonts, pdf_text, put
from sqlalchemy.orm import Session

from mos_desktop.config import Settings
from mos_desktop.documents import api
from mos_desktop.documents.company import DEMO_COMPANY
from mos_desktop.documents.kinds import FORMS
from mos_desktop.documents.samples import TODAY
from mos_desktop.documents.words import rubles_in_words
from mos_desktop.money import format_rub

KINDS = list(FORMS)


def expected_bits(prepared: api.Prepared) -> list[str]:
    total = prepared.data.total_kop
    bits = [DEMO_COMPANY.name, f"ИНН {DEMO_COMPANY.inn}".replace("ИНН ", ""), prepared.number]
    if total and prepared.form.key != "waybill":  # the transport waybill carries no goods amounts
        bits += [format_rub(total, symbol=False).replace("\u00a0", " "), rubles_in_words(total)]
    return bits


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_has_requisites_number_total_and_words(
    s: Session, refs: dict[str, str], settings: Settings, kind: str
) -> None:
    prepared = api.prepare(s, kind, refs[kind], settings=settings, today=TODAY)
    data = prepared.render("pdf")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for bit in expected_bits(prepared):
        assert bit in text, f"{kind}: «{bit}» missing from the PDF text"


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_fonts_are_the_embedded_dejavu(
    s: Session, refs: dict[str, str], settings: Settings, kind: str
) -> None:
    data = api.render(s, kind, refs[kind], "pdf", settings=settings, today=TODAY)
    fonts = pdf_fonts(data)
    assert fonts, "no fonts found"
    assert all("DejaVu" in name for name in fonts), fonts  # never Helvetica (boxes instead of Cyrillic)
    assert all(fonts.values()), f"not embedded: {fonts}"


@pytest.mark.parametrize("kind", KINDS)
def test_docx_has_the_same_text(s: Session, refs: dict[str, str], settings: Settings, kind: str) -> None:
    prepared = api.prepare(s, kind, refs[kind], settings=settings, today=TODAY)
    text = docx_text(prepared.render("docx"))
    for bit in expected_bits(prepared):
        assert bit in text, f"{kind}: «{bit}» missing from the DOCX text"


def test_client_and_signer_are_printed(s: Session, refs: dict[str, str], settings: Settings) -> None:
    prepared = api.prepare(s, "act", refs["act"], settings=settings, today=TODAY)
    text = pdf_text(prepared.render("pdf"))
    customer = prepared.data.customer
    assert customer.name in text and customer.inn in text
    assert customer.signer_name and customer.signer_name in text
    assert DEMO_COMPANY.director in text
    assert "претензий" in text


def test_visit_act_lists_works_equipment_and_parts(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    prepared = api.prepare(s, "visit-act", refs["visit-act"], settings=settings, today=TODAY)
    visit = prepared.data.visit
    text = pdf_text(prepared.render("pdf"))
    assert visit.works and all(work in text for work in visit.works)
    assert visit.parts and all(part[0] in text for part in visit.parts)
    assert any(serial and serial in text for _name, serial, _q in visit.equipment)
    assert visit.address in text


def test_invoice_qr_decodes_to_the_payment_payload(
    s: Session, refs: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    """The page is rasterised (pdftoppm, as a printer or a phone camera sees it) and the QR read back."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils (pdftoppm) is installed by scripts/ensure-test-deps.sh"
    prepared = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(prepared.render("pdf"))
    subprocess.run(
        [pdftoppm, "-r", "200", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    decoded = [result.bytes.decode("utf-8") for result in zxingcpp.read_barcodes(page)]
    assert decoded == [prepared.data.qr_payload]
    payload = decoded[0]
    fields = dict(part.split("=", 1) for part in payload.split("|")[1:])
    assert payload.startswith("ST00012|")
    assert fields["Name"] == DEMO_COMPANY.name
    assert fields["PersonalAcc"] == DEMO_COMPANY.bank_account
    assert fields["BIC"] == DEMO_COMPANY.bank_bik
    assert fields["CorrespAcc"] == DEMO_COMPANY.bank_corr_account
    assert fields["PayeeINN"] == DEMO_COMPANY.inn
    assert fields["Sum"] == str(prepared.data.total_kop)
    assert prepared.number in fields["Purpose"]
    mandatory = payload.split("|PayeeINN=")[0]
    assert len(mandatory.encode("utf-8")) <= 300


def test_invoice_without_qr_when_switched_off(s: Session, refs: dict[str, str], settings: Settings) -> None:
    put(settings, "payment_qr", False)
    prepared = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    assert prepared.data.qr_payload is None


def test_long_shipment_repeats_the_header_on_every_page(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    from pypdf import PdfReader

    for kind, header in (("torg12", "наименование, характеристика, сорт"), ("upd", "Код вида товара")):
        prepared = api.prepare(s, kind, refs[kind], settings=settings, today=TODAY)
        assert len(prepared.data.lines) == 40
        reader = PdfReader(io.BytesIO(prepared.render("pdf")))
        pages_with_lines = [p for p in reader.pages if "SN-26" in (p.extract_text() or "")]
        assert len(pages_with_lines) >= 2, f"{kind}: 40 lines should run over pages"
        for page in pages_with_lines:
            assert header in " ".join((page.extract_text() or "").split()), f"{kind}: header not repeated"


def test_upd_status_follows_the_settings(s: Session, refs: dict[str, str], settings: Settings) -> None:
    put(settings, "upd_status", 2)
    text = pdf_text(api.render(s, "upd", refs["upd"], "pdf", settings=settings, today=TODAY))
    assert "Статус: 2" in text
    assert "Универсальный передаточный документ" in text


def test_a_number_typed_in_the_other_alphabet_finds_its_document(s: Session, refs: dict[str, str]) -> None:
    """«РМ…» read off a paper is often typed as Latin «PM…» (and «АП-PM1-…» the other way round)."""
    from mos_desktop.russian import lookalikes

    for kind in ("move", "invoice"):
        ref = refs[kind]
        form = api.form_of(kind)
        found = form.find(s, ref)
        assert found is not None
        for variant in lookalikes(ref):
            assert form.find(s, variant) is found, (kind, variant)
    assert lookalikes("РМ1-А7") == ["РМ1-А7", "PM1-A7"]
