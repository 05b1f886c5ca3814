"""«Печать счетов за месяц…»: one PDF or a folder, the progress dialog moved by the batch's progress, and
«Отмена» stops it with nothing issued."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from viewhelp import count_rows

from mos_desktop.models import Invoice, IssuedDocument
from mos_desktop.models.billing import InvoiceStatus


def busiest_month(db: Any) -> tuple[date, int]:
    with db.session() as s:
        days = s.scalars(select(Invoice.issued_on).where(Invoice.status == InvoiceStatus.ISSUED)).all()
    months: dict[date, int] = {}
    for day in days:
        months[day.replace(day=1)] = months.get(day.replace(day=1), 0) + 1
    month = max(months, key=lambda m: months[m])
    return month, months[month]


def dialog_for(ctx: Any, qtbot: Any, month: date) -> Any:
    from PySide6.QtCore import QDate

    from mos_desktop.views.documents.batch_dialog import BatchPrintDialog

    dialog = BatchPrintDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.month_edit.setDate(QDate(month.year, month.month, 1))
    return dialog


def test_one_pdf_with_progress(print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    month, count = busiest_month(demo)
    dialog = dialog_for(print_ctx, qtbot, month)
    seen: list[tuple[int, int]] = []
    target = tmp_path / "счета.pdf"
    with qtbot.waitSignal(dialog.finished_batch, timeout=60000) as finished:
        dialog.start(target)
        assert dialog.progress_dialog is not None and dialog.progress_dialog.isVisible()
        dialog.progress.moved.connect(lambda done, total: seen.append((done, total)))
    assert finished.args[0].startswith(f"Напечатано {count} ")
    assert seen and seen[-1][0] == seen[-1][1]  # the bar reached its end
    assert dialog.progress_dialog is None
    assert len(PdfReader(str(target)).pages) >= count
    assert dialog.open_button.isVisible()


def test_a_folder_of_files(print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path) -> None:
    month, count = busiest_month(demo)
    dialog = dialog_for(print_ctx, qtbot, month)
    dialog.folder.setChecked(True)
    with qtbot.waitSignal(dialog.finished_batch, timeout=60000):
        dialog.start(tmp_path)
    files = list((tmp_path / f"Счета {month:%Y-%m}").glob("*.pdf"))
    assert len(files) == count


def test_cancel_stops_and_issues_nothing(print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path) -> None:
    month, _count = busiest_month(demo)
    before = count_rows(demo, IssuedDocument)
    dialog = dialog_for(print_ctx, qtbot, month)
    with qtbot.waitSignal(dialog.finished_batch, timeout=60000) as finished:
        dialog.start(tmp_path / "x.pdf")  # queued on the worker: «Отмена» comes before its first document
        button = dialog.progress_dialog.findChild(QPushButton)
        assert button is not None and button.text() == "Отмена"
        button.click()  # sets the flag the batch checks before each document
    assert "Печать прервана" in finished.args[0] and dialog.error.isVisible()
    assert count_rows(demo, IssuedDocument) == before and not (tmp_path / "x.pdf").exists()


def test_a_month_without_invoices_is_said_so(print_ctx: Any, qtbot: Any, demo: Any, tmp_path: Path) -> None:
    dialog = dialog_for(print_ctx, qtbot, date(2001, 1, 1))
    with qtbot.waitSignal(dialog.finished_batch, timeout=20000) as finished:
        dialog.start(tmp_path / "x.pdf")
    assert "счетов за январь 2001 нет" in finished.args[0]
