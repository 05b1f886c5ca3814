"""The stock count dialog: the sheet filled from the ledger for the chosen location, counted figures and
serials typed, saved open, reopened from the list, then posted after a confirmation; a posted count opens
read-only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from viewhelp import TODAY, add_record, shot

from mos_desktop.models import StockCount, StockMove
from mos_desktop.views.common.confirm import confirm_button
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.warehouse.count_dialog import CountDialog


def setup(db: Any) -> dict[str, Any]:
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    ids = {
        "reader": add_record(db, "item", sku="RD-1", name="Считыватель"),
        "camera": add_record(db, "item", sku="CAM-1", name="Камера", serial_tracked=True),
        "cable": add_record(db, "item", sku="CB-2", name="Кабель"),
        "supplier": add_record(db, "location", code="SUP", name="Поставщик", kind="supplier"),
        "warehouse": add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse"),
    }
    with db.session() as s:
        post_moves(
            s,
            MoveForm(
                "receipt",
                ids["supplier"],
                ids["warehouse"],
                [MoveLineForm("RD-1", "10"), MoveLineForm("CAM-1", "2", "S1 S2"), MoveLineForm("CB-2", "4")],
            ),
            user="t",
            today=TODAY,
        )
    return ids


def row_of(dialog: CountDialog, sku: str) -> int:
    return next(r for r in dialog.lines.filled_rows() if dialog.lines.text(r, "sku") == sku)


def test_count_is_filled_saved_reopened_and_posted(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = setup(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("warehouse")
    view = tab.show_list("counts")
    tab.trigger("new")
    dialog = tab.dialog
    assert isinstance(dialog, CountDialog)
    picker = dialog.fields.widgets["location"]
    qtbot.waitUntil(lambda: picker.loaded)  # type: ignore[attr-defined]
    dialog.fields.set("location", ids["warehouse"])
    qtbot.waitUntil(lambda: dialog.sheet is not None)
    assert [dialog.lines.text(r, "sku") for r in dialog.lines.filled_rows()] == ["CAM-1", "CB-2", "RD-1"]
    assert dialog.lines.text(row_of(dialog, "RD-1"), "expected") == "10"
    dialog.lines.set_line(row_of(dialog, "RD-1"), counted="8")
    dialog.lines.set_line(row_of(dialog, "CAM-1"), serials="S1")
    assert dialog.lines.text(row_of(dialog, "RD-1"), "difference") == "-2"
    assert dialog.lines.text(row_of(dialog, "CAM-1"), "difference") == "-1"
    assert "Недостача: 3" in dialog.totals.text() and "Не посчитано строк: 1" in dialog.totals.text()
    shot(dialog, "count_dialog")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    with db.session() as s:
        count = s.scalars(select(StockCount)).one()
        assert not count.closed
    qtbot.waitUntil(lambda: view.total_count() == 1)

    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("open")
    reopened = tab.dialog
    assert isinstance(reopened, CountDialog)
    qtbot.waitUntil(lambda: reopened.sheet is not None)
    assert reopened.lines.text(row_of(reopened, "RD-1"), "counted") == "8"
    assert reopened.lines.text(row_of(reopened, "CB-2"), "counted") == ""  # not counted yet
    assert not reopened.is_dirty()
    reopened.lines.set_line(row_of(reopened, "CB-2"), counted="5")
    reopened.ask_post()
    assert "Провести можно один раз" in reopened.confirm_box.informativeText()
    with qtbot.waitSignal(reopened.saved, timeout=10000):
        confirm_button(reopened.confirm_box).click()
    with db.session() as s:
        adjustments = s.scalars(select(StockMove).where(StockMove.kind == "adjustment")).all()
        assert sorted((m.quantity, m.serial) for m in adjustments) == [(1, ""), (1, "S2"), (2, "")]

    closed = CountDialog(ctx, reopened.count_id)
    qtbot.addWidget(closed)
    closed.show()
    qtbot.waitUntil(lambda: closed.sheet is not None)
    assert closed.closed and not closed.post_button.isEnabled() and not closed.save_button.isEnabled()
    assert "проведена" in closed.state_label.text()
    shot(closed, "count_dialog_closed")


def test_a_bad_line_is_marked_and_nothing_saved(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = setup(db)
    dialog = CountDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.fields.widgets["location"].loaded)  # type: ignore[attr-defined]
    dialog.fields.set("location", ids["warehouse"])
    qtbot.waitUntil(lambda: dialog.sheet is not None)
    dialog.lines.set_line(row_of(dialog, "CB-2"), counted="5")
    dialog.lines.set_line(3, sku="НЕТ-1", counted="1")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.general_error.isVisible())
    assert "НЕТ-1" in dialog.general_error.text()
    assert dialog.lines.cell(3, "sku").background().color().name() == "#fdecec"
    with db.session() as s:
        assert s.scalars(select(StockCount)).all() == []
