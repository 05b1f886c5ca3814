"""Платежи actions of issue 9 in the window: a payment entered by hand, a payment allocated to the client's
unpaid invoices (oldest first), a payable's next step, and Дебиторка / Неоплаченные счета saved as .xlsx."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from factories import client, invoice, payable, payment
from openpyxl import load_workbook
from viewhelp import count_rows

from mos_desktop.models import Payable, PayableStatus, Payment, PaymentAllocation
from mos_desktop.views.main_window import MainWindow
from mos_desktop.views.payments.allocate_dialog import AMOUNT


def window_on(ctx: Any, qtbot: Any, list_key: str) -> tuple[Any, Any]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("payments")
    view = tab.show_list(list_key)
    qtbot.waitUntil(lambda: view.has_data)
    return tab, view


def test_a_payment_entered_by_hand_is_recorded_and_matched_by_its_purpose(
    ctx: Any, qtbot: Any, db: Any
) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Ручной")
        invoice(s, owner, 12_000, date(2026, 11, 15), number="С-77")
        owner_id = owner.id
    tab, view = window_on(ctx, qtbot, "payments")
    tab.trigger("payment_new", view)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.fields.widgets["client_id"].loaded)
    dialog.fields.set("amount", "12 000")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.fields.error_text("client_id") == "" and not dialog.isVisible())
    with db.session() as s:
        row = s.query(Payment).one()
        assert row.amount_kop == 1_200_000 and row.client_id is None
    # the second one with the client and the invoice number in the purpose is allocated at once
    tab.trigger("payment_new", view)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.fields.widgets["client_id"].loaded)
    dialog.fields.set("client_id", owner_id)
    dialog.fields.set("amount", "абв")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.fields.error_text("amount") != "")  # the error at its field
    dialog.fields.set("amount", "12 000,00")
    dialog.fields.set("purpose", "Оплата по счёту С-77")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    assert count_rows(db, PaymentAllocation) == 1


def test_allocate_prefills_oldest_first_up_to_the_remainder(ctx: Any, qtbot: Any, db: Any) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Разнос")
        old = invoice(s, owner, 5_000, date(2026, 9, 15), number="С-9")
        invoice(s, owner, 5_000, date(2026, 10, 15), number="С-10")
        invoice(s, owner, 5_000, date(2026, 11, 15), number="С-11")
        payment(s, 8_000, date(2026, 11, 20), client_id=owner.id, payer_name="ООО Разнос")
        payment(s, 1_000, date(2026, 10, 1), client_id=owner.id, pays=[(old, 1_000)])
    tab, view = window_on(ctx, qtbot, "payments")
    view.table.setCurrentIndex(view.proxy.index(0, 0))  # newest first: the 8 000 one
    tab.trigger("allocate", view)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.state is not None)
    assert dialog.table.rowCount() == 3
    assert [dialog.table.item(n, 0).text() for n in range(3)] == ["С-9", "С-10", "С-11"]
    assert [a.replace("\u00a0", " ") for a in dialog.amounts()] == ["4 000,00", "4 000,00", ""]
    dialog.set_amount(1, "3 000")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    with db.session() as s:
        kops = sorted(a.amount_kop for a in s.query(PaymentAllocation))
    assert kops == [100_000, 300_000, 400_000]


def test_allocate_more_than_is_left_is_refused_with_the_invoice_named(ctx: Any, qtbot: Any, db: Any) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Перебор")
        invoice(s, owner, 5_000, date(2026, 11, 15), number="С-1")
        payment(s, 1_000, date(2026, 11, 20), client_id=owner.id)
    tab, view = window_on(ctx, qtbot, "payments")
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("allocate", view)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.state is not None)
    dialog.table.item(0, AMOUNT).setText("2 000")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.general_error.isVisible())
    assert "С-1" in dialog.general_error.text()
    assert count_rows(db, PaymentAllocation) == 0


def test_payable_step_marks_it_paid_on_the_date(ctx: Any, qtbot: Any, db: Any) -> None:
    with db.session() as s:
        payable(s, "ТК Деловые линии", 3_000, date(2026, 11, 30), number="ДЛ-5", status=PayableStatus.IN_PLAN)
    tab, view = window_on(ctx, qtbot, "payables")
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    tab.trigger("payable_step", view)
    dialog = tab.dialog
    assert dialog.fields.get("step") == "paid"  # in ПФ: paying comes next
    dialog.fields.set("on", date(2026, 11, 22))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    with db.session() as s:
        row = s.query(Payable).one()
        assert row.status == PayableStatus.PAID and row.paid_on == date(2026, 11, 22)


def test_export_writes_the_list_as_xlsx(ctx: Any, qtbot: Any, db: Any, tmp_path: Path) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Должник")
        invoice(s, owner, 7_000, date(2026, 9, 1), number="С-Д")
    for key in ("receivables", "debtors"):
        tab, view = window_on(ctx, qtbot, key)
        tab.trigger("export", view)
        assert tab.export.file_dialog is not None  # asked where, without blocking
        tab.export.file_dialog.close()
        target = tmp_path / f"{key}.xlsx"
        messages: list[str] = []
        ctx.status_message.connect(messages.append)
        tab.export.write(target)
        qtbot.waitUntil(lambda t=target, said=messages: t.exists() and any("Сохранено" in m for m in said))
        cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row]
        assert "ЖК Должник" in cells, key
