"""The Сегодня tab. Lists come from ``TABS``; actions of its own arrive with later issues."""

from __future__ import annotations

from mos_desktop.views.common.list_tab import ListTab


class TodayTab(ListTab):
    pass
