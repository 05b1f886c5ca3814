"""The purchase-order card (a row of «Заказы поставщикам» or «Просроченные заказы», Enter or double-click):
the order, its supplier and dates, the supplier's invoice and its payment, the lines with what was
received and refused, the total; below, the order's dated steps, the receipts against it and the files of
its remote acceptance. Read through ``services.purchasing.order_card.order_card``.

Its buttons are the list's actions on this order, the same dialogs and shortcuts: «Статус…» (Ctrl+T),
«Приход по заказу…» (Ctrl+Shift+A), «Приёмка и файлы…» (Ctrl+Shift+F), «Печать…» (Ctrl+P); and the
supplier's card. The card reloads whenever a command touches orders, payables or stock (a step taken, a
receipt posted or reversed, a file added — here or anywhere else).

Keys: Esc closes; Enter on a line opens its item, on a file opens the file; nothing here writes by itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.changes import Area
from mos_desktop.money import format_rub
from mos_desktop.views.actions import ACTIONS
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import ERROR_STYLE, general_error_label
from mos_desktop.views.common.tables import read_only_table, show_listing

# A command touching one of these may have changed what the card shows.
AREAS = frozenset({Area.ORDERS, Area.PAYABLES, Area.STOCK, Area.ITEMS, Area.SUPPLIERS})

LINE_COLUMNS = ("Артикул", "Наименование", "Заказано", "Принято", "Отказ", "Ожидается", "Цена", "Сумма")
STEP_COLUMNS = ("Дата", "Статус", "Кто", "Комментарий")
RECEIPT_COLUMNS = ("Дата", "Документ", "Вид", "Единиц", "Позиций", "Куда", "Кто", "Основание")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DONE_COLOR = QColor("#1e6b34")
REFUSED_COLOR = QColor("#b3261e")
MUTED_COLOR = QColor("#6b7280")


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else "—"


def _fill(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    stretch: int | None = None,
    empty: str = "",
) -> None:
    """``rows`` as the table's cells (``right``: right-aligned columns); no rows: ``empty`` in grey across
    the table; the column ``stretch`` takes the room left."""
    table.clearSpans()
    table.setRowCount(len(rows) or bool(empty))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            cell = QTableWidgetItem(text)
            if c in right:
                cell.setTextAlignment(RIGHT)
            table.setItem(r, c, cell)
    table.resizeColumnsToContents()
    if not rows and empty:
        cell = QTableWidgetItem(empty)
        cell.setForeground(MUTED_COLOR)
        cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
        table.setItem(0, 0, cell)
        table.setSpan(0, 0, 1, table.columnCount())
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class OrderCardDialog(QDialog):
    def __init__(self, ctx: AppContext, order_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id = order_id
        self.card: Any = None
        self.dialog: Any = None  # the last dialog opened from the card (step, receipt, files, print)
        self.setWindowTitle("Заказ поставщику")
        self.setMinimumSize(900, 560)
        self.resize(1120, 680)

        self.heading = QLabel("Загрузка заказа…", self)
        self.heading.setObjectName("orderHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.late = QLabel(self)
        self.late.setObjectName("orderLate")
        self.late.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.late.hide()
        self.error = general_error_label(self)

        order_box, order_form = self._group("Заказ")
        self.info: dict[str, QLabel] = {}
        for key, title in (
            ("supplier", "Поставщик"),
            ("status", "Статус"),
            ("ordered_on", "Заказан"),
            ("expected_ship_on", "Отгрузка ожидается"),
            ("expected_on", "Поступление ожидается"),
            ("accepted", "Принят"),
            ("flags", "Отметки"),
            ("notes", "Примечание"),
        ):
            self.info[key] = self._value(order_form, title, key)
        invoice_box, invoice_form = self._group("Счёт поставщика")
        for key, title in (
            ("invoice", "Счёт"),
            ("payable_status", "Оплата"),
            ("due_on", "Оплатить до"),
            ("in_plan", "Внесён в ПФ"),
            ("paid_on", "Оплачен"),
            ("discrepancy", "Расхождения"),
        ):
            self.info[key] = self._value(invoice_form, title, key)
        top = QHBoxLayout()
        top.addWidget(order_box, 3)
        top.addWidget(invoice_box, 2)

        self.lines = read_only_table(self, LINE_COLUMNS, stretch=(1,))
        self.lines.setObjectName("orderCardLines")
        self.lines.setToolTip("Enter — карточка товара")
        self.lines.activated.connect(lambda _i: self.open_item())
        self.total = QLabel(self)
        self.total.setObjectName("orderCardTotal")
        self.total.setWordWrap(True)

        self.steps = read_only_table(self, STEP_COLUMNS)
        self.steps.setObjectName("orderCardSteps")
        self.receipts = read_only_table(self, RECEIPT_COLUMNS)
        self.receipts.setObjectName("orderCardReceipts")
        self.files = read_only_table(self)
        self.files.setObjectName("orderCardFiles")
        self.files.setToolTip("Enter — открыть файл")
        self.files.activated.connect(lambda _i: self.open_file())
        self.pages = QTabWidget(self)
        self.pages.setObjectName("orderCardPages")
        for table in (self.steps, self.receipts, self.files):
            self.pages.addTab(table, "")
        for table in (self.lines, self.steps, self.receipts, self.files):
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)  # compact rows

        self.buttons: dict[str, QPushButton] = {}
        bottom = QHBoxLayout()
        for key, slot in (
            ("step", self.step),
            ("receive", self.receive),
            ("attachments", self.attachments),
            ("print", self.print_order),
        ):
            action = ACTIONS[key]
            button = self._button(action.text, f"{action.tip} ({action.shortcut})", slot)
            QShortcut(QKeySequence(action.shortcut), self).activated.connect(slot)
            self.buttons[key] = button
            bottom.addWidget(button)
        self.buttons["supplier"] = self._button("Поставщик…", "Карточка поставщика", self.open_supplier)
        bottom.addWidget(self.buttons["supplier"])
        bottom.addStretch(1)
        close = self._button("Закрыть", "Закрыть карточку (Esc)", self.reject)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.late)
        layout.addWidget(self.error)
        layout.addLayout(top)
        layout.addWidget(QLabel("Строки заказа:", self))
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        self._set_enabled(False)
        ctx.changes.connect(self._on_changes)
        self.reload()

    # --- building ---------------------------------------------------------------------------------
    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(3)
        return box, form

    def _value(self, form: QFormLayout, title: str, key: str) -> QLabel:
        label = QLabel("", self)
        label.setObjectName(f"order_{key}")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(title + ":", label)
        return label

    def _button(self, text: str, tip: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)  # Enter in a table must never press a button
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _set_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    # --- load -------------------------------------------------------------------------------------
    def reload(self) -> None:
        from mos_desktop.services.purchasing.order_card import order_card

        order_id, today = self.order_id, self.ctx.today()
        self.ctx.run_db(
            lambda s: order_card(s, order_id, today=today), self._loaded, self._failed, owner=self
        )

    def _on_changes(self, changes: Any) -> None:
        if AREAS & changes.areas and self.isVisible():  # a closed card kept by its tab stays quiet
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if not isinstance(exc, UserError):
            self.ctx.handle_error(exc)
            return
        self.heading.setText("Заказ поставщику")
        self.error.setText(exc.message)
        self.error.show()
        self._set_enabled(False)

    def _loaded(self, card: Any) -> None:
        self.card = card
        self.error.hide()
        self.setWindowTitle(f"Заказ поставщику {card.number}")
        self.heading.setText(f"Заказ {card.number} от {_date(card.ordered_on)} — {card.supplier}")
        self.late.setText(f"Просрочен: {card.late}" if card.late else "")
        self.late.setVisible(bool(card.late))
        v = self.info
        v["supplier"].setText(card.supplier)
        v["status"].setText(f"<b>{card.status_text}</b>")
        v["ordered_on"].setText(_date(card.ordered_on))
        v["expected_ship_on"].setText(_date(card.expected_ship_on))
        v["expected_on"].setText(_date(card.expected_on))
        if card.accepted_on:
            v["accepted"].setText(
                _date(card.accepted_on) + (f", {card.accepted_by}" if card.accepted_by else "")
            )
        else:
            v["accepted"].setText("ещё не принимали")  # nobody's name without a date (e.g. after a reversal)
        v["flags"].setText(card.flags or "—")
        v["notes"].setText(card.notes or "—")
        self._show_invoice(card)
        self._show_lines(card)
        self._show_pages(card)
        first = not self.buttons["supplier"].isEnabled()
        self._set_enabled(True)
        self.buttons["step"].setEnabled(bool(card.next_steps))
        self.buttons["receive"].setEnabled(card.receivable)
        if self.lines.rowCount() and self.lines.currentRow() < 0:
            self.lines.selectRow(0)
        if first:
            self.lines.setFocus()

    def _show_invoice(self, card: Any) -> None:
        v, payable = self.info, card.payable
        if payable is None and not card.invoice_number:
            v["invoice"].setText("счёта ещё нет")
            for key in ("payable_status", "due_on", "in_plan", "paid_on"):
                v[key].setText("—")
        else:
            number = payable.number if payable is not None else card.invoice_number
            amount = payable.amount_kop if payable is not None else card.invoice_kop
            text = f"№ {number} на {format_rub(amount)}"
            if payable is not None:
                text += f" от {_date(payable.issued_on)}"
            if amount != card.total_kop:
                text += f" (заказ на {format_rub(card.total_kop)})"
            v["invoice"].setText(text)
            v["payable_status"].setText(payable.status_text if payable is not None else "—")
            v["due_on"].setText(_date(payable.due_on) if payable is not None else "—")
            v["in_plan"].setText(_date(payable.entered_in_plan_on) if payable is not None else "—")
            v["paid_on"].setText(_date(payable.paid_on) if payable is not None else "—")
        v["discrepancy"].setText(card.discrepancy_note or "—")

    def _show_lines(self, card: Any) -> None:
        rows = [
            (
                line.sku,
                line.name,
                str(line.quantity),
                str(line.received),
                str(line.refused) if line.refused else "",
                str(line.outstanding) if line.outstanding else "",
                format_rub(line.price_kop),
                format_rub(line.amount_kop),
            )
            for line in card.lines
        ]
        _fill(self.lines, rows, right=range(2, 8), stretch=1, empty="В заказе нет строк.")
        for r, line in enumerate(card.lines):
            if line.outstanding == 0:
                self._tint(r, 3, DONE_COLOR, "Принято полностью")
            if line.refused:
                self._tint(r, 4, REFUSED_COLOR, "Отказ при приёмке: эти единицы ещё ожидаются")
        text = (
            f"Итого: {len(card.lines)} стр., {card.ordered_units} ед. на <b>{format_rub(card.total_kop)}</b>"
        )
        if card.received_units:
            text += f"; принято {card.received_units} ед. на {format_rub(card.received_kop)}"
        if card.refused_units:
            text += f"; отказ {card.refused_units} ед."
        if card.outstanding_units and card.received_units:
            text += f"; ожидается ещё {card.outstanding_units} ед."
        self.total.setText(text)

    def _tint(self, row: int, column: int, color: QColor, tip: str) -> None:
        cell = self.lines.item(row, column)
        if cell is not None:
            cell.setForeground(color)
            cell.setToolTip(tip)

    def _show_pages(self, card: Any) -> None:
        _fill(
            self.steps,
            [(_date(s.on), s.status_text, s.author, s.note) for s in card.steps],
            stretch=3,
            empty="Шаги заказа не записаны: они появятся со следующим статусом (Ctrl+T) или приходом.",
        )
        self.steps.scrollToBottom()
        _fill(
            self.receipts,
            [
                (
                    _date(r.moved_on),
                    r.document_ref,
                    r.kind_text,
                    str(r.units),
                    str(r.lines),
                    r.to_location,
                    r.author,
                    r.note,
                )
                for r in card.receipts
            ],
            right=(3, 4),
            stretch=7,
            empty="Приходов по заказу ещё не было: «Приход по заказу…» (Ctrl+Shift+A).",
        )
        files = card.attachments
        if files.rows:
            self.files.clearSpans()
            show_listing(self.files, files, "path")
        else:
            self.files.setColumnCount(len(files.columns))
            self.files.setHorizontalHeaderLabels([c.title for c in files.columns])
            _fill(
                self.files,
                [],
                stretch=files.index_of("path"),
                empty="Файлов нет: фото и подписанную накладную добавляют в «Приёмка и файлы…» (Ctrl+Shift+F).",
            )
        self.pages.setTabText(0, f"Ход заказа ({len(card.steps)})")
        self.pages.setTabText(1, f"Приходы ({len(card.receipts)})")
        self.pages.setTabText(2, f"Файлы приёмки ({len(card.attachments.rows)})")

    # --- actions (the list's, on this order) --------------------------------------------------------
    def step(self) -> None:
        if self.card is None or not self.card.next_steps:
            self.ctx.status_message.emit("Заказ закрыт или отменён — менять статус нечего.")
            return
        from mos_desktop.views.suppliers.step_dialog import OrderStepDialog

        self.dialog = OrderStepDialog(self.ctx, self.order_id, self)
        self.dialog.open()

    def receive(self) -> None:
        if self.card is None or not self.card.receivable:
            self.ctx.status_message.emit("По этому заказу приходовать нечего.")
            return
        from mos_desktop.views.suppliers.tab import receive_order

        # receive_order needs what a tab has: ``ctx``, ``window()`` and a ``dialog`` to keep
        receive_order(cast(Any, self), self.order_id)

    def attachments(self) -> None:
        from mos_desktop.views.suppliers.acceptance import AcceptanceDialog

        self.dialog = AcceptanceDialog(self.ctx, self.order_id, self)
        self.dialog.open()

    def print_order(self) -> None:
        from mos_desktop.views.documents.print_dialog import PrintDialog

        self.dialog = PrintDialog(self.ctx, "purchase_order", self.order_id, self)
        self.dialog.open()

    def open_supplier(self) -> None:
        from mos_desktop.views.records import open_record

        if self.card is not None:
            self.dialog = open_record(self.ctx, "supplier", self.card.supplier_id, self)

    def open_item(self) -> None:
        row = self.lines.currentRow()
        if self.card is None or not 0 <= row < len(self.card.lines):
            return
        from mos_desktop.views.records import open_record

        self.dialog = open_record(self.ctx, "item", self.card.lines[row].item_id, self)

    def open_file(self) -> bool:
        row = self.files.currentRow()
        listing = self.card.attachments if self.card is not None else None
        if listing is None or not 0 <= row < len(listing.rows):
            return False
        path = str(listing.value(listing.rows[row], "path"))
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        if not opened:
            self.error.setText(
                f"Не удалось открыть «{path}»: файла нет или для него нет программы просмотра."
            )
            self.error.show()
        return opened
