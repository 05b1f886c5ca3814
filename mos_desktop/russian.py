"""Russian word forms for counts in messages and summaries."""

from __future__ import annotations


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form for ``n``: 1 цифра, 2 цифры, 5 цифр, 11 цифр, 21 цифра."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


# Letters that look the same in Cyrillic and Latin: a number read off a screen or a paper («РМ1-000002»,
# «АП-PM1-…») is often typed in the other alphabet.
_CYRILLIC = "АВЕКМНОРСТХавекмнорстх"
_LATIN = "ABEKMHOPCTXabekmhopctx"
_TO_LATIN = str.maketrans(_CYRILLIC, _LATIN)
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)


def lookalikes(text: str) -> list[str]:
    """``text`` as typed, with every look-alike letter Latin, and with every one Cyrillic (each once)."""
    return list(dict.fromkeys([text, text.translate(_TO_LATIN), text.translate(_TO_CYRILLIC)]))
