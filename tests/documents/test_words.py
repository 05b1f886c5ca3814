"""Amounts in words against the hard cases: genders (рубль / тысяча), cases, kopecks as two digits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mos_desktop.documents.words import rubles_in_words, to_kopecks

CASES = [
    ("0.01", "Ноль рублей 01 копейка"),
    ("1", "Один рубль 00 копеек"),
    ("2", "Два рубля 00 копеек"),
    ("5", "Пять рублей 00 копеек"),
    ("11", "Одиннадцать рублей 00 копеек"),
    ("12", "Двенадцать рублей 00 копеек"),
    ("21", "Двадцать один рубль 00 копеек"),
    ("101", "Сто один рубль 00 копеек"),
    ("1000", "Одна тысяча рублей 00 копеек"),
    ("1001", "Одна тысяча один рубль 00 копеек"),
    ("2000", "Две тысячи рублей 00 копеек"),
    ("21000", "Двадцать одна тысяча рублей 00 копеек"),
    ("1000000", "Один миллион рублей 00 копеек"),
    ("1001021.01", "Один миллион одна тысяча двадцать один рубль 01 копейка"),
    (
        "999999999.99",
        "Девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч "
        "девятьсот девяносто девять рублей 99 копеек",
    ),
    ("0.02", "Ноль рублей 02 копейки"),
    ("0.11", "Ноль рублей 11 копеек"),
    ("0.21", "Ноль рублей 21 копейка"),
    ("3.14", "Три рубля 14 копеек"),
    ("1002000.22", "Один миллион две тысячи рублей 22 копейки"),
    ("112", "Сто двенадцать рублей 00 копеек"),
    ("2000000", "Два миллиона рублей 00 копеек"),
    ("5000000", "Пять миллионов рублей 00 копеек"),
    ("0", "Ноль рублей 00 копеек"),
]


@pytest.mark.parametrize(("rubles", "expected"), CASES)
def test_decimal_and_kopecks_agree(rubles: str, expected: str) -> None:
    assert rubles_in_words(Decimal(rubles)) == expected
    assert rubles_in_words(to_kopecks(Decimal(rubles))) == expected


def test_decimal_rounds_half_up_to_the_kopeck() -> None:
    assert to_kopecks(Decimal("1.005")) == 101
    assert rubles_in_words(Decimal("1.005")) == "Один рубль 01 копейка"


def test_int_is_kopecks_and_float_is_refused() -> None:
    assert rubles_in_words(100) == "Один рубль 00 копеек"
    with pytest.raises(TypeError):
        rubles_in_words(1.5)  # type: ignore[arg-type]


def test_negative_amount_is_said_as_minus() -> None:
    assert rubles_in_words(-2100) == "Минус двадцать один рубль 00 копеек"
