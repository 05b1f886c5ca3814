"""The invoice run of the 15th (process 8): choose the month, look at the batch (who, how much, what is
skipped and why, totals), then create it — ``preview_invoice_run`` and ``run_invoices``. Re-running a
month creates nothing new; a fee changed since is a correction (the old invoice cancelled and reissued).
«Выставить (N)» is never the default button (Enter in the month field must not issue a batch) and asks
first, «Отмена» being the default of that question."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.formatting import format_value
from mos_desktop.views.common.forms import general_error_label
from mos_desktop.views.common.operation import CommandOp
from mos_desktop.views.common.tables import read_only_table

COLUMNS = ("Клиент", "ИНН", "Сумма", "Что будет", "Строка счёта")


def billing(ctx: AppContext) -> Any:
    from mos_desktop.services.payments.rules import BillingSettings

    return BillingSettings.from_settings(ctx.settings)


class InvoiceRunDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, month: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: Any = None
        self.setWindowTitle("Выставление счетов за месяц")
        self.resize(900, 560)
        today = month or ctx.today()
        self.month = QDateEdit(QDate(today.year, today.month, 1), self)
        self.month.setDisplayFormat("MM.yyyy")
        self.month.setCalendarPopup(False)
        self.month.dateChanged.connect(lambda _d: self.load_preview())
        self.summary = QLabel("Загрузка…", self)
        self.summary.setWordWrap(True)
        self.error = general_error_label(self)
        self.table = read_only_table(self, COLUMNS, stretch=(0, 4))
        self.buttons = QDialogButtonBox(self)
        self.run_button = QPushButton("Выставить", self)
        self.run_button.setEnabled(False)
        self.run_button.setAutoDefault(False)  # not an accept button either: a box makes that the default
        self.buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.confirm_box: QWidget | None = None
        self.run_button.clicked.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Месяц:", self))
        top.addWidget(self.month)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.load_preview()

    def chosen_month(self) -> date:
        d = self.month.date()
        return date(d.year(), d.month(), 1)

    def load_preview(self) -> None:
        from mos_desktop.services.payments.invoicing import preview_invoice_run

        month = self.chosen_month()
        self.run_button.setEnabled(False)
        self.summary.setText("Загрузка…")
        self.ctx.run_db(lambda s: preview_invoice_run(s, month), self._show, self._failed, owner=self)

    def _show(self, preview: Any) -> None:
        from mos_desktop.services.payments.invoicing import RUN_ACTION_RU, RunAction

        if preview.month != self.chosen_month():
            return  # an older request
        self.preview = preview
        self.error.hide()
        self.summary.setText("\n".join(preview.as_lines()))
        lines = sorted(preview.lines, key=lambda r: (r.action == RunAction.UNCHANGED, r.client_name))
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            values = (
                line.client_name,
                line.inn,
                format_value("money", line.amount_kop),
                RUN_ACTION_RU[line.action]
                + (f" (вместо {line.existing_number})" if line.action == RunAction.CORRECTION else ""),
                line.line_text,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        for column in (1, 2, 3):  # «исправлен (вместо АП-…)» whole: the old number is the point
            self.table.resizeColumnToContents(column)
        count = len(preview.new) + len(preview.corrections)
        if count and not billing(self.ctx).invoice_series:
            # Said before the button is pressed: a run without the workstation's series would be refused.
            self.error.setText(
                "Серия номеров счетов не задана: укажите её в Сервис → Настройки → Основные, группа «Платежи», "
                "поле «Серия номеров счетов АП» (у каждого рабочего места своя; если поле пусто, берётся "
                "«Серия номеров документов рабочего места» из группы «Пользователь»), затем выставляйте"
            )
            self.error.show()
            self.run_button.setText(f"Выставить ({count})")
            self.run_button.setEnabled(False)
            return
        self.run_button.setText(f"Выставить ({count})" if count else "Выставлять нечего")
        self.run_button.setEnabled(count > 0)

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.error.setText(exc.message)
            self.error.show()
        else:
            self.ctx.handle_error(exc)

    def run(self) -> None:
        """Ask first: «Выставить N счетов на сумму …?» with «Отмена» the default."""
        from mos_desktop.money import format_rub
        from mos_desktop.russian import plural_ru
        from mos_desktop.views.common.confirm import confirm

        preview = self.preview
        if preview is None:
            return
        count = len(preview.new) + len(preview.corrections)
        if not count:
            return
        fixes = len(preview.corrections)
        self.confirm_box = confirm(
            self,
            "Выставление счетов",
            f"Выставить {count} {plural_ru(count, 'счёт', 'счёта', 'счетов')} на сумму "
            f"{format_rub(preview.total_kop)}?",
            (f"Из них исправлений: {fixes} — старые счета будут аннулированы. " if fixes else "")
            + "Счета получат номера и появятся в списке счетов.",
            "Выставить",
            self.run_now,
        )

    def run_now(self) -> None:
        from mos_desktop.services.payments.invoicing import InvoiceRunForm, run_invoices

        self.confirm_box = None
        form = InvoiceRunForm(month=self.chosen_month(), series=billing(self.ctx).invoice_series)
        self.run_button.setEnabled(False)
        (
            CommandOp(self.ctx, run_invoices, form, parent=self, busy_text="Выставление счетов…")
            .success(lambda _c: self.load_preview())
            .failure(self._failed_text)
            .field_errors(lambda errors: self._failed_text("\n".join(e.message for e in errors)))
            .run()
        )

    def _failed_text(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.run_button.setEnabled(True)
