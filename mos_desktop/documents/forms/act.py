"""Акт выполненных работ (оказанных услуг) and the service-visit act: parties, contract, the services with
amounts and VAT, total in words, the acceptance sentence, both parties' signatures. The visit act adds the
visit date and address, the detailed works, the equipment serviced (serial numbers) and the parts used."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import GoodsLine, Party, short_date
from mos_desktop.documents.forms.common import (
    company_party,
    goods_totals,
    letterhead,
    priced_lines,
    qty,
    title,
)
from mos_desktop.documents.render.blocks import Block, Page, Signature, Signatures, Table, Text
from mos_desktop.documents.vat import Vat


@dataclass(frozen=True)
class VisitInfo:
    visit_date: date
    address: str
    kind: str  # «Плановое техническое обслуживание», «Аварийный выезд»
    problem: str = ""
    works: tuple[str, ...] = ()
    equipment: tuple[tuple[str, str, int], ...] = ()  # name, serial, quantity
    parts: tuple[tuple[str, str, int, str, str], ...] = ()  # name, code, quantity, unit, serial
    performer: str = ""  # engineer or contractor


@dataclass(frozen=True)
class ActData:
    number: str
    day: date
    executor: Company
    customer: Party
    basis: str
    lines: tuple[GoodsLine, ...]
    vat: Vat
    options: Options
    visit: VisitInfo | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def total_kop(self) -> int:
        return goods_totals(self.lines, self.vat)[2]

    @property
    def name(self) -> str:
        return "Акт сервисного выезда" if self.visit else "Акт"

    @property
    def title(self) -> str:
        return f"{self.name} № {self.number} от {short_date(self.day)}"


def layout(data: ActData) -> Page:
    company = data.executor
    blocks: list[Block] = [*letterhead(company, data.options)]
    if data.visit:
        blocks.append(title("Акт выполненных работ", data.number, data.day))
        blocks.append(
            Text(f"по сервисному выезду {short_date(data.visit.visit_date)}", 10, align="c", space_after=3)
        )
    else:
        blocks.append(title("Акт", data.number, data.day))
        blocks.append(Text("выполненных работ (оказанных услуг)", 10, align="c", space_after=3))
    blocks.append(
        Table(
            widths=(22, 78),
            rows=(
                ("Исполнитель:", company_party(company).line()),
                ("Заказчик:", data.customer.line()),
                ("Основание:", data.basis or "—"),
            ),
            grid=False,
            size=8.5,
        )
    )
    visit = data.visit
    if visit:
        blocks.append(
            Table(
                widths=(22, 78),
                rows=(
                    ("Дата выезда:", short_date(visit.visit_date)),
                    ("Адрес объекта:", visit.address or "—"),
                    ("Вид работ:", visit.kind),
                    *((("Обращение:", visit.problem),) if visit.problem else ()),
                    *((("Исполнитель работ:", visit.performer),) if visit.performer else ()),
                ),
                grid=False,
                size=8.5,
            )
        )
        if visit.works:
            blocks.append(Text("Выполненные работы:", 9, bold=True, space_after=0.5))
            blocks.append(
                Table(
                    widths=(5, 95),
                    header=(("№", "Содержание работ"),),
                    rows=tuple((str(i), w) for i, w in enumerate(visit.works, 1)),
                    align=("c", "l"),
                )
            )
        if visit.equipment:
            blocks.append(Text("Обслуженное оборудование:", 9, bold=True, space_after=0.5))
            blocks.append(
                Table(
                    widths=(5, 60, 25, 10),
                    header=(("№", "Оборудование", "Заводской (серийный) номер", "Кол-во"),),
                    rows=tuple(
                        (str(i), n, s or "—", qty(q)) for i, (n, s, q) in enumerate(visit.equipment, 1)
                    ),
                    align=("c", "l", "l", "r"),
                )
            )
        if visit.parts:
            blocks.append(Text("Использованные запасные части и материалы:", 9, bold=True, space_after=0.5))
            blocks.append(
                Table(
                    widths=(5, 45, 18, 17, 8, 7),
                    header=(("№", "Наименование", "Артикул", "Серийный номер", "Кол-во", "Ед."),),
                    rows=tuple(
                        (str(i), n, c, s or "—", qty(q), u)
                        for i, (n, c, q, u, s) in enumerate(visit.parts, 1)
                    ),
                    align=("c", "l", "l", "l", "r", "c"),
                )
            )
    blocks.append(
        Text("Стоимость работ (услуг):", 9, bold=True, space_after=0.5)
        if visit
        else Text("", 1, space_after=0)
    )
    blocks.extend(priced_lines(data.lines, data.vat, name_title="Наименование работ, услуг"))
    blocks.append(Text(data.options.act_closing_text, 8.5, space_after=3))
    blocks.append(
        Signatures(
            (
                Signature(
                    "Исполнитель",
                    company.director_position,
                    company.director,
                    data.options.facsimile,
                    stamp=True,
                ),
                Signature("Заказчик", data.customer.signer_position, data.customer.signer_name, stamp=True),
            ),
            columns=2,
        )
    )
    return Page(data.title, tuple(blocks), author=company.name, footer=data.options.footer or data.title)
