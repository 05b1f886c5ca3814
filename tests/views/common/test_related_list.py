"""A related list inside a record dialog: Enter on a row opens the row and never reaches the dialog's
default button (which saves the owner's form and closes it); where «Открыть» is hidden Enter does nothing;
the declared long-text column takes the spare width."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QHeaderView, QPushButton, QVBoxLayout

from mos_desktop.changes import Area
from mos_desktop.services.listing import Column, Listing, Row
from mos_desktop.views.common.related_list import RelatedList

IDS = [uuid.uuid4(), uuid.uuid4()]


def _listing(_session: Any, _owner: uuid.UUID) -> Listing:
    columns = [
        Column("on", "Дата"),
        Column("purpose", "Назначение платежа", stretch=True),
        Column("allocated", "Разнесено", "money"),
    ]
    rows = [
        Row(IDS[0], ("01.11.2026", "Оплата по счету № АП-2026-11-0001", 100_00), "ok", kind="payment"),
        Row(IDS[1], ("02.11.2026", "Оплата по счету № АП-2026-11-0002", 200_00), "ok", kind="payment"),
    ]
    return Listing(columns, rows, "Поступлений: 2")


class Owner(QDialog):
    """A record dialog in little: a default «Сохранить» that counts its clicks, and a related list."""

    def __init__(self, ctx: Any, *, openable: bool) -> None:
        super().__init__()
        self.saves = 0
        self.opened: list[uuid.UUID] = []
        self.related = RelatedList(
            ctx, "payment", Area.PAYMENTS, _listing, "Пусто", self, opener=self.opened.append
        )
        if not openable:
            self.related.open_button.hide()
        save = QPushButton("Сохранить", self)
        save.setDefault(True)
        save.clicked.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.related)
        layout.addWidget(save)
        self.resize(700, 300)

    def _save(self) -> None:
        self.saves += 1
        self.accept()


def _shown(ctx: Any, qtbot: Any, *, openable: bool) -> Owner:
    owner = Owner(ctx, openable=openable)
    qtbot.addWidget(owner)
    owner.show()
    owner.related.set_owner(uuid.uuid4())
    qtbot.waitUntil(lambda: owner.related.model.rowCount() == 2)
    table = owner.related.table
    table.setFocus()
    table.setCurrentIndex(owner.related.model.index(1, 0))
    return owner


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_row_opens_it_and_does_not_reach_the_default_button(
    ctx: Any, qtbot: Any, key: Qt.Key
) -> None:
    owner = _shown(ctx, qtbot, openable=True)
    QTest.keyClick(owner.related.table, key)
    assert owner.opened == [IDS[1]]
    assert owner.saves == 0 and owner.isVisible()


def test_enter_where_open_is_hidden_does_nothing(ctx: Any, qtbot: Any) -> None:
    owner = _shown(ctx, qtbot, openable=False)
    QTest.keyClick(owner.related.table, Qt.Key.Key_Return)
    owner.related.open_current()  # a double-click's way in: nothing either
    assert owner.opened == []
    assert owner.saves == 0 and owner.isVisible()


def test_the_long_text_column_takes_the_spare_width(ctx: Any, qtbot: Any) -> None:
    owner = _shown(ctx, qtbot, openable=True)
    header = owner.related.table.horizontalHeader()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.ResizeToContents
    assert not header.stretchLastSection()
    assert header.sectionSize(1) > 2 * header.sectionSize(2)
