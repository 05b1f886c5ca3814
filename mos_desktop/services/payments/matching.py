"""Matching a payment to invoices: pure rules over an in-memory book of open invoices.

The rules (the same for a bank statement and a hand-entered payment):

1. The payer is the client with the payer's ИНН. No ИНН, or one no client has: unmatched (a hint names
   the invoice the purpose mentions, if any, for the manual allocation; it never settles anything).
2. The invoices named in ``НазначениеПлатежа`` (the run's number or the 1С number of the client's open
   invoices) are paid oldest first. An amount equal to what they still owe settles them (matched); less
   pays them oldest first and leaves a remainder on the last one (partly); more settles them and leaves
   the excess on the payment for the manager (partly): «остаток … не разнесён; у клиента ещё долг … по
   другим счетам» while the client owes on invoices the purpose does not name, «переплата» only when the
   client owes nothing else.
3. No number in the purpose: the amount must equal what the client's oldest open invoice(s) still owe
   (one invoice, or the oldest two, three, ... together); otherwise unmatched.
4. An invoice is never counted as paid beyond the money put on it: a number found with a different
   amount pays what was paid and no more (no tolerance, no write-off).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

from mos_desktop.money import format_rub

_SPLIT = re.compile(r"[\s,;:()«»\"'№#]+")


class MatchStatus(StrEnum):
    MATCHED = "matched"
    PARTLY = "partly"
    UNMATCHED = "unmatched"


@dataclass
class OpenInvoice:
    id: uuid.UUID
    client_id: uuid.UUID
    number: str
    external_number: str
    issued_on: date
    remaining_kop: int


@dataclass(frozen=True)
class Allocation:
    invoice_id: uuid.UUID
    invoice_number: str
    amount_kop: int
    remaining_after_kop: int  # what the invoice still owes after this payment


@dataclass(frozen=True)
class Match:
    status: MatchStatus
    client_id: uuid.UUID | None
    allocations: tuple[Allocation, ...]
    unallocated_kop: int
    note: str  # Russian: why, or what is left to do


def normalize_number(text: str) -> str:
    """An invoice number as compared: upper case, no spaces; a purely digital one without leading zeros."""
    value = text.strip().upper().replace(" ", "").rstrip(".")
    if value.isdigit():
        value = value.lstrip("0") or "0"
    return value


@lru_cache(maxsize=4096)  # a statement repeats its standard purposes thousands of times
def purpose_tokens(purpose: str) -> frozenset[str]:
    """Every word of a purpose that could be an invoice number (dates stay whole: «15.10.2026»)."""
    tokens: set[str] = set()
    for raw in _SPLIT.split(purpose.upper()):
        word = raw.strip(".")  # no spaces: they split; so normalize_number is the digits' leading zeros
        if not word:
            continue
        tokens.add((word.lstrip("0") or "0") if word.isdigit() else word)
        if "." in word:  # «сч.123», «N.45»
            tail = word.rsplit(".", 1)[1]
            if tail:
                tokens.add((tail.lstrip("0") or "0") if tail.isdigit() else tail)
    return frozenset(tokens)


@dataclass
class InvoiceBook:
    """Open invoices by client (oldest first) and clients by ИНН; updated as payments are matched, so
    two payments of one statement never settle the same debt twice."""

    clients_by_inn: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    client_names: dict[uuid.UUID, str] = field(default_factory=dict)
    open_by_client: dict[uuid.UUID, list[OpenInvoice]] = field(default_factory=dict)
    _by_number: dict[str, list[OpenInvoice]] = field(default_factory=dict)
    _by_id: dict[uuid.UUID, OpenInvoice] = field(default_factory=dict)
    _numbers: dict[uuid.UUID, tuple[str, ...]] = field(default_factory=dict)  # normalized, by invoice id

    def add_client(self, client_id: uuid.UUID, inn: str, name: str) -> None:
        self.clients_by_inn.setdefault(inn.strip(), []).append(client_id)
        self.client_names[client_id] = name

    def add_invoices(self, invoices: Iterable[OpenInvoice]) -> None:
        for inv in invoices:
            self._by_id[inv.id] = inv
            self.open_by_client.setdefault(inv.client_id, []).append(inv)
            numbers = tuple(normalize_number(n) for n in (inv.number, inv.external_number) if n)
            self._numbers[inv.id] = numbers
            for number in numbers:
                self._by_number.setdefault(number, []).append(inv)
        for rows in self.open_by_client.values():
            rows.sort(key=lambda i: (i.issued_on, i.number))

    def clients_of(self, inn: str) -> list[uuid.UUID]:
        return self.clients_by_inn.get(inn.strip(), []) if inn.strip() else []

    def open_invoices(self, client_ids: list[uuid.UUID]) -> list[OpenInvoice]:
        rows = [i for c in client_ids for i in self.open_by_client.get(c, []) if i.remaining_kop > 0]
        if len(client_ids) == 1:  # one client's invoices are kept oldest first
            return rows
        return sorted(rows, key=lambda i: (i.issued_on, i.number))

    def named(self, invoices: list[OpenInvoice], purpose: str) -> list[OpenInvoice]:
        tokens = purpose_tokens(purpose)
        numbers = self._numbers
        return [i for i in invoices if any(n in tokens for n in numbers[i.id])]

    def hint(self, purpose: str) -> str:
        """An invoice of any client the purpose names (for the manager; never settles anything)."""
        for token in purpose_tokens(purpose):
            for inv in self._by_number.get(token, []):
                if inv.remaining_kop > 0:
                    client = self.client_names.get(inv.client_id, "")
                    return f"в назначении счёт № {inv.number} клиента «{client}»"
        return ""

    def apply(self, allocations: Iterable[Allocation]) -> None:
        for a in allocations:
            inv = self._by_id.get(a.invoice_id)
            if inv is not None:
                inv.remaining_kop -= a.amount_kop


def _pay_in_order(invoices: list[OpenInvoice], amount: int) -> tuple[list[Allocation], int]:
    allocations: list[Allocation] = []
    left = amount
    for inv in invoices:
        if left <= 0:
            break
        part = min(left, inv.remaining_kop)
        allocations.append(Allocation(inv.id, inv.number, part, inv.remaining_kop - part))
        left -= part
    return allocations, left


def match_payment(book: InvoiceBook, payer_inn: str, amount_kop: int, purpose: str) -> Match:
    """The allocation the rules above give; the book is not changed (``book.apply`` does that)."""
    clients = book.clients_of(payer_inn)
    if not clients:
        hint = book.hint(purpose)
        why = "ИНН плательщика не указан" if not payer_inn.strip() else f"ИНН {payer_inn} нет среди клиентов"
        note = f"{why}; {hint} — разнесите вручную" if hint else f"{why} — разнесите вручную"
        return Match(MatchStatus.UNMATCHED, None, (), amount_kop, note)
    client_id = clients[0]
    open_invoices = book.open_invoices(clients)
    if not open_invoices:
        return Match(
            MatchStatus.UNMATCHED,
            client_id,
            (),
            amount_kop,
            "у клиента нет неоплаченных счетов — аванс или ошибка",
        )
    named = book.named(open_invoices, purpose)
    if named:
        owed = sum(i.remaining_kop for i in named)
        allocations, left = _pay_in_order(named, amount_kop)
        if amount_kop == owed:
            return Match(
                MatchStatus.MATCHED, client_id, tuple(allocations), 0, "по номеру счёта, ИНН и сумме"
            )
        if amount_kop < owed:
            note = f"частичная оплата: по счетам остаётся {format_rub(owed - amount_kop)}"
            return Match(MatchStatus.PARTLY, client_id, tuple(allocations), 0, note)
        named_ids = {i.id for i in named}
        other = sum(i.remaining_kop for i in open_invoices if i.id not in named_ids)
        if other > 0:  # not an overpayment: the client owes on other invoices the manager may put it on
            note = (
                f"остаток {format_rub(left)} не разнесён; у клиента ещё долг {format_rub(other)} "
                "по другим счетам — разнесите вручную"
            )
        else:
            note = f"переплата {format_rub(left)} не разнесена — разнесите вручную"
        return Match(MatchStatus.PARTLY, client_id, tuple(allocations), left, note)
    total = 0
    for k, inv in enumerate(open_invoices, 1):
        total += inv.remaining_kop
        if total == amount_kop:
            allocations, _ = _pay_in_order(open_invoices[:k], amount_kop)
            note = "по ИНН и сумме старейших счетов" if k > 1 else "по ИНН и сумме счёта"
            return Match(MatchStatus.MATCHED, client_id, tuple(allocations), 0, note)
        if total > amount_kop:
            break
    owed_all = sum(i.remaining_kop for i in open_invoices)
    note = f"номер счёта в назначении не найден, сумма не совпадает с долгом ({format_rub(owed_all)}) — разнесите вручную"
    return Match(MatchStatus.UNMATCHED, client_id, (), amount_kop, note)
