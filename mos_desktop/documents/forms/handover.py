"""Акт приёма-передачи оборудования: who hands over to whom, where, the equipment with serial numbers,
completeness and condition, both parties' signatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import Party, short_date
from mos_desktop.documents.forms.common import company_party, letterhead, money, qty, title
from mos_desktop.documents.render.blocks import Block, Page, Signature, Signatures, Table, Text
from mos_desktop.documents.words import rubles_in_words


@dataclass(frozen=True)
class HandoverLine:
    name: str
    code: str
    serial: str
    quantity: int
    unit: str
    completeness: str
    condition: str
    amount_kop: int = 0


@dataclass(frozen=True)
class HandoverData:
    number: str
    day: date
    sender: Company
    receiver: Party
    address: str
    basis: str
    lines: tuple[HandoverLine, ...]
    options: Options

    @property
    def total_kop(self) -> int:
        return sum(line.amount_kop for line in self.lines)

    @property
    def title(self) -> str:
        return f"Акт приёма-передачи оборудования № {self.number} от {short_date(self.day)}"


def layout(data: HandoverData) -> Page:
    blocks: list[Block] = [*letterhead(data.sender, data.options)]
    blocks.append(title("Акт приёма-передачи оборудования", data.number, data.day))
    blocks.append(
        Table(
            widths=(22, 78),
            rows=(
                ("Передающая сторона:", company_party(data.sender).line()),
                ("Принимающая сторона:", data.receiver.line()),
                ("Адрес передачи:", data.address or "—"),
                ("Основание:", data.basis or "—"),
            ),
            grid=False,
            size=8.5,
        )
    )
    blocks.append(
        Text(
            "Передающая сторона передала, а принимающая сторона приняла следующее оборудование:",
            8.5,
        )
    )
    blocks.append(
        Table(
            widths=(4, 25, 13, 22, 6.5, 6.5, 12, 12),
            header_size=7,
            condensed=True,
            header=(
                (
                    "№",
                    "Наименование",
                    "Артикул",
                    "Серийный номер",
                    "Кол-во",
                    "Ед.",
                    "Комплектность",
                    "Состояние",
                ),
            ),
            rows=tuple(
                (
                    str(i),
                    x.name,
                    x.code,
                    x.serial or "—",
                    qty(x.quantity),
                    x.unit,
                    x.completeness,
                    x.condition,
                )
                for i, x in enumerate(data.lines, 1)
            ),
            align=("c", "l", "l", "l", "r", "c", "l", "l"),
        )
    )
    count = sum(x.quantity for x in data.lines)
    summary = f"Всего передано наименований: {len(data.lines)}, количество: {count}."
    if data.total_kop:
        summary += (
            f" Стоимость оборудования: {money(data.total_kop)} руб. ({rubles_in_words(data.total_kop)})."
        )
    blocks.append(Text(summary, 8.5))
    blocks.append(
        Text(
            "Оборудование передано в указанной комплектности и состоянии. Видимых повреждений не обнаружено. "
            "Стороны претензий друг к другу не имеют. Акт составлен в двух экземплярах, по одному для каждой стороны.",
            8.5,
            space_after=3,
        )
    )
    blocks.append(
        Signatures(
            (
                Signature(
                    "Передал",
                    data.sender.director_position,
                    data.sender.director,
                    data.options.facsimile,
                    stamp=True,
                ),
                Signature("Принял", data.receiver.signer_position, data.receiver.signer_name, stamp=True),
            ),
            columns=2,
        )
    )
    return Page(data.title, tuple(blocks), author=data.sender.name, footer=data.options.footer or data.title)
