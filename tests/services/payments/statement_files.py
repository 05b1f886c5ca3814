"""Hand-made 1CClientBankExchange files for the tests: text lines → bytes in a chosen charset and line end."""

from __future__ import annotations

from datetime import date

OUR_ACCOUNT = "40702810900000000001"
OTHER_ACCOUNT = "40702810400000000002"
CLIENT_ACCOUNT = "40702810500000001234"


def header(*, encoding: str = "Windows", account: str = OUR_ACCOUNT) -> list[str]:
    return [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        f"Кодировка={encoding}",
        "Отправитель=Бухгалтерия предприятия",
        "Получатель=",
        "ДатаСоздания=24.11.2026",
        "ВремяСоздания=09:15:00",
        "ДатаНачала=01.11.2026",
        "ДатаКонца=23.11.2026",
        f"РасчСчет={account}",
        "Документ=Платежное поручение",
    ]


def account_section(
    account: str = OUR_ACCOUNT, opening: str = "1000.00", closing: str = "2000.00"
) -> list[str]:
    return [
        "СекцияРасчСчет",
        "ДатаНачала=01.11.2026",
        "ДатаКонца=23.11.2026",
        f"РасчСчет={account}",
        f"НачальныйОстаток={opening}",
        "ВсегоПоступило=1000.00",
        "ВсегоСписано=0.00",
        f"КонечныйОстаток={closing}",
        "КонецРасчСчет",
    ]


def document(
    *,
    number: str = "123",
    doc_date: date = date(2026, 11, 16),
    amount: str = "12000.00",
    payer_inn: str = "7707083893",
    payer: str = "ООО «Альфа»",
    payer_account: str = CLIENT_ACCOUNT,
    payee_account: str = OUR_ACCOUNT,
    payee_inn: str = "7736207543",
    received: date | None = date(2026, 11, 17),
    written_off: date | None = None,
    purpose: str = "Оплата по счету № С-1 от 15.11.2026 за абонентское обслуживание. Без НДС",
    extra: tuple[str, ...] = (),
) -> list[str]:
    lines = [
        "СекцияДокумент=Платежное поручение",
        f"Номер={number}",
        f"Дата={doc_date:%d.%m.%Y}",
        f"Сумма={amount}",
        f"ПлательщикСчет={payer_account}",
        f"Плательщик=ИНН {payer_inn} {payer}",
        f"ПлательщикИНН={payer_inn}",
        f"Плательщик1={payer}",
        "ПлательщикКПП=770701001",
        "ПлательщикБанк1=ПАО СБЕРБАНК",
        "ПлательщикБИК=044525225",
        f"ПолучательСчет={payee_account}",
        "Получатель=ООО «МОС»",
        f"ПолучательИНН={payee_inn}",
        "Получатель1=ООО «МОС»",
        "ВидОплаты=01",
        "Очередность=5",
        f"ДатаПоступило={received:%d.%m.%Y}" if received else "ДатаПоступило=",
        f"ДатаСписано={written_off:%d.%m.%Y}" if written_off else "ДатаСписано=",
        f"НазначениеПлатежа={purpose}",
        *extra,
        "КонецДокумента",
    ]
    return lines


def statement(*documents: list[str], sections: int = 1, encoding: str = "Windows") -> list[str]:
    lines = header(encoding=encoding)
    for _ in range(sections):
        lines += account_section()
    for doc in documents:
        lines += doc
    return [*lines, "КонецФайла"]


def encode(lines: list[str], charset: str = "cp1251", newline: str = "\r\n", bom: bool = False) -> bytes:
    text = newline.join(lines) + newline
    if charset == "cp866":  # DOS has no guillemets: its files use plain quotes
        text = text.replace("«", '"').replace("»", '"')
    data = text.encode(charset)
    return (b"\xef\xbb\xbf" + data) if bom else data
