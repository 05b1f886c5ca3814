"""Which widget class shows which main-window tab (by ``TabSpec.key``)."""

from __future__ import annotations

import importlib

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.list_tab import ListTab
from mos_desktop.views.tabs import TabSpec

TAB_CLASSES = {
    "today": "mos_desktop.views.today.tab:TodayTab",
    "portfolio": "mos_desktop.views.portfolio.tab:PortfolioTab",
    "payments": "mos_desktop.views.payments.tab:PaymentsTab",
    "logistics": "mos_desktop.views.logistics.tab:LogisticsTab",
    "warehouse": "mos_desktop.views.warehouse.tab:WarehouseTab",
    "suppliers": "mos_desktop.views.suppliers.tab:SuppliersTab",
    "contractors": "mos_desktop.views.contractors.tab:ContractorsTab",
}


def make_tab(ctx: AppContext, spec: TabSpec) -> ListTab:
    path = TAB_CLASSES.get(spec.key)
    cls: type[ListTab] = ListTab
    if path:
        module, _, name = path.partition(":")
        cls = getattr(importlib.import_module(module), name)
    return cls(ctx, spec)
