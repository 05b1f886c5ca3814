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
        ("12,000.00", 1_200_000),
        ("1,234,567.8", 123_456_780),
        ("12,5", 1_250),
        ("12,50 руб.", 1_250),
        ("12000", 1_200_000),
        ("0", 0),
        ("99.99", 9_999),
        (15000, 1_500_000),
        (Decimal("0.01"), 1),
    ],
)
def test_parse_rub(text: str | int | Decimal, kop: int) -> None:
    assert parse_rub(text) == kop


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1,2,3",
        "12.345",
        "-5",
        "nan",
        "1e5",  # exponent notation
        "1_000",  # Python digit grouping
        "١٢",  # Arabic-Indic digits
        "１２",  # full-width digits
        "12,34.5",  # comma groups must be of three digits
        "1.234,56",  # dot thousands with a decimal comma: not an accepted form
        "Infinity",
    ],
)
def test_parse_rub_rejects(text: str) -> None:
    with pytest.raises(MoneyFormatError):
        parse_rub(text)


@pytest.mark.parametrize("text", ["12,000", "1,234,567", "12 ,000 ₽"])
def test_parse_rub_refuses_ambiguous_thousands_comma(text: str) -> None:
    """ "12,000" was silently read as 12,00 ₽ (1000 times less): now it is refused with both readings."""
    with pytest.raises(MoneyFormatError, match="неоднозначная запись") as info:
        parse_rub(text)
    digits = text.replace(",", "").replace(" ", "").replace("₽", "")
    assert f"«{digits}»" in str(info.value)
    assert ",00»" in str(info.value)


def test_parse_rub_ambiguous_message_suggests_both_forms() -> None:
    with pytest.raises(MoneyFormatError) as info:
        parse_rub("12,000")
    assert "«12000» или «12 000,00»" in str(info.value)


def test_parse_rub_negative_when_allowed() -> None:
    assert parse_rub("-1,234.50", allow_negative=True) == -123_450
    assert parse_rub("-12,5", allow_negative=True) == -1_250


def test_parse_rub_refuses_float() -> None:
    with pytest.raises(MoneyFormatError):
        parse_rub(0.1)  # type: ignore[arg-type]


def test_format_rub() -> None:
    assert format_rub(123_456_78) == "123\u00a0456,78\u00a0₽"
    assert format_rub(-5) == "-0,05\u00a0₽"
    assert format_rub(100, symbol=False) == "1,00"
