"""«Разнести…» on Поступления: the payment's unpaid invoices (``open_invoices_for_payment``), an amount per
invoice prefilled oldest first up to what the payment has left, saved through ``allocate_payment``. An
empty or zero amount leaves the invoice alone. A payer nobody recognised may go to any unpaid invoice: the
search box above the table keeps the rows whose client, ИНН or invoice number has what is typed (hidden
rows keep their amounts); Enter or ↓ there goes to the first row shown, never saves. Amounts on invoices of
two or more clients are saved only once the user says so (one payment shared between clients is rare and
usually a slip of the search)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.views.common.confirm import confirm
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.record_dialog import EditDialog

HEADERS = ("Счёт", "Дата", "Клиент", "Сумма счёта", "Долг", "Разнести, ₽")
AMOUNT = 5


def _folded(text: str) -> str:
    return text.casefold().replace("ё", "е")


def row_matches(query: str, *texts: str) -> bool:
    """Every word of ``query`` is in one of ``texts`` (case, ё/е and Latin/Cyrillic look-alikes aside)."""
    from mos_desktop.russian import lookalikes

    haystacks = [_folded(variant) for text in texts for variant in lookalikes(text)]
    for word in _folded(query).split():
        if not any(variant in hay for variant in lookalikes(word) for hay in haystacks):
            return False
    return True


class SearchEdit(QLineEdit):
    """The search box: Enter and ↓ go to the table (``leave``) instead of pressing «Разнести»."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            event.accept()
            self.leave.emit()
            return
        super().keyPressEvent(event)


