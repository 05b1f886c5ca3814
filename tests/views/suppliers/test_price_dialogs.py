"""The price list import (mapping combos over the file's columns, each row's fate, then «Загрузить») and an
item's price history with its chart, opened from the price lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from viewhelp import TODAY, add_record, count_rows, shot

from mos_desktop.models import SupplierPrice
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.suppliers.price_history import PriceHistoryDialog
from mos_desktop.views.suppliers.price_import import PriceImportDialog


def setup(db: Any) -> dict[str, Any]:
    ids = {
        "vendor": add_record(db, "supplier", name="ООО Вендор"),
        "other": add_record(db, "supplier", name="ООО Другой"),
        "reader": add_record(db, "item", sku="RD-1", name="Считыватель"),
        "cable": add_record(db, "item", sku="CB-2", name="Кабель"),
    }
    with db.session() as s:
        for who, rub, start, end in (
            ("vendor", 1_500, date(2026, 3, 1), date(2026, 6, 30)),
            ("vendor", 1_350, date(2026, 7, 1), None),
            ("other", 1_600, date(2026, 5, 1), None),
        ):
            s.add(
                SupplierPrice(
                    supplier_id=ids[who],
                    item_id=ids["reader"],
                    price_kop=rub * 100,
                    valid_from=start,
                    valid_to=end,
                )
            )
    return ids


def test_import_with_a_changed_mapping(ctx: Any, qtbot: Any, db: Any, tmp_path: Path) -> None:
    ids = setup(db)
    path = tmp_path / "прайс.csv"
    path.write_text(
        "Наименование;Артикул;Цена;Цена опт\nСчитыватель;RD-1;1 400,00;1 300,00\nКабель;CB-2;55;50\n"
        "Замок;ZZ-9;900;800\n",
        encoding="utf-8",
    )
    dialog = PriceImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.supplier.loaded)
    dialog.supplier.set_value(ids["vendor"])
    dialog.set_path(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.preview.mapping == {0: "name", 1: "sku", 2: "price"}
    assert dialog.table.rowCount() == 3
    assert (
        "1\u00a0350,00" in dialog.table.item(0, 4).text()
        and "1\u00a0400,00" in dialog.table.item(0, 4).text()
    )
    assert "нет в номенклатуре" in dialog.table.item(2, 4).text()
    box = dialog.mapping_table.cellWidget(0, 3)
    box.setCurrentIndex(box.findData("price"))  # the wholesale column is the price
    qtbot.waitUntil(lambda: dialog.preview.mapping == {0: "name", 1: "sku", 3: "price"})
    assert dialog.mapping_table.cellWidget(0, 2).currentData() == ""  # one column per field
    assert dialog.apply_button.isEnabled()
    dialog.resize(1000, 560)
    shot(dialog, "price_import")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.apply_button.click()
    assert count_rows(db, SupplierPrice) == 5  # reader changed, cable new; the unknown SKU not created
    with db.session() as s:
        new = s.scalars(select(SupplierPrice).where(SupplierPrice.valid_from == TODAY)).all()
        assert sorted(p.price_kop for p in new) == [5_000, 130_000]


def test_a_binary_file_is_refused_in_the_dialog(ctx: Any, qtbot: Any, db: Any, tmp_path: Path) -> None:
    ids = setup(db)
    path = tmp_path / "прайс.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00")
    dialog = PriceImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.supplier.loaded)
    dialog.supplier.set_value(ids["vendor"])
    dialog.set_path(str(path))
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "не текстовый файл CSV" in dialog.error.text() and not dialog.apply_button.isEnabled()


def test_history_opens_from_the_prices_with_a_chart(ctx: Any, qtbot: Any, db: Any) -> None:
    setup(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("suppliers")
    view = tab.show_list("best_prices")
    qtbot.waitUntil(lambda: view.total_count() == 1)
    assert set(tab.buttons["best_prices"]) == {"history"}
    assert set(tab.buttons["prices"]) == {"price_import", "history"}
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("history")
    dialog = tab.dialog
    assert isinstance(dialog, PriceHistoryDialog)
    qtbot.waitUntil(lambda: dialog.history is not None)
    assert dialog.table.rowCount() == 3
    assert set(dialog.chart.series) == {"ООО Вендор", "ООО Другой"}
    assert "RD-1 Считыватель" in dialog.title.text()
    shot(dialog, "price_history")
    dialog.close()


def test_an_unreadable_start_date_is_named_and_nothing_imported(
    ctx: Any, qtbot: Any, db: Any, tmp_path: Path
) -> None:
    """Read as empty, «32.13.2027» would have meant «from today»: the dialog says so instead."""
    from PySide6.QtTest import QTest

    ids = setup(db)
    path = tmp_path / "прайс.csv"
    path.write_text("Наименование;Артикул;Цена\nКабель;CB-2;55\n", encoding="utf-8")
    dialog = PriceImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.supplier.loaded)
    dialog.supplier.set_value(ids["vendor"])
    dialog.set_path(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.apply_button.isEnabled())
    dialog.valid_from.set_value(None)
    QTest.keyClicks(dialog.valid_from.edit, "32.13.2027")
    dialog.apply_button.click()
    assert dialog.isVisible() and "Цены действуют с:" in dialog.error.text()
    assert count_rows(db, SupplierPrice) == 3
