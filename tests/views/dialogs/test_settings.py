"""The settings dialog: errors at the fields, values kept, valid settings saved (opened with open(), never exec())."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit
from smtphelp import smtp_server

from mos_desktop import config
from mos_desktop.views.dialogs.settings import SettingsDialog


def test_settings_dialog_shows_errors_at_fields_and_keeps_values(ctx: Any, qtbot: Any) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    inn = dialog.fields.widgets["company_inn"]
    assert isinstance(inn, QLineEdit)
    inn.setText("7707083894")  # checksum off by one
    dialog.fields.widgets["company_name"].setText("ООО «Ромашка»")  # type: ignore[attr-defined]
    assert dialog.save() is False
    assert "ИНН" in dialog.fields.error_text("company_inn")
    assert dialog.fields.error_text("company_name") == ""
    assert inn.text() == "7707083894"
    assert dialog.isVisible()
    assert not config.settings_path().exists()  # nothing written


def test_settings_dialog_saves_valid_settings(ctx: Any, qtbot: Any) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.fields.widgets["company_inn"].setText("7707083893")  # type: ignore[attr-defined]
    dialog.fields.widgets["user_name"].setText("Петрова Е. В.")  # type: ignore[attr-defined]
    role = dialog.fields.widgets["user_role"]
    assert isinstance(role, QComboBox)
    assert [role.itemText(i) for i in range(role.count())] == list(config.ROLES.values())
    role.setCurrentIndex(role.findData("warehouse"))
    with qtbot.waitSignal(ctx.settings_changed):
        assert dialog.save() is True
    stored = config.load_settings()
    assert (stored.company_inn, stored.user_name, stored.user_role) == (
        "7707083893",
        "Петрова Е. В.",
        "warehouse",
    )
    assert ctx.user == "Петрова Е. В."
    assert dialog.data_folder.text() == str(ctx.database.path.parent)
    assert dialog.data_folder.isReadOnly()


def test_document_and_mail_pages_save_and_the_password_goes_to_the_keyring(ctx: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

    from mos_desktop.views.dialogs.settings import NumberEdit

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    assert [dialog.pages.tabText(i) for i in range(dialog.pages.count())] == [
        "Основные",
        "Документы",
        "Почта",
    ]
    qr = dialog.fields.widgets["payment_qr"]
    assert isinstance(qr, QCheckBox) and qr.isChecked()  # on by default
    qr.setChecked(False)
    upd = dialog.fields.widgets["upd_status"]
    assert isinstance(upd, QComboBox)
    upd.setCurrentIndex(upd.findData(2))
    footer = dialog.fields.widgets["document_footer"]
    assert isinstance(footer, QPlainTextEdit)
    footer.setPlainText("Спасибо, что вы с нами!")
    dialog.fields.widgets["smtp_host"].setText("smtp.mos.test")  # type: ignore[attr-defined]
    security = dialog.fields.widgets["smtp_security"]
    assert isinstance(security, QComboBox)
    security.setCurrentIndex(security.findData("starttls"))
    port = dialog.fields.widgets["smtp_port"]
    assert isinstance(port, NumberEdit) and port.value() == 587  # the default port follows the security
    dialog.fields.widgets["smtp_user"].setText("buh@mos.test")  # type: ignore[attr-defined]
    dialog.password.setText("секрет")
    with qtbot.waitSignal(ctx.settings_changed):
        assert dialog.save() is True
    stored = config.load_settings()
    assert (stored.payment_qr, stored.upd_status, stored.smtp_port, stored.smtp_security) == (
        False,
        2,
        587,
        "starttls",
    )
    assert stored.document_footer == "Спасибо, что вы с нами!"
    assert "секрет" not in config.settings_path().read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: config.get_secret("smtp_password") == "секрет", timeout=5000)


def test_a_bad_mail_setting_shows_its_page_and_nothing_is_saved(ctx: Any, qtbot: Any) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.fields.widgets["email_subject_template"].setText("Счёт {номер}")  # type: ignore[attr-defined]
    assert dialog.pages.currentIndex() == 0
    assert dialog.save() is False
    assert dialog.pages.tabText(dialog.pages.currentIndex()) == "Почта"
    assert "{номер}" in dialog.fields.error_text("email_subject_template")
    assert not config.settings_path().exists()


def test_check_logs_in_and_says_the_result(ctx: Any, qtbot: Any) -> None:
    with smtp_server(login=("buh@mos.test", "пароль-1")) as (port, inbox):
        dialog = SettingsDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.open()
        dialog.fields.set("smtp_host", "127.0.0.1")
        dialog.fields.set("smtp_security", "none")
        dialog.fields.set("smtp_port", port)
        dialog.fields.set("smtp_user", "buh@mos.test")
        dialog.password.setText("неверный")
        with qtbot.waitSignal(dialog.mail_checked, timeout=15000) as failed:
            dialog.check_button.click()
        assert failed.args[0] is False and "логин или пароль" in failed.args[1]
        dialog.password.setText("пароль-1")
        with qtbot.waitSignal(dialog.mail_checked, timeout=15000) as passed:
            dialog.check_button.click()
        assert passed.args[0] is True and "выполнен" in dialog.check_result.text()
        assert inbox.messages == []  # a check sends nothing
    dialog.fields.set("smtp_port", port)  # nothing listens there any more
    with qtbot.waitSignal(dialog.mail_checked, timeout=30000) as gone:
        dialog.check_button.click()
    assert gone.args[0] is False and "недоступен" in gone.args[1]


def test_billing_settings_are_in_the_dialog_and_saved(ctx: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QGroupBox
    from viewhelp import shot

    from mos_desktop.views.dialogs.settings import NumberEdit

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert "Платежи" in titles
    for name in ("invoice_series", "company_accounts", "collection_start_day", "dostavista_low_rub"):
        assert dialog.page_of[name] == 0  # «Основные»
    day = dialog.fields.widgets["collection_start_day"]
    low = dialog.fields.widgets["dostavista_low_rub"]
    assert isinstance(day, NumberEdit) and day.value() == 20 and day.unit.text() == "(от 1 до 28)"
    assert isinstance(low, NumberEdit) and low.value() == 3000 and low.text() == "3\u00a0000"
    dialog.fields.set("company_accounts", "40702810938000000002 4070281")
    assert dialog.save() is False
    message = dialog.fields.error_text("company_accounts")
    assert "«4070281»" in message and "20 цифрами" in message
    qtbot.wait(50)  # the window grows to show the message whole
    shot(dialog, "settings_errors")
    assert not config.settings_path().exists()
    dialog.fields.set("company_accounts", "40702810938000000002, 40702810938000000003")
    dialog.fields.set("invoice_series", "АП1")
    dialog.fields.set("collection_start_day", 25)
    dialog.fields.set("dostavista_low_rub", 5000)
    with qtbot.waitSignal(ctx.settings_changed):
        assert dialog.save() is True
    stored = config.load_settings()
    assert (stored.invoice_series, stored.collection_start_day, stored.dostavista_low_rub) == (
        "АП1",
        25,
        5000,
    )
    assert stored.company_accounts == "40702810938000000002, 40702810938000000003"


def test_ctrl_s_saves(ctx: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from viewhelp import shot

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    shot(dialog, "settings_main")
    name = dialog.fields.widgets["user_name"]
    name.setFocus()
    name.setText("Сидоров П. П.")  # type: ignore[attr-defined]
    with qtbot.waitSignal(ctx.settings_changed):
        qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert config.load_settings().user_name == "Сидоров П. П."
    assert not dialog.isVisible()
