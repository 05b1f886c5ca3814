"""Numbering and storage: a yearly series per form kind and workstation, re-prints that reproduce the same
number and bytes, corrections as new versions, the batch with progress and cancel."""

from __future__ import annotations

from datetime import date

import pytest
from readback import pdf_text
from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.config import Settings
from mos_desktop.documents import api
from mos_desktop.documents.company import demo_settings
from mos_desktop.documents.samples import TODAY
from mos_desktop.errors import UserError
from mos_desktop.models import DocumentKind, Invoice, IssuedDocument, ServiceVisit
from mos_desktop.models.service import VisitStatus


def done_visits(s: Session, n: int) -> list[ServiceVisit]:
    visits = list(
        s.scalars(
            select(ServiceVisit)
            .where(ServiceVisit.status == VisitStatus.DONE, ServiceVisit.done_on.is_not(None))
            .order_by(ServiceVisit.done_on, ServiceVisit.id)
        )
    )
    assert len(visits) >= n
    return visits[:n]


def test_numbers_follow_the_workstation_series_and_year(s: Session, settings: Settings) -> None:
    first, second = done_visits(s, 2)
    a = api.prepare(s, "visit-act", first.id, settings=settings, today=TODAY)
    b = api.prepare(s, "visit-act", second.id, settings=settings, today=TODAY)
    yy = f"{a.data.day:%y}"
    assert a.number == f"АВ-РМ1-{yy}-0001"
    assert (
        b.number == f"АВ-РМ1-{f'{b.data.day:%y}'}-{'0002' if b.data.day.year == a.data.day.year else '0001'}"
    )
    other = demo_settings(document_series="РМ2")  # another workstation, offline
    third = done_visits(s, 3)[2]
    c = api.prepare(s, "visit-act", third.id, settings=other, today=TODAY)
    assert c.number.startswith("АВ-РМ2-")


def test_reprint_gives_the_same_number_and_the_same_bytes(s: Session, settings: Settings) -> None:
    visit = done_visits(s, 1)[0]
    first = api.prepare(s, "visit-act", visit.id, settings=settings, today=TODAY)
    pdf = first.render("pdf")
    later = date(2027, 3, 1)  # printed again months later, by the record or by the document's number
    again = api.prepare(s, "visit-act", visit.id, settings=settings, today=later)
    by_number = api.prepare(s, "visit-act", first.number, settings=settings, today=later)
    assert again.number == by_number.number == first.number
    assert again.render("pdf") == pdf == by_number.render("pdf")
    stored = s.scalars(
        select(IssuedDocument).where(
            IssuedDocument.kind == DocumentKind.VISIT_ACT, IssuedDocument.source_id == visit.id
        )
    ).all()
    assert len(stored) == 1
    assert stored[0].total_kop == first.data.total_kop and stored[0].source_id == visit.id
    assert stored[0].client_id == visit.client_id


def test_a_changed_record_needs_a_correction_and_keeps_the_old_document(
    s: Session, settings: Settings
) -> None:
    visit = done_visits(s, 1)[0]
    first = api.prepare(s, "visit-act", visit.id, settings=settings, today=TODAY)
    visit.amount_kop += 150_000
    s.flush()
    with pytest.raises(UserError, match="изменилась после выпуска"):
        api.prepare(s, "visit-act", visit.id, settings=settings, today=TODAY)
    corrected = api.prepare(s, "visit-act", visit.id, settings=settings, today=TODAY, new_version=True)
    assert corrected.number == f"{first.number}-И1"
    assert "1 500,00" in pdf_text(corrected.render("pdf"))
    numbers = set(
        s.scalars(
            select(IssuedDocument.number).where(
                IssuedDocument.kind == DocumentKind.VISIT_ACT, IssuedDocument.source_id == visit.id
            )
        )
    )
    assert numbers == {first.number, corrected.number}
    again = api.prepare(s, "visit-act", visit.id, settings=settings, today=TODAY)
    assert again.number == corrected.number


def test_invoice_keeps_its_own_number(s: Session, refs: dict[str, str], settings: Settings) -> None:
    prepared = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    assert prepared.number == refs["invoice"]


def test_no_series_no_new_number(s: Session) -> None:
    visit = done_visits(s, 1)[0]
    with pytest.raises(UserError, match="серия номеров"):
        api.prepare(s, "visit-act", visit.id, settings=demo_settings(document_series=""), today=TODAY)


