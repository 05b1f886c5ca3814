"""The bank statement file: 1CClientBankExchange, read as leniently as the banks write it.

What real files do and this parser accepts: Windows-1251 (the usual), DOS (cp866), UTF-8 with or without a
BOM whatever ``Кодировка=`` says; CRLF, LF or CR line ends; unknown keys, empty values, keys repeated;
``Номер`` with letters (kept as text, never a number); several ``СекцияРасчСчет`` blocks (one per account or
per day; every one is kept); the purpose split over ``НазначениеПлатежа1…6``; ``ПлательщикРасчСчет`` of the
old format beside ``ПлательщикСчет``; amounts with a comma or spaces.

What it refuses, naming the line, so that nothing of a broken file is imported: no
``1CClientBankExchange`` header, a document without an amount or with a bad one, a bad date, a document
or the file cut short (no ``КонецДокумента`` / ``КонецФайла``).

The bank date of a payment is ``ДатаПоступило`` (money in) or ``ДатаСписано`` (money out); ``Дата`` is the
payment order's own date (``doc_date``), kept for recognising the same payment in another file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from mos_desktop.errors import UserError

HEADER = "1CClientBankExchange"
DOC_START = "СекцияДокумент"
DOC_END = "КонецДокумента"
ACCOUNT_START = "СекцияРасчСчет"
ACCOUNT_END = "КонецРасчСчет"
FILE_END = "КонецФайла"
PURPOSE_PARTS = tuple(f"НазначениеПлатежа{i}" for i in range(1, 7))

_AMOUNT = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{2}|[0-9]{4})")
# Keys that identify the charset: every statement has them, and they are Cyrillic.
_MARKERS = ("Сумма=", "СекцияДокумент", "Кодировка=", "РасчСчет")


class StatementError(UserError):
    """A broken statement file; ``line`` is the 1-based line the user can look at (0: the file itself)."""

    def __init__(self, line: int, message: str) -> None:
        where = f"строка {line}: " if line else ""
        super().__init__(f"Файл выписки не загружен, {where}{message}")
        self.line = line


class Direction(StrEnum):
    INCOMING = "incoming"  # the recipient's account is ours
    OUTGOING = "outgoing"  # the payer's account is ours
    INTERNAL = "internal"  # between two of our accounts
    FOREIGN = "foreign"  # neither account is ours: not our statement, or our account is not in settings


@dataclass(frozen=True)
class AccountSection:
    """One ``СекцияРасчСчет`` block: an account's balances over a period (or a day)."""

    line: int
    account: str
    date_from: date | None
    date_to: date | None
    opening_kop: int | None
    incoming_kop: int | None
    outgoing_kop: int | None
    closing_kop: int | None
    fields: dict[str, str]


@dataclass(frozen=True)
class StatementDocument:
    """One ``СекцияДокумент`` block: a payment as the bank shows it. ``fields`` keeps every key."""

    line: int  # the line of «СекцияДокумент=…»
    kind: str  # «Платежное поручение», «Банковский ордер», ...
    number: str  # text: «123», «00045», «А-17»
    doc_date: date | None  # ``Дата``: the payment order's own date
    amount_kop: int
    payer_inn: str
    payer_name: str
    payer_account: str
    payer_kpp: str
    payee_inn: str
    payee_name: str
    payee_account: str
    received_on: date | None  # ``ДатаПоступило``
    written_off_on: date | None  # ``ДатаСписано``
    purpose: str
    fields: dict[str, str]

    def direction(self, ours: frozenset[str]) -> Direction:
        payee_ours = self.payee_account in ours
        payer_ours = self.payer_account in ours
        if payee_ours and payer_ours:
            return Direction.INTERNAL
        if payee_ours:
            return Direction.INCOMING
        if payer_ours:
            return Direction.OUTGOING
        return Direction.FOREIGN

    def bank_date(self, direction: Direction) -> date | None:
        """The day the money moved on our account: received (in) or written off (out)."""
        if direction == Direction.INCOMING:
            first, second = self.received_on, self.written_off_on
        else:
            first, second = self.written_off_on, self.received_on
        return first or second or self.doc_date


