"""The move document offers only the places its kind connects: a receipt comes from a supplier to the
warehouse or the office, not from one of the client sites; changing the kind reloads both pickers and drops
a chosen place that no longer fits."""

from __future__ import annotations

from typing import Any

from viewhelp import add_record, shot

from mos_desktop.services.records.options import options
from mos_desktop.views.warehouse.move_dialog import MoveDialog


def setup_places(db: Any) -> dict[str, Any]:
    return {
        "supplier": add_record(db, "location", code="SUP", name="Поставщик", kind="supplier"),
        "warehouse": add_record(db, "location", code="RUM", name="Румянцево", kind="warehouse"),
        "office": add_record(db, "location", code="OFF", name="Офис", kind="office"),
        "site": add_record(db, "location", code="OBJ-1", name="Объект клиента", kind="client_site"),
        "scrap": add_record(db, "location", code="WO", name="Списание", kind="write_off"),
    }


def offered(picker: Any) -> list[str]:
    return [picker.itemText(i).split(" — ")[0] for i in range(1, picker.count())]  # after «не выбрано»


def test_location_options_filtered_by_kind(db: Any) -> None:
    setup_places(db)
    with db.session() as s:
        assert [o.label for o in options(s, "location", kinds=["supplier"])] == ["SUP — Поставщик"]
        assert len(options(s, "location")) == 5  # no filter: every live place
        assert options(s, "location", kinds=[]) == []


def test_receipt_offers_suppliers_then_issue_offers_client_sites(ctx: Any, qtbot: Any, db: Any) -> None:
    ids = setup_places(db)
    dialog = MoveDialog(ctx, "receipt")
    qtbot.addWidget(dialog)
    dialog.resize(980, 560)
    dialog.show()
    source, target = dialog.fields.widgets["from_location"], dialog.fields.widgets["to_location"]
    qtbot.waitUntil(lambda: offered(source) == ["SUP"])
    qtbot.waitUntil(lambda: offered(target) == ["OFF", "RUM"])
    shot(dialog, "move_receipt")
    dialog.fields.set("from_location", ids["supplier"])
    dialog.fields.set("to_location", ids["warehouse"])

    dialog.fields.set("kind", "issue")  # own places → client sites
    qtbot.waitUntil(lambda: offered(source) == ["OFF", "RUM"])
    qtbot.waitUntil(lambda: offered(target) == ["OBJ-1"])
    assert dialog.fields.get("from_location") is None  # the supplier no longer fits: dropped
    assert dialog.fields.get("to_location") is None

    dialog.fields.set("kind", "transfer")
    qtbot.waitUntil(lambda: offered(target) == ["OFF", "RUM"])
    dialog.fields.set("to_location", ids["office"])
    dialog.fields.set("kind", "return")  # from a client site, or back to the supplier
    qtbot.waitUntil(lambda: offered(source) == ["OBJ-1", "OFF", "RUM"])
    qtbot.waitUntil(lambda: offered(target) == ["OFF", "RUM", "SUP"])
    assert dialog.fields.get("to_location") == ids["office"]  # still fits: kept
    dialog.fields.set("kind", "write_off")
    qtbot.waitUntil(lambda: offered(target) == ["WO"])
