"""The payment QR of ГОСТ Р 56042-2014 («Стандарты финансовых операций. Двумерные символы штрихового
кода для осуществления платежей физическими лицами»).

Header ``ST0001`` + charset digit (here ``2``: UTF-8), then ``|key=value`` pairs: the mandatory block (Name,
PersonalAcc, BankName, BIC, CorrespAcc) must fit 300 bytes; ``Sum`` is in kopecks; no ``|`` inside a value.
segno is told ``encoding="utf-8"`` explicitly: left to itself it may pick Shift_JIS for Cyrillic, which
banking apps then read as garbage. No ECI marker (the header says the charset).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

MANDATORY_MAX_BYTES = 300


@dataclass(frozen=True)
class PaymentQr:
    name: str
    personal_acc: str
    bank_name: str
    bic: str
    corresp_acc: str
    payee_inn: str = ""
    kpp: str = ""
    sum_kop: int = 0
    purpose: str = ""
    payer_inn: str = ""


def _clean(value: str, limit: int | None = None) -> str:
    text = " ".join(value.replace("|", " ").split())
    return text[:limit] if limit else text


def payload(qr: PaymentQr) -> str:
    mandatory = [
        ("Name", _clean(qr.name, 160)),
        ("PersonalAcc", _clean(qr.personal_acc)),
        ("BankName", _clean(qr.bank_name, 45)),
        ("BIC", _clean(qr.bic)),
        ("CorrespAcc", _clean(qr.corresp_acc)),
    ]
    head = "ST00012" + "".join(f"|{k}={v}" for k, v in mandatory)
    if len(head.encode("utf-8")) > MANDATORY_MAX_BYTES:
        # Long Cyrillic names are 2 bytes a letter: shorten the name until the block fits.
        name = mandatory[0][1]
        while name and len(head.encode("utf-8")) > MANDATORY_MAX_BYTES:
            name = name[:-1]
            mandatory[0] = ("Name", name.rstrip())
            head = "ST00012" + "".join(f"|{k}={v}" for k, v in mandatory)
    optional = [
        ("PayeeINN", _clean(qr.payee_inn)),
        ("KPP", _clean(qr.kpp)),
        ("Sum", str(qr.sum_kop) if qr.sum_kop > 0 else ""),
        ("Purpose", _clean(qr.purpose, 210)),
        ("PayerINN", _clean(qr.payer_inn)),
    ]
    return head + "".join(f"|{k}={v}" for k, v in optional if v)


def qr_code(text: str) -> segno.QRCode:
    """Level M, UTF-8 bytes, no ECI. A fixed mask (any of the eight decodes the same): scoring all eight is
    most of the encoding time, and a month's batch makes hundreds of codes."""
    return segno.make(text, encoding="utf-8", error="m", micro=False, eci=False, mask=3)


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """Dark modules row by row, without the quiet zone (the PDF draws them as vector squares)."""
    return tuple(tuple(bool(v) for v in row) for row in qr_code(text).matrix)


def qr_png(text: str, *, scale: int = 4) -> bytes:
    buffer = io.BytesIO()
    qr_code(text).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
