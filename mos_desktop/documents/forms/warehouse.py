"""Warehouse papers from the stock ledger: the internal move note (warehouse → office, in the manner of
ТОРГ-13 / М-11: from, to, items with serials and quantities, released by / received by) and the receipt
and discrepancy note of a supplier delivery (ordered, received, refused, the difference, amounts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import Party, short_date
from mos_desktop.documents.forms.common import letterhead, money, qty, title
from mos_desktop.documents.render.blocks import Block, Page, Signature, Signatures, Table, Text
from mos_desktop.documents.words import count_in_words, rubles_in_words


@dataclass(frozen=True)
class MoveLine:
    name: str
    code: str
    unit: str
    okei: str
    quantity: int
    serial: str = ""


@dataclass(frozen=True)
class MoveData:
    number: str
    day: date
    company: Company
    from_place: str  # «Склад Румянцево, адрес»
    to_place: str
    lines: tuple[MoveLine, ...]
    options: Options
    released_by: str = ""
    received_by: str = ""
    basis: str = ""
    total_kop: int = 0

    @property
    def title(self) -> str:
        return f"Накладная на внутреннее перемещение № {self.number} от {short_date(self.day)}"


def move_layout(data: MoveData) -> Page:
    blocks: list[Block] = [*letterhead(data.company, data.options)]
    blocks.append(title("Накладная на внутреннее перемещение товаров", data.number, data.day))
    blocks.append(
        Table(
            widths=(25, 75),
            rows=(
                ("Организация:", f"{data.company.name}, ИНН {data.company.inn}"),
                ("Отправитель (откуда):", data.from_place),
                ("Получатель (куда):", data.to_place),
                ("Основание:", data.basis or "внутреннее перемещение"),
            ),
            grid=False,
            size=8.5,
        )
    )
    blocks.append(
        Table(
            widths=(5, 40, 15, 17, 7, 7, 10),
            header=(
                ("№", "Товар", "", "Серийный номер", "Единица измерения", "", "Количество"),
                ("", "наименование", "артикул", "", "наим.", "код по ОКЕИ", ""),
            ),
            rows=tuple(
                (str(i), x.name, x.code, x.serial or "—", x.unit, x.okei, qty(x.quantity))
                for i, x in enumerate(data.lines, 1)
            ),
            align=("c", "l", "l", "l", "c", "c", "r"),
            spans=((0, 0, 0, 1), (1, 0, 2, 0), (3, 0, 3, 1), (4, 0, 5, 0), (6, 0, 6, 1)),
            size=8,
        )
    )
    units = sum(x.quantity for x in data.lines)
    blocks.append(
        Text(
            f"Всего наименований: {len(data.lines)} ({count_in_words(len(data.lines))}), "
            f"единиц: {units} ({count_in_words(units)}).",
            8.5,
            space_after=3,
        )
    )
    blocks.append(
        Signatures(
            (
                Signature("Отпустил", "Кладовщик", data.released_by),
                Signature("Получил", "", data.received_by),
            ),
            columns=2,
        )
    )
    return Page(data.title, tuple(blocks), author=data.company.name, footer=data.options.footer or data.title)


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    code: str
    unit: str
    ordered: int
    received: int
    refused: int
    price_kop: int

    @property
    def accepted(self) -> int:
        return self.received - self.refused

    @property
    def difference(self) -> int:
        return self.accepted - self.ordered


@dataclass(frozen=True)
class ReceiptData:
    number: str
    day: date
    company: Company
    supplier: Party
    order: str  # «Заказ № ЗП-2026-0014 от 18.11.2026»
    supplier_invoice: str
    warehouse: str
    lines: tuple[ReceiptLine, ...]
    options: Options
    accepted_by: str = ""

    @property
    def total_kop(self) -> int:
        return sum(x.accepted * x.price_kop for x in self.lines)

    @property
    def has_discrepancy(self) -> bool:
        return any(x.difference or x.refused for x in self.lines)

    @property
    def title(self) -> str:
        return f"Приходная накладная № {self.number} от {short_date(self.day)}"


def receipt_layout(data: ReceiptData) -> Page:
    blocks: list[Block] = [*letterhead(data.company, data.options)]
    heading = "Приходная накладная и акт о расхождении" if data.has_discrepancy else "Приходная накладная"
    blocks.append(title(heading, data.number, data.day))
    blocks.append(
        Table(
            widths=(25, 75),
            rows=(
                ("Поставщик:", data.supplier.line()),
                ("Заказ:", data.order),
                ("Счёт поставщика:", data.supplier_invoice or "—"),
                ("Склад:", data.warehouse),
            ),
            grid=False,
            size=8.5,
        )
    )
    rows = tuple(
        (str(i), x.name, x.code, x.unit, qty(x.ordered), qty(x.received), qty(x.refused), qty(x.accepted),
         f"{x.difference:+d}" if x.difference else "0", money(x.price_kop), money(x.accepted * x.price_kop))
        for i, x in enumerate(data.lines, 1)
    )  # fmt: skip
    blocks.append(
        Table(
            widths=(4, 25, 12, 5, 8, 8.5, 8, 8, 8, 10, 11),
            header=(
                ("№", "Наименование", "Артикул", "Ед.", "Количество", "", "", "", "Расхождение", "Цена", "Сумма"),
                ("", "", "", "", "по заказу", "поступило", "брак, отказ", "принято", "", "", ""),
            ),
            rows=rows,
            align=("c", "l", "l", "c", "r", "r", "r", "r", "r", "r", "r"),
            spans=((0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 3, 1), (4, 0, 7, 0), (8, 0, 8, 1),
                   (9, 0, 9, 1), (10, 0, 10, 1)),
            size=7.5,
        )
    )  # fmt: skip
    blocks.append(
        Text(
            f"Принято на сумму {money(data.total_kop)} руб.: {rubles_in_words(data.total_kop)}",
            8.5,
            bold=True,
        )
    )
    if data.has_discrepancy:
        blocks.append(
            Text(
                "Выявлены расхождения с заказом по количеству и (или) качеству, указанные в графах «брак, отказ» "
                "и «расхождение». Акт составлен для предъявления поставщику.",
                8,
            )
        )
    blocks.append(
        Signatures(
            (
                Signature("Принял", "Кладовщик", data.accepted_by),
                Signature("Представитель поставщика", "", ""),
            ),
            columns=2,
        )
    )
    return Page(data.title, tuple(blocks), author=data.company.name, footer=data.options.footer or data.title)
