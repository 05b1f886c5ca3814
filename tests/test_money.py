from __future__ import annotations

from decimal import Decimal

import pytest

from mos_desktop.money import MoneyFormatError, format_rub, parse_rub


@pytest.mark.parametrize(
    ("text", "kop"),
    [
        ("12 000,00", 1_200_000),
        ("12\u00a0000,5", 1_200_050),
        ("1 234 ₽", 123_400),
        ("1,234.56", 123_456),
        ("0", 0),
        ("99.99", 9_999),
        (15000, 1_500_000),
        (Decimal("0.01"), 1),
    ],
)
def test_parse_rub(text: str | int | Decimal, kop: int) -> None:
    assert parse_rub(text) == kop


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12.345", "-5", "nan"])
def test_parse_rub_rejects(text: str) -> None:
    with pytest.raises(MoneyFormatError):
        parse_rub(text)


def test_parse_rub_refuses_float() -> None:
    with pytest.raises(MoneyFormatError):
        parse_rub(0.1)  # type: ignore[arg-type]


def test_format_rub() -> None:
    assert format_rub(123_456_78) == "123\u00a0456,78\u00a0₽"
    assert format_rub(-5) == "-0,05\u00a0₽"
    assert format_rub(100, symbol=False) == "1,00"
