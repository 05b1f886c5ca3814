"""Russian word forms for counts in messages and summaries."""

from __future__ import annotations


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form for ``n``: 1 цифра, 2 цифры, 5 цифр, 11 цифр, 21 цифра."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
