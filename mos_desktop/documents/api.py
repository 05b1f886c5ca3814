"""What the GUI and the CLI call: render a form of a record as PDF or DOCX, a batch with progress and
cancel, the issued-document records that make a re-print reproduce the same number and content.

    render(session, "invoice", "АП-2026-11-0001", "pdf", settings=settings) -> bytes

A first print of a record stores an ``IssuedDocument`` (kind, number, date, record, total, and the form's
data as a snapshot: ``documents.snapshot``) in the caller's transaction; every later print of that record
(by the record's id or number, or by the document's number) shows the same number, date and content — laid
out from the snapshot, so requisites changed in the settings later do not leak into it; by the issued
document's own id, that very version (an older one too). When the record's total has changed since, the print is refused until the
user asks for a correction (``new_version=True``): a new document «…-И1» is stored, the old one kept.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop import config
from mos_desktop.changes import Changes
from mos_desktop.documents import numbering, snapshot
from mos_desktop.documents.company import Company, Options, company_from_settings, options_from_settings
from mos_desktop.documents.kinds import FORMS, Form
from mos_desktop.documents.render.blocks import Page
from mos_desktop.errors import UserError
from mos_desktop.models import Client, DocumentKind, Invoice, IssuedDocument, Shipment
from mos_desktop.models.billing import InvoiceStatus
from mos_desktop.money import format_rub
from mos_desktop.timeutil import today_moscow

log = logging.getLogger(__name__)

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = ("pdf", "docx")
# Closing papers of a shipment: issuing one moves the shipment's documents to «отправлены» (Логистика).
CLOSING_KINDS = frozenset({DocumentKind.TORG12, DocumentKind.UPD})


@dataclass(frozen=True)
class Prepared:
    """One form ready to render: its data, its layout and the issued-document record it belongs to."""

    form: Form
    data: Any
    page: Page
    issued: IssuedDocument | None
    changes: Changes | None = None  # what issuing changed besides the document (a shipment's docs status)

    @property
    def number(self) -> str:
        return str(self.data.number)

    def render(self, fmt: Format) -> bytes:
        return render_page(self.page, fmt)

    def file_name(self, fmt: Format) -> str:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.number)
        return f"{self.form.title} {safe}.{fmt}".replace("/", "_")


def render_page(page: Page, fmt: Format) -> bytes:
    if fmt == "pdf":
        from mos_desktop.documents.render.pdf import render_pdf

        return render_pdf(page)
    if fmt == "docx":
        from mos_desktop.documents.render.docx import render_docx

        return render_docx(page)
    raise UserError(f"Формат «{fmt}» не поддерживается: выберите pdf или docx")


def form_of(kind: str) -> Form:
    form = FORMS.get(kind)
    if form is None:
        raise UserError(f"Нет формы «{kind}». Доступны: " + ", ".join(FORMS))
    return form


def _context(settings: Any) -> tuple[Company, Options]:
    return company_from_settings(settings), options_from_settings(settings)


def prepare(
    session: Session,
    kind: str,
    ref: str | uuid.UUID,
    *,
    settings: config.Settings | Any,
    today: date | None = None,
    user: str | None = None,
    new_version: bool = False,
    period: tuple[date | None, date | None] = (None, None),
) -> Prepared:
    """Find the record (and its issued document), assemble the form's data and lay it out.

    ``period`` is for the reconciliation statement: (from, to), each defaulting to 1 January and today.
    """
    form = form_of(kind)
    if not new_version:
        exact = _stored_copy(session, form, str(ref))
        if exact is not None:
            return exact
    company, options = _context(settings)
    today = today or today_moscow()
    user = user if user is not None else config.current_user(settings)
    issued, record, stored_period = _resolve(session, form, str(ref), _period(form, period, today))
    extra: dict[str, Any] = {}
    if form.takes_period:
        extra["period"] = stored_period or _period(form, period, today)
    if issued is not None and not new_version:
        data = form.assemble(
            session, record, company, options, number=issued.number, day=issued.issued_on, **extra
        )
        if form.kind is not None and data.total_kop != issued.total_kop:
            raise UserError(
                f"{form.title} № {issued.number} выпущен на сумму {format_rub(issued.total_kop)}, а сейчас "
                f"по записи {format_rub(data.total_kop)}: запись изменилась после выпуска. "
                "Выпустите исправленный документ (в командной строке — параметр --new-version); "
                "прежний сохранится."
            )
        data = _snapshot_of(issued) or data  # what was printed, whatever the settings say now
        return Prepared(form, data, form.layout(data), issued)
    day = form.date_of(record, today)
    if form.kind is None:
        number = form.own_number(record) if form.own_number else ""
        data = form.assemble(session, record, company, options, number=number, day=day, **extra)
        return Prepared(form, data, form.layout(data), None)
    if issued is not None:
        number = numbering.correction_number(session, form.kind, issued.number)
    elif form.own_number is not None:
        number = form.own_number(record)
    else:
        number = numbering.next_number(session, form.kind, options.series, day)
    data = form.assemble(session, record, company, options, number=number, day=day, **extra)
    row = IssuedDocument(
        kind=form.kind,
        number=number,
        issued_on=day,
        client_id=record.id if isinstance(record, Client) else getattr(record, "client_id", None),
        source_table=form.source_table(record, extra.get("period")),
        source_id=record.id,
        total_kop=data.total_kop,
        created_by=user,
        updated_by=user,
    )
    prepared = Prepared(form, data, form.layout(data), row)
    row.file_name = prepared.file_name("pdf")
    row.snapshot = snapshot.dumps(data)
    session.add(row)
    session.flush()
    if form.kind in CLOSING_KINDS and isinstance(record, Shipment):
        from mos_desktop.services.logistics import DocsIssuedForm, mark_docs_issued

        changes = mark_docs_issued(
            session, DocsIssuedForm(record.id, f"{form.title} № {number}"), user=user, today=today
        )
        prepared = dataclasses.replace(prepared, changes=changes)
    return prepared


@dataclass(frozen=True)
class Look:
    """A document as issuing it would make it, not issued (the print dialog's preview, a letter's
    attachment before the letter leaves)."""

    title: str  # «Счёт на оплату № АП-2026-11-0001»
    file_names: dict[str, str]  # format → the file's name
    pdf: bytes
    issued_id: uuid.UUID | None  # the document's id when it had been issued before this look


def look(
    session: Session,
    kind: str,
    ref: str | uuid.UUID,
    *,
    settings: config.Settings | Any,
    today: date | None = None,
    user: str | None = None,
) -> Look:
    """Lay the document out without issuing it: ``prepare`` inside a savepoint that is rolled back, so
    nothing is stored and no shipment's papers move; its number is the one issuing will store (the
    series is this workstation's own)."""
    from sqlalchemy import inspect

    savepoint = session.begin_nested()
    try:
        prepared = prepare(session, kind, ref, settings=settings, today=today, user=user)
        pdf = prepared.render("pdf")
        title = f"{prepared.form.title} № {prepared.number}"
        file_names = {fmt: prepared.file_name(fmt) for fmt in ("pdf", "docx")}
        issued = prepared.issued
    finally:
        savepoint.rollback()
    issued_id = issued.id if issued is not None and inspect(issued).persistent else None
    return Look(title, file_names, pdf, issued_id)


