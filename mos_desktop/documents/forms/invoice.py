"""Счёт на оплату: the bank box (with the ГОСТ Р 56042-2014 payment QR beside it), parties, lines, VAT,
total in words, due date, signatures of the director and the accountant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import GoodsLine, Party, short_date
from mos_desktop.documents.forms.common import (
    company_party,
    goods_totals,
    letterhead,
    priced_lines,
    title,
)
from mos_desktop.documents.render.blocks import (
    Block,
    Columns,
    Page,
    Qr,
    Signature,
    Signatures,
    Table,
    Text,
)
from mos_desktop.documents.vat import Vat


@dataclass(frozen=True)
class InvoiceData:
    number: str
    issued_on: date
    due_on: date | None
    supplier: Company
    buyer: Party
    basis: str
    lines: tuple[GoodsLine, ...]
    vat: Vat
    options: Options
    qr_payload: str | None = None

    @property
    def total_kop(self) -> int:
        return goods_totals(self.lines, self.vat)[2]

    @property
    def title(self) -> str:
        return f"Счёт на оплату № {self.number} от {short_date(self.issued_on)}"


def bank_box(company: Company) -> Table:
    return Table(
        widths=(26, 26, 10, 38),
        rows=(
            (f"{company.bank_name}\nБанк получателя", "", "БИК", company.bank_bik),
            ("", "", "Сч. №", company.bank_corr_account),
            (
                f"ИНН {company.inn}",
                f"КПП {company.kpp}" if company.kpp else "КПП",
                "Сч. №",
                company.bank_account,
            ),
            (f"{company.name}\nПолучатель", "", "", ""),
        ),
        spans=((0, 0, 1, 1), (0, 3, 1, 3), (2, 2, 2, 3), (3, 2, 3, 3)),
        size=8,
    )


def layout(data: InvoiceData) -> Page:
    company = data.supplier
    blocks: list[Block] = [*letterhead(company, data.options)]
    box = bank_box(company)
    if data.qr_payload:
        blocks.append(
            Columns(
                (78, 22),
                (
                    (box,),
                    (Qr(data.qr_payload, 34, "r"), Text("Оплата по QR-коду", 6.5, align="r")),
                ),
            )
        )
    else:
        blocks.append(box)
    blocks.append(title("Счёт на оплату", data.number, data.issued_on))
    blocks.append(
        Table(
            widths=(22, 78),
            rows=(
                ("Поставщик\n(Исполнитель):", company_party(company).line()),
                ("Покупатель\n(Заказчик):", data.buyer.line()),
                ("Основание:", data.basis or "—"),
            ),
            bold_rows=frozenset(),
            grid=False,
            size=8.5,
        )
    )
    blocks.extend(priced_lines(data.lines, data.vat, name_title="Товары (работы, услуги)"))
    if data.due_on:
        blocks.append(Text(f"Оплатить не позднее {short_date(data.due_on)}.", 8.5))
    if data.options.invoice_note:
        blocks.append(Text(data.options.invoice_note, 7.5))
    blocks.append(
        Signatures(
            (
                Signature(
                    "Руководитель", company.director_position, company.director, data.options.facsimile
                ),
                Signature("Главный бухгалтер", "", company.accountant or company.director),
            ),
            columns=1,
        )
    )
    return Page(data.title, tuple(blocks), author=company.name, footer=data.options.footer or data.title)
