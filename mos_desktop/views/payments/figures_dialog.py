"""«Показатели месяца» (Платежи → Счета): billed vs collected by day against last month, debt by ageing
bucket, MRR over 12 months. The figures come from ``services.payments.figures.month_figures`` in the
worker; the charts are ``charts.py`` (QPainter, imported with this dialog only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from mos_desktop.russian import plural_ru as plural
from mos_desktop.services.labels import MONTHS_NOMINATIVE
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import close_buttons, general_error_label
from mos_desktop.views.payments.charts import BLUE, GREEN, Bar, BarChart, LineChart, Series, month_label, rub

AGEING_COLORS = {
    "current": QColor("#68a77a"),
    "d1_30": QColor("#ecc94b"),
    "d31_60": QColor("#ed8936"),
    "d61_90": QColor("#e05a3a"),
    "d90_plus": QColor("#9b2c2c"),
}


def _month(first_day: Any) -> str:
    return f"{MONTHS_NOMINATIVE[first_day.month - 1].lower()} {first_day.year}"


def billed_collected_series(figures: Any) -> list[Series]:
    now, last = figures.this_month, figures.last_month
    return [
        Series(f"Выставлено, {_month(now.month)}", now.billed, BLUE),
        Series(f"Оплачено, {_month(now.month)}", now.collected, GREEN),
        Series(f"Выставлено, {_month(last.month)}", last.billed, BLUE.lighter(150), dashed=True),
        Series(f"Оплачено, {_month(last.month)}", last.collected, GREEN.lighter(150), dashed=True),
    ]


def ageing_bars(figures: Any) -> list[Bar]:
    return [Bar(b.title, b.debt_kop, AGEING_COLORS[b.key]) for b in figures.ageing]


def mrr_bars(figures: Any) -> list[Bar]:
    last = len(figures.mrr) - 1
    return [
        Bar(month_label(p.month, i == 0), p.mrr_kop, BLUE if i == last else BLUE.lighter(140))
        for i, p in enumerate(figures.mrr)
    ]


def summary_lines(figures: Any) -> list[str]:
    now, last = figures.this_month, figures.last_month
    day = figures.today.day
    last_same_day = last.collected[min(day, len(last.collected)) - 1] if last.collected else 0
    lines = [
        f"{_month(now.month).capitalize()}, с 1-го по {day}-е: выставлено {rub(now.billed_kop)}, "
        f"оплачено {rub(now.collected_kop)}. {_month(last.month).capitalize()}: к {day}-му оплачено "
        f"{rub(last_same_day)}, за месяц — {rub(last.collected_kop)} из {rub(last.billed_kop)}",
        f"Долг клиентов: {rub(figures.debt_kop)}, из него просрочено {rub(figures.overdue_kop)}",
    ]
    if figures.mrr:
        current, first = figures.mrr[-1], figures.mrr[0]
        lines.append(
            f"MRR за {_month(current.month)}: {rub(current.mrr_kop)} ({current.clients} "
            f"{plural(current.clients, 'клиент', 'клиента', 'клиентов')}); "
            f"за {_month(first.month)}: {rub(first.mrr_kop)}"
        )
    return lines


class FiguresDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Показатели месяца")
        self.resize(1100, 700)
        self.summary = QLabel("Загрузка…", self)
        self.summary.setWordWrap(True)
        self.error = general_error_label(self)
        self.daily = LineChart("Выставлено и оплачено с начала месяца, по дням", self)
        self.ageing = BarChart("Долг по срокам просрочки", self)
        self.mrr = BarChart("MRR (абонентская плата по счетам месяца) за 12 месяцев", self)
        grid = QGridLayout()
        grid.addWidget(self.daily, 0, 0, 1, 2)
        grid.addWidget(self.ageing, 1, 0)
        grid.addWidget(self.mrr, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        buttons = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        from mos_desktop.services.payments.figures import month_figures

        today = self.ctx.today()
        self.ctx.run_db(lambda s: month_figures(s, today=today), self.show_figures, self._failed, owner=self)

    def show_figures(self, figures: Any) -> None:
        self.error.hide()
        self.summary.setText("\n".join(summary_lines(figures)))
        self.daily.set_data(
            billed_collected_series(figures), max(figures.this_month.days, figures.last_month.days)
        )
        self.ageing.set_data(ageing_bars(figures))
        self.mrr.set_data(mrr_bars(figures))

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.summary.setText("")
            self.error.setText(exc.message)
            self.error.show()
        else:
            self.ctx.handle_error(exc)
