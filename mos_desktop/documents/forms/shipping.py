"""Shipping papers of one shipment: товарная накладная ТОРГ-12 (Госкомстат, постановление № 132 от
25.12.1998, ОКУД 0330212) and the УПД (the счёт-фактура form of ПП № 1137, Приложение № 1, as amended —
columns А, 1, 1а, 1б, 2, 2а, 3–9, 10, 10а, 11, 12, 12а, 13, 14 — with the transfer part of ФНС letter
ММВ-20-3/96@; status 1 = счёт-фактура and transfer document, 2 = transfer document only). Both landscape,
their line tables repeat the header rows on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import GoodsLine, Party, long_date, short_date
from mos_desktop.documents.forms.common import bank_line, goods_totals, money, qty
from mos_desktop.documents.render.blocks import (
    Block,
    Columns,
    Page,
    Signature,
    Signatures,
    Table,
    Text,
    Title,
)
from mos_desktop.documents.vat import Vat
from mos_desktop.documents.words import count_in_words, rubles_in_words


@dataclass(frozen=True)
class ShipmentData:
    number: str
    day: date
    supplier: Company
    consignee: Party  # грузополучатель (the client at the delivery address)
    payer: Party  # плательщик / покупатель
    ship_from: str
    ship_to: str
    basis: str
    lines: tuple[GoodsLine, ...]
    vat: Vat
    options: Options
    carrier: str = ""
    weight_kg: int = 0
    released_by: str = ""  # who released the goods (the warehouse keeper), «Фамилия И. О.»
    planned_delivery: date | None = None
    freight_kop: int = 0  # the carrier's price, when known (the waybill's section 12)

    @property
    def total_kop(self) -> int:
        return goods_totals(self.lines, self.vat)[2]

    @property
    def title(self) -> str:
        return f"Отгрузка № {self.number} от {short_date(self.day)}"


def _supplier_line(company: Company, address: str = "") -> str:
    parts = [company.name, f"ИНН {company.inn}" + (f", КПП {company.kpp}" if company.kpp else "")]
    parts.append(address or company.address)
    bank = bank_line(company)
    if bank:
        parts.append(bank)
    return ", ".join(p for p in parts if p)


def net_price(line: GoodsLine, vat: Vat) -> int:
    """The unit price without VAT (columns «Цена»): the line's price unless VAT is inside it."""
    if vat.mode == "vat_included" and line.quantity:
        return (line.net_kop + line.quantity // 2) // line.quantity
    return line.price_kop


def _rate(vat: Vat) -> str:
    return f"{vat.rate_pct}%" if vat.charged else "без НДС"


def _vat_sum(vat: Vat, kop: int) -> str:
    return money(kop) if vat.charged else "без НДС"


# --- ТОРГ-12 -----------------------------------------------------------------------------------------


def torg12_title(data: ShipmentData) -> str:
    return f"Товарная накладная ТОРГ-12 № {data.number} от {short_date(data.day)}"


def torg12_layout(data: ShipmentData) -> Page:
    company = data.supplier
    blocks: list[Block] = [
        Text(
            "Унифицированная форма № ТОРГ-12\nУтверждена постановлением Госкомстата России от 25.12.98 № 132",
            6.5,
            align="r",
            space_after=1,
        ),
        Columns(
            (80, 20),
            (
                (
                    Table(
                        widths=(18, 82),
                        rows=(
                            ("Грузоотправитель", _supplier_line(company, data.ship_from)),
                            ("Структурное подразделение", "Склад"),
                            (
                                "Грузополучатель",
                                data.consignee.line() + (f"; {data.ship_to}" if data.ship_to else ""),
                            ),
                            ("Поставщик", _supplier_line(company)),
                            ("Плательщик", data.payer.line()),
                            ("Основание", data.basis or "—"),
                        ),
                        grid=False,
                        size=7,
                    ),
                ),
                (
                    Table(
                        widths=(55, 45),
                        rows=(
                            ("Форма по ОКУД", "0330212"),
                            ("по ОКПО", ""),
                            ("Вид деятельности по ОКДП", ""),
                            ("по ОКПО", ""),
                            ("по ОКПО", ""),
                            ("по ОКПО", ""),
                            ("Вид операции", ""),
                        ),
                        align=("r", "c"),
                        size=6.5,
                    ),
                ),
            ),
        ),
        Columns(
            (30, 40, 30),
            (
                (Text("", 1),),
                (
                    Table(
                        widths=(60, 40),
                        header=(("Номер документа", "Дата составления"),),
                        rows=((data.number, short_date(data.day)),),
                        align=("c", "c"),
                        size=8,
                    ),
                    Title("ТОВАРНАЯ НАКЛАДНАЯ", 11),
                ),
                (Text("", 1),),
            ),
        ),
    ]
    header = (
        ("Номер по порядку", "Товар", "", "Единица измерения", "", "Вид упа-ковки", "Количество", "",
         "Масса брутто", "Коли-чество (масса нетто)", "Цена, руб. коп.", "Сумма без учёта НДС, руб. коп.",
         "НДС", "", "Сумма с учётом НДС, руб. коп."),
        ("", "наименование, характеристика, сорт, артикул товара", "код", "наиме-нование", "код по ОКЕИ", "",
         "в одном месте", "мест, штук", "", "", "", "", "ставка, %", "сумма, руб. коп.", ""),
        tuple(str(i) for i in range(1, 16)),
    )  # fmt: skip
    rows: list[tuple[str, ...]] = []
    for i, line in enumerate(data.lines, 1):
        price = net_price(line, data.vat)
        name = line.name + (f", с/н {line.serial}" if line.serial else "")
        rows.append(
            (str(i), name, line.code, line.unit, line.okei, "", "", "", "", qty(line.quantity),
             money(price), money(line.net_kop), _rate(data.vat), _vat_sum(data.vat, line.vat_kop),
             money(line.gross_kop))
        )  # fmt: skip
    net, tax, gross = goods_totals(data.lines, data.vat)
    count = sum(x.quantity for x in data.lines)
    total_row = ("Итого", "", "", "", "", "", "", "", "", qty(count), "X", money(net), "X",
                 _vat_sum(data.vat, tax), money(gross))  # fmt: skip
    all_row = ("Всего по накладной", "", "", "", "", "", "", "", "", qty(count), "X", money(net), "X",
               _vat_sum(data.vat, tax), money(gross))  # fmt: skip
    rows += [total_row, all_row]
    body_start = len(header)
    n = len(rows)
    blocks.append(
        Table(
            widths=(4, 23, 8.5, 5, 4.5, 4.5, 4.5, 4.5, 4.5, 5.5, 7, 8.5, 4.5, 7.5, 8.5),
            header=header,
            rows=tuple(rows),
            align=("c", "l", "l", "c", "c", "c", "r", "r", "r", "r", "r", "r", "c", "r", "r"),
            spans=(
                (0, 0, 0, 1), (1, 0, 2, 0), (3, 0, 4, 0), (5, 0, 5, 1), (6, 0, 7, 0), (8, 0, 8, 1),
                (9, 0, 9, 1), (10, 0, 10, 1), (11, 0, 11, 1), (12, 0, 13, 0), (14, 0, 14, 1),
                (0, body_start + n - 2, 8, body_start + n - 2), (0, body_start + n - 1, 8, body_start + n - 1),
            ),
            bold_rows=frozenset({n - 2, n - 1}),
            cell_align=((n - 2, 0, "r"), (n - 1, 0, "r")),
            size=6.5,
            header_size=5.5,
            condensed=True,
        )
    )  # fmt: skip
    blocks.append(
        Text(
            f"Товарная накладная имеет приложение на ____ листах и содержит {count_in_words(len(data.lines))} "
            f"порядковых номеров записей. Всего мест ________. "
            f"Масса груза (брутто): {f'{data.weight_kg} кг' if data.weight_kg else '________'}.",
            7,
        )
    )
    blocks.append(Text(f"Всего отпущено на сумму: {rubles_in_words(gross)}", 8, bold=True, space_after=2))
    blocks.append(
        Signatures(
            (
                Signature("Отпуск груза разрешил", company.director_position, company.director, data.options.facsimile),
                Signature("Груз принял", "", ""),
                Signature("Главный (старший) бухгалтер", "", company.accountant or company.director),
                Signature("Груз получил грузополучатель", data.consignee.signer_position, data.consignee.signer_name),
                Signature("Отпуск груза произвёл", "Кладовщик", data.released_by, stamp=True),
                Signature("По доверенности № ____ от «___» ________ 20__ г.", "", "", stamp=True),
            ),
            columns=2,
        )
    )  # fmt: skip
    blocks.append(Text(f"Дата отгрузки: {long_date(data.day)}", 7.5))
    title = torg12_title(data)
    return Page(title, tuple(blocks), landscape=True, author=company.name,
                margins=(10.0, 8.0, 8.0, 8.0), footer=data.options.footer or title)  # fmt: skip


# --- УПД ---------------------------------------------------------------------------------------------


def upd_title(data: ShipmentData) -> str:
    return f"УПД № {data.number} от {short_date(data.day)} (статус {data.options.upd_status})"


def upd_layout(data: ShipmentData) -> Page:
    company = data.supplier
    status = data.options.upd_status
    left = (
        Text("Универсальный передаточный документ", 9, bold=True, space_after=2),
        Table(
            widths=(50, 50),
            rows=(("Статус:", str(status)),),
            size=9,
            align=("l", "c"),
            bold_rows=frozenset({0}),
        ),
        Text("1 — счёт-фактура и передаточный документ (акт)\n2 — передаточный документ (акт)", 6.5),
    )
    requisites = (
        (f"Счёт-фактура № {data.number} от {short_date(data.day)}", "(1)"),
        ("Исправление № — от —", "(1а)"),
        (f"Продавец: {company.name}", "(2)"),
        (f"Адрес: {company.address}", "(2а)"),
        (f"ИНН/КПП продавца: {company.inn}/{company.kpp}", "(2б)"),
        (f"Грузоотправитель и его адрес: {company.name}, {data.ship_from or company.address}", "(3)"),
        (
            f"Грузополучатель и его адрес: {data.consignee.name}, {data.ship_to or data.consignee.address}",
            "(4)",
        ),
        ("К платёжно-расчётному документу № — от —", "(5)"),
        (
            f"Документ об отгрузке: № п/п 1–{len(data.lines)} № {data.number} от {short_date(data.day)}",
            "(5а)",
        ),
        (f"Покупатель: {data.payer.name}", "(6)"),
        (f"Адрес: {data.payer.address}", "(6а)"),
        (f"ИНН/КПП покупателя: {data.payer.inn}/{data.payer.kpp}", "(6б)"),
        ("Валюта: наименование, код: Российский рубль, 643", "(7)"),
        ("Идентификатор государственного контракта, договора (соглашения) (при наличии): —", "(8)"),
    )
    blocks: list[Block] = [
        Text("Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137 "
             "(в редакции постановления Правительства РФ от 16.08.2024 № 1096)", 5.5, align="r"),
        Columns((20, 80), (left, (Table(widths=(93, 7), rows=requisites, grid=False, size=7, align=("l", "r")),))),
    ]  # fmt: skip
    header = (
        ("Код товара/ работ, услуг", "№ п/п", "Наименование товара (описание выполненных работ, оказанных услуг), имущественного права",
         "Код вида товара", "Единица измерения", "", "Коли-чество (объём)", "Цена (тариф) за единицу измерения",
         "Стоимость товаров (работ, услуг), имущественных прав без налога — всего", "В том числе сумма акциза",
         "Нало-говая ставка", "Сумма налога, предъявляемая покупателю",
         "Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", "Страна происхождения товара", "",
         "Регистрационный номер декларации на товары или регистрационный номер партии товара, подлежащего прослеживаемости",
         "Количественная единица измерения товара, используемая в целях осуществления прослеживаемости", "",
         "Количество товара, подлежащего прослеживаемости", "Стоимость товара, подлежащего прослеживаемости, без НДС, руб."),
        ("", "", "", "", "код", "условное обозна-чение (нацио-нальное)", "", "", "", "", "", "", "",
         "циф-ровой код", "краткое наиме-нование", "", "код", "условное обозна-чение", "", ""),
        ("А", "1", "1а", "1б", "2", "2а", "3", "4", "5", "6", "7", "8", "9", "10", "10а", "11", "12", "12а", "13", "14"),
    )  # fmt: skip
    rows: list[tuple[str, ...]] = []
    for i, line in enumerate(data.lines, 1):
        price = net_price(line, data.vat)
        rows.append(
            (line.code, str(i), line.name + (f", с/н {line.serial}" if line.serial else ""), "—", line.okei,
             line.unit, qty(line.quantity), money(price), money(line.net_kop), "без акциза", _rate(data.vat),
             _vat_sum(data.vat, line.vat_kop), money(line.gross_kop), "—", "—", "—", "—", "—", "—", "—")
        )  # fmt: skip
    net, tax, gross = goods_totals(data.lines, data.vat)
    rows.append(("Всего к оплате", "", "", "", "", "", "", "", money(net), "X", "X", _vat_sum(data.vat, tax),
                 money(gross), "", "", "", "", "", "", ""))  # fmt: skip
    n = len(rows)
    h = len(header)
    blocks.append(
        Table(
            widths=(9, 3, 19.5, 4, 3.5, 4.5, 4.5, 6.5, 7, 6, 4, 6.5, 7, 3.5, 4, 6.5, 3.5, 4, 4, 5),
            header=header,
            rows=tuple(rows),
            align=("l", "c", "l", "c", "c", "c", "r", "r", "r", "c", "c", "r", "r", "c", "c", "c", "c", "c", "r", "r"),
            spans=(
                (0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 3, 1), (4, 0, 5, 0), (6, 0, 6, 1), (7, 0, 7, 1),
                (8, 0, 8, 1), (9, 0, 9, 1), (10, 0, 10, 1), (11, 0, 11, 1), (12, 0, 12, 1), (13, 0, 14, 0),
                (15, 0, 15, 1), (16, 0, 17, 0), (18, 0, 18, 1), (19, 0, 19, 1),
                (0, h + n - 1, 7, h + n - 1),
            ),
            bold_rows=frozenset({n - 1}),
            cell_align=((n - 1, 0, "r"),),
            size=6,
            header_size=4.8,
            condensed=True,
        )
    )  # fmt: skip
    blocks.append(
        Text(f"Документ составлен на ____ листах. Всего к оплате: {rubles_in_words(gross)}", 7, bold=True)
    )
    blocks.append(
        Signatures(
            (
                Signature("Руководитель организации или иное уполномоченное лицо", company.director_position,
                          company.director, data.options.facsimile),
                Signature("Главный бухгалтер или иное уполномоченное лицо", "",
                          company.accountant or company.director if status == 1 else ""),
            ),
            columns=2,
        )
    )  # fmt: skip
    transfer_left = (
        Table(
            widths=(100,),
            rows=(
                (f"[8] Основание передачи (сдачи) / получения (приёмки): {data.basis or '—'}",),
                (f"[9] Данные о транспортировке и грузе: {data.carrier or '—'}"
                 + (f", масса брутто {data.weight_kg} кг" if data.weight_kg else ""),),
            ),
            grid=False,
            size=6.5,
        ),
        Signatures((Signature("[10] Товар (груз) передал / услуги, результаты работ, права сдал", "Кладовщик",
                              data.released_by or company.director),), stacked=True),
        Text(f"[11] Дата отгрузки, передачи (сдачи): {long_date(data.day)}", 6.5),
        Text("[12] Иные сведения об отгрузке, передаче: —", 6.5),
        Signatures((Signature("[13] Ответственный за правильность оформления факта хозяйственной жизни",
                              company.director_position, company.director),), stacked=True),
        Text(f"[14] Наименование экономического субъекта — составителя документа: {company.name}, "
             f"ИНН/КПП {company.inn}/{company.kpp}", 6.5),
        Text("М. П.", 7),
    )  # fmt: skip
    transfer_right = (
        Text("", 6.5, space_after=7),
        Signatures((Signature("[15] Товар (груз) получил / услуги, результаты работ, права принял",
                              data.consignee.signer_position, data.consignee.signer_name),), stacked=True),
        Text("[16] Дата получения (приёмки): «___» ____________ 20__ г.", 6.5),
        Text("[17] Иные сведения о получении, приёмке: —", 6.5),
        Signatures((Signature("[18] Ответственный за правильность оформления факта хозяйственной жизни",
                              data.payer.signer_position, data.payer.signer_name),), stacked=True),
        Text(f"[19] Наименование экономического субъекта — составителя документа: {data.payer.name}, "
             f"ИНН/КПП {data.payer.inn}/{data.payer.kpp}", 6.5),
        Text("М. П.", 7),
    )  # fmt: skip
    blocks.append(Columns((50, 50), (transfer_left, transfer_right)))
    title = upd_title(data)
    return Page(title, tuple(blocks), landscape=True, author=company.name,
                margins=(10.0, 8.0, 8.0, 8.0), footer=data.options.footer or title)  # fmt: skip
