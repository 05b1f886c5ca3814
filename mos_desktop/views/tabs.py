"""How the main window shows the lists: tabs, sub-tab titles, empty texts and each list's actions.

Where the rows come from and which areas a list shows is the core's business (``services.listing.LISTS``);
this table is the views' own. A list offers exactly the actions named in ``actions`` and its empty text
names only those (``tests/views/test_tabs.py`` walks every list and checks both).

Actions: ``new`` (Ctrl+N: a new record of kind ``new_kind``), ``open`` (Enter / double-click: the row's
record, or the nearest record that has a dialog), ``archive`` (Delete: archive or delete after a
confirmation that defaults to «Отмена»). Later capabilities add theirs (reverse, print, call, send) to
``views/actions.py`` and name them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from mos_desktop.services.listing import LISTS, ListSource

OPEN = ("open",)
OPEN_NEW = ("open", "new")
RECORDS = ("open", "new", "archive")
PRINTS = ("open", "print")
# a document number («АПП-РМ1-2612-0001-И1») shown whole, not cut to «АПП-РМ1-26…»: minimum characters
# (counted in average Latin ones: Cyrillic capitals run wider)
NUMBER_WIDTH = 24
NUMBER = (("number", NUMBER_WIDTH),)
DOCUMENT = (("document", NUMBER_WIDTH),)


@dataclass(frozen=True)
class ListSpec:
    key: str  # a ``LISTS`` key
    title: str  # Russian sub-tab title
    empty_text: str  # Russian: what the list is and how to fill it (only with the actions it has)
    actions: tuple[str, ...] = OPEN
    new_kind: str = ""  # the record kind Ctrl+N creates (default: the list's row kind)
    widths: tuple[tuple[str, int], ...] = ()  # column key -> minimum width in characters
    hint: str = ""  # a short line of the list's own keys, under the list
    as_of: bool = False  # a date next to the search: the list as it stood on that day (balances, debts)

    @property
    def source(self) -> ListSource:
        return LISTS[self.key]

    @property
    def func(self) -> str:
        return self.source.func

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def creates(self) -> str:
        return self.new_kind or self.source.kind


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    lists: tuple[ListSpec, ...]


TABS: tuple[TabSpec, ...] = (
    TabSpec(
        "today",
        "Сегодня",
        (
            ListSpec(
                "agenda",
                "Дела на сегодня",
                "На сегодня дел нет. Дела появятся из звонков должникам, доставок, обучений и выездов.",
                ("open", "call", "dial", "payable_step"),
                hint="Должнику: 1 не дозвонились · 2 обещал · 3 счёт повторно · 4 спор · 5 оплатил · "
                "Ctrl+Z отменить",
            ),
        ),
    ),
    TabSpec(
        "portfolio",
        "Портфель",
        (
            ListSpec(
                "clients",
                "Клиенты",
                "Клиентов пока нет. Импортируйте список (Файл → Импорт клиентов) или добавьте клиента (Ctrl+N).",
                (*RECORDS, "print"),
            ),
            ListSpec(
                "users",
                "Сотрудники",
                "Сотрудников нет. Добавьте менеджера или кладовщика (Ctrl+N): менеджер клиента выбирается из "
                "этого списка.",
                RECORDS,
            ),
        ),
    ),
    TabSpec(
        "payments",
        "Платежи",
        (
            ListSpec(
                "calls",
                "Обзвон должников",
                "Звонить некому. Список обзвона собирается с 20-го числа из неоплаченных счетов; клиент, "
                "обещавший оплатить, вернётся в список на следующий день после обещанной даты.",
                ("open", "call", "dial", "print"),
                hint="Клавиши: 1 не дозвонились · 2 обещал оплатить · 3 счёт повторно · 4 спор · 5 оплатил",
            ),
            ListSpec(
                "invoices",
                "Счета",
                "Счетов нет. Счета на абонентскую плату за месяц — «Выставить счета…» (Ctrl+Shift+B), 15-го числа.",
                ("open", "invoice_run", "figures", "print", "print_batch", "resend"),
                widths=NUMBER,
            ),
            ListSpec(
                "payments",
                "Поступления",
                "Поступлений нет. Загрузите выписку банка в формате 1С (Ctrl+Shift+I) или внесите платёж "
                "вручную (Ctrl+Shift+N).",
                ("open", "payment_new", "allocate", "bank_import", "reverse"),
            ),
            ListSpec(
                "receivables",
                "Дебиторка",
                "Долгов нет: все выставленные счета оплачены.",
                ("open", "export"),
                as_of=True,
            ),
            ListSpec(
                "debtors",
                "Неоплаченные счета",
                "Неоплаченных счетов нет.",
                (*PRINTS, "resend", "export"),
                widths=(("invoice_number", NUMBER_WIDTH),),
            ),
            ListSpec(
                "payables",
                "К оплате",
                "Счетов к оплате нет. Сюда попадают счета поставщиков, ТК и подрядчиков.",
                ("open", "payable_step"),
                widths=NUMBER,
            ),
        ),
    ),
    TabSpec(
        "logistics",
        "Логистика",
        (
            ListSpec("shipments", "Отгрузки", "Отгрузок нет.", PRINTS, widths=NUMBER),
            ListSpec(
                "documents",
                "Закрывающие документы",
                "Все закрывающие документы подписаны и возвращены.",
                PRINTS,
                widths=NUMBER,
            ),
            ListSpec(
                "issued_documents",
                "Выданные документы",
                "Выданных документов нет. Документ появится здесь, когда его напечатают, сохранят или "
                "отправят из строки записи (Ctrl+P).",
                PRINTS,
                widths=NUMBER,
            ),
            ListSpec(
                "dostavista",
                "Баланс Достависты",
                "Операций по балансу Достависты нет. Пополнение или списание — «Создать» (Ctrl+N).",
                ("open", "new", "reverse"),
            ),
        ),
    ),
    TabSpec(
        "warehouse",
        "Склад Румянцево",
        (
            ListSpec(
                "balances",
                "Остатки",
                "Остатков нет. Оприходуйте товар от поставщика: «Создать» (Ctrl+N).",
                OPEN_NEW,
                new_kind="stock_move",
                as_of=True,
            ),
            ListSpec(
                "moves",
                "Движения",
                "Движений товара нет. Новое движение — «Создать» (Ctrl+N).",
                ("open", "new", "reverse", "print"),
                hint="Ошибочное движение не удаляется: «Сторно…» (Ctrl+Shift+R)",
                widths=DOCUMENT,
            ),
            ListSpec(
                "serials", "Серийные номера", "Серийных номеров нет: они появятся с приходом такого товара."
            ),
            ListSpec(
                "counts",
                "Инвентаризации",
                "Инвентаризаций не было. Новая инвентаризация места хранения — «Создать» (Ctrl+N).",
                OPEN_NEW,
                widths=DOCUMENT,
            ),
            ListSpec(
                "discrepancies",
                "Расхождения",
                "Расхождений нет: ни один остаток не ушёл в минус.",
                (),
            ),
            ListSpec("items", "Номенклатура", "Номенклатуры нет. Добавьте товар (Ctrl+N).", RECORDS),
            ListSpec("locations", "Места хранения", "Мест хранения нет. Добавьте место (Ctrl+N).", RECORDS),
        ),
    ),
    TabSpec(
        "suppliers",
        "Поставщики",
        (
            ListSpec(
                "orders",
                "Заказы поставщикам",
                "Заказов нет. Новый заказ поставщику — «Создать» (Ctrl+N).",
                ("open", "new", "step", "receive", "attachments", "print"),
                widths=NUMBER,
            ),
            ListSpec(
                "overdue_orders",
                "Просроченные заказы",
                "Просроченных заказов нет.",
                ("open", "step", "receive", "print"),
                widths=NUMBER,
            ),
            ListSpec(
                "best_prices",
                "Лучшие цены",
                "Цен поставщиков нет. Прайс поставщика загружается на вкладке «Цены».",
                ("open", "history"),
            ),
            ListSpec(
                "prices",
                "Цены",
                "Цен поставщиков нет. Загрузите прайс поставщика: «Импорт прайса…» (Ctrl+Shift+L).",
                ("open", "price_import", "history"),
            ),
            ListSpec(
                "goods_requests",
                "Нестандартный товар",
                "Запросов нестандартного товара нет. Новый запрос — «Создать» (Ctrl+N): что нужно и для кого, "
                "затем в запросе — каких поставщиков спросили и что они ответили.",
                RECORDS,
            ),
            ListSpec("suppliers", "Поставщики", "Поставщиков нет. Добавьте поставщика (Ctrl+N).", RECORDS),
            ListSpec(
                "partner_agreements",
                "Партнёрские соглашения",
                "Соглашений нет. Добавьте соглашение с партнёром (Ctrl+N): условия, сроки, программа лояльности.",
                RECORDS,
            ),
        ),
    ),
    TabSpec(
        "contractors",
        "Подрядчики",
        (
            ListSpec("visits", "Выезды", "Выездов нет. Плановые и аварийные выезды появятся здесь.", PRINTS),
            ListSpec("jobs", "Работы подрядчиков", "Работ подрядчиков нет."),
            ListSpec("contractors", "Подрядчики", "Подрядчиков нет. Добавьте подрядчика (Ctrl+N).", RECORDS),
        ),
    ),
)


def all_lists() -> list[tuple[TabSpec, ListSpec]]:
    return [(tab, spec) for tab in TABS for spec in tab.lists]
