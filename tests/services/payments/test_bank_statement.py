"""The 1CClientBankExchange parser: every quirk of real files, both Cyrillic charsets, exact kopecks."""

from __future__ import annotations

from datetime import date

import pytest
from statement_files import CLIENT_ACCOUNT, OTHER_ACCOUNT, OUR_ACCOUNT, document, encode, header, statement

from mos_desktop.services.payments.statement import (
    Direction,
    StatementError,
    detect_encoding,
    parse_amount,
    parse_statement,
)

OURS = frozenset({OUR_ACCOUNT})


@pytest.mark.parametrize(
    ("charset", "declared", "bom", "expected"),
    [
        ("cp1251", "Windows", False, "cp1251"),
        ("cp866", "DOS", False, "cp866"),
        ("utf-8", "Windows", False, "utf-8"),  # UTF-8 despite the header
        ("utf-8", "Windows", True, "utf-8-sig"),
        ("cp1251", "DOS", False, "cp1251"),  # the header lies: the keys decode in Windows-1251
        ("cp866", "Windows", False, "cp866"),
    ],
)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_encodings_and_line_ends(charset: str, declared: str, bom: bool, expected: str, newline: str) -> None:
    lines = statement(document(payer="ООО «Ёлка и Щука»"), encoding=declared)
    data = encode(lines, charset, newline, bom=bom)
    assert detect_encoding(data) == expected
    parsed = parse_statement(data)
    (doc,) = parsed.documents
    assert doc.payer_name in ("ООО «Ёлка и Щука»", 'ООО "Ёлка и Щука"')
    assert doc.purpose.startswith("Оплата по счету № С-1")
    assert doc.kind == "Платежное поручение"


def test_fields_directions_and_dates() -> None:
    incoming = document(number="А-17", amount="1234.56", received=date(2026, 11, 18))
    outgoing = document(
        number="00045",
        amount="500",
        payer_account=OUR_ACCOUNT,
        payee_account=OTHER_ACCOUNT,
        received=None,
        written_off=date(2026, 11, 19),
    )
    parsed = parse_statement(encode(statement(incoming, outgoing, sections=2)))
    first, second = parsed.documents
    assert first.number == "А-17" and second.number == "00045"  # text, leading zeros kept
    assert first.amount_kop == 123_456 and second.amount_kop == 50_000
    assert first.direction(OURS) == Direction.INCOMING
    assert second.direction(OURS) == Direction.OUTGOING
    assert first.bank_date(Direction.INCOMING) == date(2026, 11, 18)  # ДатаПоступило, not Дата
    assert first.doc_date == date(2026, 11, 16)
    assert second.bank_date(Direction.OUTGOING) == date(2026, 11, 19)
    assert first.payer_inn == "7707083893" and first.payer_account == CLIENT_ACCOUNT
    assert len(parsed.sections) == 2  # every СекцияРасчСчет is kept
    assert parsed.sections[0].opening_kop == 100_000 and parsed.sections[0].closing_kop == 200_000
    assert parsed.accounts == (OUR_ACCOUNT,)
    assert parsed.date_from == date(2026, 11, 1) and parsed.date_to == date(2026, 11, 23)


def test_a_foreign_and_an_internal_transfer() -> None:
    foreign = document(payee_account=OTHER_ACCOUNT)
    internal = document(payer_account=OUR_ACCOUNT)
    first, second = parse_statement(encode(statement(foreign, internal))).documents
    assert first.direction(OURS) == Direction.FOREIGN
    assert first.direction(OURS | {OTHER_ACCOUNT}) == Direction.INCOMING  # a company account from settings
    assert second.direction(OURS) == Direction.INTERNAL


