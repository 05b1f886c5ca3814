"""Портфель: the client list; Enter / double-click opens the card, Ctrl+N a new one, Delete asks first.

All of it is the generic ``ListTab`` with the record registry; this class only gives tests and the main
window a name for the card dialog it opened.
"""

from __future__ import annotations

from typing import Any

from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView


class PortfolioTab(ListTab):
    def clients_view(self) -> ListView:
        return self.lists["clients"]

    @property
    def card(self) -> Any:
        return self.dialog

    def open_card(self, client_id: object = None) -> Any:
        from mos_desktop.views.records import new_record, open_record

        view = self.clients_view()
        if client_id is None:
            self.dialog = new_record(
                self.ctx, "client", self.window(), on_saved=lambda rid: self._select_after_save(view, rid)
            )
        else:
            self.dialog = open_record(
                self.ctx,
                "client",
                client_id,  # type: ignore[arg-type]
                self.window(),
                on_saved=lambda rid: self._select_after_save(view, rid),
            )
        return self.dialog
