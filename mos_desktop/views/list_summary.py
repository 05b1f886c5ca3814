"""One-line text summaries of tabs (self-check, logs)."""

from __future__ import annotations

from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import rows_word


def tab_line(tab: ListTab) -> str:
    """ "Платежи: 120 строк (Обзвон должников: 12, Счета: 100, ...)" or the error of a list."""
    parts: list[str] = []
    total = 0
    for view in tab.lists.values():
        if view.error:
            parts.append(f"{view.spec.title}: ошибка — {view.error}")
            continue
        count = view.total_count()
        total += count
        parts.append(f"{view.spec.title}: {count}")
    line = f"{tab.spec.title}: {total} {rows_word(total)}"
    if len(tab.lists) > 1 or any(v.error for v in tab.lists.values()):
        line += f" ({', '.join(parts)})"
    return line
