"""The Поставщики tab: purchase orders (a new one, a step through their states, a receipt against one),
prices (the supplier's price list imported, an item's price history) and suppliers."""

from __future__ import annotations

import uuid
from typing import Any

from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView


class SuppliersTab(ListTab):
    def custom_action(self, key: str, view: ListView) -> None:
        row = view.current_row()
        if key == "step":
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите заказ в списке.")
                return
            from mos_desktop.views.suppliers.step_dialog import OrderStepDialog

            self.dialog = OrderStepDialog(self.ctx, row.id, self.window())
            self.dialog.open()
        elif key == "receive":
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите заказ, товар по которому пришёл.")
                return
            receive_order(self, row.id)
        elif key == "attachments":
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите заказ в списке.")
                return
            from mos_desktop.views.suppliers.acceptance import AcceptanceDialog

            self.dialog = AcceptanceDialog(self.ctx, row.id, self.window())
            self.dialog.open()
        elif key == "price_import":
            from mos_desktop.views.suppliers.price_import import PriceImportDialog

            self.dialog = PriceImportDialog(self.ctx, self.window())
            self.dialog.open()
            self.dialog.choose_file()
        elif key == "history":
            if row is None or row.id is None:
                self.ctx.status_message.emit("Выберите цену товара в списке.")
                return
            from mos_desktop.views.suppliers.price_history import PriceHistoryDialog

            self.dialog = PriceHistoryDialog(self.ctx, row.id, self.window())
            self.dialog.open()


def receive_order(tab: ListTab, order_id: uuid.UUID) -> None:
    """The keeper's receipt against the order: the move document with the order and what is still
    expected filled in (the keeper corrects what really came, marks refused units)."""
    from mos_desktop.services.purchasing.ordering import receipt_lines

    def loaded(found: Any) -> None:
        from mos_desktop.views.warehouse.move_dialog import MoveDialog

        state, lines = found
        dialog = MoveDialog(tab.ctx, "receipt", tab.window())
        dialog.preset_order(state.id, lines)
        tab.dialog = dialog
        dialog.open()

    tab.ctx.run_db(lambda s: receipt_lines(s, order_id), loaded, owner=tab)
