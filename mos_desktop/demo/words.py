"""Word lists from ``resources/demo`` and the Russian names, addresses and phones made from them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mos_desktop.config import resources_dir


def _lines(name: str) -> list[str]:
    path: Path = resources_dir() / "demo" / name
    text = path.read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Town:
    region: str
    town: str
    postcode: str
    far: bool  # outside the Moscow region: shipped by a transport company


@dataclass(frozen=True)
class Words:
    adjectives: list[tuple[str, str, str]]
    nouns: list[tuple[str, str]]
    toponyms: list[str]
    bc_suffixes: list[str]
    uk_first: list[str]
    uk_second: list[str]
    moscow_streets: list[str]
    town_streets: list[str]
    towns: list[Town]
    male: list[str]
    female: list[str]
    patronymics: list[tuple[str, str]]
    surnames: list[str]
    near_towns: list[Town]
    far_towns: list[Town]


@cache
def words() -> Words:
    adjectives = [tuple(ln.split(";")) for ln in _lines("adjectives.txt")]
    nouns = [tuple(ln.split(";")) for ln in _lines("nouns.txt")]
    path = resources_dir() / "demo" / "uk_parts.txt"
    first_block, _, second_block = path.read_text(encoding="utf-8").partition("\n\n")
    uk_first = [ln.strip() for ln in first_block.splitlines() if ln.strip() and not ln.startswith("#")]
    uk_second = [ln.strip() for ln in second_block.splitlines() if ln.strip()]
    towns = []
    for ln in _lines("region_towns.txt"):
        region, town, postcode, far = ln.split("|")
        towns.append(Town(region, town, postcode, far == "1"))
    return Words(
        adjectives=[(a[0], a[1], a[2]) for a in adjectives],
        nouns=[(n[0], n[1]) for n in nouns],
        toponyms=_lines("toponyms.txt"),
        bc_suffixes=_lines("bc_suffixes.txt"),
        uk_first=uk_first,
        uk_second=uk_second,
        moscow_streets=_lines("moscow_streets.txt"),
        town_streets=_lines("town_streets.txt"),
        towns=towns,
        male=_lines("first_names_male.txt"),
        female=_lines("first_names_female.txt"),
        patronymics=[(p.split(";")[0], p.split(";")[1]) for p in _lines("patronymics.txt")],
        surnames=_lines("surnames.txt"),
        near_towns=[t for t in towns if not t.far],
        far_towns=[t for t in towns if t.far],
    )


# --- people ---------------------------------------------------------------------------------------


def feminine_surname(surname: str) -> str:
    for ending, replacement in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")):
        if surname.endswith(ending):
            return surname[: -len(ending)] + replacement
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


@dataclass(frozen=True)
class Person:
    surname: str
    first: str
    patronymic: str
    female: bool

    @property
    def full(self) -> str:
        return f"{self.surname} {self.first} {self.patronymic}"

    @property
    def short(self) -> str:
        """«Иванов И. И.» as on a signature line."""
        return f"{self.surname} {self.first[0]}. {self.patronymic[0]}."


def person(rng: random.Random, female: bool | None = None) -> Person:
    w = words()
    if female is None:
        female = rng.random() < 0.45
    surname = rng.choice(w.surnames)
    patronymic = rng.choice(w.patronymics)
    if female:
        return Person(feminine_surname(surname), rng.choice(w.female), patronymic[1], True)
    return Person(surname, rng.choice(w.male), patronymic[0], False)


# --- transliteration for e-mail addresses and cloud URLs -------------------------------------------

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
            "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
        ],
        strict=True,
    )
)  # fmt: skip


@cache
def slug(text: str, limit: int = 24) -> str:
    out: list[str] = []
    for ch in text.lower():
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:limit].strip("-") or "client"


def email_for(p: Person, domain: str) -> str:
    return f"{slug(p.first, 12)}.{slug(p.surname, 16)}@{domain}"


# --- phones and addresses -------------------------------------------------------------------------


def landline(rng: random.Random) -> str:
    code = rng.choice(("495", "499", "495", "498"))
    n = rng.randint(0, 9_999_999)
    return f"+7 ({code}) {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"


def mobile(rng: random.Random) -> str:
    code = rng.choice(("903", "905", "909", "915", "916", "925", "926", "929", "963", "977", "985", "999"))
    n = rng.randint(0, 9_999_999)
    return f"+7 ({code}) {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"


@dataclass(frozen=True)
class Address:
    text: str
    city: str  # "Москва" or the town
    far: bool


def _house(rng: random.Random) -> str:
    r = rng.random()
    number = int(r * 1000) % 140 + 1
    if r < 0.25:
        return f"д. {number}, корп. {int(r * 10000) % 6 + 1}"
    if r < 0.45:
        return f"д. {number}, стр. {int(r * 10000) % 9 + 1}"
    return f"д. {number}"


def address(rng: random.Random, *, moscow_share: float = 0.6, far_share: float = 0.05) -> Address:
    w = words()
    r = rng.random()
    if r < moscow_share:
        postcode = f"1{rng.randint(1, 29):02d}{rng.randint(0, 999):03d}"
        return Address(
            f"{postcode}, г. Москва, {rng.choice(w.moscow_streets)}, {_house(rng)}", "Москва", False
        )
    far = r > 1 - far_share
    town = rng.choice(w.far_towns if far else w.near_towns)
    postcode = f"{town.postcode}{rng.randint(0, 99):02d}"
    text = f"{postcode}, {town.region}, г. {town.town}, {rng.choice(w.town_streets)}, {_house(rng)}"
    return Address(text, town.town, far)
