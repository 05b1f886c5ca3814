"""Money as integer kopecks: parsing what people type or banks export, formatting the Russian way."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


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
        cleaned = _SPACES.sub("", text.strip()).replace("₽", "").replace("руб.", "").replace("руб", "")
        cleaned = cleaned.rstrip(".")
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        elif cleaned.count(",") >= 1 and cleaned.count(".") == 1:
            cleaned = cleaned.replace(",", "")  # 1,234.56
        if not cleaned:
            raise MoneyFormatError("Сумма не указана: введите число, например 12 000,00")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise MoneyFormatError(
                f"«{text}» не похоже на сумму: введите число, например 12 000,00"
            ) from None
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


def format_rub(kopecks: int, *, symbol: bool = True) -> str:
    """12345678 → '123 456,78 ₽' (no-break spaces between thousands)."""
    sign = "-" if kopecks < 0 else ""
    rub, kop = divmod(abs(kopecks), 100)
    groups = f"{rub:,}".replace(",", NBSP)
    text = f"{sign}{groups},{kop:02d}"
    return f"{text}{NBSP}₽" if symbol else text


def kopecks_to_decimal(kopecks: int) -> Decimal:
    return (Decimal(kopecks) / 100).quantize(Decimal("0.01"))
