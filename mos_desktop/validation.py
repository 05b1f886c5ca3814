"""Checks of Russian requisites and contacts: each returns a Russian message (field + fix) or None.

Pure functions, no database: services call them, forms may call them for instant feedback.
ИНН, р/с and к/с use the public control-digit algorithms (ФНС; Банк России, положение 579-П).
"""

from __future__ import annotations

import re

from mos_desktop.russian import plural_ru

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_ACCOUNT_WEIGHTS = (7, 1, 3)

_KPP_RE = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")
_EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}$")
_PHONE_JUNK_RE = re.compile(r"[\s\-()\u00a0.]")


def digits_ru(n: int) -> str:
    return f"{n} {plural_ru(n, 'цифра', 'цифры', 'цифр')}"


def _control(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_checksum_ok(inn: str) -> bool:
    """True when ``inn`` is 10 or 12 digits and its control digits match."""
    if not inn.isdigit() or not inn.isascii():
        return False
    if len(inn) == 10:
        return _control(inn, _INN10_WEIGHTS) == int(inn[9])
    if len(inn) == 12:
        return _control(inn, _INN12_WEIGHTS_11) == int(inn[10]) and _control(inn, _INN12_WEIGHTS_12) == int(
            inn[11]
        )
    return False


def complete_inn(body: str) -> str:
    """Append the control digits: 9 digits → a 10-digit ИНН, 10 digits → a 12-digit one (demo data, tests)."""
    if not (body.isdigit() and body.isascii()) or len(body) not in (9, 10):
        raise ValueError("complete_inn: expected 9 or 10 digits")
    if len(body) == 9:
        return body + str(_control(body, _INN10_WEIGHTS))
    body += str(_control(body, _INN12_WEIGHTS_11))
    return body + str(_control(body, _INN12_WEIGHTS_12))


def check_inn(value: str) -> str | None:
    inn = value.strip()
    if not inn:
        return "ИНН: не указан — введите 10 цифр (организация) или 12 цифр (ИП)"
    if not (inn.isdigit() and inn.isascii()):
        return "ИНН: только цифры — уберите буквы, пробелы и другие знаки"
    if len(inn) not in (10, 12):
        return f"ИНН: {digits_ru(len(inn))} — нужно 10 (организация) или 12 (ИП, физическое лицо)"
    if not inn_checksum_ok(inn):
        return "ИНН: контрольная сумма не сходится — проверьте цифры"
    return None


def check_kpp(value: str) -> str | None:
    kpp = value.strip()
    if not kpp:
        return "КПП: не указан — введите 9 знаков, например 770701001"
    if len(kpp) != 9:
        return f"КПП: {len(kpp)} знаков — нужно ровно 9, например 770701001"
    if not _KPP_RE.match(kpp):
        return (
            "КПП: неверный формат — 4 цифры, затем 2 цифры или заглавные латинские буквы, "
            "затем 3 цифры (например 770701001)"
        )
    return None


def check_bik(value: str) -> str | None:
    bik = value.strip()
    if not bik:
        return "БИК: не указан — введите 9 цифр, например 044525225"
    if not (bik.isdigit() and bik.isascii()) or len(bik) != 9:
        return "БИК: нужно ровно 9 цифр, например 044525225 — проверьте ввод"
    return None


def _account_key_ok(prefix: str, account: str) -> bool:
    digits = prefix + account
    total = sum(int(d) * _ACCOUNT_WEIGHTS[i % 3] % 10 for i, d in enumerate(digits))
    return total % 10 == 0


def _account_shape(label: str, account: str) -> str | None:
    if not account:
        return f"{label}: не указан — введите 20 цифр"
    if not (account.isdigit() and account.isascii()) or len(account) != 20:
        return f"{label}: нужно ровно 20 цифр без пробелов — проверьте ввод"
    return None


def check_account(account: str, bik: str) -> str | None:
    """Расчётный счёт: 20 digits and the control key computed with the last 3 digits of the БИК."""
    account = account.strip()
    shape = _account_shape("Расчётный счёт", account)
    if shape:
        return shape
    if check_bik(bik):
        return "Расчётный счёт: не проверить без верного БИК — сначала исправьте БИК"
    if not _account_key_ok(bik.strip()[-3:], account):
        return "Расчётный счёт: контрольный ключ не сходится с БИК — проверьте номер счёта и БИК"
    return None


def check_corr_account(corr: str, bik: str) -> str | None:
    """Корр. счёт: 20 digits and the control key computed with "0" + digits 5–6 of the БИК."""
    corr = corr.strip()
    shape = _account_shape("Корр. счёт", corr)
    if shape:
        return shape
    bik = bik.strip()
    if check_bik(bik):
        return "Корр. счёт: не проверить без верного БИК — сначала исправьте БИК"
    if not _account_key_ok("0" + bik[4:6], corr):
        return "Корр. счёт: контрольный ключ не сходится с БИК — проверьте номер счёта и БИК"
    return None


def check_email(value: str) -> str | None:
    email = value.strip()
    if not email:
        return None
    if not _EMAIL_RE.match(email):
        return "Email: неверный адрес — нужен вид name@example.ru, без пробелов"
    return None


def phone_digits(value: str) -> str:
    """'+7 (495) 123-45-67' → '74951234567'; '' when anything but digits and formatting remains."""
    text = _PHONE_JUNK_RE.sub("", value.strip())
    if text.startswith("+"):
        text = text[1:]
    return text if text.isdigit() and text.isascii() else ""


def check_phone(value: str) -> str | None:
    if not value.strip():
        return None
    digits = phone_digits(value)
    if not digits:
        return "Телефон: только цифры, пробелы, скобки, дефисы и «+» — например +7 495 123-45-67"
    if len(digits) not in (10, 11):
        return f"Телефон: {digits_ru(len(digits))} — нужно 10 или 11, например +7 495 123-45-67"
    if len(digits) == 11 and digits[0] not in "78":
        return "Телефон: 11-значный номер начинается с 7 или 8 — например +7 495 123-45-67"
    return None


def check_ogrn(value: str) -> str | None:
    """ОГРН (13 digits, organisation) or ОГРНИП (15 digits, entrepreneur) with its control digit."""
    ogrn = value.strip()
    if not ogrn:
        return None
    if not (ogrn.isdigit() and ogrn.isascii()) or len(ogrn) not in (13, 15):
        return "ОГРН: нужно 13 цифр (организация) или 15 цифр (ОГРНИП) — проверьте ввод"
    modulus = 11 if len(ogrn) == 13 else 13
    if int(ogrn[:-1]) % modulus % 10 != int(ogrn[-1]):
        return "ОГРН: контрольная цифра не сходится — проверьте цифры"
    return None