def test_unknown_keys_empty_values_split_purpose_and_old_keys() -> None:
    doc = [
        "СекцияДокумент=Платежное поручение",
        "Номер=7",
        "Дата=16.11.2026",
        "Сумма=1 000,5",
        "ПлательщикИНН=",
        "ПлательщикРасчСчет=" + CLIENT_ACCOUNT,
        "ПолучательРасчСчет=" + OUR_ACCOUNT,
        "СтатусСоставителя=08",
        "ПоказательКБК=18210102010011000110",
        "НовыйКлючБанка=что угодно",
        "ДатаПоступило=17.11.26",
        "ДатаСписано=",
        "НазначениеПлатежа1=Оплата по счету",
        "НазначениеПлатежа2=№ 55 от 15.11.2026",
        "НазначениеПлатежа3=",
        "Без значения",
        "КонецДокумента",
    ]
    parsed = parse_statement(encode(statement(doc), newline="\n"))
    (d,) = parsed.documents
    assert d.amount_kop == 100_050
    assert d.payer_inn == ""
    assert d.payer_account == CLIENT_ACCOUNT and d.payee_account == OUR_ACCOUNT
    assert d.purpose == "Оплата по счету № 55 от 15.11.2026"
    assert d.received_on == date(2026, 11, 17) and d.written_off_on is None
    assert d.fields["ПоказательКБК"] == "18210102010011000110"
    assert d.fields["НовыйКлючБанка"] == "что угодно"
    assert any("Без значения" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("text", "kop"),
    [
        ("0.01", 1),
        ("12000.00", 1_200_000),
        ("12000", 1_200_000),
        ("1234,5", 123_450),
        ("99999999.99", 9_999_999_999),
    ],
)
def test_amounts_exact_to_the_kopeck(text: str, kop: int) -> None:
    assert parse_amount(text, 1) == kop


def test_many_small_amounts_add_up_exactly() -> None:
    docs = [document(number=str(i), amount="0.10") for i in range(30)]
    parsed = parse_statement(encode(statement(*docs)))
    assert sum(d.amount_kop for d in parsed.documents) == 300  # 30 × 0.10 is 3.00, not 2.9999


@pytest.mark.parametrize("bad", ["12.345", "abc", "-5.00", "", "1.2.3"])
def test_a_bad_amount_names_its_line(bad: str) -> None:
    lines = statement(document(), document(number="2", amount=bad))
    expected = lines.index(f"Сумма={bad}") + 1
    with pytest.raises(StatementError) as caught:
        parse_statement(encode(lines))
    assert caught.value.line == expected
    assert f"строка {expected}" in caught.value.message


def test_no_header() -> None:
    lines = statement(document())[1:]
    with pytest.raises(StatementError) as caught:
        parse_statement(encode(lines))
    assert caught.value.line == 1
    assert "1CClientBankExchange" in caught.value.message


@pytest.mark.parametrize("data", [b"", b"  \r\n"])
def test_an_empty_file(data: bytes) -> None:
    with pytest.raises(StatementError, match="пустой"):
        parse_statement(data)


def test_truncated_inside_a_document() -> None:
    lines = statement(document(), document(number="2"))
    cut = lines[: lines.index("Номер=2") + 3]
    with pytest.raises(StatementError) as caught:
        parse_statement(encode(cut))
    assert caught.value.line == lines.index("Номер=2")  # the «СекцияДокумент» line of the unfinished one
    assert "КонецДокумента" in caught.value.message


def test_truncated_between_documents() -> None:
    lines = statement(document())[:-1]  # no КонецФайла
    with pytest.raises(StatementError, match="КонецФайла"):
        parse_statement(encode(lines))


def test_a_document_without_an_amount() -> None:
    doc = [line for line in document() if not line.startswith("Сумма=")]
    lines = statement(doc)
    with pytest.raises(StatementError, match="нет суммы") as caught:
        parse_statement(encode(lines))
    assert caught.value.line == lines.index("СекцияДокумент=Платежное поручение") + 1


def test_a_bad_date_names_its_line() -> None:
    lines = statement(document(extra=("ДатаПоступило2=x",)))
    lines[lines.index("Дата=16.11.2026")] = "Дата=31.02.2026"
    with pytest.raises(StatementError) as caught:
        parse_statement(encode(lines))
    assert caught.value.line == lines.index("Дата=31.02.2026") + 1


def test_header_only_statement_has_no_documents() -> None:
    parsed = parse_statement(encode([*header(), "КонецФайла"], "cp866"))
    assert parsed.documents == () and parsed.accounts == (OUR_ACCOUNT,)