def _stored_copy(session: Session, form: Form, ref: str) -> Prepared | None:
    """An issued document asked for by its own id, laid out from its snapshot: that very version (an
    older one too), without the record or the settings of today."""
    if form.kind is None:
        return None
    try:
        issued = session.get(IssuedDocument, uuid.UUID(ref))
    except ValueError:
        return None
    if issued is None or issued.kind != form.kind or issued.deleted_at is not None:
        return None
    data = _snapshot_of(issued)
    return Prepared(form, data, form.layout(data), issued) if data is not None else None


def _snapshot_of(issued: IssuedDocument) -> Any | None:
    if not issued.snapshot:
        return None  # issued before snapshots were kept (or by the demo): assembled again
    try:
        return snapshot.loads(issued.snapshot)
    except (ValueError, TypeError, KeyError, AttributeError, ImportError):
        log.warning("snapshot of issued document %s unreadable; assembling it again", issued.id)
        return None


def form_key_of(kind: DocumentKind | str) -> str:
    """The form (the CLI's KIND) an issued document's kind is printed with."""
    for key, form in FORMS.items():
        if form.kind is not None and form.kind == kind:
            return key
    raise UserError(f"Нет печатной формы для документов вида «{kind}»")


def _period(form: Form, period: tuple[date | None, date | None], today: date) -> tuple[date, date] | None:
    if not form.takes_period:
        return None
    return (period[0] or date(today.year, 1, 1), period[1] or today)


def _stored_period(source_table: str) -> tuple[date, date] | None:
    parts = source_table.split(":")
    if len(parts) != 3:
        return None
    try:
        return date.fromisoformat(parts[1]), date.fromisoformat(parts[2])
    except ValueError:
        return None


