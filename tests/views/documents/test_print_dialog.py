"""«Печать» in the window: the preview issues nothing; the document is issued only once the printer, the
file or the letter's addresses were chosen and the act succeeded (a cancelled printer dialog, a file not
written, a failed send issue nothing, and a shipment's documents stay «не отправлены»); a re-print shows
the same number; the buttons wait for a document that can be made, and say where its settings are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from viewhelp import count_rows

from mos_desktop.models import DocsStatus, Invoice, IssuedDocument, Shipment


def first_invoice(db: Any) -> Any:
    with db.session() as s:
        return s.scalars(select(Invoice.id).order_by(Invoice.issued_on, Invoice.number).limit(1)).one()


def unsent_shipment(db: Any) -> Any:
    with db.session() as s:
        return s.scalars(
            select(Shipment.id)
            .where(Shipment.docs_status == DocsStatus.NONE)
            .order_by(Shipment.number)
            .limit(1)
        ).one()


def docs_status(db: Any, shipment_id: Any) -> DocsStatus:
    with db.session() as s:
        return s.get(Shipment, shipment_id).docs_status


def opened(ctx: Any, qtbot: Any, kind: str, record_id: Any) -> Any:
    from mos_desktop.views.documents.print_dialog import PrintDialog

    dialog = PrintDialog(ctx, kind, record_id)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: len(dialog.preview_pages) > 0, timeout=20000)
    return dialog


def pdf_printer_for(dialog: Any, path: Path) -> None:
    """The dialog's printer prints to a PDF file (no printer under offscreen)."""
    from PySide6.QtPrintSupport import QPrinter

    def printer() -> QPrinter:
        made = QPrinter(QPrinter.PrinterMode.HighResolution)
        made.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        made.setOutputFileName(str(path))
        return made

    dialog.new_printer = printer


def test_print_goes_to_the_printer_and_issues_once(
    print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    before = count_rows(demo, IssuedDocument)  # the demo's own issued papers
    dialog = opened(print_ctx, qtbot, "invoice", first_invoice(demo))
    assert [dialog.form_box.itemData(i) for i in range(dialog.form_box.count())] == ["invoice", "act"]
    assert "Счёт на оплату №" in dialog.title_label.text()
    assert count_rows(demo, IssuedDocument) == before  # looking issues nothing
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()

    printed = tmp_path / "printed.pdf"
    pdf_printer_for(dialog, printed)
    dialog.print_button.click()  # the printer dialog; nothing issued while it is open
    assert dialog.print_dialog.isVisible()
    assert count_rows(demo, IssuedDocument) == before
    dialog.print_dialog.accept()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=20000)  # printed in the same callback
    assert count_rows(demo, IssuedDocument) == before + 1
    reader = PdfReader(str(printed))
    assert len(reader.pages) == len(dialog.preview_pages)
    # The page is painted as an image (PDFium's raster of the document): the one issued, at print size.
    images = reader.pages[0].images
    assert len(images) == 1
    assert images[0].image is not None and images[0].image.width >= 2000  # 300 dpi, not the preview's

    saved = tmp_path / "копия.docx"  # «Сохранить» in Word: the same number, nothing new issued
    dialog.save_to(saved, "docx")
    qtbot.waitUntil(lambda: dialog.last_saved == saved, timeout=20000)
    assert saved.read_bytes()[:2] == b"PK"  # a DOCX is a zip
    assert count_rows(demo, IssuedDocument) == before + 1
    assert dialog.folder_button.isEnabled()


