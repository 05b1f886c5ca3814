"""«Приёмка и файлы…» on the orders list: files added, opened with the system viewer, removed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from viewhelp import TODAY, shot

from mos_desktop.services.records.commands import new_record, save_record
from mos_desktop.views.common.confirm import confirm_button
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.suppliers.acceptance import AcceptanceDialog


def test_files_added_opened_removed(ctx: Any, qtbot: Any, db: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtGui import QDesktopServices

    from mos_desktop.services.purchasing.ordering import OrderForm, OrderLineForm, create_order

    with db.session() as s:
        form = new_record("supplier")
        form.values.update(name="ООО Вендор")
        supplier_id = save_record(s, form, user="t", today=TODAY).record_id
        item = new_record("item")
        item.values.update(sku="RD-1", name="Считыватель")
        save_record(s, item, user="t", today=TODAY)
        create_order(s, OrderForm(supplier_id, [OrderLineForm("RD-1", "1", "10")]), user="t", today=TODAY)
    photo = tmp_path / "накладная.pdf"
    photo.write_bytes(b"%PDF-1.4")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("suppliers")
    view = tab.show_list("orders")
    qtbot.waitUntil(lambda: view.total_count() == 1)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("attachments")
    dialog = tab.dialog
    assert isinstance(dialog, AcceptanceDialog)
    qtbot.waitUntil(lambda: dialog.listing is not None)
    assert "ещё не принимали" in dialog.summary.text() and not dialog.open_button.isEnabled()
    dialog.add_files([str(tmp_path / "нет.jpg")])
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "не найден" in dialog.error.text()
    dialog.add_files([str(photo)])
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert "удалённая приёмка" in dialog.summary.text()
    assert dialog.open_current() and opened == [str(photo.resolve())]
    shot(dialog, "acceptance")
    dialog.ask_remove()
    confirm_button(dialog.remove_box).click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
