"""«Показатели месяца»: the QPainter charts render readable PNGs offscreen (looked at by eye when they
change: PNG_DIR), the dialog shows the database's figures, and charts.py is not imported at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from factories import client, invoice, payment
from PySide6.QtGui import QColor, QImage

from mos_desktop.services.payments.figures import AgeingBar, MonthCurve, MonthFigures, MrrPoint
from mos_desktop.views.payments.charts import BarChart, LineChart, nice_ticks, rub
from mos_desktop.views.payments.figures_dialog import (
    FiguresDialog,
    ageing_bars,
    billed_collected_series,
    mrr_bars,
    summary_lines,
)

TODAY = date(2026, 11, 23)
PNG_DIR = os.environ.get("MOS_CHART_PNG_DIR")  # set it to keep the PNGs and look at them


def _running(per_day: dict[int, int], days: int) -> tuple[int, ...]:
    total, out = 0, []
    for d in range(1, days + 1):
        total += per_day.get(d, 0)
        out.append(total)
    return tuple(out)


def sample() -> MonthFigures:
    now = MonthCurve(
        date(2026, 11, 1),
        _running({15: 3_374_000_00, 18: 45_000_00}, 23),
        _running({d: (d - 14) * 210_000_00 for d in range(16, 24) if d % 7 not in (0, 1)}, 23),
    )
    last = MonthCurve(
        date(2026, 10, 1),
        _running({15: 3_270_500_00, 27: 12_000_00}, 31),
        _running({d: 390_000_00 - (d - 16) * 9_000_00 for d in range(16, 32) if d % 7 not in (4, 5)}, 31),
    )
    ageing = (
        AgeingBar("current", "Срок не наступил", 412_000_00, 31),
        AgeingBar("d1_30", "1–30 дней", 1_287_500_00, 64),
        AgeingBar("d31_60", "31–60 дней", 301_000_00, 17),
        AgeingBar("d61_90", "61–90 дней", 96_000_00, 5),
        AgeingBar("d90_plus", "Больше 90 дней", 154_300_00, 6),
    )
    mrr = tuple(
        MrrPoint(
            date(2025 + (m + 11) // 12, (m + 11) % 12 + 1, 1), (2_887_600 + 44_000 * m) * 100, 216 + 2 * m
        )
        for m in range(12)
    )
    return MonthFigures(TODAY, now, last, ageing, mrr)


def test_money_labels_and_ticks() -> None:
    assert rub(123_456_789) == "1\u00a0234\u00a0568\u00a0₽"
    assert rub(-50_00) == "−50\u00a0₽" and rub(0) == "0\u00a0₽"
    assert nice_ticks(3_374_000_00) == [0, 1_000_000_00, 2_000_000_00, 3_000_000_00, 4_000_000_00]
    assert nice_ticks(0)[-1] > 0


def _colored_pixels(image: QImage, color: QColor, tolerance: int = 40) -> int:
    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - color.red()) + abs(c.green() - color.green()) + abs(c.blue() - color.blue())
                < tolerance
            ):
                hits += 1
    return hits


def test_the_three_charts_render_offscreen(qtbot: Any, tmp_path: Path) -> None:
    figures = sample()
    daily = LineChart("Выставлено и оплачено с начала месяца, по дням")
    daily.set_data(billed_collected_series(figures), 31)
    ageing = BarChart("Долг по срокам просрочки")
    ageing.set_data(ageing_bars(figures))
    mrr = BarChart("MRR (абонентская плата по счетам месяца) за 12 месяцев")
    mrr.set_data(mrr_bars(figures))
    for chart in (daily, ageing, mrr):
        qtbot.addWidget(chart)
    out = Path(PNG_DIR) if PNG_DIR else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    images = {
        "daily": daily.render_image(1080, 300),
        "ageing": ageing.render_image(430, 300),
        "mrr": mrr.render_image(640, 300),
    }
    for name, image in images.items():
        assert image.save(str(out / f"chart_{name}.png"))
        assert not image.isNull()
    # Each line or bar is there in its colour (not a blank or an error text).
    assert _colored_pixels(images["daily"], figures and billed_collected_series(figures)[0].color) > 50
    assert _colored_pixels(images["daily"], billed_collected_series(figures)[1].color) > 50
    for bar in ageing_bars(figures):
        assert _colored_pixels(images["ageing"], bar.color, 12) > 30, bar.label
    assert _colored_pixels(images["mrr"], mrr_bars(figures)[-1].color, 12) > 30
    lines = summary_lines(figures)
    assert (
        lines[1] == "Долг клиентов: 2\u00a0250\u00a0800\u00a0₽, из него просрочено 1\u00a0838\u00a0800\u00a0₽"
    )
    assert lines[2].startswith("MRR за ноябрь 2026: 3\u00a0371\u00a0600\u00a0₽ (238 клиентов)")


def test_an_empty_chart_says_so(qtbot: Any) -> None:
    chart = BarChart("Долг по срокам просрочки")
    qtbot.addWidget(chart)
    chart.set_data([])
    assert not chart.has_data()
    assert not chart.render_image(300, 200).isNull()


def test_the_dialog_shows_the_database_figures(ctx: Any, qtbot: Any, db: Any) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", inn="7707083893")
        nov = invoice(s, owner, 10_000, date(2026, 11, 15), due_on=date(2026, 11, 20))
        payment(s, 4_000, date(2026, 11, 18), pays=[(nov, 4_000)], client_id=owner.id)
    dialog = FiguresDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.mrr.has_data(), timeout=5000)
    assert dialog.daily.has_data() and dialog.ageing.has_data()
    assert "выставлено 10\u00a0000\u00a0₽, оплачено 4\u00a0000\u00a0₽" in dialog.summary.text()
    assert dialog.grab().width() > 0


def test_start_up_does_not_import_the_charts() -> None:
    code = (
        "import sys; import mos_desktop.views.main_window, mos_desktop.views.payments.tab; "
        "print('mos_desktop.views.payments.charts' in sys.modules, "
        "'mos_desktop.views.payments.figures_dialog' in sys.modules)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_invoices_list_opens_the_figures(ctx: Any, qtbot: Any) -> None:
    from mos_desktop.views.actions import ACTIONS
    from mos_desktop.views.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("payments")
    view = tab.show_list("invoices")
    assert "figures" in view.spec.actions and ACTIONS["figures"].text == "Показатели месяца…"
    tab.custom_action("figures", view)
    assert isinstance(tab.dialog, FiguresDialog)
    qtbot.waitUntil(lambda: tab.dialog.summary.text() != "Загрузка…", timeout=5000)
    tab.dialog.close()
