"""The sync status widget's texts and the sync panel (conflicts, rejected changes, resolving, progress)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from mos_desktop.changes import ALL_AREAS
from mos_desktop.db import Database
from mos_desktop.money import format_rub
from mos_desktop.sync import commands
from mos_desktop.sync.tables import sync_conflicts
from mos_desktop.views.sync.panel import SyncPanel, progress_text
from mos_desktop.views.sync.status_widget import NOT_CONFIGURED, SyncStatusWidget


def status(**kw: Any) -> SimpleNamespace:
    base = dict(online=True, last_sync_at=None, pending=0, conflicts=0, rejected=0, error=None, running=False)
    base.update(kw)
    return SimpleNamespace(**base)


def add_conflict(
    db: Database,
    *,
    table: str,
    column: str,
    mine: Any,
    theirs: Any,
    who: str,
    row_id: uuid.UUID | None = None,
    minute: int = 42,
    mine_by: str = "Тестова А. А.",
) -> uuid.UUID:
    conflict_id = uuid.uuid4()
    with db.engine.begin() as conn:
        conn.execute(
            sync_conflicts.insert().values(
                id=conflict_id,
                table_name=table,
                row_id=row_id or uuid.uuid4(),
                column_name=column,
                base=json.dumps(None),
                mine=json.dumps(mine, ensure_ascii=False),
                theirs=json.dumps(theirs, ensure_ascii=False),
                mine_by=mine_by,
                theirs_by=who,
                created_at=datetime(2026, 11, 23, 7, minute, tzinfo=UTC),
            )
        )
    return conflict_id


def add_rejected(db: Database, reason: str, row_id: uuid.UUID | None = None) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO sync_rejected (op_id, table_name, row_id, kind, cols, reason, rejected_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                "invoices",
                (row_id or uuid.uuid4()).hex,
                "update",
                json.dumps({"amount_kop": 100}),
                reason,
                "2026-11-23 08:00:00",
            ),
        )


# --- status widget ---------------------------------------------------------------------------------
def test_status_widget_texts_for_each_state(qtbot: Any) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    assert widget.summary() == NOT_CONFIGURED

    widget.show_status(status(last_sync_at="2026-11-23T07:42:10+00:00", pending=3, conflicts=1))
    assert widget.summary() == "в сети · последняя синхронизация 10:42 · не отправлено: 3 · конфликты: 1"
    assert "background" in widget.conflicts.styleSheet()  # highlighted

    widget.show_status(status(online=False, pending=0, conflicts=0, error="Общая база недоступна: нет сети"))
    assert widget.summary() == "нет связи · ещё не синхронизировано · не отправлено: 0 · конфликты: 0"
    assert widget.conflicts.styleSheet() == ""
    assert "Общая база недоступна" in widget.toolTip()

    widget.show_status(status(running=True, pending=5))
    assert "идёт синхронизация…" in widget.summary()

    widget.show_needs_password()
    assert "пароль" in widget.summary()
    widget.show_not_configured()
    assert widget.summary() == NOT_CONFIGURED


def test_status_widget_click_emits(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.clicked, timeout=1000):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


# --- panel ----------------------------------------------------------------------------------------
def test_progress_text_has_exact_counts() -> None:
    assert progress_text("push", 120, 300) == "Отправка 120 из 300"
    assert progress_text("pull", 0, 0) == "Получение…"


def test_panel_shows_progress_and_status(ctx: Any, qtbot: Any) -> None:
    panel = SyncPanel(ctx)
    qtbot.addWidget(panel)
    panel.show_progress("push", 120, 300)
    assert panel.progress.format() == "Отправка 120 из 300"
    assert (panel.progress.value(), panel.progress.maximum()) == (120, 300)
    panel.show_status(status(running=True))
    assert not panel.sync_button.isEnabled()
    panel.show_status(status(last_sync_at="2026-11-23T07:42:00+00:00", pending=2))
    assert panel.sync_button.isEnabled()
    assert "23.11.2026 10:42" in panel.state_label.text()
    assert "не отправлено изменений: 2" in panel.state_label.text()
    with qtbot.waitSignal(panel.sync_requested, timeout=1000):
        panel.sync_button.click()


def test_panel_lists_conflicts_and_rejected_in_russian(ctx: Any, db: Database, qtbot: Any) -> None:
    gone = uuid.UUID("0190f3a2-7b1c-7d3e-8f40-1234abcd5678")  # a row this workstation does not have
    add_conflict(
        db,
        table="clients",
        column="monthly_fee_kop",
        mine=150000,
        theirs=120000,
        who="Иванов И. И.",
        row_id=gone,
    )
    add_rejected(db, "нет прав: роль warehouse не изменяет счета", uuid.UUID(int=0xFEED0042))
    panel = SyncPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.lists_loaded, timeout=5000):
        panel.reload()
    table = panel.conflict_table
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row == [
        "Клиенты",
        "#abcd5678",  # no such row here: a short id
        "АП в месяц",  # the card's own word (the client area's label table)
        format_rub(150000),
        format_rub(120000),
        "Иванов И. И.",
        "23.11.2026 10:42",
    ]
    rejected = [panel.rejected_table.item(0, c).text() for c in range(panel.rejected_table.columnCount())]
    assert rejected == [
        "Счета",
        "#feed0042",  # the refused invoice (not here: a short id)
        "изменение",
        "Сумма",
        "нет прав: роль warehouse не изменяет счета",
        "23.11.2026 11:00",
    ]
    assert not panel.keep_mine_button.isEnabled()  # nothing selected yet


def test_conflicts_name_their_records_looked_up_off_the_gui_thread(
    ctx: Any, db: Database, qtbot: Any, add_clients: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from mos_desktop.models import Interaction, InteractionKind, Location, LocationKind
    from mos_desktop.sync import records

    romashka, _other = add_clients(("ООО «Ромашка»", "1000", "active"), ("ИП Лютиков", "500", "active"))
    with db.session() as s:
        call = Interaction(
            client_id=romashka, at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC), kind=InteractionKind.CALL_OUT
        )
        shelf = Location(code="A-01", name="", kind=LocationKind.WAREHOUSE)
        s.add_all([call, shelf])
        s.flush()
        call_id, shelf_id = call.id, shelf.id
    add_conflict(
        db, table="clients", column="phone", mine="1", theirs="2", who="Б", row_id=romashka, minute=5
    )
    add_conflict(db, table="interactions", column="summary", mine="а", theirs="б", who="Б", row_id=call_id)
    add_conflict(db, table="locations", column="name", mine="Полка", theirs="", who="Б", row_id=shelf_id)
    add_conflict(db, table="no_such_table", column="x", mine=1, theirs=2, who="Б", row_id=_other, minute=1)

    threads: list[threading.Thread] = []
    real = records.conflicts_with_records

    def spy(database: Database) -> list[dict[str, Any]]:
        threads.append(threading.current_thread())
        return real(database)

    monkeypatch.setattr(records, "conflicts_with_records", spy)
    panel = SyncPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.lists_loaded, timeout=5000):
        panel.reload()
    assert threads and threads[0] is not threading.main_thread()
    table = panel.conflict_table
    assert table.horizontalHeaderItem(1).text() == "Запись"
    shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert (
        shown
        == {
            "Клиенты": "ООО «Ромашка»",
            "Взаимодействия": f"ООО «Ромашка», #{call_id.hex[-8:]}",  # no name of its own: by its client
            "Места хранения": "A-01",  # the name is empty: the next naming column
            "no_such_table": f"#{_other.hex[-8:]}",  # a table this version does not know
        }
    )


def test_every_synced_table_has_a_russian_label() -> None:
    from mos_desktop.sync.tables import specs
    from mos_desktop.views.sync.labels import TABLES

    assert sorted(set(specs()) - set(TABLES)) == []


@pytest.mark.parametrize(
    ("button", "keep", "phone"),
    [("keep_mine_button", "mine", "+7 495 111-11-11"), ("take_theirs_button", "theirs", "+7 495 222-22-22")],
)
def test_resolving_calls_through_and_refreshes(
    ctx: Any,
    db: Database,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    add_clients: Any,
    button: str,
    keep: str,
    phone: str,
) -> None:
    (client_id,) = add_clients(("ООО «Ромашка»", "1000", "active"))
    with db.engine.begin() as conn:  # the server's value is in the row; mine is only in the conflict
        conn.exec_driver_sql("UPDATE clients SET phone = '+7 495 222-22-22' WHERE id = ?", (client_id.hex,))
    conflict_id = add_conflict(
        db, table="clients", column="phone", mine="+7 495 111-11-11", theirs="+7 495 222-22-22", who="Б"
    )
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE sync_conflicts SET row_id = ? WHERE id = ?", (client_id.hex, conflict_id.hex)
        )
    calls: list[tuple[Any, str, str]] = []
    real = commands.resolve_conflict

    def spy(database: Database, cid: Any, keep: Any, *, user: str) -> None:
        calls.append((cid, keep, user))
        real(database, cid, keep, user=user)

    monkeypatch.setattr(commands, "resolve_conflict", spy)
    panel = SyncPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.lists_loaded, timeout=5000):
        panel.reload()
    panel.conflict_table.selectRow(0)
    assert getattr(panel, button).isEnabled()
    areas: list[bool] = []
    ctx.changes.connect(lambda c: areas.append(c.areas == ALL_AREAS))
    with qtbot.waitSignal(panel.lists_loaded, timeout=5000):
        getattr(panel, button).click()
    assert calls == [(conflict_id.hex, keep, "Тестова А. А.")]
    assert areas == [True]
    assert panel.conflict_table.rowCount() == 0
    assert commands.list_conflicts(db) == []
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT phone FROM clients WHERE id = ?", (client_id.hex,)).scalar_one()
    assert stored == phone


def test_every_column_a_user_edits_has_a_russian_title() -> None:
    """A conflict or a refused change names the field in Russian, whichever synced table it is in."""
    from mos_desktop.sync.tables import specs
    from mos_desktop.views.sync.labels import COLUMNS, INTERNAL_COLUMNS, column_title

    columns = {c for spec in specs().values() for c in spec.kinds}
    untitled = sorted(c for c in columns - INTERNAL_COLUMNS if column_title(c) == c)
    assert untitled == [], f"add Russian titles to views/sync/labels.py COLUMNS: {untitled}"
    assert all(any("а" <= ch.lower() <= "я" for ch in COLUMNS[c]) for c in columns - INTERNAL_COLUMNS)


def test_a_colleagues_conflict_says_whose_value_it_is(ctx: Any, db: Database, qtbot: Any) -> None:
    """Conflicts reach every workstation; «моё» of a colleague's conflict is named as theirs."""
    add_conflict(db, table="clients", column="phone", mine="+7 1", theirs="+7 2", who="Иванов И. И.")
    add_conflict(
        db, table="clients", column="notes", mine="x", theirs="y", who="Иванов И. И.", mine_by="Петров П. П."
    )
    panel = SyncPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.lists_loaded, timeout=5000):
        panel.reload()
    mine = sorted(panel.conflict_table.item(r, 3).text() for r in range(panel.conflict_table.rowCount()))
    assert mine == ["+7 1", "x (Петров П. П.)"]
