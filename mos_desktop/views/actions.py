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
        ActionDef("reverse", "Сторно…", "Ctrl+Shift+R", "Отменить запись обратной записью (с причиной)"),
    )
}

# Words in an empty-list text that promise an action: a list may use them only when it has the action.
PROMISES = {"new": ("Ctrl+N", "добавьте", "создайте"), "archive": ("Delete",)}
