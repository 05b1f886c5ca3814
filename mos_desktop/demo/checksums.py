"""Valid Russian requisites for demo organisations: ИНН, КПП, ОГРН, settlement accounts.

The check digits follow the published algorithms (ФНС for ИНН/ОГРН, ЦБ РФ for the account key).
"""

from __future__ import annotations

import random

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def make_inn10(rng: random.Random, region: str = "77") -> str:
    """A 10-digit organisation ИНН: region (2), tax office (2), number (5), check digit."""
    body = f"{region}{rng.randint(1, 51):02d}{rng.randint(0, 99999):05d}"
    return body + _check_digit(body, _INN10_WEIGHTS)


def make_inn12(rng: random.Random, region: str = "77") -> str:
    """A 12-digit ИНН of an individual entrepreneur, with both check digits."""
    body = f"{region}{rng.randint(1, 51):02d}{rng.randint(0, 999999):06d}"
    body += _check_digit(body, _INN12_WEIGHTS_11)
    return body + _check_digit(body, _INN12_WEIGHTS_12)


def make_kpp(inn: str, rng: random.Random) -> str:
    """КПП: the tax office of the ИНН, reason code 01 (registration at the seat), serial."""
    return f"{inn[:4]}01{rng.randint(1, 3):03d}"


def make_ogrn(rng: random.Random, year: int, region: str = "77") -> str:
    """ОГРН (13 digits): 1, two digits of the year, region, tax office, number, check digit."""
    body = f"1{year % 100:02d}{region}{rng.randint(1, 51):02d}{rng.randint(0, 99999):05d}"
    return body + str(int(body) % 11 % 10)


_ACCOUNT_WEIGHTS = (7, 1, 3)


def make_account(rng: random.Random, bik: str, prefix: str = "40702810") -> str:
    """A 20-digit settlement account whose check key (9th digit) agrees with the bank's БИК."""
    tail = f"{rng.randint(0, 99999999999):011d}"
    draft = prefix + "0" + tail
    digits = bik[-3:] + draft
    total = sum(int(d) * _ACCOUNT_WEIGHTS[i % 3] % 10 for i, d in enumerate(digits))
    # The key sits at index 8 of the account, i.e. 11 of the 23 digits: weight 3 (3 * 7 = 21 ≡ 1 mod 10).
    key = (10 - total % 10) % 10 * 7 % 10
    return prefix + str(key) + tail