def _resolve(
    session: Session, form: Form, ref: str, period: tuple[date, date] | None
) -> tuple[IssuedDocument | None, Any, tuple[date, date] | None]:
    """(latest issued document, record, the issued document's period) for a record id / number or an
    issued document's id / number."""
    if form.kind is not None:
        query = select(IssuedDocument).where(
            IssuedDocument.kind == form.kind, IssuedDocument.deleted_at.is_(None)
        )
        try:
            issued = session.scalars(query.where(IssuedDocument.id == uuid.UUID(ref))).first()
        except ValueError:
            issued = session.scalars(query.where(IssuedDocument.number == ref)).first()
        if issued is not None:
            table = issued.source_table.split(":")[0]
            model = next((m for m in _models() if m.__tablename__ == table), form.model)
            record = session.get(model, issued.source_id) if issued.source_id else None
            if record is None:
                raise UserError(f"Запись, по которой выпущен документ № {issued.number}, не найдена в базе")
            stored = _stored_period(issued.source_table)
            return _latest(session, form, record, stored) or issued, record, stored
    record = form.find(session, ref)
    if record is None or record.deleted_at is not None:
        raise UserError(f"{form.title}: запись «{ref}» не найдена. Проверьте номер или идентификатор.")
    if form.kind is None:
        return None, record, None
    return _latest(session, form, record, period), record, None


def _models() -> list[type[Any]]:
    return list({f.model for f in FORMS.values()} | {Client})


def _latest(
    session: Session, form: Form, record: Any, period: tuple[date, date] | None
) -> IssuedDocument | None:
    return session.scalars(
        select(IssuedDocument)
        .where(
            IssuedDocument.kind == form.kind,
            IssuedDocument.source_table == form.source_table(record, period),
            IssuedDocument.source_id == record.id,
            IssuedDocument.deleted_at.is_(None),
        )
        .order_by(IssuedDocument.created_at.desc(), IssuedDocument.id.desc())
        .limit(1)
    ).first()


def invoices_of_month(session: Session, month: date) -> list[uuid.UUID]:
    """Issued (not cancelled) invoices dated in ``month``, by number: the batch of «print invoices»."""
    start = month.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return list(
        session.scalars(
            select(Invoice.id)
            .where(
                Invoice.issued_on >= start,
                Invoice.issued_on < end,
                Invoice.status == InvoiceStatus.ISSUED,
                Invoice.deleted_at.is_(None),
            )
            .order_by(Invoice.number)
        )
    )


def render(
    session: Session,
    kind: str,
    record_id_or_number: str | uuid.UUID,
    fmt: Format,
    *,
    settings: config.Settings | Any,
    today: date | None = None,
    user: str | None = None,
    new_version: bool = False,
    period: tuple[date | None, date | None] = (None, None),
) -> bytes:
    """The form ``kind`` of one record as PDF or DOCX bytes (stores the issued document on first print)."""
    prepared = prepare(
        session,
        kind,
        record_id_or_number,
        settings=settings,
        today=today,
        user=user,
        new_version=new_version,
        period=period,
    )
    return prepared.render(fmt)


class Cancelled(UserError):
    def __init__(self, done: int) -> None:
        super().__init__(f"Печать прервана: готово {done} документов")
        self.done = done


Progress = Callable[[int, int], None]


def render_batch(
    session: Session,
    kind: str,
    refs: Sequence[str | uuid.UUID],
    *,
    settings: config.Settings | Any,
    one_pdf: bool = True,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    user: str | None = None,
) -> bytes | list[tuple[str, bytes]]:
    """Many records of one form: one merged PDF (``one_pdf``) or a list of (file name, PDF bytes).

    ``progress(done, total)`` is called after each document; ``cancelled()`` is checked before each one
    and raises ``Cancelled`` (the caller rolls back, so no half batch of issued documents stays stored).
    """
    total = len(refs)
    if not total:
        raise UserError("Нет документов для печати")
    steps = 2 * total if one_pdf else total

    def step(done: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(done if not one_pdf else max(0, done - total))
        if progress is not None:
            progress(done, steps)

    files: list[tuple[str, bytes]] = []
    pages: list[Page] = []
    for index, ref in enumerate(refs):
        step(index)
        prepared = prepare(session, kind, ref, settings=settings, today=today, user=user)
        if one_pdf:
            pages.append(prepared.page)
        else:
            files.append((prepared.file_name("pdf"), prepared.render("pdf")))
    if not one_pdf:
        step(total)
        return files
    from mos_desktop.documents.render.pdf import render_pdf_many

    data = render_pdf_many(pages, on_document=lambda index: step(total + index))
    step(steps)
    return data
