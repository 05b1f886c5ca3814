"""The client card: every field of ``ClientCard`` editable, saved through ``services.clients``.

Bad input: each ``FieldError`` is shown in red under its field, the first bad field gets the focus,
the form keeps what was typed and nothing is written (the service raised before writing).
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.errors import UserError, ValidationError
from mos_desktop.views.common.confirm import confirm
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import FieldSet, OptionalDateEdit, combo, general_error_label


def status_items() -> dict[str, str]:
    """Status values with their Russian names (the models load lazily: start-up speed)."""
    from mos_desktop.models.clients import CLIENT_STATUS_RU

    return {status.value: label for status, label in CLIENT_STATUS_RU.items()}


# Russian names of the card fields: the form, the import preview and messages use the same words.
CARD_LABELS = {
    "name": "Название",
    "legal_name": "Юридическое лицо",
    "status": "Статус",
    "manager": "Менеджер",
    "churn_risk": "Риск ухода",
    "contract_number": "Номер договора",
    "contract_date": "Дата договора",
    "monthly_fee": "АП в месяц, ₽",
    "fee_start_date": "Начало АП",
    "fee_change_reason": "Причина изменения АП",
    "inn": "ИНН",
    "kpp": "КПП",
    "ogrn": "ОГРН",
    "legal_address": "Юридический адрес",
    "postal_address": "Почтовый адрес",
    "phone": "Телефон",
    "email": "Email",
    "notes": "Заметки",
}


def _group(title: str, parent: QWidget) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(4)
    return box, form


class ClientCardDialog(QDialog):
    saved = Signal(object)  # the client's id

    def __init__(self, ctx: AppContext, client_id: uuid.UUID | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
        self._card: Any = None
        self.loaded = False
        self.setWindowTitle("Новый клиент" if client_id is None else "Карточка клиента")
        self.setMinimumWidth(860)

        self.general_error = general_error_label(self)
        self.fields = FieldSet(self.general_error)
        f = self.fields

        main, main_form = _group("Клиент", self)
        f.add(main_form, "name", CARD_LABELS["name"], QLineEdit())
        f.add(main_form, "legal_name", CARD_LABELS["legal_name"], QLineEdit())
        f.add(main_form, "status", CARD_LABELS["status"], combo(status_items()))
        f.add(main_form, "manager", CARD_LABELS["manager"], QLineEdit())
        f.add(main_form, "churn_risk", "", QCheckBox(CARD_LABELS["churn_risk"]))

        contract, contract_form = _group("Договор и абонентская плата", self)
        f.add(contract_form, "contract_number", CARD_LABELS["contract_number"], QLineEdit())
        f.add(contract_form, "contract_date", CARD_LABELS["contract_date"], OptionalDateEdit())
        fee = f.add(contract_form, "monthly_fee", CARD_LABELS["monthly_fee"], QLineEdit())
        assert isinstance(fee, QLineEdit)
        fee.setPlaceholderText("например 12 000,00")
        f.add(contract_form, "fee_start_date", CARD_LABELS["fee_start_date"], OptionalDateEdit())
        f.add(contract_form, "fee_change_reason", CARD_LABELS["fee_change_reason"], QLineEdit())

        legal, legal_form = _group("Реквизиты", self)
        f.add(legal_form, "inn", CARD_LABELS["inn"], QLineEdit())
        f.add(legal_form, "kpp", CARD_LABELS["kpp"], QLineEdit())
        f.add(legal_form, "ogrn", CARD_LABELS["ogrn"], QLineEdit())

        addresses, addresses_form = _group("Адреса", self)
        f.add(addresses_form, "legal_address", CARD_LABELS["legal_address"], QLineEdit())
        f.add(addresses_form, "postal_address", CARD_LABELS["postal_address"], QLineEdit())

        contacts, contacts_form = _group("Связь", self)
        f.add(contacts_form, "phone", CARD_LABELS["phone"], QLineEdit())
        f.add(contacts_form, "email", CARD_LABELS["email"], QLineEdit())

        notes_box, notes_form = _group("Заметки", self)
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(self.fontMetrics().height() * 5)
        f.add(notes_form, "notes", "", notes)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(main, 0, 0)
        grid.addWidget(legal, 0, 1)
        grid.addWidget(contract, 1, 0)
        grid.addWidget(contacts, 1, 1)
        grid.addWidget(addresses, 2, 0, 1, 2)
        grid.addWidget(notes_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Сохранить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.delete_button: QPushButton | None = None
        bottom = QHBoxLayout()
        if client_id is not None:
            self.delete_button = QPushButton("Удалить клиента…", self)
            self.delete_button.setAutoDefault(False)
            self.delete_button.clicked.connect(self.ask_delete)
            bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.loading_label = QLabel("Загрузка карточки…", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.loading_label)
        layout.addWidget(self.general_error)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        self._set_enabled(False)
        self._load()

    # --- load ----------------------------------------------------------------------------------
    def _load(self) -> None:
        from mos_desktop.services import clients

        if self.client_id is None:
            self._fill(clients.new_client_card())
            return
        client_id = self.client_id
        self.ctx.run_db(lambda s: clients.get_client(s, client_id), self._fill, self._load_failed, owner=self)

    def _fill(self, card: Any) -> None:
        self._card = card
        for name in self.fields.order:
            self.fields.set(name, getattr(card, name))
        if card.name:
            self.setWindowTitle(f"Клиент: {card.name}")
        self.loading_label.hide()
        self._set_enabled(True)
        self.fields.widgets["name"].setFocus()
        self.loaded = True

    def _load_failed(self, exc: BaseException) -> None:
        self.loading_label.hide()
        if isinstance(exc, UserError):
            self.fields.show_general(exc.message)
        else:
            self.ctx.handle_error(exc)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in self.fields.widgets.values():
            widget.setEnabled(enabled)
        self.save_button.setEnabled(enabled)
        if self.delete_button is not None:
            self.delete_button.setEnabled(enabled)

    # --- save ----------------------------------------------------------------------------------
    def current_card(self) -> Any:
        """The form's values on the loaded card, so its ``loaded`` snapshot travels to save_client."""
        values = {name: self.fields.get(name) for name in self.fields.order}
        if isinstance(values.get("notes"), str):
            values["notes"] = str(values["notes"]).rstrip()
        return dataclasses.replace(self._card, **values)

    def save(self) -> None:
        if self._card is None:
            return
        from mos_desktop.services import clients

        card = self.current_card()
        user, today = self.ctx.user, self.ctx.today()
        self.fields.clear_errors()
        self._set_enabled(False)
        self.ctx.run_db(
            lambda s: clients.save_client(s, card, user=user, today=today),
            self._saved,
            self._save_failed,
            owner=self,
        )

    def _saved(self, client_id: uuid.UUID) -> None:
        self.client_id = client_id
        self.ctx.notify("clients")
        self.ctx.status_message.emit("Карточка клиента сохранена")
        self.saved.emit(client_id)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._set_enabled(True)
        if isinstance(exc, ValidationError):
            current = getattr(exc, "current", None)
            if current and self._card is not None and self._card.loaded is not None:
                # Another workplace changed these fields: the form keeps what the user typed (nothing
                # is reloaded silently), the snapshot takes the new database values, so after checking
                # the message a second save deliberately overwrites them.
                self._card.loaded = dataclasses.replace(self._card.loaded, **current)
            self.fields.show_errors(exc.errors)
        elif isinstance(exc, UserError):
            self.fields.show_general(exc.message)
        else:
            self.ctx.handle_error(exc)

    # --- delete --------------------------------------------------------------------------------
    def ask_delete(self) -> None:
        name = self._card.name if self._card else ""
        self.delete_box = confirm_delete(self, name, self.delete)

    def delete(self) -> None:
        if self.client_id is None:
            return
        delete_client_async(self.ctx, self.client_id, owner=self, on_done=self.accept)


def confirm_delete(parent: QWidget, name: str, on_yes: Any) -> QMessageBox:
    return confirm(
        parent,
        "Удаление клиента",
        f"Удалить клиента «{name}»?",
        "Клиент исчезнет из всех списков. Счета и история останутся в базе.",
        "Удалить",
        on_yes,
    )


def delete_client_async(ctx: AppContext, client_id: uuid.UUID, *, owner: Any, on_done: Any = None) -> None:
    from mos_desktop.services import clients

    user = ctx.user

    def done(_result: Any) -> None:
        ctx.notify("clients")
        ctx.status_message.emit("Клиент удалён")
        if on_done is not None:
            on_done()

    ctx.run_db(lambda s: clients.delete_client(s, client_id, user=user), done, owner=owner)
