"""Requisite checks: known real requisites pass, every single-digit corruption is caught."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mos_desktop.validation import (
    check_account,
    check_bik,
    check_corr_account,
    check_email,
    check_inn,
    check_kpp,
    check_ogrn,
    check_phone,
    complete_inn,
    inn_checksum_ok,
    phone_digits,
)

# Public requisites of real organisations (published on their sites / in ЕГРЮЛ).
SBER_INN = "7707083893"
SBER_BIK = "044525225"
SBER_CORR = "30101810400000000225"
TINKOFF_BIK = "044525974"
TINKOFF_CORR = "30101810145250000974"
SPB_SBER_BIK = "044030653"
YANDEX_INN = "7736207543"
ENTREPRENEUR_INN = "500100732259"  # the 12-digit example used throughout ФНС documentation


def make_inn(rng: random.Random, length: int = 10) -> str:
    """A valid ИНН: random digits, control digits computed the ФНС way (independent of the code)."""

    def ctl(digits: str, weights: list[int]) -> str:
        return str(sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10)

    if length == 10:
        body = "".join(rng.choice("0123456789") for _ in range(9))
        return body + ctl(body, [2, 4, 10, 3, 5, 9, 4, 6, 8])
    body = "".join(rng.choice("0123456789") for _ in range(10))
    body += ctl(body, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
    return body + ctl(body, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])


@pytest.mark.parametrize("inn", [SBER_INN, YANDEX_INN, ENTREPRENEUR_INN, " 7707083893 "])
def test_known_valid_inn(inn: str) -> None:
    assert check_inn(inn) is None


def test_a_wrong_control_digit_is_always_caught() -> None:
    for inn in (SBER_INN, YANDEX_INN, ENTREPRENEUR_INN):
        for k in range(1, 10):
            broken = inn[:-1] + str((int(inn[-1]) + k) % 10)
            assert check_inn(broken) == "ИНН: контрольная сумма не сходится — проверьте цифры"


def test_most_typos_in_the_body_are_caught() -> None:
    typos = [SBER_INN[:p] + d + SBER_INN[p + 1 :] for p in range(9) for d in "0123456789" if d != SBER_INN[p]]
    caught = sum(1 for t in typos if check_inn(t) is not None)
    assert caught >= 0.85 * len(typos)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "не указан"),
        ("7707083894", "контрольная сумма"),
        ("500100732258", "контрольная сумма"),
        ("77070838", "8 цифр"),
        ("77070838931", "11 цифр"),
        ("77O7083893", "только цифры"),
        ("７７０７０８３８９３", "только цифры"),  # full-width digits are not ASCII
    ],
)
def test_invalid_inn_messages(value: str, fragment: str) -> None:
    message = check_inn(value)
    assert message is not None
    assert message.startswith("ИНН:")
    assert fragment in message


@given(st.randoms(use_true_random=False), st.sampled_from([10, 12]))
def test_generated_inn_are_valid(rng: random.Random, length: int) -> None:
    inn = make_inn(rng, length)
    assert inn_checksum_ok(inn)
    last = inn[-1]
    wrong = inn[:-1] + str((int(last) + 1) % 10)
    assert not inn_checksum_ok(wrong)


@pytest.mark.parametrize("kpp", ["773601001", "7707AB001", "770701001"])
def test_valid_kpp(kpp: str) -> None:
    assert check_kpp(kpp) is None


@pytest.mark.parametrize("kpp", ["77360100", "7736010011", "7736ab001", "A73601001", "773601-01", ""])
def test_invalid_kpp(kpp: str) -> None:
    message = check_kpp(kpp)
    assert message is not None and message.startswith("КПП:")


def test_bik() -> None:
    assert check_bik(SBER_BIK) is None
    for bad in ("04452522", "0445252255", "04452522X", ""):
        message = check_bik(bad)
        assert message is not None and message.startswith("БИК:")


@pytest.mark.parametrize(("corr", "bik"), [(SBER_CORR, SBER_BIK), (TINKOFF_CORR, TINKOFF_BIK)])
def test_known_corr_accounts(corr: str, bik: str) -> None:
    assert check_corr_account(corr, bik) is None


def test_corr_account_with_wrong_bank_is_caught() -> None:
    # Moscow banks share digits 5-6 of the БИК ("25"); a St Petersburg БИК has "30".
    assert check_corr_account("30101810500000000653", SPB_SBER_BIK) is None
    message = check_corr_account(SBER_CORR, SPB_SBER_BIK)
    assert message is not None and "контрольный ключ" in message


def test_exactly_one_key_digit_makes_an_account_valid() -> None:
    """The 9th digit of a р/с is its key: for a given БИК exactly one of the ten values passes."""
    template = "40702810{}38000012345"
    valid = [d for d in "0123456789" if check_account(template.format(d), SBER_BIK) is None]
    assert len(valid) == 1
    account = template.format(valid[0])
    # The same number is not valid for another bank (different last 3 digits of the БИК) in general.
    other = [d for d in "0123456789" if check_account(template.format(d), TINKOFF_BIK) is None]
    assert len(other) == 1 and other != valid
    # Every single-digit substitution elsewhere in the account breaks the key.
    for pos in range(20):
        for digit in "0123456789":
            if digit != account[pos]:
                changed = account[:pos] + digit + account[pos + 1 :]
                assert check_account(changed, SBER_BIK) is not None


@pytest.mark.parametrize(
    ("account", "bik", "fragment"),
    [
        ("", SBER_BIK, "не указан"),
        ("4070281093800001234", SBER_BIK, "20 цифр"),
        ("4070281093800001234X", SBER_BIK, "20 цифр"),
        ("40702810938000012345", "12345", "БИК"),
    ],
)
def test_account_shape_errors(account: str, bik: str, fragment: str) -> None:
    message = check_account(account, bik)
    assert message is not None and message.startswith("Расчётный счёт:") and fragment in message


@pytest.mark.parametrize("email", ["", "a@b.ru", "ivan.petrov+crm@mail.example.com", " x@y.org "])
def test_valid_email(email: str) -> None:
    assert check_email(email) is None


@pytest.mark.parametrize("email", ["ivan", "ivan@", "@mail.ru", "ivan @mail.ru", "a@b", "a@b.r", "a@@b.ru"])
def test_invalid_email(email: str) -> None:
    message = check_email(email)
    assert message is not None and message.startswith("Email:")


@pytest.mark.parametrize(
    "phone",
    ["", "+7 (495) 123-45-67", "8 916 123 45 67", "4951234567", "+7\u00a0495\u00a0123\u00a045\u00a067"],
)
def test_valid_phone(phone: str) -> None:
    assert check_phone(phone) is None


@pytest.mark.parametrize(
    "phone", ["123", "+7 495 123 45 67 8", "доб. 12", "5 495 123 45 67", "+7 495 12x 45 67"]
)
def test_invalid_phone(phone: str) -> None:
    message = check_phone(phone)
    assert message is not None and message.startswith("Телефон:")


def test_phone_digits() -> None:
    assert phone_digits("+7 (495) 123-45-67") == "74951234567"
    assert phone_digits("тел") == ""


def test_complete_inn_matches_real_numbers() -> None:
    assert complete_inn(SBER_INN[:9]) == SBER_INN
    assert complete_inn(YANDEX_INN[:9]) == YANDEX_INN
    assert complete_inn(ENTREPRENEUR_INN[:10]) == ENTREPRENEUR_INN
    with pytest.raises(ValueError):
        complete_inn("12345")


@given(st.randoms(use_true_random=False), st.sampled_from([10, 12]))
def test_complete_inn_agrees_with_independent_generator(rng: random.Random, length: int) -> None:
    inn = make_inn(rng, length)
    assert complete_inn(inn[: 9 if length == 10 else 10]) == inn


@pytest.mark.parametrize("ogrn", ["", "1027700132195", "304500116000157"])
def test_valid_ogrn(ogrn: str) -> None:
    assert check_ogrn(ogrn) is None


@pytest.mark.parametrize("ogrn", ["1027700132196", "102770013219", "30450011600015X", "304500116000158"])
def test_invalid_ogrn(ogrn: str) -> None:
    message = check_ogrn(ogrn)
    assert message is not None and message.startswith("ОГРН:")


def test_russian_plurals_in_messages() -> None:
    from mos_desktop.russian import plural_ru
    from mos_desktop.validation import digits_ru

    assert [digits_ru(n) for n in (1, 2, 4, 5, 11, 12, 21, 22, 25)] == [
        "1 цифра",
        "2 цифры",
        "4 цифры",
        "5 цифр",
        "11 цифр",
        "12 цифр",
        "21 цифра",
        "22 цифры",
        "25 цифр",
    ]
    assert plural_ru(14, "строка", "строки", "строк") == "строк"
