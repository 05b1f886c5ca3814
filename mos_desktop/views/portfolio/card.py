"""The client card: every field of ``ClientCard`` on the record-dialog base (``EditDialog``), and the
client's related records as sub-lists: contacts, sites/objects, installed equipment.

Bad input: each ``FieldError`` is shown in red under its field, the first bad field gets the focus, the
form keeps what was typed and nothing is written (the command raised before writing). The manager is
chosen from the list of employees (type to search), never typed free.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.changes import Area
from mos_desktop.errors import EditConflict
from mos_desktop.services.client_card import CLIENT_LABELS
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import OptionalDateEdit, combo
from mos_desktop.views.common.pickers import NamePicker
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.common.related_list import RelatedList


def status_items() -> dict[str, str]:
    """Status values with their Russian names (the models load lazily: start-up speed)."""
    from mos_desktop.models.clients import CLIENT_STATUS_RU

    return {status.value: label for status, label in CLIENT_STATUS_RU.items()}


# The client area's label table, from the core (one table for the card, messages, import and sync panel).
CARD_LABELS = CLIENT_LABELS


def _group(title: str, parent: QWidget) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(4)
    return box, form


TITLE_BAR = 48  # the window manager's title bar and frame, outside the dialog's own height


def _scrolled(page: QWidget) -> QScrollArea:
    """A page that scrolls when the screen is lower than the page."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _managers(session: Any) -> list[str]:
    from mos_desktop.services.records.options import managers

    return managers(session)


