"""VAT on printed forms: the company's mode (none / included / on top) and rate, in whole kopecks.

Rates in 2026: 22 % (general, from 1 January 2026), 10 %, 0 %, and 5 % / 7 % for simplified-tax payers
who chose them; «Без НДС» for those exempt. VAT of a sum that includes it is sum × rate / (100 + rate),
rounded half-up to the kopeck, per line; the document's VAT is the sum of the lines' VAT.
"""

from __future__ import annotations

from dataclasses import dataclass

from mos_desktop.documents.company import VAT_INCLUDED, VAT_NONE, VAT_ON_TOP
from mos_desktop.money import format_rub

NO_VAT_TEXT = "Без НДС"


def _div_half_up(numerator: int, denominator: int) -> int:
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    return sign * (q + (1 if 2 * r >= denominator else 0))


@dataclass(frozen=True)
class LineVat:
    net_kop: int  # without VAT
    vat_kop: int
    gross_kop: int  # with VAT


@dataclass(frozen=True)
class Vat:
    mode: str
    rate_pct: int

    @property
    def charged(self) -> bool:
        return self.mode != VAT_NONE

    def rate_text(self) -> str:
        return f"{self.rate_pct}%" if self.charged else NO_VAT_TEXT

    def line(self, amount_kop: int) -> LineVat:
        """``amount_kop`` as written in the line: gross when included, net when on top."""
        if self.mode == VAT_INCLUDED:
            vat = _div_half_up(amount_kop * self.rate_pct, 100 + self.rate_pct)
            return LineVat(amount_kop - vat, vat, amount_kop)
        if self.mode == VAT_ON_TOP:
            vat = _div_half_up(amount_kop * self.rate_pct, 100)
            return LineVat(amount_kop, vat, amount_kop + vat)
        return LineVat(amount_kop, 0, amount_kop)

    def vat_text(self, vat_kop: int) -> str:
        return format_rub(vat_kop, symbol=False) if self.charged else NO_VAT_TEXT


def vat_of(mode: str, rate_pct: int) -> Vat:
    if mode not in (VAT_NONE, VAT_INCLUDED, VAT_ON_TOP):
        mode = VAT_NONE
    return Vat(mode, rate_pct if mode != VAT_NONE else 0)
