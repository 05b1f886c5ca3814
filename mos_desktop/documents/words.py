"""Amounts in words, the way Russian primary documents write them.

«Один миллион одна тысяча двадцать один рубль 01 копейка»: rubles in words (masculine «один/два рубль»,
feminine «одна/две тысяча»; cases chosen by the last two digits), kopecks as two digits with the noun
agreeing with them, the first letter capitalised.

pytils (``numeral.sum_string``) does the rubles: it is right on the hard cases when given an int. Floats are
refused here (0.1 + 0.2 and 1.005 are not what the user typed); a ``Decimal`` is rounded half-up to kopecks,
an ``int`` is kopecks. The table test in tests/documents/test_words.py is what decides.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pytils import numeral

from mos_desktop.russian import plural_ru

RUBLE_FORMS = ("рубль", "рубля", "рублей")
KOPECK_FORMS = ("копейка", "копейки", "копеек")
MAX_RUBLES = 10**11 - 1  # pytils' limit; far above any document of this company


def to_kopecks(amount: int | Decimal) -> int:
    """An ``int`` is kopecks already; a ``Decimal`` is rubles, rounded half-up to the kopeck."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise TypeError("amount: int kopecks or Decimal rubles (never float)")
    if isinstance(amount, int):
        return amount
    if not amount.is_finite():
        raise ValueError(f"amount is not a number: {amount}")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rubles_in_words(amount: int | Decimal) -> str:
    """12345 (kopecks) or Decimal("123.45") → «Сто двадцать три рубля 45 копеек»."""
    kopecks = to_kopecks(amount)
    sign = ""
    if kopecks < 0:
        sign, kopecks = "минус ", -kopecks
    rubles, kop = divmod(kopecks, 100)
    if rubles > MAX_RUBLES:
        raise ValueError(f"amount too large for words: {rubles} rubles")
    words = numeral.sum_string(rubles, numeral.MALE, RUBLE_FORMS)
    text = f"{sign}{words} {kop:02d} {plural_ru(kop, *KOPECK_FORMS)}"
    return text[0].upper() + text[1:]


def count_in_words(n: int) -> str:
    """Quantities in words for the form footers («Всего наименований пять»)."""
    return numeral.in_words(n, gender=numeral.MALE)
