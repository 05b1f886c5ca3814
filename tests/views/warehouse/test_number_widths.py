"""Document numbers are shown whole in the lists: a column of numbers is at least as wide as a long new
number («АПП-РМ1-2612-0001-И1») even while the list holds only short old ones, on a 1366-pixel screen."""

from __future__ import annotations

from typing import Any

import pytest
from viewhelp import TODAY, add_record

from mos_desktop.services.listing import run_list
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.tabs import all_lists

LONG_NUMBER = "АПП-РМ1-2612-0001-И1"
NUMBERED = ("invoices", "debtors", "payables", "orders", "overdue_orders", "moves", "counts")
NUMBERED += ("documents", "issued_documents", "shipments")


@pytest.mark.parametrize("key", NUMBERED)
def test_number_columns_declare_a_width_of_a_real_column(db: Any, key: str) -> None:
    [spec] = [spec for _tab, spec in all_lists() if spec.key == key]
    with db.session() as s:
        keys = [column.key for column in run_list(s, spec.source, today=TODAY).columns]
    widths = dict(spec.widths)
    assert widths and set(widths) <= set(keys)  # a width of a column the list has
    assert all(width >= len(LONG_NUMBER) for width in widths.values())


def test_moves_list_shows_a_long_number_whole(ctx: Any, qtbot: Any, db: Any) -> None:
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    add_record(db, "item", sku="RD-1", name="Считыватель")
    supplier = add_record(db, "location", code="SUP", name="Поставщик", kind="supplier")
    warehouse = add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse")
    with db.session() as s:
        form = MoveForm("receipt", supplier, warehouse, [MoveLineForm("RD-1", "1")], document_ref="П-1")
        post_moves(s, form, user="t", today=TODAY)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    view = window.show_tab("warehouse").show_list("moves")
    qtbot.waitUntil(lambda: view.total_count() == 1)
    column = [c.key for c in view.model.columns].index("document")
    needed = view.table.fontMetrics().horizontalAdvance(LONG_NUMBER)
    qtbot.waitUntil(lambda: view.table.columnWidth(column) >= needed)