def test_printed_pages_are_the_document(print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path) -> None:
    """The printer gets the issued document's pages as images (PDFium's raster of its PDF: no text to read
    back): the printed page, read back from the printer's PDF, is that raster, and not a blank page."""
    from PIL import Image, ImageChops, ImageStat
    from pypdf import PdfReader

    from mos_desktop.documents.raster import render_pages

    dialog = opened(print_ctx, qtbot, "invoice", first_invoice(demo))
    printed = tmp_path / "printed.pdf"
    pdf_printer_for(dialog, printed)
    dialog.print_button.click()
    dialog.print_dialog.accept()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=20000)  # printed in the same callback
    page = render_pages(dialog.preview["pdf"], dpi=300)[0]
    expected = Image.frombuffer("RGBX", (page.width, page.height), page.bgrx, "raw", "BGRX", page.stride, 1)
    got = PdfReader(str(printed)).pages[0].images[0].image
    assert got is not None and got.size == expected.size

    def small(image: Image.Image) -> Image.Image:
        return image.convert("L").resize((page.width // 10, page.height // 10), Image.Resampling.BOX)

    blank = Image.new("L", small(expected).size, 255)
    assert ImageStat.Stat(ImageChops.difference(small(expected), blank)).mean[0] > 5  # ink on the page
    assert ImageStat.Stat(ImageChops.difference(small(got), small(expected))).mean[0] < 2


def test_a_cancelled_print_issues_nothing_and_the_shipment_stays_unsent(
    print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    shipment = unsent_shipment(demo)
    before = count_rows(demo, IssuedDocument)
    dialog = opened(print_ctx, qtbot, "shipment", shipment)
    assert dialog.form_key() == "torg12"
    printed = tmp_path / "torg12.pdf"
    pdf_printer_for(dialog, printed)
    dialog.print_button.click()
    dialog.print_dialog.reject()  # «Отмена» in the printer dialog
    qtbot.wait(300)
    print_ctx.runner.wait()
    assert count_rows(demo, IssuedDocument) == before
    assert docs_status(demo, shipment) == DocsStatus.NONE
    assert not printed.exists()

    dialog.print_button.click()  # printed for real: issued, and the shipment's papers are «отправлены»
    dialog.print_dialog.accept()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=20000)  # printed in the same callback
    assert count_rows(demo, IssuedDocument) == before + 1
    assert docs_status(demo, shipment) == DocsStatus.SENT


def test_a_file_not_written_issues_nothing(print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path) -> None:
    shipment = unsent_shipment(demo)
    before = count_rows(demo, IssuedDocument)
    dialog = opened(print_ctx, qtbot, "shipment", shipment)
    dialog.save_to(tmp_path / "нет такой папки" / "torg12.pdf", "pdf")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20000)
    assert "Файл не сохранён" in dialog.error.text()
    assert count_rows(demo, IssuedDocument) == before
    assert docs_status(demo, shipment) == DocsStatus.NONE
    assert dialog.save_button.isEnabled()  # the user can choose another place


def test_buttons_wait_while_company_details_are_missing(
    ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    from mos_desktop.views.documents.print_dialog import PrintDialog

    dialog = PrintDialog(ctx, "invoice", first_invoice(demo))  # the test settings: no company at all
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20000)
    assert "реквизиты организации" in dialog.error.text()
    assert "Сервис → Настройки → Основные → Организация" in dialog.error.text()
    assert dialog.settings_button.isVisible()
    assert not dialog.zoom_in_button.isEnabled()
    for button in (dialog.print_button, dialog.save_button, dialog.mail_button):
        assert not button.isEnabled()
    dialog.grab().save(str(tmp_path / "no-company.png"))
    dialog.print_document()  # Ctrl+P does nothing either
    assert not hasattr(dialog, "print_dialog")


def test_landscape_preview_fits_the_width_and_zooms(
    print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    dialog = opened(print_ctx, qtbot, "shipment", unsent_shipment(demo))
    assert dialog.preview_pages[0].width() > dialog.preview_pages[0].height()  # ТОРГ-12 is landscape
    qtbot.wait(50)

    def page_width() -> int:
        label = dialog.pages.itemAt(0).widget()
        return int(label.pixmap().width())

    room = dialog.preview_area.viewport().width()
    assert room - 40 < page_width() <= room
    assert dialog.preview_area.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways
    dialog.grab().save(str(tmp_path / "torg12-fit.png"))
    fitted = page_width()
    dialog.zoom_in_button.click()
    assert page_width() > fitted
    qtbot.wait(50)
    assert dialog.preview_area.horizontalScrollBar().maximum() > 0
    dialog.grab().save(str(tmp_path / "torg12-zoomed.png"))
    dialog.fit_width()
    assert page_width() == fitted
    dialog.zoom_out_button.click()
    assert page_width() < fitted
    dialog.fit_width()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(dialog, Qt.Key.Key_Plus, ctrl)
    assert page_width() > fitted
    qtbot.keyClick(dialog, Qt.Key.Key_0, ctrl)
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, ctrl)
    assert page_width() < fitted
    dialog.resize(1100, dialog.height())  # fit again: follows the window
    dialog.fit_width()
    assert page_width() > fitted


def test_a_failed_send_issues_nothing(print_ctx: Any, qtbot: Any, demo: Any) -> None:
    shipment = unsent_shipment(demo)
    before = count_rows(demo, IssuedDocument)
    dialog = opened(print_ctx, qtbot, "shipment", shipment)
    dialog.send_mail("buh@example.test")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "Почта не настроена" in dialog.error.text()
    assert dialog.title_label.text() == "Документ не отправлен."
    assert count_rows(demo, IssuedDocument) == before
    assert docs_status(demo, shipment) == DocsStatus.NONE
    assert dialog.mail_button.isEnabled()


def test_a_failed_resend_of_an_issued_document_records_the_reason(
    print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    dialog = opened(print_ctx, qtbot, "invoice", first_invoice(demo))
    saved = tmp_path / "счёт.pdf"
    dialog.save_to(saved, "pdf")
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=20000)
    issued_id = dialog.issued["issued_id"]
    assert issued_id is not None
    dialog.load_preview()  # the preview now shows the issued document
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    dialog.send_mail("buh@example.test")

    def recorded() -> str:
        with demo.session() as s:
            return str(s.get(IssuedDocument, issued_id).send_error)

    qtbot.waitUntil(lambda: "Почта не настроена" in recorded(), timeout=10000)
    with demo.session() as s:
        assert s.get(IssuedDocument, issued_id).sent_at is None


def test_a_register_row_reprints_its_own_document(
    print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    from mos_desktop.views.documents.print_dialog import PrintDialog
    from mos_desktop.views.records import open_record

    first = opened(print_ctx, qtbot, "invoice", first_invoice(demo))
    first.save_to(tmp_path / "first.pdf", "pdf")
    qtbot.waitUntil(lambda: first.issued is not None, timeout=20000)
    before = count_rows(demo, IssuedDocument)
    dialog = open_record(print_ctx, "issued_document", first.issued["issued_id"])
    assert isinstance(dialog, PrintDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.preview_pages) > 0, timeout=20000)
    assert dialog.form_box.currentData() == "invoice"
    assert first.issued["title"] in dialog.title_label.text()
    dialog.save_to(tmp_path / "again.pdf", "pdf")
    qtbot.waitUntil(lambda: dialog.last_saved == tmp_path / "again.pdf", timeout=20000)
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    assert count_rows(demo, IssuedDocument) == before


def test_a_sent_letter_issues_its_document_and_records_the_send(ctx: Any, qtbot: Any, demo: Any) -> None:
    from smtphelp import smtp_server

    from mos_desktop.documents.company import demo_settings

    shipment = unsent_shipment(demo)
    before = count_rows(demo, IssuedDocument)
    with smtp_server() as (port, inbox):
        ctx.settings = demo_settings(
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_user="",
            smtp_security="none",
            smtp_from="mos@example.test",
        )
        dialog = opened(ctx, qtbot, "shipment", shipment)
        title = dialog.preview["title"]
        dialog.send_mail("buh@example.test")
        qtbot.waitUntil(lambda: "отправлен (" in dialog.title_label.text(), timeout=20000)
    assert len(inbox.messages) == 1
    attached = [part.get_filename() for part in inbox.messages[0].iter_attachments()]
    assert attached == [dialog.preview["file_names"]["pdf"]]
    assert count_rows(demo, IssuedDocument) == before + 1
    assert docs_status(demo, shipment) == DocsStatus.SENT
    with demo.session() as s:
        issued = s.scalars(select(IssuedDocument).order_by(IssuedDocument.created_at.desc()).limit(1)).one()
        assert f"№ {issued.number}" in title and issued.sent_at is not None and issued.send_error == ""