@dataclass(frozen=True)
class BankStatement:
    encoding: str  # the Python codec the file was read with
    header: dict[str, str]
    accounts: tuple[str, ...]  # the header's ``РасчСчет`` lines and every section's account
    date_from: date | None
    date_to: date | None
    sections: tuple[AccountSection, ...]
    documents: tuple[StatementDocument, ...]
    warnings: tuple[str, ...] = field(default=())


# --- encoding -------------------------------------------------------------------------------------------
def detect_encoding(data: bytes) -> str:
    """BOM first; then valid UTF-8 (some banks write it whatever the header says); then ``Кодировка=``
    (``DOS`` → cp866, otherwise Windows-1251), checked against the charset the file's keys decode in."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    declared = _declared_charset(data)
    candidates = [declared] + [c for c in ("cp1251", "cp866") if c != declared]
    for charset in candidates:
        if any(marker.encode(charset) in data for marker in _MARKERS):
            return charset
    return declared


def _declared_charset(data: bytes) -> str:
    for charset in ("cp1251", "cp866"):
        key = "Кодировка=".encode(charset)
        at = data.find(key)
        if at >= 0:
            value = data[at + len(key) : at + len(key) + 16].split(b"\n")[0].strip().upper()
            return "cp866" if value.startswith((b"DOS", b"CP866", b"866")) else "cp1251"
    return "cp1251"


# --- values ---------------------------------------------------------------------------------------------
def parse_amount(text: str, line: int) -> int:
    """«1234.56», «1234,56», «1 234.5», «1234» → kopecks, exactly (integers, no float); anything else
    refused."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if not _AMOUNT.fullmatch(cleaned):
        shown = text or "пусто"
        raise StatementError(line, f"сумма «{shown}» не читается — ожидается число вида 1234.56")
    rubles, _, fraction = cleaned.replace(",", ".").partition(".")
    fraction = fraction.rstrip("0")
    if len(fraction) > 2:
        raise StatementError(line, f"сумма «{text}»: больше двух знаков после точки")
    return int(rubles) * 100 + int(fraction.ljust(2, "0"))


_DAYS: dict[str, date] = {}  # a statement repeats a few dozen dates thousands of times


def parse_day(text: str, line: int, key: str) -> date | None:
    """«15.10.2026» (or «15.10.26»); empty → None; anything else refused with the line."""
    text = text.strip()
    if not text:
        return None
    known = _DAYS.get(text)
    if known is not None:
        return known
    m = _DATE.fullmatch(text)
    if m is not None:
        day, month, year = (int(g) for g in m.groups())
        if year < 100:
            year += 2000
        try:
            value = date(year, month, day)
        except ValueError:
            pass
        else:
            if len(_DAYS) < 10_000:
                _DAYS[text] = value
            return value
    raise StatementError(line, f"{key}: дата «{text}» не читается — ожидается ДД.ММ.ГГГГ")


def _optional_amount(fields: dict[str, str], key: str, lines: dict[str, int]) -> int | None:
    value = fields.get(key, "")
    return parse_amount(value, lines[key]) if value else None


def _lenient_day(text: str) -> date | None:
    """A header date: informative only, so a bad one is ignored rather than refused."""
    try:
        return parse_day(text, 0, "")
    except StatementError:
        return None


# --- the file -------------------------------------------------------------------------------------------
def parse_statement(data: bytes) -> BankStatement:
    """The whole file, or ``StatementError`` naming the line; nothing half-read is returned."""
    if not data.strip():
        raise StatementError(0, "файл пустой")
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    return _Reader(_split_lines(text), encoding).read()