def _cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AllocationDialog(EditDialog):
    def __init__(self, ctx: AppContext, payment_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from mos_desktop.services.payments.to_allocate import open_invoices_for_payment

        self.payment_id = payment_id
        self.state: Any = None
        self.setWindowTitle("Разнести платёж на счета")
        self.setMinimumSize(720, 360)
        self.summary = QLabel("Загрузка…", self)
        self.summary.setWordWrap(True)
        self.totals = QLabel(self)
        self.search = SearchEdit(self)
        self.search.setObjectName("invoiceSearch")
        self.search.setPlaceholderText("Поиск: клиент, ИНН или номер счёта")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter_rows)
        self.search.leave.connect(self._to_first_row)
        self.shown = QLabel(self)
        self.shown.setStyleSheet("color: #6b6b6b;")
        self.shown.setMinimumWidth(self.shown.fontMetrics().horizontalAdvance("показано 9999 из 9999") + 8)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._update_totals())
        self.save_button.setText("Разнести")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.general_error)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.shown)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.buttons)
        self.set_enabled(False)
        ctx.run_db(
            lambda s: open_invoices_for_payment(s, payment_id), self._loaded, self.load_failed, owner=self
        )

    def load_failed(self, exc: BaseException) -> None:
        self.summary.setText(str(getattr(exc, "message", exc)))

    def _loaded(self, state: Any) -> None:
        self.state = state
        who = state.client or state.payer or "плательщик не указан"
        end = "" if who.endswith(".") else "."  # «ИП Тарасов И. П.» ends a sentence already
        text = (
            f"Платёж {format_rub(state.amount_kop)} от {state.received_on:%d.%m.%Y}, {who}{end} "
            f"Не разнесено: {format_rub(state.left_kop)}."
        )
        if state.left_kop <= 0:
            text += " Платёж разнесён полностью — разносить нечего."
        elif not state.invoices:
            text += " Неоплаченных счетов нет."
        elif not state.client:
            text += (
                " Клиент платежа не известен: найдите его счета поиском (название, ИНН или номер счёта) "
                "и укажите суммы — платёж будет отнесён клиенту этих счетов."
            )
        self.summary.setText(text)
        self.table.blockSignals(True)
        self.table.setRowCount(len(state.invoices))
        for n, inv in enumerate(state.invoices):
            self.table.setItem(n, 0, _cell(inv.number))
            self.table.setItem(n, 1, _cell(f"{inv.issued_on:%d.%m.%Y}"))
            client = _cell(inv.client)
            if inv.inn:
                client.setToolTip(f"ИНН {inv.inn}")
            self.table.setItem(n, 2, client)
            self.table.setItem(n, 3, _cell(format_rub(inv.total_kop, symbol=False), right=True))
            self.table.setItem(n, 4, _cell(format_rub(inv.owed_kop, symbol=False), right=True))
            amount = QTableWidgetItem(
                format_rub(inv.suggested_kop, symbol=False) if inv.suggested_kop else ""
            )
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(n, AMOUNT, amount)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.fill({})
        can = state.left_kop > 0 and bool(state.invoices)
        self.set_enabled(can)
        self._update_totals()
        self.filter_rows()
        if can and not state.client:  # an unknown payer: find the client first
            self.search.setFocus()
        elif can:
            self.table.setCurrentCell(0, AMOUNT)
            self.table.setFocus()

    # --- search ------------------------------------------------------------------------------------
    def filter_rows(self) -> None:
        """Show the invoices whose client, ИНН or number has every word typed."""
        if self.state is None:
            return
        query = self.search.text().strip()
        shown = 0
        for n, inv in enumerate(self.state.invoices):
            visible = not query or row_matches(query, inv.client, inv.inn, inv.number)
            self.table.setRowHidden(n, not visible)
            shown += visible
        total = len(self.state.invoices)
        self.shown.setText(f"показано {shown} из {total}" if query else f"счетов: {total}")

    def _to_first_row(self) -> None:
        for n in range(self.table.rowCount()):
            if not self.table.isRowHidden(n):
                self.table.setCurrentCell(n, AMOUNT)
                self.table.setFocus()
                return

    # --- values: the amounts typed per invoice --------------------------------------------------
    def amounts(self) -> list[str]:
        return [
            (item.text().strip() if (item := self.table.item(n, AMOUNT)) is not None else "")
            for n in range(self.table.rowCount())
        ]

    def set_amount(self, row: int, text: str) -> None:
        item = self.table.item(row, AMOUNT)
        if item is not None:
            item.setText(text)

    def values(self) -> dict[str, Any]:
        return {**super().values(), "amounts": self.amounts()}

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        self.table.setEnabled(enabled)
        self.search.setEnabled(enabled)

    def _update_totals(self) -> None:
        if self.state is None:
            return
        total = 0
        for text in self.amounts():
            with contextlib.suppress(MoneyFormatError):
                total += parse_rub(text) if text else 0
        rest = self.state.left_kop - total
        self.totals.setText(
            f"Разносится: {format_rub(total)}; останется не разнесено: {format_rub(rest)}"
            + (" — больше, чем осталось в платеже" if rest < 0 else "")
        )

    def clients_shared(self) -> list[str]:
        """The clients whose invoices get an amount, in table order (one name once)."""
        if self.state is None:
            return []
        names: list[str] = []
        seen: set[tuple[str, str]] = set()
        for inv, text in zip(self.state.invoices, self.amounts(), strict=True):
            kop = 0
            with contextlib.suppress(MoneyFormatError):
                kop = parse_rub(text) if text else 0
            if kop and (inv.client, inv.inn) not in seen:
                seen.add((inv.client, inv.inn))
                names.append(inv.client)
        return names

    def save(self) -> None:
        """Amounts on several clients' invoices: ask first («Отмена» is the default)."""
        names = self.clients_shared()
        if len(names) < 2 or not self.loaded or not self.save_button.isEnabled():
            super().save()
            return
        quoted = [f"«{n}»" for n in names]
        between = ", ".join(quoted[:-1]) + " и " + quoted[-1]
        self.confirm_box = confirm(
            self,
            "Разнести платёж",
            f"Платёж делится между клиентами {between} — продолжить?",
            (
                f"Платёж остаётся за «{self.state.client}». "
                if self.state.client
                else "Платёж не будет отнесён ни одному из них: в поступлениях он будет значиться как "
                "«несколько клиентов». "
            )
            + "Так бывает, когда управляющая компания платит за несколько объектов; иначе нажмите "
            "«Отмена» и проверьте суммы.",
            "Разнести",
            super().save,
        )

    def command(self) -> tuple[Callable[..., Any], Any] | None:
        from mos_desktop.services.payments.allocation import AllocationForm, AllocationPart, allocate_payment

        parts = []
        for inv, text in zip(self.state.invoices, self.amounts(), strict=True):
            kop: int | None = None
            with contextlib.suppress(MoneyFormatError):
                kop = parse_rub(text) if text else 0
            if kop == 0:
                continue  # empty or zero: not this invoice (a bad amount goes on, for its message)
            parts.append(AllocationPart(inv.id, text))
        return allocate_payment, AllocationForm(self.payment_id, parts)
