"""The list model and search proxy: Qt model contract, sorting by raw values, search."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt

from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.views.common.formatting import format_value, prepare
from mos_desktop.views.common.list_model import IdRole, LevelRole, ListingModel, SearchProxy, SortRole

COLUMNS = [
    Column("name", "Клиент", "text", stretch=True),
    Column("fee", "АП", "money"),
    Column("since", "С", "date"),
]


def listing() -> Listing:
    return Listing(
        COLUMNS,
        [
            Row(uuid.UUID(int=1), ("ЖК Альфа", 900_00, date(2026, 1, 5)), level="danger"),
            Row(uuid.UUID(int=2), ("бц Бета", 10_000_00, None)),
            Row(
                uuid.UUID(int=3),
                ("ЖК Гамма", 1_234_56, date(2025, 12, 31)),
                search_text="жк гамма 7701 ооо гамма-сервис",
            ),
            Row(None, ("Вега", None, date(2026, 3, 1))),
        ],
        summary="4 клиента",
    )


def model_with(data: Listing) -> tuple[ListingModel, SearchProxy]:
    model = ListingModel()
    model.set_prepared(prepare(data))
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    return model, proxy


def names(model: ListingModel | SearchProxy) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: object) -> None:
    model, proxy = model_with(listing())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]


def test_display_formats_money_dates_and_alignment() -> None:
    model, _ = model_with(listing())
    assert model.index(1, 1).data() == "10\u00a0000,00\u00a0₽"
    assert model.index(0, 2).data() == "05.01.2026"
    assert model.index(1, 2).data() == ""
    align = model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight
    assert model.index(0, 1).data(SortRole) == 900_00
    assert model.index(0, 0).data(IdRole) == str(uuid.UUID(int=1))
    assert model.index(0, 0).data(LevelRole) == "danger"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "АП"


def test_sort_by_money_is_numeric_and_empty_last() -> None:
    _model, proxy = model_with(listing())
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    # as text "1 234,56" < "10 000,00" < "900,00"; as money 900 < 1 234,56 < 10 000
    assert names(proxy) == ["ЖК Альфа", "ЖК Гамма", "бц Бета", "Вега"]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["бц Бета", "ЖК Гамма", "ЖК Альфа", "Вега"]


def test_sort_by_date_and_text_case_insensitively_then_back_to_service_order() -> None:
    _model, proxy = model_with(listing())
    proxy.sort(2, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["ЖК Гамма", "ЖК Альфа", "Вега", "бц Бета"]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["бц Бета", "Вега", "ЖК Альфа", "ЖК Гамма"]
    proxy.sort(-1)
    assert names(proxy) == ["ЖК Альфа", "бц Бета", "ЖК Гамма", "Вега"]


def test_sort_keeps_persistent_indexes_on_their_rows() -> None:
    model, proxy = model_with(listing())
    from PySide6.QtCore import QPersistentModelIndex

    keep = QPersistentModelIndex(model.index(0, 0))  # ЖК Альфа
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert keep.data() == "ЖК Альфа"
    assert keep.row() == 2


def test_search_is_case_insensitive_and_needs_every_word() -> None:
    _model, proxy = model_with(listing())
    proxy.set_needle("жк")
    assert names(proxy) == ["ЖК Альфа", "ЖК Гамма"]
    proxy.set_needle("ЖК  альфа")
    assert names(proxy) == ["ЖК Альфа"]
    proxy.set_needle("7701")  # the row's own search_text, not its shown values
    assert names(proxy) == ["ЖК Гамма"]
    proxy.set_needle("10 000")  # words match separately, so an amount typed with a plain space is found
    assert names(proxy) == ["бц Бета"]
    proxy.set_needle("альфа бета")
    assert names(proxy) == []
    proxy.set_needle("")
    assert proxy.rowCount() == 4


def test_search_still_right_after_sorting() -> None:
    _model, proxy = model_with(listing())
    proxy.set_needle("жк")
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["ЖК Гамма", "ЖК Альфа"]


def test_format_value_kinds() -> None:
    assert format_value("int", 12345) == "12\u00a0345"
    assert format_value("bool", True) == "да"
    assert format_value("bool", False) == ""
    assert format_value("money", -5) == "-0,05\u00a0₽"
    assert format_value("text", None) == ""