def _split_lines(text: str) -> list[str]:
    """Lines at CRLF, LF or CR (a regex split on ``\\r\\n|\\r|\\n`` gives the same), by plain string
    splits: the regex took a tenth of reading a 10,000-payment file."""
    crlf = text.count("\r\n")
    if crlf == text.count("\n") == text.count("\r"):  # Windows line ends only (the usual)
        return text.split("\r\n") if crlf else [text]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class _Reader:
    def __init__(self, lines: list[str], encoding: str) -> None:
        self.lines = lines
        self.encoding = encoding
        self.header: dict[str, str] = {}
        self.header_accounts: list[str] = []
        self.sections: list[AccountSection] = []
        self.documents: list[StatementDocument] = []
        self.warnings: list[str] = []

    def read(self) -> BankStatement:
        lines = self.lines
        n = 0
        total = len(lines)
        while n < total and not lines[n].strip().lstrip("\ufeff"):
            n += 1
        if n >= total or lines[n].strip().lstrip("\ufeff") != HEADER:
            raise StatementError(
                n + 1 if n < total else 0,
                f"нет заголовка «{HEADER}» — это не выписка в формате 1С (выгрузите выписку из банка "
                "в формате «1С: Предприятие»)",
            )
        n += 1
        block: dict[str, str] | None = None
        block_lines: dict[str, int] = {}
        block_kind = ""  # "account" (documents are read by _read_document)
        block_start = 0
        ended = False
        while n < total:
            raw = lines[n]
            n += 1
            stripped = raw.strip()
            if not stripped:
                continue
            key, eq, value = stripped.partition("=")
            key = key.strip()
            value = value.strip()
            if key == DOC_START and eq:
                if block is not None:
                    self._unclosed(block_kind, block_start, n)
                n = self._read_document(n, value)
                continue
            if key == ACCOUNT_START and not value:
                if block is not None:
                    self._unclosed(block_kind, block_start, n)
                block, block_lines, block_kind, block_start = {}, {}, "account", n
                continue
            if not eq:
                if key == DOC_END:  # a document's own end is read by _read_document
                    self.warnings.append(f"строка {n}: «{DOC_END}» без начала документа — пропущено")
                elif key == ACCOUNT_END:
                    if block_kind != "account" or block is None:
                        self.warnings.append(f"строка {n}: «{ACCOUNT_END}» без начала секции — пропущено")
                        continue
                    self.sections.append(self._section(block, block_lines, block_start))
                    block, block_kind = None, ""
                elif key == FILE_END:
                    if block is not None:
                        self._unclosed(block_kind, block_start, n)
                    ended = True
                    break
                else:
                    self.warnings.append(f"строка {n}: «{stripped[:40]}» не понята — пропущена")
                continue
            target = block if block is not None else self.header
            if block is None and key == "РасчСчет":
                if value:
                    self.header_accounts.append(value)
                self.header.setdefault(key, value)
                continue
            if key not in target or (not target[key] and value):
                target[key] = value
                if block is not None:
                    block_lines[key] = n
        if not ended:
            if block is not None:
                self._unclosed(block_kind, block_start, total)
            raise StatementError(
                total,
                f"файл оборван — нет строки «{FILE_END}». Выгрузите выписку из банка заново",
            )
        accounts = list(
            dict.fromkeys([*self.header_accounts, *(s.account for s in self.sections if s.account)])
        )
        return BankStatement(
            encoding=self.encoding,
            header=self.header,
            accounts=tuple(accounts),
            date_from=_lenient_day(self.header.get("ДатаНачала", "")),
            date_to=_lenient_day(self.header.get("ДатаКонца", "")),
            sections=tuple(self.sections),
            documents=tuple(self.documents),
            warnings=tuple(self.warnings),
        )

    def _read_document(self, start: int, kind: str) -> int:
        """The block of the «СекцияДокумент» at line ``start`` (1-based) up to its «КонецДокумента»:
        the statement's bulk (about 17 lines a payment), so read by this loop of its own. Returns the
        index of the line after the block."""
        lines = self.lines
        total = len(lines)
        fields: dict[str, str] = {}
        field_lines: dict[str, int] = {}
        n = start
        while n < total:
            raw = lines[n]
            n += 1
            key, eq, value = raw.partition("=")
            key = key.strip()
            if eq:
                value = value.strip()
                if key == DOC_START or (key == ACCOUNT_START and not value):
                    self._unclosed("doc", start, n)
                if key not in fields or (not fields[key] and value):
                    fields[key] = value
                    field_lines[key] = n
                continue
            if not key:
                continue
            if key == DOC_END:
                self.documents.append(self._document(fields, field_lines, start, kind))
                return n
            if key in (ACCOUNT_START, FILE_END):
                self._unclosed("doc", start, n)
            if key == ACCOUNT_END:
                self.warnings.append(f"строка {n}: «{ACCOUNT_END}» без начала секции — пропущено")
            else:
                self.warnings.append(f"строка {n}: «{key[:40]}» не понята — пропущена")
        self._unclosed("doc", start, total)
        return total

    @staticmethod
    def _unclosed(kind: str, start: int, at: int) -> None:
        if kind == "doc":
            raise StatementError(
                start,
                f"документ не закончен строкой «{DOC_END}» (следующая секция или конец файла — строка {at}); "
                "файл оборван или испорчен — выгрузите выписку заново",
            )
        raise StatementError(
            start,
            f"секция счёта не закончена строкой «{ACCOUNT_END}» (строка {at}); выгрузите выписку заново",
        )

    def _section(self, fields: dict[str, str], lines: dict[str, int], start: int) -> AccountSection:
        def day(key: str) -> date | None:
            return parse_day(fields.get(key, ""), lines.get(key, start), key)

        return AccountSection(
            line=start,
            account=fields.get("РасчСчет", ""),
            date_from=day("ДатаНачала"),
            date_to=day("ДатаКонца"),
            opening_kop=_optional_amount(fields, "НачальныйОстаток", lines),
            incoming_kop=_optional_amount(fields, "ВсегоПоступило", lines),
            outgoing_kop=_optional_amount(fields, "ВсегоСписано", lines),
            closing_kop=_optional_amount(fields, "КонечныйОстаток", lines),
            fields=fields,
        )

    def _document(
        self, fields: dict[str, str], lines: dict[str, int], start: int, kind: str
    ) -> StatementDocument:
        if "Сумма" not in fields:
            raise StatementError(start, "в документе нет суммы («Сумма=»)")
        amount = parse_amount(fields["Сумма"], lines["Сумма"])

        def day(key: str) -> date | None:
            return parse_day(fields.get(key, ""), lines.get(key, start), key)

        purpose = fields.get("НазначениеПлатежа", "")
        if not purpose:
            purpose = " ".join(p for k in PURPOSE_PARTS if (p := fields.get(k, "")))
        payer_name = fields.get("Плательщик1") or fields.get("Плательщик", "")
        payee_name = fields.get("Получатель1") or fields.get("Получатель", "")
        return StatementDocument(
            line=start,
            kind=kind,
            number=fields.get("Номер", ""),
            doc_date=day("Дата"),
            amount_kop=amount,
            payer_inn=_inn(fields.get("ПлательщикИНН", "")),
            payer_name=payer_name,
            payer_account=fields.get("ПлательщикСчет") or fields.get("ПлательщикРасчСчет", ""),
            payer_kpp=fields.get("ПлательщикКПП", ""),
            payee_inn=_inn(fields.get("ПолучательИНН", "")),
            payee_name=payee_name,
            payee_account=fields.get("ПолучательСчет") or fields.get("ПолучательРасчСчет", ""),
            received_on=day("ДатаПоступило"),
            written_off_on=day("ДатаСписано"),
            purpose=purpose,
            fields=fields,
        )


def _inn(value: str) -> str:
    """«0» and dashes are how banks write "no ИНН" (individuals, budget payments)."""
    value = value.strip()
    return "" if value in ("0", "-", "00", "000000000000") else value
