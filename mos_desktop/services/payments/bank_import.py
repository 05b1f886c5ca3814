"""Bank statement import: parse → ``StatementPreview`` (nothing written) → ``import_statement`` (a command).

The preview shows every payment of the file with what the import would do with it: matched (settles
invoices), partly (a partial payment, or an excess left on the payment), unmatched (for manual
allocation), outgoing (recorded, for allocation to payables), skipped (transfers between our accounts,
or payments on nobody's account of ours), a duplicate (already imported: skipped and counted), or a
suspected duplicate (an imported payment agrees in four of the five identifying fields — date, number,
amount, payer's account, payer's ИНН — or was imported and reversed since): shown with the differing
field and imported only when the user ticks it (``StatementImportForm.accept_lines``).

``import_statement`` parses and matches again against the database as it is at that moment (the preview
may be minutes old, and sync may have brought payments meanwhile), then writes everything in the caller's
transaction: a broken file writes nothing.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    Client,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentDirection,
    PaymentSource,
)
from mos_desktop.models.base import utcnow
from mos_desktop.money import format_rub
from mos_desktop.russian import plural_ru as plural
from mos_desktop.services.payments.bulk import insert_rows
from mos_desktop.services.payments.matching import (
    Allocation,
    InvoiceBook,
    OpenInvoice,
    match_payment,
    normalize_number,
)
from mos_desktop.services.payments.statement import (
    BankStatement,
    Direction,
    StatementDocument,
    parse_statement,
)
from mos_desktop.services.queries import paid_by_invoice
from mos_desktop.timeutil import format_date


class LineStatus(StrEnum):
    MATCHED = "matched"
    PARTLY = "partly"
    UNMATCHED = "unmatched"
    OUTGOING = "outgoing"
    DUPLICATE = "duplicate"
    SUSPECT = "suspect"
    SKIPPED = "skipped"


LINE_STATUS_RU = {
    LineStatus.MATCHED: "сопоставлен",
    LineStatus.PARTLY: "частично",
    LineStatus.UNMATCHED: "не разнесён",
    LineStatus.OUTGOING: "исходящий",
    LineStatus.DUPLICATE: "уже загружен",
    LineStatus.SUSPECT: "похож на загруженный",
    LineStatus.SKIPPED: "пропущен",
}
KEY_FIELDS_RU = ("дата документа", "номер", "сумма", "счёт плательщика", "ИНН плательщика")
SUSPECT_WINDOW_DAYS = 31  # a suspected duplicate may differ in its date: look that far around the file


@dataclass(frozen=True)
class PreviewLine:
    """One payment of the file and what the import does with it."""

    line: int  # the file's line of «СекцияДокумент»: the key of the user's decision on a suspect
    status: LineStatus
    direction: Direction
    bank_date: date
    doc_date: date | None
    number: str
    amount_kop: int
    counterparty_inn: str  # the payer (incoming) or the recipient (outgoing)
    counterparty_name: str
    counterparty_account: str
    our_account: str
    purpose: str
    client_id: uuid.UUID | None = None
    client_name: str = ""
    allocations: tuple[Allocation, ...] = ()
    unallocated_kop: int = 0
    note: str = ""  # Russian: why this status, what is left to do
    duplicate_of: uuid.UUID | None = None  # the imported payment it repeats or resembles
    differs: tuple[str, ...] = ()  # suspects: the Russian names of the fields that differ
    import_key: str = ""  # what recognises the payment when a file repeats it (lines written only)

    @property
    def status_ru(self) -> str:
        return LINE_STATUS_RU[self.status]


@dataclass
class Tally:
    count: int = 0
    kop: int = 0

    def add(self, kop: int) -> None:
        self.count += 1
        self.kop += kop


@dataclass
class StatementSummary:
    matched: Tally = field(default_factory=Tally)
    partly: Tally = field(default_factory=Tally)
    unmatched: Tally = field(default_factory=Tally)
    outgoing: Tally = field(default_factory=Tally)
    duplicates: Tally = field(default_factory=Tally)
    suspects: Tally = field(default_factory=Tally)
    skipped: Tally = field(default_factory=Tally)

    def tally(self, status: LineStatus) -> Tally:
        return {
            LineStatus.MATCHED: self.matched,
            LineStatus.PARTLY: self.partly,
            LineStatus.UNMATCHED: self.unmatched,
            LineStatus.OUTGOING: self.outgoing,
            LineStatus.DUPLICATE: self.duplicates,
            LineStatus.SUSPECT: self.suspects,
            LineStatus.SKIPPED: self.skipped,
        }[status]

    def as_lines(self) -> list[str]:
        """Russian, one line per kind, empty kinds left out."""
        labels = (
            (self.matched, "Сопоставлено"),
            (self.partly, "Частично"),
            (self.unmatched, "Не разнесено (разнесите вручную)"),
            (self.outgoing, "Исходящие"),
            (self.duplicates, "Уже загружены, пропущены"),
            (self.suspects, "Похожи на загруженные — решите сами"),
            (self.skipped, "Пропущены (переводы между своими счетами)"),
        )
        lines = [
            f"{label}: {t.count} {plural(t.count, 'платёж', 'платежа', 'платежей')} на {format_rub(t.kop)}"
            for t, label in labels
            if t.count
        ]
        return lines or ["В выписке нет платежей"]

    def as_dict(self) -> dict[str, dict[str, int]]:
        names = ("matched", "partly", "unmatched", "outgoing", "duplicates", "suspects", "skipped")
        return {n: {"count": getattr(self, n).count, "kop": getattr(self, n).kop} for n in names}


@dataclass
class StatementPreview:
    file_name: str
    encoding: str
    accounts: tuple[str, ...]
    date_from: date | None
    date_to: date | None
    lines: list[PreviewLine]
    summary: StatementSummary
    warnings: tuple[str, ...] = ()


@dataclass
class StatementImportForm:
    """What the user confirmed in the preview: the file, our accounts from the settings, and the suspected
    duplicates (by ``PreviewLine.line``) to import anyway."""

    data: bytes
    file_name: str = ""
    our_accounts: frozenset[str] = frozenset()
    accept_lines: frozenset[int] = frozenset()


@dataclass
class StatementResult:
    changes: Changes
    summary: StatementSummary
    preview: StatementPreview


# --- reading the database -------------------------------------------------------------------------------
def load_book(session: Session) -> InvoiceBook:
    """Every live client by ИНН and every live issued invoice that still owes money."""
    book = InvoiceBook()
    for cid, inn, name in session.execute(
        select(Client.id, Client.inn, Client.name).where(Client.deleted_at.is_(None))
    ):
        book.add_client(cid, inn or "", name)
    paid = paid_by_invoice()
    remaining = Invoice.total_kop - func.coalesce(paid.c.paid_kop, 0)
    query = (
        select(
            Invoice.id,
            Invoice.client_id,
            Invoice.number,
            Invoice.external_number,
            Invoice.issued_on,
            remaining,
        )
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .where(Invoice.deleted_at.is_(None), Invoice.status == InvoiceStatus.ISSUED, remaining > 0)
    )
    book.add_invoices(OpenInvoice(*row) for row in session.execute(query))
    return book


Key = tuple[date | None, str, int, str, str]


def payment_key(doc_date: date | None, number: str, amount_kop: int, account: str, inn: str) -> Key:
    return (doc_date, normalize_number(number), amount_kop, account.strip(), inn.strip())


def import_key(key: Key) -> str:
    doc_date, number, amount, account, inn = key
    day = doc_date.isoformat().replace("-", "") if doc_date else "-"  # YYYYMMDD (strftime is slow)
    return f"{day}|{number}|{amount}|{account}|{inn}"


@dataclass
class _Seen:
    payment_id: uuid.UUID | None  # None: an earlier payment of the same file
    reversed: bool = False


def _partial_keys(key: Key) -> list[tuple[object, ...]]:
    """The key without each of its five fields in turn."""
    return [key[:i] + key[i + 1 :] for i in range(len(KEY_FIELDS_RU))]


class DuplicateIndex:
    """Imported payments by their five identifying fields, and by every four of them (suspects)."""

    def __init__(self) -> None:
        self.exact: dict[Key, _Seen] = {}
        self.partial: list[dict[tuple[object, ...], tuple[Key, _Seen]]] = [{} for _ in KEY_FIELDS_RU]

    def add(self, key: Key, seen: _Seen, partial_keys: list[tuple[object, ...]] | None = None) -> None:
        """``partial_keys``: ``_partial_keys(key)`` if the caller has them already."""
        self.exact.setdefault(key, seen)
        for index, part in zip(self.partial, partial_keys or _partial_keys(key), strict=True):
            index.setdefault(part, (key, seen))

    def find(
        self, key: Key, partial_keys: list[tuple[object, ...]] | None = None
    ) -> tuple[str, _Seen | None, tuple[str, ...]]:
        """("exact" | "suspect" | "", the payment, the differing fields)."""
        seen = self.exact.get(key)
        if seen is not None:
            return ("suspect", seen, ()) if seen.reversed else ("exact", seen, ())
        for i, (index, part) in enumerate(zip(self.partial, partial_keys or _partial_keys(key), strict=True)):
            hit = index.get(part)
            if hit is not None:
                return "suspect", hit[1], (KEY_FIELDS_RU[i],)
        return "", None, ()


def _load_duplicates(session: Session, statement: BankStatement) -> DuplicateIndex:
    """The payments that a document of the statement may repeat: imported ones of any number (a payment
    without «Номер» is recognised by its date, amount, account and ИНН) and numbered manual ones, by the
    payment order's date or, where the file had none, the bank's date."""
    index = DuplicateIndex()
    dates = [
        on for d in statement.documents if (on := d.doc_date or d.received_on or d.written_off_on) is not None
    ]
    if not dates:
        return index
    window = timedelta(days=SUSPECT_WINDOW_DAYS)
    reversed_ids = set(
        session.scalars(
            select(Payment.reverses_id).where(Payment.reverses_id.is_not(None), Payment.deleted_at.is_(None))
        )
    )
    day = func.coalesce(Payment.bank_doc_date, Payment.received_on)
    query = select(
        Payment.id, day, Payment.bank_doc_number, Payment.amount_kop, Payment.payer_account, Payment.payer_inn,
    ).where(
        Payment.deleted_at.is_(None),
        Payment.reverses_id.is_(None),
        or_(Payment.bank_doc_number != "", Payment.source == PaymentSource.BANK_IMPORT),
        day >= min(dates) - window,
        day <= max(dates) + window,
    )  # fmt: skip
    for pid, doc_date, number, amount, account, inn in session.execute(query):
        index.add(payment_key(doc_date, number, amount, account, inn), _Seen(pid, pid in reversed_ids))
    return index


# --- preview --------------------------------------------------------------------------------------------
def _counterparty(doc: StatementDocument, direction: Direction) -> tuple[str, str, str, str]:
    """(ИНН, name, account, our account) of the other side."""
    if direction == Direction.OUTGOING:
        return doc.payee_inn, doc.payee_name, doc.payee_account, doc.payer_account
    return doc.payer_inn, doc.payer_name, doc.payer_account, doc.payee_account


def _build(
    session: Session,
    statement: BankStatement,
    ours: frozenset[str],
    accept: frozenset[int],
    book: InvoiceBook,
) -> list[PreviewLine]:
    duplicates = _load_duplicates(session, statement)
    lines: list[PreviewLine] = []
    add = lines.append
    for doc in statement.documents:
        direction = doc.direction(ours)
        inn, name, account, our_account = _counterparty(doc, direction)
        # One PreviewLine per payment, built once with its final fields (10,000 lines a statement).
        status = LineStatus.SKIPPED
        client_id: uuid.UUID | None = None
        client_name = ""
        allocations: tuple[Allocation, ...] = ()
        unallocated = 0
        duplicate_of: uuid.UUID | None = None
        differs: tuple[str, ...] = ()
        dedup_key = ""
        if direction == Direction.INTERNAL:
            note = "перевод между своими счетами"
        elif direction == Direction.FOREIGN:
            note = "ни счёт плательщика, ни счёт получателя не наши — проверьте счета в Настройках"
        else:
            day = doc.doc_date or doc.bank_date(direction) or date.min  # no «Дата»: the bank's date
            key = payment_key(day, doc.number, doc.amount_kop, account, inn)
            parts = _partial_keys(key)
            kind, seen, differs = duplicates.find(key, parts)
            if seen is not None:
                duplicate_of = seen.payment_id
            if kind == "exact":
                status = LineStatus.DUPLICATE
                where = "в этом же файле" if seen and seen.payment_id is None else "раньше"
                note = f"уже загружен {where} — пропущен"
            elif kind == "suspect" and doc.line not in accept:
                status = LineStatus.SUSPECT
                what = (
                    "такой платёж загружали и сторнировали"
                    if not differs
                    else f"похож на загруженный, отличается: {', '.join(differs)}"
                )
                note = f"{what} — отметьте, если это другой платёж"
            else:
                duplicate_of, differs = None, ()
                duplicates.add(key, _Seen(None), parts)
                dedup_key = import_key(key)
                if direction == Direction.OUTGOING:
                    status, unallocated = LineStatus.OUTGOING, doc.amount_kop
                    note = "списание с нашего счёта — не поступление, разносить не нужно"
                else:
                    match = match_payment(book, inn, doc.amount_kop, doc.purpose)
                    book.apply(match.allocations)
                    status = LineStatus(match.status.value)
                    client_id = match.client_id
                    client_name = book.client_names.get(client_id, "") if client_id else ""
                    allocations = match.allocations
                    unallocated = match.unallocated_kop
                    note = match.note
        add(
            PreviewLine(
                doc.line,
                status,
                direction,
                doc.bank_date(direction) or date.min,
                doc.doc_date,
                doc.number,
                doc.amount_kop,
                inn,
                name,
                account,
                our_account,
                doc.purpose,
                client_id,
                client_name,
                allocations,
                unallocated,
                note,
                duplicate_of,
                differs,
                dedup_key,
            )
        )
    return lines


def _our_accounts(statement: BankStatement, ours: frozenset[str]) -> frozenset[str]:
    return frozenset(statement.accounts) | ours


def _preview(
    session: Session, data: bytes, file_name: str, ours: frozenset[str], accept: frozenset[int]
) -> StatementPreview:
    with _collector_paused():
        statement = parse_statement(data)
        book = load_book(session)
        lines = _build(session, statement, _our_accounts(statement, ours), accept, book)
    summary = StatementSummary()
    for line in lines:
        summary.tally(line.status).add(line.amount_kop)
    return StatementPreview(
        file_name=file_name,
        encoding=statement.encoding,
        accounts=statement.accounts,
        date_from=statement.date_from,
        date_to=statement.date_to,
        lines=lines,
        summary=summary,
        warnings=statement.warnings,
    )


def preview_statement(
    session: Session, data: bytes, *, file_name: str = "", our_accounts: frozenset[str] = frozenset()
) -> StatementPreview:
    """What importing ``data`` would do; writes nothing. ``StatementError`` (a ``UserError`` naming the
    line) for a broken file."""
    return _preview(session, data, file_name, our_accounts, frozenset())


# --- the command ----------------------------------------------------------------------------------------
def apply_statement(
    session: Session, form: StatementImportForm, *, user: str, today: date
) -> StatementResult:
    """Import the statement: new payments (incoming and outgoing) with their allocations; duplicates and
    unticked suspects skipped. Everything or nothing: a broken file raises before any write."""
    with _collector_paused(), _large_cache(session):
        return _apply(session, form, user=user)


def _apply(session: Session, form: StatementImportForm, *, user: str) -> StatementResult:
    preview = _preview(session, form.data, form.file_name, form.our_accounts, form.accept_lines)
    payments: list[dict[str, object]] = []
    allocations: list[dict[str, object]] = []
    written = (LineStatus.MATCHED, LineStatus.PARTLY, LineStatus.UNMATCHED, LineStatus.OUTGOING)
    note = f"Выписка {form.file_name}".strip() if form.file_name else "Выписка"
    now = utcnow()  # one time for the whole statement (and no default called per row)
    for line in preview.lines:
        if line.status not in written:
            continue
        pid = uuid7()
        payments.append(
            {
                "id": pid,
                "received_on": line.bank_date,
                "amount_kop": line.amount_kop,
                "client_id": line.client_id,
                "payer_inn": line.counterparty_inn[:12],
                "payer_name": line.counterparty_name[:300],
                "payer_account": line.counterparty_account[:20],
                "purpose": line.purpose,
                "bank_doc_number": line.number[:40],
                "bank_doc_date": line.doc_date,
                "source": PaymentSource.BANK_IMPORT,
                "import_key": line.import_key[:200],
                "direction": PaymentDirection.OUTGOING
                if line.status == LineStatus.OUTGOING
                else PaymentDirection.INCOMING,
                "our_account": line.our_account[:20],
                "reason": note[:300],
                "created_by": user,
                "updated_by": user,
                "created_at": now,
                "updated_at": now,
            }
        )
        for a in line.allocations:
            allocations.append(
                {
                    "id": uuid7(),
                    "payment_id": pid,
                    "invoice_id": a.invoice_id,
                    "amount_kop": a.amount_kop,
                    "created_by": user,
                    "updated_by": user,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    insert_rows(session, Payment, payments)
    insert_rows(session, PaymentAllocation, allocations)
    session.flush()
    summary = preview.summary
    head = f"Выписка загружена: {len(payments)} {plural(len(payments), 'платёж', 'платежа', 'платежей')}"
    if summary.duplicates.count:
        head += f", уже загруженных пропущено: {summary.duplicates.count}"
    changes = Changes.of(
        Area.PAYMENTS,
        Area.INVOICES,
        Area.CALLS,
        Area.CLIENTS,
        ids=[p["id"] for p in payments],  # type: ignore[misc]
        message=head,
    )
    return StatementResult(changes, summary, preview)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a statement is read, matched and written: that makes a few
    hundred thousand small acyclic objects, and the collections they trigger rescan the whole heap —
    half the time of the preview. Switched back on (if it was) however the block ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _large_cache(session: Session) -> Iterator[None]:
    """SQLite's page cache raised to 64 MB while a statement is written: 10,000 payments and their outbox
    rows overflow the default 2 MB, and spilling pages mid-transaction costs about a tenth of the import.
    The connection's own size is restored afterwards."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size=-65536")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def import_statement(session: Session, form: StatementImportForm, *, user: str, today: date) -> Changes:
    """The command in the convention of ``mos_desktop.changes`` (``apply_statement`` also returns the
    summary and the lines)."""
    return apply_statement(session, form, user=user, today=today).changes


def describe_line(line: PreviewLine) -> str:
    """One Russian line for the CLI and logs."""
    who = line.client_name or line.counterparty_name or "—"
    return (
        f"{format_date(line.bank_date)} № {line.number or '—'} {format_rub(line.amount_kop)} {who}: "
        f"{line.status_ru}" + (f" ({line.note})" if line.note else "")
    )
