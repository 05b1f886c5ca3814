"""Layout pieces every form shares: the letterhead, the title line, requisites, totals with words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import GoodsLine, Party, long_date
from mos_desktop.documents.render.blocks import Block, Columns, Image, Rule, Table, Text, Title, Totals
from mos_desktop.documents.vat import Vat
from mos_desktop.documents.words import rubles_in_words
from mos_desktop.money import format_rub


def money(kop: int) -> str:
    return format_rub(kop, symbol=False)


def qty(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def company_party(company: Company) -> Party:
    return Party(
        name=company.name,
        inn=company.inn,
        kpp=company.kpp,
        address=company.address,
        phone=company.phone,
        signer_position=company.director_position,
        signer_name=company.director,
    )


def bank_line(company: Company) -> str:
    if not company.bank_account:
        return ""
    return (
        f"р/с {company.bank_account} в {company.bank_name}, БИК {company.bank_bik}, "
        f"к/с {company.bank_corr_account}"
    )


def letterhead(company: Company, options: Options) -> list[Block]:
    """Logo (if any) and the company's requisites over a rule: the 402-ФЗ «наименование организации»."""
    lines = [company.name]
    ids = f"ИНН {company.inn}" + (f", КПП {company.kpp}" if company.kpp else "")
    if company.ogrn:
        ids += f", ОГРН {company.ogrn}"
    lines.append(ids)
    if company.address:
        lines.append(company.address)
    contacts = ", ".join(x for x in (company.phone and f"тел. {company.phone}", company.email) if x)
    if contacts:
        lines.append(contacts)
    text = Text("\n".join(lines), size=7.5, space_after=1)
    if options.logo:
        head: Block = Columns((1, 4), ((Image(options.logo, 30),), (text,)))
    else:
        head = text
    return [head, Rule(0.6)]


def title(name: str, number: str, day: date) -> Title:
    return Title(f"{name} № {number} от {long_date(day)}")


def goods_totals(lines: Sequence[GoodsLine], vat: Vat) -> tuple[int, int, int]:
    return (
        sum(line.net_kop for line in lines),
        sum(line.vat_kop for line in lines),
        sum(line.gross_kop for line in lines),
    )


def totals_block(lines: Sequence[GoodsLine], vat: Vat) -> Totals:
    net, tax, gross = goods_totals(lines, vat)
    if not vat.charged:
        return Totals(
            (("Итого:", money(gross)), ("Без налога (НДС):", "—"), ("Всего к оплате:", money(gross)))
        )
    if vat.mode == "vat_included":
        return Totals(
            (
                ("Итого:", money(gross)),
                (f"В том числе НДС ({vat.rate_pct}%):", money(tax)),
                ("Всего к оплате:", money(gross)),
            )
        )
    return Totals(
        (
            ("Итого без НДС:", money(net)),
            (f"НДС ({vat.rate_pct}%):", money(tax)),
            ("Всего к оплате:", money(gross)),
        )
    )


def words_block(count: int, total_kop: int, noun: str = "Всего наименований") -> list[Block]:
    """«Всего наименований 3, на сумму 10 500,00 руб.» and the total in words, bold (402-ФЗ: amounts)."""
    return [
        Text(f"{noun} {count}, на сумму {money(total_kop)} руб.", size=9, space_after=0.5),
        Text(rubles_in_words(total_kop), size=9, bold=True, space_after=2.5),
    ]


def priced_lines(lines: Sequence[GoodsLine], vat: Vat, *, name_title: str) -> list[Block]:
    """The priced lines (№, ``name_title``, quantity, unit, price, sum: net when VAT is on top), the totals
    and the total in words: the body of an invoice and of an act."""
    rows = tuple(
        (str(i), line.name, qty(line.quantity), line.unit, money(line.price_kop), money(line.net_kop if vat.mode == "vat_on_top" else line.gross_kop))
        for i, line in enumerate(lines, 1)
    )  # fmt: skip
    table = Table(
        widths=(5, 49, 9, 7, 14, 16),
        header=(("№", name_title, "Кол-во", "Ед.", "Цена", "Сумма"),),
        rows=rows,
        align=("c", "l", "r", "c", "r", "r"),
    )
    return [table, totals_block(lines, vat), *words_block(len(lines), goods_totals(lines, vat)[2])]


def party_row(label: str, party: Party) -> tuple[str, str]:
    return (label, party.line())
