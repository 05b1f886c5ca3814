"""The actions a list can offer, once: their Russian text and shortcut. A list names the ones it has in
``views/tabs.py``; its toolbar, context menu and the «Правка» menu offer exactly those."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionDef:
    key: str
    text: str  # toolbar / menu text
    shortcut: str  # shown in the tooltip and the context menu; the main window binds it
    tip: str


ACTIONS: dict[str, ActionDef] = {
    a.key: a
    for a in (
        ActionDef("new", "Создать", "Ctrl+N", "Новая запись"),
        ActionDef("open", "Открыть", "Enter", "Открыть карточку записи (или двойной щелчок)"),
        ActionDef("archive", "В архив…", "Delete", "Перенести в архив или удалить (с подтверждением)"),
        ActionDef("print", "Печать…", "Ctrl+P", "Печатная форма записи: предпросмотр, печать, файл, e-mail"),
        ActionDef("reverse", "Сторно…", "Ctrl+Shift+R", "Отменить запись обратной записью (с причиной)"),
        ActionDef(
            "call",
            "Звонок…",
            "Ctrl+L",
            "Записать итог звонка (в списке: 1 — не дозвонились, 2 — обещал, "
            "3 — счёт отправлен повторно, 4 — спор, 5 — говорит, что оплатил)",
        ),
        ActionDef("resend", "Отправить счёт…", "Ctrl+Shift+E", "Отправить счёт клиенту по e-mail ещё раз"),
        ActionDef("dial", "Позвонить", "Ctrl+D", "Набрать номер клиента (tel:)"),
        ActionDef(
            "invoice_run",
            "Выставить счета…",
            "Ctrl+Shift+B",
            "Счета на АП за месяц: проверка, затем выставление",
        ),
        ActionDef(
            "print_batch",
            "Печать счетов за месяц…",
            "Ctrl+Shift+P",
            "Все выставленные счета месяца одним PDF или в папку, с ходом печати и отменой",
        ),
        ActionDef(
            "bank_import",
            "Загрузить выписку…",
            "Ctrl+Shift+I",
            "Выписка банка в формате 1С: проверка, затем загрузка",
        ),
        ActionDef(
            "figures",
            "Показатели месяца…",
            "Ctrl+Shift+G",
            "Графики: выставлено и оплачено по дням против прошлого месяца, долг по срокам, MRR за год",
        ),
        ActionDef("step", "Статус…", "Ctrl+T", "Перевести заказ поставщику в следующий статус"),
        ActionDef(
            "payment_new", "Внести платёж…", "Ctrl+Shift+N", "Платёж вручную: клиент, сумма, дата, назначение"
        ),
        ActionDef(
            "allocate", "Разнести…", "Ctrl+Shift+D", "Разнести поступление на неоплаченные счета клиента"
        ),
        ActionDef(
            "payable_step",
            "Статус…",
            "Ctrl+T",
            "Следующий шаг счёта к оплате: внесён в ПФ, задача на оплату, оплачен или отменён",
        ),
        ActionDef("export", "Выгрузить в Excel…", "Ctrl+Shift+X", "Сохранить список в файл .xlsx"),
        ActionDef("receive", "Приход по заказу…", "Ctrl+Shift+A", "Принять товар по заказу на склад"),
        ActionDef(
            "price_import",
            "Импорт прайса…",
            "Ctrl+Shift+L",
            "Прайс поставщика из .xlsx или .csv: сопоставление столбцов, проверка, затем загрузка",
        ),
        ActionDef("history", "История цен", "Ctrl+H", "Цены товара по датам и поставщикам, с графиком"),
        ActionDef(
            "attachments",
            "Приёмка и файлы…",
            "Ctrl+Shift+F",
            "Кто принял, расхождения и файлы удалённой приёмки (фото, подписанная накладная)",
        ),
    )
}

# Words in an empty-list text that promise an action: a list may use them only when it has the action.
PROMISES = {
    "new": ("Ctrl+N", "добавьте", "создайте"),
    "archive": ("Delete",),
    "invoice_run": ("Выставить счета",),
    "bank_import": ("Загрузите выписку", "Загрузить выписку"),
    "price_import": ("Импорт прайса", "загрузите прайс"),
    "payment_new": ("Внести платёж", "внесите платёж"),
    "export": ("Выгрузить в Excel",),
}
# Actions the main window's «Правка» menu carries (with its shortcuts); the others get a shortcut on the list.
MENU_ACTIONS = frozenset({"new", "open", "archive", "reverse", "print"})
