"""Портфель: the client list; Enter / double-click opens the card, Ctrl+N a new one, Delete asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mos_desktop.services.listing import Row
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView
from mos_desktop.views.portfolio.card import (
    ClientCardDialog,
    confirm_delete,
    delete_client_async,
)
from mos_desktop.views.tabs import TabSpec


class PortfolioTab(ListTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self.card: ClientCardDialog | None = None
        self._select_pending: object = None
        self.clients_view().loaded.connect(self._on_clients_loaded)

    def clients_view(self) -> ListView:
        return self.lists["clients"]

    def open_row(self, view: ListView, row: Row) -> None:
        if row.id is None or (row.kind and row.kind != "client"):
            return
        self.open_card(row.id)

    def open_card(self, client_id: object = None) -> ClientCardDialog:
        dialog = ClientCardDialog(self.ctx, client_id, self._dialog_parent())  # type: ignore[arg-type]
        dialog.saved.connect(self._select_after_save)
        dialog.open()
        self.card = dialog
        return dialog

    def new_item(self) -> None:
        self.open_card(None)

    def delete_current(self) -> None:
        row = self.clients_view().current_row()
        if row is None or row.id is None:
            self.ctx.status_message.emit("Выберите клиента в списке, чтобы удалить его.")
            return
        client_id = row.id
        name = str(row.values[0]) if row.values else ""
        self.delete_box = confirm_delete(
            self._dialog_parent(), name, lambda: delete_client_async(self.ctx, client_id, owner=self)
        )

    def _select_after_save(self, client_id: object) -> None:
        self._select_pending = client_id

    def _on_clients_loaded(self) -> None:
        if self._select_pending is not None:
            self.clients_view().select_id(self._select_pending)
            self._select_pending = None

    def _dialog_parent(self) -> QWidget:
        return self.window()
