"""The client card opened from Портфель: round trip, validation at the field, the business date, edits
made elsewhere meanwhile."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from viewhelp import inn_for


def test_card_round_trip(ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any, open_card: Any) -> None:
    add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    fields = dialog.fields
    assert fields.widgets["name"].text() == "ЖК Альфа"
    fields.widgets["phone"].setText("+7 495 123-45-67")
    fields.widgets["monthly_fee"].setText("15 500,50")
    fields.set("fee_change_from", date(2026, 12, 1))
    status = fields.widgets["status"]
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findText("Приостановлен"))
    fields.widgets["contract_date"].edit.setDate(QDate(2025, 3, 14))
    fields.widgets["notes"].setPlainText("Звонить после 14:00")
    fields.widgets["churn_risk"].setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: not view.is_loading)
    assert view.current_row() is not None and view.current_row().values[0] == "ЖК Альфа"

    again = open_card(tab, view, "альфа")
    card = again.current_card()
    assert card.phone == "+7 495 123-45-67"
    assert card.monthly_fee == "15\u00a0500,50"
    assert card.status == "suspended"
    assert card.contract_date == date(2025, 3, 14)
    assert card.fee_start_date is None
    assert card.notes == "Звонить после 14:00"
    assert card.churn_risk is True


def test_invalid_inn_is_shown_at_the_field_and_nothing_is_written(
    ctx: Any, qtbot: Any, add_clients: Any, db: Any, open_portfolio: Any, open_card: Any
) -> None:
    (client_id,) = add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    inn = dialog.fields.widgets["inn"]
    assert isinstance(inn, QLineEdit)
    bad = inn_for(1)[:-1] + str((int(inn_for(1)[-1]) + 1) % 10)
    inn.setText(bad)
    dialog.fields.widgets["name"].setText("ЖК Альфа-2")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.fields.error_text("inn") != "")
    assert "ИНН" in dialog.fields.error_text("inn")
    assert dialog.isVisible()
    assert inn.text() == bad
    assert dialog.fields.widgets["name"].text() == "ЖК Альфа-2"
    assert dialog.fields.error_text("name") == ""
    assert dialog.save_button.isEnabled()

    from mos_desktop.services.clients import get_client

    with db.session() as s:
        stored = get_client(s, client_id)
    assert (stored.inn, stored.name) == (inn_for(1), "ЖК Альфа")


def test_card_save_keeps_changes_made_elsewhere_and_flags_a_clash(
    ctx: Any, qtbot: Any, add_clients: Any, db: Any, open_portfolio: Any, open_card: Any
) -> None:
    """Sync brought another workplace's edits while the card was open: untouched fields keep them; a field
    edited on both sides is flagged once, and the second save deliberately overwrites it."""
    from mos_desktop.models import Client

    (client_id,) = add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    with db.session() as s:  # what sync pulls in meanwhile
        other = s.get(Client, client_id)
        other.manager, other.phone = "Петрова Е. В.", "+7 495 000-00-01"
    phone = dialog.fields.widgets["phone"]
    phone.setText("+7 495 123-45-67")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.fields.error_text("phone") != "")
    assert "изменено на другом рабочем месте" in dialog.fields.error_text("phone")
    assert "+7 495 000-00-01" in dialog.fields.error_text("phone")
    assert dialog.isVisible() and phone.text() == "+7 495 123-45-67"
    with db.session() as s:
        assert s.get(Client, client_id).phone == "+7 495 000-00-01"

    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with db.session() as s:
        stored = s.get(Client, client_id)
        assert (stored.phone, stored.manager) == ("+7 495 123-45-67", "Петрова Е. В.")


def test_a_fee_change_takes_effect_from_the_day_the_card_shows(
    ctx: Any, qtbot: Any, add_clients: Any, db: Any, open_portfolio: Any, open_card: Any
) -> None:
    """Typing a new fee offers the 1st of next month (from the GUI's business date, ``ctx.today()``);
    the user may change it, and the fee history is dated with what the card showed."""
    from PySide6.QtTest import QTest
    from sqlalchemy import select

    from mos_desktop.models import FeeChange

    (client_id,) = add_clients(("ЖК Альфа", "12 000,00", "active"))
    with db.session() as s:
        before = set(s.scalars(select(FeeChange.id).where(FeeChange.client_id == client_id)))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    fee = dialog.fields.widgets["monthly_fee"]
    assert dialog.fields.get("fee_change_from") is None
    fee.selectAll()
    QTest.keyClicks(fee, "15000")
    assert dialog.fields.get("fee_change_from") == date(2026, 12, 1)  # TODAY is 23.11.2026
    dialog.fields.set("fee_change_from", date(2027, 1, 1))  # «from January»
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with db.session() as s:
        added = [
            f
            for f in s.scalars(select(FeeChange).where(FeeChange.client_id == client_id))
            if f.id not in before
        ]
        assert [(f.valid_from, f.monthly_fee_kop) for f in added] == [(date(2027, 1, 1), 1_500_000)]


def test_a_fee_change_without_its_day_is_refused_under_the_field(
    ctx: Any, qtbot: Any, add_clients: Any, db: Any, open_portfolio: Any, open_card: Any
) -> None:
    from mos_desktop.models import Client

    (client_id,) = add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    dialog.fields.widgets["monthly_fee"].setText("15 000,00")  # set, not typed: no day offered
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Новая АП действует с" in dialog.fields.error_text("fee_change_from"))
    assert dialog.isVisible()
    with db.session() as s:
        assert s.get(Client, client_id).monthly_fee_kop == 1_200_000


def test_the_card_shows_the_clients_invoices_and_payments(
    ctx: Any, qtbot: Any, db: Any, open_portfolio: Any, open_card: Any
) -> None:
    """The manager sees a client's money in its card: invoices with paid and owed, payments; Enter on an
    invoice opens its print preview (to print or e-mail it again)."""
    from factories import client, invoice, payment

    from mos_desktop.views.documents.print_dialog import PrintDialog

    with db.session() as s:
        alpha = client(s, "ЖК Альфа", inn=inn_for(1))
        other = client(s, "ЖК Бета", inn=inn_for(2))
        october = invoice(s, alpha, 12_000, date(2026, 10, 15), number="АП-2026-10-0001")
        invoice(s, alpha, 12_000, date(2026, 11, 15), number="АП-2026-11-0001", due_on=date(2026, 11, 25))
        invoice(s, other, 9_000, date(2026, 11, 15), number="АП-2026-11-0002")
        payment(s, 5_000, date(2026, 10, 20), client_id=alpha.id, pays=[(october, 5_000)])
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    invoices = dialog.related["invoice"][1]
    payments = dialog.related["payment"][1]
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 2 and payments.model.rowCount() == 1)
    numbers = {invoices.model.row_at(i).values[0] for i in range(2)}
    assert numbers == {"АП-2026-10-0001", "АП-2026-11-0001"}  # not the other client's
    nb = "\u00a0"
    assert invoices.summary.text() == (
        f"Счетов: 2 на 24{nb}000,00{nb}₽, оплачено 5{nb}000,00{nb}₽, остаток 19{nb}000,00{nb}₽, "
        f"из него просрочено 7{nb}000,00{nb}₽"
    )  # October's invoice is past due on 23.11; November's is not yet
    assert "Клиент" not in [c.title for c in invoices.model.columns]
    assert not invoices.add_button.isVisible() and not payments.add_button.isVisible()
    invoices.table.setCurrentIndex(invoices.model.index(0, 0))
    invoices.open_current()
    assert isinstance(invoices.dialog, PrintDialog) and invoices.dialog.kind == "invoice"
    invoices.dialog.close()


def test_a_first_fee_typed_offers_no_change_day(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any, open_card: Any
) -> None:
    from PySide6.QtTest import QTest

    add_clients(("ЖК Новый", "", "active"))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "новый")
    QTest.keyClicks(dialog.fields.widgets["monthly_fee"], "9000")
    assert dialog.fields.get("fee_change_from") is None  # a first fee runs from «Начало АП»


def test_enter_on_an_invoice_opens_its_preview_and_leaves_the_card_open_unsaved(
    ctx: Any, qtbot: Any, db: Any, open_portfolio: Any, open_card: Any
) -> None:
    """Enter on a row of the card's «Счета» opens the invoice's print preview; it is not the card's
    «Сохранить»: a typed edit stays unsaved (nothing written) and the card stays open. In «Платежи» (no
    «Открыть») Enter does nothing at all."""
    from factories import client, invoice, payment
    from PySide6.QtTest import QTest

    from mos_desktop.documents.company import demo_settings
    from mos_desktop.models import Client
    from mos_desktop.views.documents.print_dialog import PrintDialog

    ctx.settings = demo_settings()  # the company's details: the invoice lays out
    with db.session() as s:
        alpha = client(s, "ЖК Альфа", inn=inn_for(1), legal_name='ООО "Альфа"')
        october = invoice(s, alpha, 12_000, date(2026, 10, 15), number="АП-2026-10-0001")
        payment(s, 5_000, date(2026, 10, 20), client_id=alpha.id, pays=[(october, 5_000)])
        alpha_id = alpha.id
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    dialog.fields.widgets["legal_name"].setText('ООО "Альфа" X')
    invoices = dialog.related["invoice"][1]
    payments = dialog.related["payment"][1]
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 1 and payments.model.rowCount() == 1)

    dialog.pages.setCurrentIndex(dialog.pages.indexOf(payments))
    payments.table.setFocus()
    payments.table.setCurrentIndex(payments.model.index(0, 0))
    QTest.keyClick(payments.table, Qt.Key.Key_Return)
    assert payments.dialog is None and dialog.isVisible()

    dialog.pages.setCurrentIndex(dialog.pages.indexOf(invoices))
    invoices.table.setFocus()
    invoices.table.setCurrentIndex(invoices.model.index(0, 0))
    QTest.keyClick(invoices.table, Qt.Key.Key_Return)
    preview = invoices.dialog
    assert isinstance(preview, PrintDialog) and preview.kind == "invoice"
    qtbot.waitUntil(lambda: preview.save_button.isEnabled())  # laid out: its actions are there to use
    assert preview.isVisible() and preview.print_button.isEnabled() and preview.mail_button.isEnabled()
    assert dialog.isVisible() and dialog.is_dirty()
    with db.session() as s:
        assert s.get(Client, alpha_id).legal_name == 'ООО "Альфа"'
    preview.close()
    ctx.runner.wait()
    assert dialog.isVisible() and dialog.is_dirty()


def test_the_card_fits_the_screen_with_its_buttons_in_view(
    ctx: Any, qtbot: Any, add_clients: Any, open_portfolio: Any, open_card: Any
) -> None:
    """On a screen lower than the card (the tests' offscreen screen is 600 px, a laptop 768) the
    «Карточка» page scrolls: the dialog is no taller than the screen and «Сохранить»/«Отмена» are in it."""
    add_clients(("ЖК Альфа", "12 000,00", "active"))
    _, tab, view = open_portfolio()
    dialog = open_card(tab, view, "альфа")
    available = dialog.screen().availableGeometry()
    assert dialog.card_scroll.widget().sizeHint().height() > available.height() - 200  # it needs to scroll
    assert dialog.frameGeometry().height() <= available.height()
    dialog.adjustSize()  # as the screenshot script does: the same size, still within the screen
    assert dialog.frameGeometry().height() <= available.height()
    assert dialog.minimumSizeHint().height() <= available.height()  # maximised, it fits too
    for button in (dialog.save_button, dialog.cancel_button):
        assert button.isVisible()
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner)
    notes = dialog.fields.widgets["notes"]
    notes.setFocus()  # an error's field below the fold (or Tab) scrolls into view
    qtbot.waitUntil(lambda: notes.visibleRegion().boundingRect().height() == notes.height())
