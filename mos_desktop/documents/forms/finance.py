"""Акт сверки взаимных расчётов (opening balance, invoices and payments of the period in both parties'
columns, closing balance) and the претензия (claim letter: the debt by invoice, the demand, the 30-day
term of АПК РФ ст. 4 ч. 5 before a lawsuit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mos_desktop.documents.company import Company, Options
from mos_desktop.documents.data import Party, long_date, short_date
from mos_desktop.documents.forms.common import letterhead, money, title
from mos_desktop.documents.render.blocks import Block, Page, Signature, Signatures, Table, Text, Title
from mos_desktop.documents.words import rubles_in_words


@dataclass(frozen=True)
class Entry:
    day: date
    text: str  # «Продажа (счёт № … от …)», «Оплата (п/п № … от …)»
    debit_kop: int  # the client owes us more (our invoices)
    credit_kop: int  # the client paid


@dataclass(frozen=True)
class ReconciliationData:
    number: str
    day: date
    company: Company
    client: Party
    contract: str  # «№ Д-2026/0011 от 19.04.2026», empty without a contract
    date_from: date
    date_to: date
    opening_kop: int  # > 0: the client owes us
    entries: tuple[Entry, ...]
    options: Options

    @property
    def closing_kop(self) -> int:
        return self.opening_kop + sum(e.debit_kop - e.credit_kop for e in self.entries)

    @property
    def total_kop(self) -> int:
        return self.closing_kop

    @property
    def title(self) -> str:
        return f"Акт сверки № {self.number} от {short_date(self.day)}"


def _split(balance: int) -> tuple[str, str]:
    """A balance as (debit, credit) cells: positive — the client owes us."""
    if balance > 0:
        return money(balance), ""
    if balance < 0:
        return "", money(-balance)
    return "", ""


def _balance_sentence(data: ReconciliationData, on: date, balance: int) -> str:
    if balance > 0:
        return (f"По данным {data.company.name} на {short_date(on)} задолженность в пользу "
                f"{data.company.name} составляет {money(balance)} руб. ({rubles_in_words(balance)}).")  # fmt: skip
    if balance < 0:
        return (f"По данным {data.company.name} на {short_date(on)} задолженность в пользу "
                f"{data.client.name} составляет {money(-balance)} руб. ({rubles_in_words(-balance)}).")  # fmt: skip
    return f"По данным {data.company.name} на {short_date(on)} задолженность отсутствует."


def reconciliation_layout(data: ReconciliationData) -> Page:
    company = data.company
    blocks: list[Block] = [*letterhead(company, data.options)]
    blocks.append(title("Акт сверки взаимных расчётов", data.number, data.day))
    blocks.append(
        Text(
            f"за период с {short_date(data.date_from)} по {short_date(data.date_to)}\n"
            f"между {company.name} и {data.client.name}"
            + (f"\nпо договору {data.contract}" if data.contract else ""),
            9,
            align="c",
            space_after=3,
        )
    )
    blocks.append(
        Text(
            f"Мы, нижеподписавшиеся, {company.director_position} {company.name} {company.director}, с одной стороны, и "
            f"{data.client.signer_position or 'представитель'} {data.client.name} {data.client.signer_name}, с другой "
            "стороны, составили настоящий акт сверки в том, что состояние взаимных расчётов по данным учёта следующее:",
            8,
        )
    )
    rows: list[tuple[str, ...]] = []
    summary_rows: list[int] = []

    def summary(label: str, ours: tuple[str, str]) -> None:
        summary_rows.append(len(rows))
        rows.append((label, "", *ours, label, "", *ours[::-1]))

    summary("Сальдо начальное", _split(data.opening_kop))
    for e in data.entries:
        debit = money(e.debit_kop) if e.debit_kop else ""
        credit = money(e.credit_kop) if e.credit_kop else ""
        rows.append((short_date(e.day), e.text, debit, credit, short_date(e.day), e.text, credit, debit))
    turnover = (money(sum(e.debit_kop for e in data.entries)), money(sum(e.credit_kop for e in data.entries)))
    summary("Обороты за период", turnover)
    summary("Сальдо конечное", _split(data.closing_kop))
    header_rows = 2
    spans = [(0, 0, 3, 0), (4, 0, 7, 0)]
    for r in summary_rows:
        spans += [(0, header_rows + r, 1, header_rows + r), (4, header_rows + r, 5, header_rows + r)]
    blocks.append(
        Table(
            widths=(9, 23, 10, 10, 9, 19, 10, 10),
            header=(
                (
                    f"По данным {company.name}, руб.",
                    "",
                    "",
                    "",
                    f"По данным {data.client.name}, руб.",
                    "",
                    "",
                    "",
                ),
                ("Дата", "Документ", "Дебет", "Кредит", "Дата", "Документ", "Дебет", "Кредит"),
            ),
            rows=tuple(rows),
            align=("c", "l", "r", "r", "c", "l", "r", "r"),
            cell_align=tuple((r, c, "l") for r in summary_rows for c in (0, 4)),
            spans=tuple(spans),
            bold_rows=frozenset(summary_rows),
            size=7,
        )
    )
    blocks.append(
        Text(_balance_sentence(data, data.date_to, data.closing_kop), 8.5, bold=True, space_after=3)
    )
    blocks.append(
        Signatures(
            (
                Signature(f"От {company.name}", company.director_position, company.director, data.options.facsimile, stamp=True),
                Signature(f"От {data.client.name}", data.client.signer_position, data.client.signer_name, stamp=True),
            ),
            columns=2,
        )
    )  # fmt: skip
    return Page(data.title, tuple(blocks), author=company.name, footer=data.options.footer or data.title)


@dataclass(frozen=True)
class Debt:
    invoice: str  # «№ АП-2026-09-0007 от 15.09.2026»
    due_on: date | None
    amount_kop: int
    paid_kop: int

    @property
    def unpaid_kop(self) -> int:
        return self.amount_kop - self.paid_kop


@dataclass(frozen=True)
class ClaimData:
    number: str
    day: date
    company: Company
    client: Party
    contract: str
    subject: str
    debts: tuple[Debt, ...]
    options: Options
    answer_days: int = 30

    @property
    def total_kop(self) -> int:
        return sum(d.unpaid_kop for d in self.debts)

    @property
    def title(self) -> str:
        return f"Претензия № {self.number} от {short_date(self.day)}"


def claim_layout(data: ClaimData) -> Page:
    company = data.company
    blocks: list[Block] = [*letterhead(company, data.options)]
    blocks.append(
        Table(
            widths=(50, 50),
            rows=(("", f"{data.client.signer_position or 'Руководителю'}\n{data.client.name}\n"
                       f"{data.client.signer_name}\n{data.client.address}".strip()),),
            grid=False,
            size=9,
        )
    )  # fmt: skip
    blocks.append(Text(f"Исх. № {data.number} от {long_date(data.day)}", 8.5, space_after=3))
    blocks.append(Title("ПРЕТЕНЗИЯ", 13))
    blocks.append(
        Text(
            f"об оплате задолженности{' по договору ' + data.contract if data.contract else ''}",
            10,
            align="c",
            space_after=3,
        )
    )
    total = data.total_kop
    blocks.append(
        Text(
            f"Между {company.name} (Исполнитель) и {data.client.name} (Заказчик) заключён договор"
            f"{' ' + data.contract if data.contract else ''}. Исполнитель выполнил свои обязательства в полном "
            "объёме, однако Заказчик не оплатил в срок следующие счета"
            + (f" ({data.subject[0].lower() + data.subject[1:]})" if data.subject else "")
            + ":",
            9.5,
            space_after=2,
        )
    )
    blocks.append(
        Table(
            widths=(5, 45, 16, 17, 17),
            header=(("№", "Счёт", "Срок оплаты", "Сумма, руб.", "Не оплачено, руб."),),
            rows=(
                *((str(i), d.invoice, short_date(d.due_on), money(d.amount_kop), money(d.unpaid_kop))
                  for i, d in enumerate(data.debts, 1)),
                ("", "Итого задолженность", "", money(sum(d.amount_kop for d in data.debts)), money(total)),
            ),
            align=("c", "l", "c", "r", "r"),
            bold_rows=frozenset({len(data.debts)}),
            size=8.5,
        )
    )  # fmt: skip
    blocks.append(
        Text(
            f"Общая сумма задолженности составляет {money(total)} руб. ({rubles_in_words(total)}).",
            9.5,
            bold=True,
            space_after=2,
        )
    )
    blocks.append(
        Text(
            f"Требуем в течение {data.answer_days} календарных дней с даты получения настоящей претензии "
            "погасить задолженность. В противном случае Исполнитель будет вынужден обратиться в арбитражный суд "
            "с требованием о взыскании задолженности, процентов за пользование чужими денежными средствами "
            "(ст. 395 ГК РФ) и судебных расходов (претензионный порядок — ч. 5 ст. 4 АПК РФ).",
            9.5,
            space_after=2,
        )
    )
    blocks.append(Text(f"Реквизиты для оплаты: {company.name}, ИНН {company.inn}, р/с {company.bank_account} "
                       f"в {company.bank_name}, БИК {company.bank_bik}, к/с {company.bank_corr_account}.", 8.5))  # fmt: skip
    blocks.append(
        Signatures(
            (Signature(company.director_position, "", company.director, data.options.facsimile, stamp=True),),
            captions=False,
        )
    )
    return Page(data.title, tuple(blocks), author=company.name, footer=data.options.footer or data.title)
