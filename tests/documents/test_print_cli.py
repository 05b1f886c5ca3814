"""``mos-desktop print``: one document to a file, a month's invoices to one PDF or a folder; user errors
exit 1 with a Russian message."""

from __future__ import annotations

from pathlib import Path

import pytest
from readback import docx_text, pdf_text
from sqlalchemy import select

from mos_desktop import config
from mos_desktop.cli import main
from mos_desktop.db import open_database
from mos_desktop.demo import generate_demo
from mos_desktop.documents.company import demo_settings
from mos_desktop.documents.samples import TODAY
from mos_desktop.models import Invoice, ServiceVisit
from mos_desktop.models.billing import InvoiceStatus


@pytest.fixture(scope="module")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print-cli") / "demo.sqlite3"
    database = open_database(path, daily_backup=False)
    try:
        with database.session() as s:
            generate_demo(s, clients=8, months=2, seed=3, today=TODAY)
    finally:
        database.dispose()
    return path


@pytest.fixture
def demo_file(demo_db_file: Path) -> Path:
    config.save_settings(demo_settings())  # this test's own settings file (the home folder is per test)
    return demo_db_file


def latest_invoice(path: Path) -> tuple[str, str]:
    database = open_database(path, daily_backup=False)
    try:
        with database.session() as s:
            invoice = s.scalars(
                select(Invoice)
                .where(Invoice.status == InvoiceStatus.ISSUED)
                .order_by(Invoice.issued_on.desc())
            ).first()
            assert invoice is not None
            return invoice.number, f"{invoice.issued_on:%Y-%m}"
    finally:
        database.dispose()


def a_visit(path: Path) -> str:
    database = open_database(path, daily_backup=False)
    try:
        with database.session() as s:
            visit = s.scalars(select(ServiceVisit).where(ServiceVisit.done_on.is_not(None))).first()
            assert visit is not None
            return str(visit.id)
    finally:
        database.dispose()


def test_print_one_invoice_and_one_act(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number, _month = latest_invoice(demo_file)
    out = tmp_path / "счёт.pdf"
    assert main(["--db", str(demo_file), "print", "invoice", number, "--out", str(out)]) == 0
    assert number in pdf_text(out.read_bytes())
    assert number in capsys.readouterr().err
    act = tmp_path / "act.docx"
    code = main(
        [
            "--db",
            str(demo_file),
            "print",
            "visit-act",
            a_visit(demo_file),
            "--format",
            "docx",
            "--out",
            str(act),
        ]
    )
    assert code == 0
    assert "Акт выполненных работ" in docx_text(act.read_bytes())


def test_print_a_month_of_invoices(demo_file: Path, tmp_path: Path) -> None:
    _number, month = latest_invoice(demo_file)
    one = tmp_path / "месяц.pdf"
    assert main(["--db", str(demo_file), "print", "invoices", "--month", month, "--out", str(one)]) == 0
    assert pdf_text(one.read_bytes()).count("Счёт на оплату №") >= 2
    folder = tmp_path / "счета"
    assert main(["--db", str(demo_file), "print", "invoices", "--month", month, "--out", str(folder)]) == 0
    assert len(list(folder.glob("*.pdf"))) >= 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["invoice", "НЕТ-ТАКОГО"], "не найдена"),
        (["invoice"], "Укажите номер"),
        (["invoices"], "укажите месяц"),
        (["invoices", "--month", "2026-13"], "укажите месяц"),
        (["reconciliation", "7728168971", "--from", "31.02.2026"], "не дата"),
    ],
)
def test_user_errors_exit_1_in_russian(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    assert main(["--db", str(demo_file), "print", *args, "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Ошибка:") and fragment in err
    assert "Traceback" not in err
