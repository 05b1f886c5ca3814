"""«Печать» in the window: the preview issues nothing, printing and saving issue the document once (a
re-print shows the same number), Qt prints the pages, an unconfigured mail server is said so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from viewhelp import count_rows

from mos_desktop.models import Invoice, IssuedDocument


def first_invoice(db: Any) -> Any:
    with db.session() as s:
        return s.scalars(select(Invoice.id).order_by(Invoice.issued_on, Invoice.number).limit(1)).one()


def test_preview_issues_nothing_then_print_and_save_issue_once(
    print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from mos_desktop.views.documents.print_dialog import PrintDialog

    before = count_rows(demo, IssuedDocument)  # the demo's own issued papers
    dialog = PrintDialog(print_ctx, "invoice", first_invoice(demo))
    qtbot.addWidget(dialog)
    dialog.open()
    assert [dialog.form_box.itemData(i) for i in range(dialog.form_box.count())] == ["invoice", "act"]
    qtbot.waitUntil(lambda: len(dialog.preview_pages) > 0, timeout=20000)
    assert "Счёт на оплату №" in dialog.title_label.text()
    assert count_rows(demo, IssuedDocument) == before  # looking issues nothing

    results: list[dict[str, Any]] = []
    dialog._issue("pdf", results.append, print_pages=True)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    assert count_rows(demo, IssuedDocument) == before + 1
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer, results[0]["pages"])
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == len(results[0]["pages"])

    dialog._issue("docx", results.append)  # «Сохранить» in Word: the same number, nothing new issued
    qtbot.waitUntil(lambda: len(results) == 2, timeout=20000)
    assert results[1]["title"] == results[0]["title"]
    assert count_rows(demo, IssuedDocument) == before + 1
    assert dialog.write_file(tmp_path / results[1]["file_name"], results[1]["data"])
    assert (tmp_path / results[1]["file_name"]).read_bytes()[:2] == b"PK"  # a DOCX is a zip
    assert dialog.folder_button.isEnabled()


def test_mail_without_a_server_says_so_and_sends_nothing(print_ctx: Any, qtbot: Any, demo: Any) -> None:
    from mos_desktop.views.documents.print_dialog import PrintDialog

    dialog = PrintDialog(print_ctx, "invoice", first_invoice(demo))
    qtbot.addWidget(dialog)
    dialog.open()
    results: list[dict[str, Any]] = []
    dialog._issue("pdf", results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    dialog.send_mail(results[0], "buh@example.test")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "Почта не настроена" in dialog.error.text()
    assert dialog.title_label.text() == "Документ не отправлен."


def test_a_failed_send_is_recorded_as_unsent_with_the_reason(print_ctx: Any, qtbot: Any, demo: Any) -> None:
    from mos_desktop.views.documents.print_dialog import PrintDialog

    dialog = PrintDialog(print_ctx, "invoice", first_invoice(demo))
    qtbot.addWidget(dialog)
    dialog.open()
    results: list[dict[str, Any]] = []
    dialog._issue("pdf", results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    issued_id = results[0]["issued_id"]
    assert issued_id is not None
    dialog.send_mail(results[0], "buh@example.test")

    def recorded() -> str:
        with demo.session() as s:
            return str(s.get(IssuedDocument, issued_id).send_error)  # type: ignore[union-attr]

    qtbot.waitUntil(lambda: "Почта не настроена" in recorded(), timeout=10000)
    with demo.session() as s:
        assert s.get(IssuedDocument, issued_id).sent_at is None  # type: ignore[union-attr]


def test_a_register_row_reprints_its_own_document(print_ctx: Any, qtbot: Any, demo: Any) -> None:
    from mos_desktop.views.documents.print_dialog import PrintDialog
    from mos_desktop.views.records import open_record

    first = PrintDialog(print_ctx, "invoice", first_invoice(demo))
    qtbot.addWidget(first)
    results: list[dict[str, Any]] = []
    first._issue("pdf", results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    before = count_rows(demo, IssuedDocument)
    dialog = open_record(print_ctx, "issued_document", results[0]["issued_id"])
    assert isinstance(dialog, PrintDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.preview_pages) > 0, timeout=20000)
    assert dialog.form_box.currentData() == "invoice"
    assert results[0]["title"] in dialog.title_label.text()
    again: list[dict[str, Any]] = []
    dialog._issue("pdf", again.append)
    qtbot.waitUntil(lambda: bool(again), timeout=20000)
    assert again[0]["pdf"] == results[0]["pdf"] and count_rows(demo, IssuedDocument) == before