class ClientCardDialog(EditDialog):
    def __init__(self, ctx: AppContext, client_id: uuid.UUID | None = None, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.client_id = client_id
        self._card: Any = None
        self.setWindowTitle("Новый клиент" if client_id is None else "Карточка клиента")
        self.setMinimumWidth(820)
        f = self.fields

        main, main_form = _group("Клиент", self)
        f.add(main_form, "name", CARD_LABELS["name"], QLineEdit())
        f.add(main_form, "legal_name", CARD_LABELS["legal_name"], QLineEdit())
        f.add(main_form, "status", CARD_LABELS["status"], combo(status_items()))
        f.add(main_form, "manager", CARD_LABELS["manager"], NamePicker(ctx, _managers))
        f.add(main_form, "churn_risk", "", QCheckBox(CARD_LABELS["churn_risk"]))

        contract, contract_form = _group("Договор и абонентская плата", self)
        f.add(contract_form, "contract_number", CARD_LABELS["contract_number"], QLineEdit())
        f.add(contract_form, "contract_date", CARD_LABELS["contract_date"], OptionalDateEdit())
        fee = f.add(contract_form, "monthly_fee", CARD_LABELS["monthly_fee"], QLineEdit())
        assert isinstance(fee, QLineEdit)
        fee.setPlaceholderText("например 12 000,00")
        fee.setToolTip(
            "Изменённая АП действует с дня в поле ниже (по умолчанию 1-е число следующего месяца); первая "
            "АП — с «Начало АП». История АП сохраняется; если день приходится на уже выставленный месяц, "
            "его счёт исправит повторный запуск «Выставить счета»."
        )
        fee.textEdited.connect(self._fee_edited)
        f.add(contract_form, "fee_start_date", CARD_LABELS["fee_start_date"], OptionalDateEdit())
        f.add(contract_form, "fee_change_from", CARD_LABELS["fee_change_from"], OptionalDateEdit())
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
        notes.setFixedHeight(self.fontMetrics().height() * 4)
        f.add(notes_form, "notes", "", notes)

        card_page = QWidget(self)
        grid = QGridLayout(card_page)
        grid.setHorizontalSpacing(12)
        grid.addWidget(main, 0, 0)
        grid.addWidget(legal, 0, 1)
        grid.addWidget(contract, 1, 0)
        grid.addWidget(contacts, 1, 1)
        grid.addWidget(addresses, 2, 0, 1, 2)
        grid.addWidget(notes_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.related = self._related_lists()
        self.pages = QTabWidget(self)
        self.pages.setObjectName("cardPages")
        self.card_scroll = _scrolled(card_page)
        self.pages.addTab(self.card_scroll, "Карточка")
        for title, widget in self.related.values():
            self.pages.addTab(widget, title)

        self.delete_button: QPushButton | None = None
        bottom = QHBoxLayout()
        if client_id is not None:
            self.delete_button = QPushButton("Удалить клиента…", self)
            self.delete_button.setAutoDefault(False)
            self.delete_button.clicked.connect(self.ask_delete)
            bottom.addWidget(self.delete_button)
            self.print_button = QPushButton("Печать…", self)
            self.print_button.setToolTip("Акт сверки, претензия (Ctrl+P)")
            self.print_button.setAutoDefault(False)
            self.print_button.clicked.connect(self.open_print)
            QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.open_print)
            bottom.addWidget(self.print_button)
            self.serials_button = QPushButton("Серийные номера…", self)
            self.serials_button.setToolTip(
                "История серийных номеров оборудования, побывавшего на объектах клиента"
            )
            self.serials_button.setAutoDefault(False)
            self.serials_button.clicked.connect(self.open_serials)
            bottom.addWidget(self.serials_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        self.loading_label = QLabel("Загрузка карточки…", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.loading_label)
        layout.addWidget(self.general_error)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        self.set_enabled(False)
        self.resize(self.sizeHint())  # the page's height, within the screen (``sizeHint``)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # a field given the focus (an error's, Tab) scrolls into view
            app.focusChanged.connect(self._show_focused)
        self._load()

    def sizeHint(self) -> QSize:
        """As tall as the «Карточка» page wants, never taller than the screen (a 1366×768 laptop): the page
        scrolls there, and «Сохранить»/«Отмена» stay on the screen. (A scroll area alone hints a fixed
        few hundred pixels; ``adjustSize`` gives this size too.)"""
        hint = super().sizeHint()
        scroll = getattr(self, "card_scroll", None)
        page = scroll.widget() if scroll is not None else None
        if scroll is None or page is None:
            return hint
        want = hint.height() + max(0, page.sizeHint().height() - scroll.sizeHint().height())
        screen = self.screen()
        available = screen.availableGeometry().height() if screen is not None else 768
        return QSize(max(hint.width(), self.minimumWidth()), min(want, available - TITLE_BAR))

    def _show_focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        page = self.card_scroll.widget()
        if new is not None and page is not None and page.isAncestorOf(new):
            self.card_scroll.ensureWidgetVisible(new)

    def _related_lists(self) -> dict[str, tuple[str, RelatedList]]:
        from mos_desktop.services.records import lists

        def make(kind: str, area: Area, loader: Callable[..., Any], empty: str) -> RelatedList:
            return RelatedList(self.ctx, kind, area, loader, empty, self)

        return {
            "contact": (
                "Контакты",
                make("contact", Area.CONTACTS, lists.list_contacts, "Контактов нет: «Добавить…»"),
            ),
            "site": ("Объекты", make("site", Area.SITES, lists.list_sites, "Объектов нет: «Добавить…»")),
            "equipment": (
                "Оборудование",
                make("equipment", Area.EQUIPMENT, lists.list_equipment, "Оборудования нет: «Добавить…»"),
            ),
            "invoice": ("Счета", self._money_list("invoice")),
            "payment": ("Платежи", self._money_list("payment")),
            "issued_document": ("Документы", self._documents_list(make)),
        }

    def _money_list(self, kind: str) -> RelatedList:
        """The client's invoices (Enter: the invoice's print preview, to see, print or e-mail it) or
        payments, with paid and owed amounts; written by the payment cycle, so nothing to add here."""
        from mos_desktop.services.payments.lists import list_client_invoices, list_client_payments

        ctx = self.ctx
        if kind == "invoice":
            related = RelatedList(
                ctx,
                "invoice",
                Area.INVOICES,
                lambda s, cid: list_client_invoices(s, cid, today=ctx.today()),
                "Счетов нет: их выставляют в Платежи → Счета («Выставить счета…»).",
                self,
                areas=(Area.PAYMENTS,),
                opener=self._open_invoice,
            )
        else:
            related = RelatedList(
                ctx,
                "payment",
                Area.PAYMENTS,
                lambda s, cid: list_client_payments(s, cid, today=ctx.today()),
                "Платежей нет: они приходят с выпиской банка (Платежи → Поступления).",
                self,
                areas=(Area.INVOICES,),
            )
            related.open_button.hide()
        related.add_button.hide()
        related.delete_button.hide()
        return related

    def _open_invoice(self, invoice_id: uuid.UUID) -> Any:
        from mos_desktop.views.documents.print_dialog import PrintDialog

        dialog = PrintDialog(self.ctx, "invoice", invoice_id, self)
        dialog.open()
        return dialog

    @staticmethod
    def _documents_list(make: Callable[..., RelatedList]) -> RelatedList:
        """Documents issued to the client: opened (Enter) to see, print or e-mail again; issued from the
        records' «Печать», so nothing to add or delete here."""
        from mos_desktop.documents.register import list_client_documents

        documents = make(
            "issued_document",
            Area.DOCUMENTS,
            list_client_documents,
            "Документов нет: они появятся, когда клиенту что-нибудь напечатают или отправят (Ctrl+P).",
        )
        documents.add_button.hide()
        documents.delete_button.hide()
        return documents

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
        self.fill({name: getattr(card, name) for name in self.fields.order})
        if card.name:
            self.setWindowTitle(f"Клиент: {card.name}")
        self.loading_label.hide()
        self.fields.widgets["name"].setFocus()
        for _title, widget in self.related.values():
            widget.set_owner(card.id)

    def _fee_edited(self, _text: str) -> None:
        """A changed fee of an existing client takes effect from a day the user sees and can change:
        the 1st of next month unless the user has chosen one."""
        card = self._card
        if card is None or card.id is None or self.fields.get("fee_change_from") is not None:
            return
        if card.loaded is None or not _kopecks(card.loaded.monthly_fee):
            return  # a first fee runs from «Начало АП»
        today = self.ctx.today()
        first_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        self.fields.set("fee_change_from", first_next)

    def _load_failed(self, exc: BaseException) -> None:
        self.loading_label.hide()
        self.load_failed(exc)

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        if self.delete_button is not None:
            self.delete_button.setEnabled(enabled)

    # --- save ----------------------------------------------------------------------------------
    def current_card(self) -> Any:
        """The form's values on the loaded card, so its ``loaded`` snapshot travels to the command."""
        values = self.values()
        if isinstance(values.get("notes"), str):
            values["notes"] = str(values["notes"]).rstrip()
        return dataclasses.replace(self._card, **values)

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.client_save import save_client_command

        if self._card is None:
            return None
        return save_client_command, self.current_card()

    def after_save(self, record_id: uuid.UUID | None) -> None:
        self.client_id = record_id

    def on_conflict(self, exc: EditConflict) -> None:
        # Another workplace changed these fields: the form keeps what the user typed (nothing is reloaded
        # silently), the snapshot takes the new database values, so after checking the message a second
        # save deliberately overwrites them.
        if self._card is not None and self._card.loaded is not None:
            self._card.loaded = dataclasses.replace(self._card.loaded, **exc.current)

    def open_print(self) -> None:
        from mos_desktop.views.documents.print_dialog import PrintDialog

        if self.client_id is not None:
            self.print_dialog = PrintDialog(self.ctx, "client", self.client_id, self)
            self.print_dialog.open()

    def open_serials(self) -> None:
        if self.client_id is None:
            return
        from mos_desktop.views.warehouse.serial_history import SerialHistoryDialog

        name = self._card.name if self._card else ""
        self.serials_dialog = SerialHistoryDialog(self.ctx, name, client_id=self.client_id, parent=self)
        self.serials_dialog.open()

    # --- delete --------------------------------------------------------------------------------
    def ask_delete(self) -> None:
        from mos_desktop.views.records import ask_archive

        if self.client_id is None:
            return
        name = self._card.name if self._card else ""
        self.delete_box = ask_archive(self.ctx, "client", self.client_id, name, self, on_done=self._deleted)

    def _deleted(self, _changes: Any) -> None:
        self._closing = True
        self.accept()


def _kopecks(text: str) -> int:
    """The fee as loaded (it was stored, so it reads); 0 for none."""
    from mos_desktop.money import MoneyFormatError, parse_rub

    try:
        return parse_rub(text) if text.strip() else 0
    except MoneyFormatError:
        return 0
