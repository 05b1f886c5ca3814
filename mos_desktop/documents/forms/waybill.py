"""Транспортная накладная in the form of annex 4 to the freight rules of ПП РФ № 2200 (21.12.2020): the
sections 1–12 in their order (consignor, consignee, cargo, documents, consignor's instructions, carrier,
vehicle, loading, readdressing, delivery, marks, carriage price), each field over its caption. What the
app does not know (driver, vehicle, actual times) stays blank to be filled in by hand."""

from __future__ import annotations

from collections.abc import Sequence

from mos_desktop.documents.data import Party, short_date
from mos_desktop.documents.forms.common import money
from mos_desktop.documents.forms.shipping import ShipmentData
from mos_desktop.documents.render.blocks import Block, Page, Table, Text, Title


def _section(number: str, title: str, pairs: Sequence[tuple[str, ...]]) -> Table:
    """A boxed section: its title, then each field over its caption; a pair of 2 spans the whole width."""
    rows: list[tuple[str, ...]] = []
    spans: list[tuple[int, int, int, int]] = [(0, 0, 1, 0)]
    small: set[int] = set()
    for pair in pairs:
        if len(pair) == 2:
            value, caption = pair
            for text in (value, caption):
                spans.append((0, 1 + len(rows), 1, 1 + len(rows)))
                rows.append((text, ""))
        else:
            value_l, caption_l, value_r, caption_r = pair
            rows.append((value_l, value_r))
            rows.append((caption_l, caption_r))
        small.add(len(rows) - 1)
    return Table(
        widths=(50, 50),
        header=((f"{number}. {title}", ""),),
        rows=tuple(rows),
        spans=tuple(spans),
        small_rows=frozenset(small),
        size=8,
        header_size=8.5,
    )


def _party(party: Party) -> str:
    return party.line()


def _cost(data: ShipmentData) -> tuple[str, str, str, str]:
    """The carrier's price as the shipment records it (whatever VAT the carrier charges is theirs to state)."""
    return ("", "", "", money(data.freight_kop)) if data.freight_kop else ("", "", "", "")


def waybill_title(data: ShipmentData) -> str:
    return f"Транспортная накладная № {data.number} от {short_date(data.day)}"


