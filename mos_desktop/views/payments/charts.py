"""The three charts of «Показатели месяца», drawn with plain QPainter.

Why QPainter and not a chart library: Qt Charts is deprecated since Qt 6.10 (its successor, Qt Graphs,
needs QML/Quick 3D); matplotlib or pyqtgraph would add a large dependency (tens of MB in the installer,
hundreds of milliseconds to import) for three simple charts — running totals as lines, two bar charts.
Those are a hundred lines of painting here, with Russian labels and money as «1 234 567 ₽», and nothing
new to install. This module is imported only when the figures dialog opens (``figures_dialog``), so
start-up does not pay for it either.

Each chart is a widget with data set by ``set_data`` and a ``paint(painter, rect)`` that the widget's
``paintEvent`` and ``render_image`` (a QImage, for the tests and for saving) share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

NBSP = "\u00a0"
MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
BLUE = QColor("#2b6cb0")
GREEN = QColor("#2f855a")
AXIS = QColor("#4a5568")
GRID = QColor("#e2e8f0")
TEXT = QColor("#1a202c")
MUTED = QColor("#718096")


def rub(kopecks: int) -> str:
    """Whole roubles as the charts show them: 123456789 → «1 234 568 ₽» (no-break spaces)."""
    roubles = round(kopecks / 100)
    sign = "−" if roubles < 0 else ""
    return f"{sign}{abs(roubles):,}".replace(",", NBSP) + f"{NBSP}₽"


def nice_ticks(top_kop: int, count: int = 5) -> list[int]:
    """Round axis values from 0 up to at least ``top_kop``: steps of 1, 2 or 5 times a power of ten
    roubles (kopecks returned)."""
    top = max(top_kop, 100) / 100
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    n = math.ceil(top / step)
    return [round(i * step * 100) for i in range(n + 1)]


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]  # kopecks, one per x position (may be shorter than the axis: stops there)
    color: QColor
    dashed: bool = False


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar; may hold a line break
    value: int  # kopecks
    color: QColor


class Chart(QWidget):
    """A titled chart area: the subclasses lay out the plot and paint it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = "Нет данных"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)

    def sizeHint(self) -> QSize:
        return QSize(560, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def render_image(self, width: int, height: int) -> QImage:
        """The chart painted on a white ``width`` x ``height`` image (no window needed)."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self.paint(painter, QRectF(0, 0, width, height))
        finally:
            painter.end()
        return image

    # --- painting helpers -------------------------------------------------------------------------------
    def paint(self, painter: QPainter, rect: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0))
        title_font = QFont(font)
        title_font.setBold(True)
        title_font.setPointSizeF(font.pointSizeF() + 1.5)
        painter.setFont(title_font)
        painter.setPen(TEXT)
        title_height = QFontMetricsF(title_font).height()
        painter.drawText(
            QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, title_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        painter.setFont(font)
        body = rect.adjusted(8, title_height + 8, -12, -6)
        if not self.has_data():
            painter.setPen(MUTED)
            painter.drawText(body, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        self.paint_body(painter, body, font)

    def has_data(self) -> bool:
        return False

    def paint_body(self, painter: QPainter, rect: QRectF, font: QFont) -> None:
        raise NotImplementedError

    @staticmethod
    def y_axis(painter: QPainter, rect: QRectF, ticks: list[int], fm: QFontMetricsF) -> QRectF:
        """Grid lines and money labels on the left; returns the plot rectangle right of the labels."""
        label_width = max(fm.horizontalAdvance(rub(t)) for t in ticks) + 8
        plot = rect.adjusted(label_width, fm.height() / 2, 0, 0)
        top = ticks[-1] or 1
        for t in ticks:
            y = plot.bottom() - plot.height() * t / top
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(rect.left(), y - fm.height() / 2, label_width - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                rub(t),
            )
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        return plot


class LineChart(Chart):
    """Running totals by day of the month: one line per series, a legend above, days along the bottom."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.series: list[Series] = []
        self.days = 31

    def set_data(self, series: list[Series], days: int) -> None:
        self.series = series
        self.days = max(days, 2)
        self.update()

    def has_data(self) -> bool:
        return any(any(s.values) for s in self.series)

    def paint_body(self, painter: QPainter, rect: QRectF, font: QFont) -> None:
        fm = QFontMetricsF(font)
        legend_bottom = self._legend(painter, rect, fm)
        area = rect.adjusted(0, legend_bottom - rect.top() + 6, 0, -fm.height() - 6)
        top = max((max(s.values, default=0) for s in self.series), default=0)
        plot = self.y_axis(painter, area, nice_ticks(top), fm)
        ticks = nice_ticks(top)
        scale_top = ticks[-1] or 1

        def point(index: int, value: int) -> QPointF:
            x = plot.left() + plot.width() * index / (self.days - 1)
            return QPointF(x, plot.bottom() - plot.height() * value / scale_top)

        painter.setPen(MUTED)
        for day in [1, *range(5, self.days + 1, 5)]:
            x = point(day - 1, 0).x()
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            painter.drawText(
                QRectF(x - 20, plot.bottom() + 4, 40, fm.height()), Qt.AlignmentFlag.AlignHCenter, str(day)
            )
        for s in self.series:
            pen = QPen(s.color, 2.5 if not s.dashed else 2.0)
            if s.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            points = [point(i, v) for i, v in enumerate(s.values[: self.days])]
            if len(points) > 1:
                painter.drawPolyline(points)
            if points and not s.dashed:  # this month's line ends with its value
                end = points[-1]
                painter.setBrush(s.color)
                painter.drawEllipse(end, 3.5, 3.5)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                label = rub(s.values[len(points) - 1])
                width = fm.horizontalAdvance(label)
                x = min(end.x() + 6, plot.right() - width)
                y = end.y() - 6 if end.y() - fm.height() > plot.top() else end.y() + fm.height()
                painter.setPen(s.color.darker(130))
                painter.drawText(QPointF(x, y), label)

    def _legend(self, painter: QPainter, rect: QRectF, fm: QFontMetricsF) -> float:
        x, y = rect.left() + 4, rect.top() + 2
        for s in self.series:
            width = 28 + fm.horizontalAdvance(s.label) + 18
            if x + width > rect.right() and x > rect.left() + 4:
                x, y = rect.left() + 4, y + fm.height() + 4
            pen = QPen(s.color, 2.5)
            if s.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            mid = y + fm.height() / 2
            painter.drawLine(QPointF(x, mid), QPointF(x + 22, mid))
            painter.setPen(TEXT)
            painter.drawText(QRectF(x + 28, y, width, fm.height()), Qt.AlignmentFlag.AlignVCenter, s.label)
            x += width
        return y + fm.height()


class BarChart(Chart):
    """Vertical bars with their labels underneath and their sums above (where they fit)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[Bar] = []

    def set_data(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.update()

    def has_data(self) -> bool:
        return any(b.value for b in self.bars)

    def paint_body(self, painter: QPainter, rect: QRectF, font: QFont) -> None:
        fm = QFontMetricsF(font)
        wrap = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        ticks = nice_ticks(max(b.value for b in self.bars))
        label_width = max(fm.horizontalAdvance(rub(t)) for t in ticks) + 8
        slot_guess = (rect.width() - label_width) / len(self.bars)
        label_height = max(
            fm.boundingRect(QRectF(0, 0, slot_guess - 4, 1000), int(wrap), b.label).height()
            for b in self.bars
        )
        area = rect.adjusted(0, fm.height() + 4, 0, -label_height - 6)
        plot = self.y_axis(painter, area, ticks, fm)
        top = ticks[-1] or 1
        slot = plot.width() / len(self.bars)
        small = QFont(font)
        values = [rub(b.value) for b in self.bars]
        while max(QFontMetricsF(small).horizontalAdvance(v) for v in values) > slot - 2 and (
            small.pointSizeF() > 7.5
        ):
            small.setPointSizeF(small.pointSizeF() - 0.5)
        sfm = QFontMetricsF(small)
        fits = max(sfm.horizontalAdvance(v) for v in values) <= slot - 2
        for i, b in enumerate(self.bars):
            left = plot.left() + slot * i + slot * 0.18
            height = plot.height() * max(b.value, 0) / top
            bar = QRectF(left, plot.bottom() - height, slot * 0.64, height)
            painter.fillRect(bar, b.color)
            painter.setPen(TEXT)
            painter.setFont(font)
            painter.drawText(
                QRectF(plot.left() + slot * i + 2, plot.bottom() + 4, slot - 4, label_height), wrap, b.label
            )
            if b.value and (fits or i == len(self.bars) - 1):
                painter.setFont(small)
                text_rect = QRectF(
                    plot.left() + slot * i - 30, bar.top() - sfm.height() - 2, slot + 60, sfm.height()
                )
                if not fits:  # only the last (the current month): keep it inside the plot
                    width = sfm.horizontalAdvance(values[i])
                    text_rect = QRectF(
                        plot.right() - width, bar.top() - sfm.height() - 2, width, sfm.height()
                    )
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, values[i])
        painter.setFont(font)


def month_label(month_first_day: object, first: bool) -> str:
    """«ноя» for a bar of November; the year under January and under the first bar."""
    month = getattr(month_first_day, "month", 1)
    year = getattr(month_first_day, "year", 0)
    label = MONTHS_SHORT[month - 1]
    return f"{label}\n{year}" if first or month == 1 else label
