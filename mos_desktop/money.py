"""Money as integer kopecks: parsing what people type or banks export, formatting the Russian way."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
# After spaces and the currency are removed: "12000", "12000,5", "-12000.50" (ASCII digits only)...
_PLAIN = re.compile(r"-?[0-9]+(?:[.,][0-9]{1,2})?")
# ...or explicit thousands with commas and a dot decimal: "1,234.56", "12,000.00", "1,234,567.8".
_THOUSANDS = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]{1,2}")
# "12,000": twelve thousand (English) or twelve rubles (a decimal comma with a typo)? Refuse to guess.
_AMBIGUOUS = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+")


class MoneyFormatError(ValueError):
    """Raised with a Russian message naming the accepted forms."""


def parse_rub(text: str | int | Decimal, *, allow_negative: bool = False) -> int:
    """'12 000,00', '12000.5', '1 234 ₽', 12000 → kopecks. Floats are refused on purpose."""
    if isinstance(text, bool):
        raise MoneyFormatError("Сумма: ожидается число")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    elif isinstance(text, str):
        value = _parse_text(text)
    else:
        raise MoneyFormatError("Сумма: ожидается число (дробные суммы вводите строкой, например «12,50»)")
    if not value.is_finite():
        raise MoneyFormatError(f"«{text}» не похоже на сумму: введите число, например 12 000,00")
    if value < 0 and not allow_negative:
        raise MoneyFormatError("Сумма не может быть отрицательной")
    kopecks = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if kopecks != value * 100:
        raise MoneyFormatError(f"«{text}»: не больше двух знаков после запятой (копейки)")
    return int(kopecks)


def _parse_text(text: str) -> Decimal:
    cleaned = _SPACES.sub("", text.strip()).replace("₽", "").replace("руб.", "").replace("руб", "")
    cleaned = cleaned.rstrip(".")
    if not cleaned:
        raise MoneyFormatError("Сумма не указана: введите число, например 12 000,00")
    if _PLAIN.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", "."))
    if _THOUSANDS.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", ""))
    if _AMBIGUOUS.fullmatch(cleaned):
        digits = cleaned.replace(",", "")
        raise MoneyFormatError(
            f"«{text}»: неоднозначная запись — запятая здесь разделяет разряды или копейки? "
            f"Введите «{digits}» или «{_grouped(digits)},00»"
        )
    if re.fullmatch(r"-?[0-9]+[.,][0-9]{3,}", cleaned):
        raise MoneyFormatError(f"«{text}»: не больше двух знаков после запятой (копейки)")
    raise MoneyFormatError(f"«{text}» не похоже на сумму: введите число, например 12 000,00")


def _grouped(digits: str) -> str:
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    return sign + f"{int(digits):,}".replace(",", " ")


def format_rub(kopecks: int, *, symbol: bool = True) -> str:
    """12345678 → '123 456,78 ₽' (no-break spaces between thousands)."""
    sign = "-" if kopecks < 0 else ""
    rub, kop = divmod(abs(kopecks), 100)
    groups = f"{rub:,}".replace(",", NBSP)
    text = f"{sign}{groups},{kop:02d}"
    return f"{text}{NBSP}₽" if symbol else text


def kopecks_to_decimal(kopecks: int) -> Decimal:
    return (Decimal(kopecks) / 100).quantize(Decimal("0.01"))
