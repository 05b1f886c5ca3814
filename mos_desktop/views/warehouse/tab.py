"""The Склад Румянцево tab. Lists come from ``TABS``. «Создать» (Ctrl+N) on «Остатки» with a row selected
opens the move document with that row's item on the first line and its place as «Откуда»."""

from __future__ import annotations

from functools import partial

from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.common.list_view import ListView


class WarehouseTab(ListTab):
    def new_in(self, view: ListView) -> None:
        row = view.current_row() if view.spec.key == "balances" else None
        if row is None or row.id is None:
            super().new_in(view)
            return
        from mos_desktop.views.records import new_record

        # the place by its id (names repeat: two clients' sites may be called alike)
        preset = {"sku": view.value(row, "sku"), "from_location": row.ref or view.value(row, "location")}
        self.dialog = new_record(
            self.ctx,
            view.spec.creates,
            self.window(),
            on_saved=partial(self._select_after_save, view),
            preset=preset,
        )
