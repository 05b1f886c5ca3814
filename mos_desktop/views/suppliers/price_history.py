"""An item's price history: a line chart (one stepped line per supplier entity: a price holds from its
date until the next one or its end) drawn with QPainter, and every price in a table below it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.money import format_rub
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import close_buttons
from mos_desktop.views.common.tables import read_only_table, show_listing

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f")

Series = dict[str, list[tuple[date, date | None, int]]]


def _rub(kopecks: int) -> str:
    return format_rub(kopecks, symbol=False).removesuffix(",00")


class PriceChart(QWidget):
    """Prices over time: x dates, y rubles; a legend of the entities above the plot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: Series = {}
        self.today = date.today()
        self.setMinimumSize(520, 240)

    def set_series(self, series: Series, today: date) -> None:
        self.series, self.today = series, today
        self.update()

    def _span(self) -> tuple[date, date, int, int, int]:
        """First and last day, the price axis' bounds and its tick step (kopecks, a «nice» ruble step)."""
        starts = [p[0] for points in self.series.values() for p in points]
        ends = [p[1] or self.today for points in self.series.values() for p in points]
        first, last = min(starts), max([*ends, self.today, *starts])
        if last <= first:
            last = first + timedelta(days=1)
        prices = [p[2] for points in self.series.values() for p in points]
        low, high = min(prices), max(prices)
        raw = max((high - low) / 4, high / 20, 100)
        magnitude = 10 ** (len(str(int(raw))) - 1)
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
        bottom = max(0, (low // step) * step - (step if low % step == 0 else 0))
        top = -(-high // step) * step + (step if high % step == 0 else 0)
        return first, last, bottom, top, step

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        if not self.series:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Цен нет")
            return
        first, last, low, high, step = self._span()
        left = metrics.horizontalAdvance(_rub(high)) + 14
        legend_h = metrics.height() + 8
        plot = QRectF(
            left, legend_h + 6, self.width() - left - 16, self.height() - legend_h - metrics.height() - 18
        )
        days = (last - first).days

        def x(day: date) -> float:
            return plot.left() + plot.width() * (day - first).days / days

        def y(kop: int) -> float:
            return plot.bottom() - plot.height() * (kop - low) / (high - low)

        grid = QPen(QColor("#e3e3e3"))
        painter.setPen(grid)
        value = low
        while value <= high:
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(0, y(value) - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _rub(value),
            )
            value += step
        for day in (first, first + timedelta(days=days // 2), last):
            text = day.strftime("%d.%m.%Y")
            width = metrics.horizontalAdvance(text)
            at = min(max(x(day) - width / 2, plot.left()), plot.right() - width)
            painter.drawText(QPointF(at, plot.bottom() + metrics.height() + 4), text)
        painter.setPen(QPen(QColor("#999999")))
        painter.drawRect(plot)
        legend_x = plot.left()
        for n, (entity, points) in enumerate(sorted(self.series.items())):
            color = QColor(PALETTE[n % len(PALETTE)])
            pen = QPen(color, 2)
            path = QPainterPath()
            for i, (start, end, kop) in enumerate(points):
                stop = end + timedelta(days=1) if end is not None else last  # valid through its last day
                following = points[i + 1][0] if i + 1 < len(points) else None
                if following is not None:
                    stop = min(stop, following)
                previous_end = points[i - 1][1] if i else None
                if i == 0 or (previous_end is not None and start > previous_end + timedelta(days=1)):
                    path.moveTo(x(start), y(kop))  # a gap: no price between
                else:
                    path.lineTo(x(start), y(kop))
                path.lineTo(x(min(max(stop, start), last)), y(kop))
            painter.setPen(pen)
            painter.drawPath(path)
            painter.setBrush(color)
            for start, _end, kop in points:
                painter.drawEllipse(QPointF(x(start), y(kop)), 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.fillRect(QRectF(legend_x, 6, 14, 4 + metrics.height() / 2), color)
            painter.setPen(QColor("#222222"))
            painter.drawText(QPointF(legend_x + 18, 4 + metrics.ascent()), entity)
            legend_x += 18 + metrics.horizontalAdvance(entity) + 20
        painter.end()


class PriceHistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, ref_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.history: Any = None
        self.setWindowTitle("История цен")
        self.resize(900, 620)
        self.title = QLabel("Загрузка…", self)
        self.title.setObjectName("historyTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.chart = PriceChart(self)
        self.table = read_only_table(self, stretch_last=True)
        buttons = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.table, 2)
        layout.addWidget(buttons)
        from mos_desktop.services.purchasing.prices import item_price_history

        ctx.run_db(lambda s: item_price_history(s, ref_id), self._loaded, owner=self)

    def _loaded(self, history: Any) -> None:
        self.history = history
        self.title.setText(f"История цен: {history.title}")
        self.setWindowTitle(f"История цен — {history.title}")
        self.chart.set_series(history.series, self.ctx.today())
        listing = history.listing
        show_listing(self.table, listing, "supplier")
        if listing.rows:
            self.table.scrollToBottom()