def waybill_layout(data: ShipmentData) -> Page:
    company = data.supplier
    shipper = Party(
        name=company.name,
        inn=company.inn,
        kpp=company.kpp,
        address=data.ship_from or company.address,
        phone=company.phone,
    )
    units = sum(x.quantity for x in data.lines)
    names = "; ".join(f"{x.name} — {x.quantity} {x.unit}" for x in data.lines[:12])
    if len(data.lines) > 12:
        names += f"; и ещё {len(data.lines) - 12} наименований (см. накладную)"
    net, rate, tax, gross = _cost(data)
    blocks: list[Block] = [
        Text(
            "Приложение № 4 к Правилам перевозок грузов автомобильным транспортом\n"
            "(постановление Правительства Российской Федерации от 21 декабря 2020 г. № 2200)",
            6,
            align="r",
        ),
        Title("ТРАНСПОРТНАЯ НАКЛАДНАЯ", 11),
        Table(
            widths=(25, 25, 25, 25),
            rows=(
                (
                    "Транспортная накладная",
                    f"Дата {short_date(data.day)}",
                    f"№ {data.number}",
                    "Экземпляр № ___",
                ),
                ("Заказ (заявка)", "Дата ________", "№ ________", ""),
            ),
            size=8,
        ),
        _section(
            "1",
            "Грузоотправитель",
            [(_party(shipper), "(реквизиты, позволяющие идентифицировать Грузоотправителя)")],
        ),
        _section(
            "2",
            "Грузополучатель",
            [
                (
                    _party(data.consignee) + (f"; адрес доставки: {data.ship_to}" if data.ship_to else ""),
                    "(реквизиты, позволяющие идентифицировать Грузополучателя)",
                )
            ],
        ),
        _section(
            "3",
            "Груз",
            [
                (
                    names,
                    "(отгрузочное наименование груза (для опасных грузов — в соответствии с ДОПОГ), его состояние "
                    "и другая необходимая информация о грузе)",
                ),
                (
                    f"{len(data.lines)} наименований, {units} ед.",
                    "(количество грузовых мест, маркировка, вид тары и способ упаковки)",
                    f"{data.weight_kg} кг" if data.weight_kg else "",
                    "(масса груза брутто в килограммах, масса груза нетто "
                    "в килограммах (при возможности её определения), размеры (высота, ширина, длина) в метрах, объём груза)",
                ),
            ],
        ),
        _section(
            "4",
            "Сопроводительные документы на груз (при наличии)",
            [
                (
                    f"Товарная накладная / УПД № {data.number} от {short_date(data.day)}; {data.basis}",
                    "(реквизиты, позволяющие идентифицировать документ(-ы), подтверждающий(-ие) отгрузку товаров)",
                ),
            ],
        ),
        _section(
            "5",
            "Указания грузоотправителя по особым условиям перевозки",
            [
                (
                    f"Срок доставки: {short_date(data.planned_delivery)}" if data.planned_delivery else "",
                    "(маршрут перевозки, дата и время/сроки доставки груза (при необходимости))",
                    f"{company.name}, {company.phone}" if company.phone else company.name,
                    "(контактная информация о лицах, по указанию которых может осуществляться переадресовка)",
                ),
            ],
        ),
        _section(
            "6",
            "Перевозчик",
            [
                (
                    data.carrier,
                    "(реквизиты, позволяющие идентифицировать Перевозчика)",
                    "",
                    "(реквизиты, позволяющие идентифицировать водителя(-ей))",
                ),
            ],
        ),
        _section(
            "7",
            "Транспортное средство",
            [
                (
                    "",
                    "(тип, марка, грузоподъёмность (в тоннах), вместимость (в кубических метрах))",
                    "",
                    "(регистрационный номер транспортного средства)",
                ),
            ],
        ),
        _section(
            "8",
            "Приём груза",
            [
                (company.name, "(реквизиты лица, осуществившего погрузку груза в транспортное средство)"),
                (
                    data.ship_from or company.address,
                    "(адрес места погрузки)",
                    short_date(data.day),
                    "(заявленные дата и время подачи транспортного средства под погрузку)",
                ),
                (
                    "",
                    "(фактические дата и время прибытия под погрузку)",
                    "",
                    "(фактические дата и время убытия)",
                ),
                (
                    f"{data.weight_kg} кг" if data.weight_kg else "",
                    "(масса груза брутто и метод её определения)",
                    f"{units}",
                    "(количество грузовых мест)",
                ),
                (
                    "",
                    "(подпись, расшифровка подписи лица, осуществившего погрузку груза)",
                    "",
                    "(подпись, расшифровка подписи водителя, принявшего груз для перевозки)",
                ),
            ],
        ),
        _section(
            "9",
            "Переадресовка (при наличии)",
            [
                (
                    "",
                    "(дата, вид переадресовки)",
                    "",
                    "(адрес нового пункта выгрузки, новые дата и время подачи "
                    "транспортного средства под выгрузку)",
                ),
            ],
        ),
        _section(
            "10",
            "Выдача груза",
            [
                (
                    data.ship_to,
                    "(адрес места выгрузки)",
                    short_date(data.planned_delivery),
                    "(заявленные дата и время подачи транспортного средства под выгрузку)",
                ),
                ("", "(фактические дата и время прибытия)", "", "(фактические дата и время убытия)"),
                (
                    "",
                    "(фактическое состояние груза, тары, упаковки, маркировки, опломбирования)",
                    "",
                    "(количество грузовых мест)",
                ),
                (
                    f"{data.consignee.signer_position} {data.consignee.signer_name}".strip(),
                    "(должность, подпись, расшифровка подписи грузополучателя или уполномоченного лица)",
                    "",
                    "(подпись, расшифровка подписи водителя, сдавшего груз)",
                ),
            ],
        ),
        _section(
            "11",
            "Отметки грузоотправителей, грузополучателей, перевозчиков (при необходимости)",
            [
                (
                    "",
                    "(краткое описание обстоятельств, послуживших основанием для отметки)",
                    "",
                    "(подпись, дата)",
                ),
            ],
        ),
        Table(
            widths=(25, 25, 25, 25),
            header=(
                (
                    "12. Стоимость перевозки груза (установленная плата) в рублях (при необходимости)",
                    "",
                    "",
                    "",
                ),
            ),
            rows=(
                (net, rate, tax, gross),
                (
                    "(стоимость услуг перевозки без налога — всего)",
                    "(налоговая ставка)",
                    "(сумма налога, предъявляемая покупателю)",
                    "(стоимость услуг перевозки с налогом — всего)",
                ),
            ),
            spans=((0, 0, 3, 0),),
            small_rows=frozenset({1}),
            size=8,
            header_size=8.5,
        ),
        Text(
            f"Грузоотправитель: {company.director_position} {company.name} ____________ {company.director}", 8
        ),
    ]
    title = waybill_title(data)
    return Page(
        title,
        tuple(blocks),
        author=company.name,
        margins=(12.0, 8.0, 10.0, 8.0),
        footer=data.options.footer or title,
    )
