"""Non-standard goods requests on Поставщики: a new request (dated today) for a client, then the suppliers
asked and their answers in its sub-list; the list counts whom we asked and who answered."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from viewhelp import TODAY, add_record, shot

from mos_desktop.models import GoodsRequest, GoodsRequestAnswer
from mos_desktop.views.common.record_dialog import RecordDialog
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.suppliers.requests import AnswersDialog


def test_request_with_answers(ctx: Any, qtbot: Any, db: Any, add_clients: Any) -> None:
    [client_id] = add_clients(("ЖК Альфа", "12 000", "active"))
    supplier_id = add_record(db, "supplier", name="ООО Вендор")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("suppliers")
    view = tab.show_list("goods_requests")
    tab.trigger("new")
    dialog = tab.dialog
    assert isinstance(dialog, RecordDialog) and dialog.kind == "goods_request"
    assert dialog.fields.get("requested_on") == TODAY and not dialog.is_dirty()
    qtbot.waitUntil(lambda: dialog.fields.widgets["client_id"].loaded)  # type: ignore[attr-defined]
    dialog.fields.set("what", "Стрела 7,5 м с подсветкой")
    dialog.fields.set("client_id", client_id)
    shot(dialog, "goods_request")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    qtbot.waitUntil(lambda: view.total_count() == 1)
    with db.session() as s:
        request = s.scalars(select(GoodsRequest)).one()
        assert (request.client_id, request.status, request.requested_on) == (client_id, "open", TODAY)

    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("open")
    opened = tab.dialog
    qtbot.waitUntil(lambda: opened.loaded)
    answers_button = next(b for b in opened.findChildren(QPushButton) if b.text() == "Поставщики и ответы…")
    answers_button.click()
    answers = opened.answers_dialog
    assert isinstance(answers, AnswersDialog)
    answers.answers.add()
    answer = answers.answers.dialog
    assert answer.kind == "goods_request_answer" and answer.fields.get("asked_on") == TODAY
    qtbot.waitUntil(lambda: answer.fields.widgets["supplier_id"].loaded)
    answer.fields.set("supplier_id", supplier_id)
    answer.fields.set("answer", "Изготовят за 3 недели")
    answer.fields.set("price_kop", "45 000")
    with qtbot.waitSignal(answer.saved, timeout=10000):
        answer.save()
    qtbot.waitUntil(lambda: answers.answers.model.rowCount() == 1)
    shot(answers, "goods_request_answers")
    with db.session() as s:
        row = s.scalars(select(GoodsRequestAnswer)).one()
        assert (row.request_id, row.price_kop) == (request.id, 4_500_000)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    qtbot.waitUntil(lambda: view.value(view.current_row(), "answered") == 1)  # type: ignore[arg-type]