def test_missing_requisites_are_named(s: Session, refs: dict[str, str]) -> None:
    with pytest.raises(UserError, match="ИНН"):
        api.prepare(s, "invoice", refs["invoice"], settings=demo_settings(company_inn=""), today=TODAY)
    with pytest.raises(UserError, match="БИК"):
        api.prepare(s, "invoice", refs["invoice"], settings=demo_settings(bank_bik=""), today=TODAY)


def test_unknown_record_and_form_say_so(s: Session, settings: Settings) -> None:
    with pytest.raises(UserError, match="не найдена"):
        api.prepare(s, "invoice", "НЕТ-ТАКОГО", settings=settings, today=TODAY)
    with pytest.raises(UserError, match="Нет формы"):
        api.prepare(s, "bill", "1", settings=settings, today=TODAY)


def test_batch_one_pdf_with_progress(s: Session, settings: Settings) -> None:
    ids = api.invoices_of_month(s, date(2026, 11, 1))
    assert len(ids) >= 5
    seen: list[tuple[int, int]] = []
    data = api.render_batch(
        s, "invoice", ids[:5], settings=settings, progress=lambda d, t: seen.append((d, t))
    )
    assert isinstance(data, bytes)
    text = pdf_text(data)
    numbers = [s.get(Invoice, i).number for i in ids[:5]]  # type: ignore[union-attr]
    assert all(n in text for n in numbers)
    assert seen[-1] == (10, 10) and [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_batch_folder_and_cancel(s: Session, settings: Settings) -> None:
    ids = api.invoices_of_month(s, date(2026, 11, 1))[:3]
    files = api.render_batch(s, "invoice", ids, settings=settings, one_pdf=False)
    assert isinstance(files, list) and len(files) == 3 and all(d.startswith(b"%PDF") for _n, d in files)
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    with pytest.raises(api.Cancelled):
        api.render_batch(s, "invoice", ids, settings=settings, cancelled=cancelled)


def test_reconciliation_keeps_its_period_on_reprint(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    period = (date(2026, 9, 1), date(2026, 10, 31))
    first = api.prepare(
        s, "reconciliation", refs["reconciliation"], settings=settings, today=TODAY, period=period
    )
    assert (first.data.date_from, first.data.date_to) == period
    again = api.prepare(s, "reconciliation", first.number, settings=settings, today=date(2027, 1, 10))
    assert (again.number, again.data.date_from, again.data.date_to) == (first.number, *period)
    other = api.prepare(s, "reconciliation", refs["reconciliation"], settings=settings, today=TODAY)
    assert other.number != first.number  # another period is another statement
    assert other.data.date_from == date(2026, 1, 1)


def test_claim_from_a_debtor_without_a_claim_record(s: Session, settings: Settings) -> None:
    from mos_desktop.documents.assembly.finance import debts_of
    from mos_desktop.models import Client

    debtor = next(c for c in s.scalars(select(Client).order_by(Client.name)) if debts_of(s, c.id, TODAY))
    prepared = api.prepare(s, "claim", debtor.inn, settings=settings, today=TODAY)
    assert prepared.data.total_kop == sum(d.unpaid_kop for d in debts_of(s, debtor.id, TODAY)) > 0
    assert prepared.issued is not None and prepared.issued.client_id == debtor.id
    assert "ПРЕТЕНЗИЯ" in pdf_text(prepared.render("pdf"))


def test_a_look_lays_the_document_out_and_issues_nothing(s: Session, settings: Settings) -> None:
    """``look`` (the print preview, a letter's attachment before it leaves) stores nothing; its number is
    the one issuing then stores, and a document issued before is recognised."""
    from sqlalchemy import func

    (visit,) = done_visits(s, 1)
    before = s.scalar(select(func.count()).select_from(IssuedDocument))
    seen = api.look(s, "visit-act", visit.id, settings=settings, today=TODAY)
    assert s.scalar(select(func.count()).select_from(IssuedDocument)) == before
    assert seen.issued_id is None and seen.pdf.startswith(b"%PDF")
    issued = api.prepare(s, "visit-act", visit.id, settings=settings, today=TODAY)
    assert seen.title.endswith(f"№ {issued.number}") and seen.file_names["pdf"].endswith(".pdf")
    assert api.look(s, "visit-act", visit.id, settings=settings, today=TODAY).issued_id == issued.issued.id
