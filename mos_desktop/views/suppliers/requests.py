"""Non-standard goods requests: the suppliers asked about one request and their answers (a sub-list of
declared ``goods_request_answer`` records: «Добавить…» records whom we asked, their answer is typed in
when it comes)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from mos_desktop.changes import Area
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import close_buttons
from mos_desktop.views.common.related_list import RelatedList


class AnswersDialog(QDialog):
    def __init__(
        self, ctx: AppContext, request_id: uuid.UUID, what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from mos_desktop.services.purchasing.requests import list_goods_answers

        self.setWindowTitle(f"Поставщики и ответы — {what}" if what else "Поставщики и ответы")
        self.resize(820, 420)
        title = QLabel(f"Запрос: {what}" if what else "Запрос нестандартного товара", self)
        title.setWordWrap(True)
        self.answers = RelatedList(
            ctx,
            "goods_request_answer",
            Area.ORDERS,
            list_goods_answers,
            "Поставщиков ещё не спрашивали: «Добавить…» — кого и когда спросили, потом их ответ.",
            self,
        )
        self.answers.set_owner(request_id)
        buttons = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.answers, 1)
        layout.addWidget(buttons)


def open_answers(dialog: Any) -> None:
    """The extra button of a goods request's record dialog."""
    what = dialog.form.values.get("what", "") if dialog.form is not None else ""
    dialog.answers_dialog = AnswersDialog(dialog.ctx, dialog.record_id, what, dialog)
    dialog.answers_dialog.open()
