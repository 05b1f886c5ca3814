"""Serial history one click away: «История серийных номеров…» in the item dialog (an extra button of the
generic record dialog) and «Серийные номера…» in the client card, both showing the moves supplier →
warehouse → client site; the search box narrows to one serial."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton
from viewhelp import TODAY, add_record, shot

from mos_desktop.models import Location, LocationKind
from mos_desktop.views.portfolio.card import ClientCardDialog
from mos_desktop.views.records import DIALOGS
from mos_desktop.views.warehouse.serial_history import SerialHistoryDialog


def setup(db: Any, client_id: Any) -> dict[str, Any]:
    from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves

    ids = {
        "camera": add_record(db, "item", sku="CAM-1", name="Камера", serial_tracked=True),
        "supplier": add_record(db, "location", code="SUP", name="Поставщик", kind="supplier"),
        "warehouse": add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse"),
    }
    with db.session() as s:
        site = Location(
            code="CL-1", name="ЖК Альфа, подъезд 1", kind=LocationKind.CLIENT_SITE, client_id=client_id
        )
        s.add(site)
        s.flush()
        ids["site"] = site.id
        post_moves(
            s,
            MoveForm("receipt", ids["supplier"], ids["warehouse"], [MoveLineForm("CAM-1", "2", "S1 S2")]),
            user="t",
            today=TODAY,
        )
        post_moves(
            s,
            MoveForm("issue", ids["warehouse"], site.id, [MoveLineForm("CAM-1", "1", "S1")]),
            user="t",
            today=TODAY,
        )
    return ids


def button(dialog: Any, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_from_the_item_dialog(ctx: Any, qtbot: Any, db: Any, add_clients: Any) -> None:
    [client_id] = add_clients(("ЖК Альфа", "12 000", "active"))
    ids = setup(db, client_id)
    dialog = DIALOGS["item"](ctx, ids["camera"], None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    history_button = button(dialog, "История серийных номеров…")
    assert history_button.isEnabled()
    history_button.click()
    history = dialog.serials_dialog
    assert isinstance(history, SerialHistoryDialog)
    qtbot.waitUntil(lambda: history.listing is not None)
    assert history.table.rowCount() == 3  # S1 in, S1 out to the site, S2 in
    assert history.shown_serials() == ["S1", "S2"]
    history.search.setText("s1")
    assert history.shown_serials() == ["S1"] and "движений: 2" in history.summary.text()
    history.search.clear()
    shot(history, "serial_history_item")
    new = DIALOGS["item"](ctx, None, None, None)
    qtbot.addWidget(new)
    assert not button(new, "История серийных номеров…").isEnabled()  # nothing to show before saving


def test_from_the_client_card(ctx: Any, qtbot: Any, db: Any, add_clients: Any) -> None:
    [client_id, _other] = add_clients(("ЖК Альфа", "12 000", "active"), ("ЖК Бета", "9 000", "active"))
    setup(db, client_id)
    card = ClientCardDialog(ctx, client_id)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitUntil(lambda: card.loaded)
    card.serials_button.click()
    history = card.serials_dialog
    qtbot.waitUntil(lambda: history.listing is not None)
    assert history.shown_serials() == ["S1"]  # S2 never left the warehouse
    targets = [history.table.item(r, history.listing.index_of("target")).text() for r in range(2)]
    assert targets == ["Румянцево", "ЖК Альфа, подъезд 1"]
    assert "ЖК Альфа" in history.windowTitle()
    shot(history, "serial_history_client")
