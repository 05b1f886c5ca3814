"""Settings in three pages: «Основные» (company requisites, bank with our other accounts, VAT, the user and
role, document series, «Платежи»: invoice series, the collection calls' start day, the Dostavista balance
threshold; the data folder shown), «Документы» (requisites printed on forms, УПД status, payment QR, logo and
facsimile files, company texts) and «Почта» (SMTP server, login, sender, subject and body templates).

Labels come from the ``Settings`` declaration (``config.Settings`` field metadata), so a setting is
described once. Validation is ``services.settings.validate_settings`` (the document and mail rules are
``documents.settings``); errors appear at the fields, the page with the first one is shown, and the typed
values stay. Ctrl+S saves, as Enter does; Esc, «Отмена» and the close button ask before dropping what was
typed, as every record form does (the dialog is an ``EditDialog``). Numbers (the collection calls' day, VAT,
the Dostavista threshold, the SMTP port) are typed as text, never in a spin box: a spin box silently dropped
the keystrokes it disliked («35» in 1–28 stayed «3»), so a wrong number is kept as typed and named on save.
The SMTP password goes to the OS keyring (``config.set_secret`` on the app's secrets thread),
never to settings.json; «Проверить» logs in to the SMTP server on a thread of its own and sends nothing.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mos_desktop import config
from mos_desktop.errors import FieldError, UserError, ValidationError
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import FieldSet, combo
from mos_desktop.views.common.record_dialog import EditDialog
from mos_desktop.views.common.tasks import TaskRunner

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Организация",
        ("company_name", "company_inn", "company_kpp", "company_address", "director", "accountant"),
    ),
    ("Банк", ("bank_name", "bank_bik", "bank_corr_account", "bank_account", "company_accounts")),
    ("НДС", ("vat_mode", "vat_rate_pct")),
    ("Пользователь", ("user_name", "user_role", "document_series")),
    ("Платежи", ("invoice_series", "collection_start_day", "dostavista_low_rub")),
)
PAYMENTS_GROUP = "Платежи"  # named by messages that send the user here (the invoice run)
PLACEHOLDERS = {
    "company_accounts": "20 цифр, через запятую",
    "invoice_series": "как у документов",
    "document_series": "например РМ2",
}
TOOLTIPS = {
    "company_accounts": "Наши счета, кроме расчётного счёта выше. По ним импорт выписки отличает переводы "
    "между своими счетами и исходящие платежи от поступлений.",
    "invoice_series": "Серия в номерах счетов на абонентскую плату, у каждого рабочего места своя. "
    "Пусто — берётся «Серия номеров документов рабочего места».",
    "collection_start_day": "С этого числа каждого месяца должники попадают в список обзвона.",
    "dostavista_low_rub": "Баланс Достависты ниже этой суммы подсвечивается и попадает в «Сегодня».",
}
DOCUMENT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Реквизиты на документах", ("company_ogrn", "company_phone", "company_email", "director_position")),
    ("Формы", ("upd_status", "payment_qr", "logo_path", "facsimile_path")),
    ("Тексты", ("invoice_note", "act_closing_text", "document_footer")),
)
MAIL_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Сервер", ("smtp_host", "smtp_security", "smtp_port", "smtp_user")),
    ("Письмо", ("smtp_from", "email_subject_template", "email_body_template")),
)
PAGE_TITLES = ("Основные", "Документы", "Почта")
TEXT_LINES = {"invoice_note": 2, "act_closing_text": 3, "document_footer": 2, "email_body_template": 5}
SMTP_PASSWORD_SECRET = "smtp_password"  # documents.mail.SMTP_PASSWORD_SECRET (not imported: start-up)
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
SAVED_PLACEHOLDER = "сохранён — введите новый, чтобы заменить"
OK_STYLE = "color: #2e7d32;"
BAD_STYLE = "color: #b3261e;"
QUIET_STYLE = "color: #6b6b6b;"
PICTURES = "Картинки (*.png *.jpg *.jpeg);;Все файлы (*)"
# A number field whose text is not a whole number (empty, «abc», «3,5») is validated as this value, which
# every number rule refuses, so the rule's own message (the range) shows under the field.
UNREADABLE_NUMBER = -1
_NUMBER_RE = re.compile(r"-?[0-9]{1,12}")


class NumberEdit(QWidget):
    """A whole number typed as text, its unit and range beside it. Unlike a spin box it never drops a
    keystroke nor clamps: «35» typed into a 1–28 field stays «35», and the save names the range under the
    field. ``value()`` is None when the text is not a whole number (spaces between digit groups are fine)."""

    def __init__(
        self, unit: str, *, widest: str = "00000", grouped: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.grouped = grouped  # «3 000»
        self.edit = QLineEdit(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(widest) + 16)
        self.unit = QLabel(unit, self)
        self.unit.setVisible(bool(unit))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.edit)
        row.addWidget(self.unit)
        row.addStretch(1)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def value(self) -> int | None:
        digits = re.sub(r"\s", "", self.edit.text())
        return int(digits) if _NUMBER_RE.fullmatch(digits) else None

    def set_value(self, value: object) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            text = f"{value:,}".replace(",", "\u00a0") if self.grouped else str(value)
        else:
            text = "" if value is None else str(value)
        self.edit.setText(text)


class PathEdit(QWidget):
    """A file path typed or chosen with «Выбрать…»; «×» clears it (no picture printed)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("не выбран")
        choose = QPushButton("Выбрать…", self)
        choose.setAutoDefault(False)
        choose.clicked.connect(self.choose)
        clear = QPushButton("×", self)
        clear.setToolTip("Не печатать")
        clear.setAutoDefault(False)
        clear.setFixedWidth(28)
        clear.clicked.connect(self.edit.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.text().strip()

    def set_value(self, value: object) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.title, self.value(), PICTURES)
        if path:
            self.set_value(path)


def _label(name: str) -> str:
    for f in dataclasses.fields(config.Settings):
        if f.name == name:
            return str(f.metadata.get("label", name))
    return name


def _widget(name: str) -> QWidget:
    if name == "vat_mode":
        return combo(config.VAT_MODES)
    if name == "smtp_security":
        return combo(config.SMTP_SECURITY)
    if name == "upd_status":
        box = QComboBox()
        for status, text in config.UPD_STATUSES.items():
            box.addItem(text, status)
        return box
    if name == "payment_qr":
        return QCheckBox("печатать QR-код для оплаты по ГОСТ Р 56042-2014")
    if name in ("logo_path", "facsimile_path"):
        return PathEdit(_label(name))
    if name == "smtp_port":
        return NumberEdit("", widest="000000")
    if name in TEXT_LINES:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * TEXT_LINES[name] + 12)
        return edit
    if name == "user_role":
        return combo(config.ROLES)
    if name == "vat_rate_pct":
        from mos_desktop.services.settings import MAX_VAT_RATE_PCT

        return NumberEdit(f"% (0–{MAX_VAT_RATE_PCT})", widest="000")
    if name == "collection_start_day":
        from mos_desktop.services.settings import MAX_COLLECTION_START_DAY

        return NumberEdit(f"(от 1 до {MAX_COLLECTION_START_DAY})", widest="000")
    if name == "dostavista_low_rub":
        # whole rubles: the setting is an int, never a float
        return NumberEdit("₽", widest="10 000 000", grouped=True)
    line = QLineEdit()
    if name in PLACEHOLDERS:
        line.setPlaceholderText(PLACEHOLDERS[name])
    return line


def _group(parent: QWidget, title: str, names: tuple[str, ...], fields: FieldSet) -> QGroupBox:
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(4)
    for name in names:
        label = "" if name == "payment_qr" else _label(name)
        widget = fields.add(form, name, label, _widget(name))
        if name in TOOLTIPS:
            widget.setToolTip(TOOLTIPS[name])
    return box


def _scrolled(page: QWidget) -> QScrollArea:
    """A page that scrolls when the screen is lower than the page (a 768-px laptop)."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def check_mail(settings: config.Settings, typed_password: str) -> str:
    """Thread of its own: log in to the SMTP server as set, send nothing; the result in Russian."""
    from mos_desktop.documents import mail

    password = typed_password or mail.smtp_password()  # the keyring, off the GUI thread
    return mail.check_login(mail.smtp_from_settings(settings), password)


class SettingsDialog(EditDialog):
    """``EditDialog`` gives the buttons, Ctrl+S, the error lines and the question before dropping what
    was typed; the save is the settings file's, not a database command."""

    mail_checked = Signal(bool, str)  # ok, the Russian result

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Настройки")
        self.setMinimumWidth(960)
        self.page_of: dict[str, int] = {}
        self.pages = QTabWidget(self)
        self.pages.setObjectName("settingsPages")
        pages: list[QWidget] = []
        for build, title in zip(
            (self._main_page, self._documents_page, self._mail_page), PAGE_TITLES, strict=True
        ):
            pages.append(build())  # its fields go to the page about to be added (``_add_page``)
            self.pages.addTab(_scrolled(pages[-1]), title)
        self.mail_runner = TaskRunner(ctx.handle_error, self)  # the network, never the database worker

        for name, widget in self.fields.widgets.items():
            if isinstance(widget, NumberEdit):  # FieldSet clears a line edit's message on typing, not ours
                widget.edit.textEdited.connect(lambda _text, name=name: self.fields.errors[name].clear())
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

        # As tall as the tallest page wants, but never taller than the screen: the pages scroll there.
        want = max(page.sizeHint().height() for page in pages) + 110  # the tabs, the buttons, margins
        screen = self.screen().availableGeometry().height() if self.screen() is not None else 768
        self.resize(self.minimumWidth(), min(want, screen - 48))  # 48: the window's title bar

        self.fill({name: getattr(ctx.settings, name) for name in self.fields.order})  # and marks it clean
        self.vat_rate.setEnabled(self.fields.get("vat_mode") != "no_vat")
        self.ctx.secrets.submit(
            lambda: config.secret_location(SMTP_PASSWORD_SECRET), self._show_secret, owner=self
        )

    # --- pages -----------------------------------------------------------------------------------
    def _add_page(self, start: int) -> None:
        """The fields added since ``start`` are on the page about to be added."""
        for name in self.fields.order[start:]:
            self.page_of[name] = self.pages.count()

    def _main_page(self) -> QWidget:
        page = QWidget(self)
        start = len(self.fields.order)
        boxes = [_group(page, title, names, self.fields) for title, names in GROUPS]
        self.vat_rate = self.fields.widgets["vat_rate_pct"]
        vat_mode = self.fields.widgets["vat_mode"]
        vat_mode.currentIndexChanged.connect(  # type: ignore[attr-defined]
            lambda _i: self.vat_rate.setEnabled(self.fields.get("vat_mode") != "no_vat")
        )

        data_box = QGroupBox("Данные", page)
        data_form = QFormLayout(data_box)
        self.data_folder = QLineEdit(str(self.ctx.db_path.parent), data_box)
        self.data_folder.setReadOnly(True)
        open_button = QPushButton("Открыть папку", data_box)
        open_button.setAutoDefault(False)
        open_button.clicked.connect(self.open_data_folder)
        row = QHBoxLayout()
        row.addWidget(self.data_folder, 1)
        row.addWidget(open_button)
        data_form.addRow("Папка данных", row)
        database_file = QLineEdit(str(self.ctx.db_path), data_box)
        database_file.setReadOnly(True)
        data_form.addRow("Файл базы", database_file)

        organisation, bank, vat, user, payments = boxes
        left = QVBoxLayout()  # the data folder here, not across the page: the dialog fits a 768-px screen
        left.addWidget(organisation)
        left.addWidget(user)
        left.addWidget(data_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(bank)
        right.addWidget(vat)
        right.addWidget(payments)
        right.addStretch(1)
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(12)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        self._add_page(start)
        return page

    def _documents_page(self) -> QWidget:
        page = QWidget(self)
        start = len(self.fields.order)
        boxes = [_group(page, title, names, self.fields) for title, names in DOCUMENT_GROUPS]
        hint = QLabel(
            "Эти реквизиты и тексты печатаются на счетах, актах, накладных и УПД. Логотип — в шапке, "
            "факсимиле (подпись и печать) — у подписи руководителя; пустое поле — не печатать.",
            page,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(QUIET_STYLE)
        column = QVBoxLayout(page)
        column.addWidget(hint)
        for box in boxes:
            column.addWidget(box)
        column.addStretch(1)
        self._add_page(start)
        return page

    def _mail_page(self) -> QWidget:
        from mos_desktop.documents.settings import TEMPLATE_FIELDS

        page = QWidget(self)
        start = len(self.fields.order)
        server = _group(page, MAIL_GROUPS[0][0], MAIL_GROUPS[0][1], self.fields)
        server_form = server.layout()
        assert isinstance(server_form, QFormLayout)
        self.password = QLineEdit(server)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("smtpPassword")
        server_form.addRow("Пароль", self.password)
        self.keyring_note = QLabel("Проверяю хранилище паролей…", server)
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet(QUIET_STYLE)
        server_form.addRow("", self.keyring_note)
        self.check_button = QPushButton("Проверить", server)
        self.check_button.setAutoDefault(False)
        self.check_button.setToolTip("Войти на сервер с этими настройками, ничего не отправляя")
        self.check_button.clicked.connect(self.check_mail)
        self.check_result = QLabel(server)
        self.check_result.setWordWrap(True)
        self.check_result.setObjectName("mailCheckResult")
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        server_form.addRow("", check_row)
        security = self.fields.widgets["smtp_security"]
        security.currentIndexChanged.connect(  # type: ignore[attr-defined]
            lambda _i: self._default_port()
        )

        letter = _group(page, MAIL_GROUPS[1][0], MAIL_GROUPS[1][1], self.fields)
        hint = QLabel(
            "В теме и тексте письма можно подставить: "
            + ", ".join("{" + k + "} — " + v for k, v in TEMPLATE_FIELDS.items())
            + ". Получатели — подписанты и основной контакт клиента.",
            letter,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(QUIET_STYLE)
        letter_form = letter.layout()
        assert isinstance(letter_form, QFormLayout)
        letter_form.addRow("", hint)

        column = QVBoxLayout(page)
        column.addWidget(server)
        column.addWidget(letter)
        column.addStretch(1)
        self._add_page(start)
        return page

    def _default_port(self) -> None:
        """Switching SSL ↔ STARTTLS moves a default port along; a port typed by hand stays."""
        port = self.fields.widgets["smtp_port"]
        assert isinstance(port, NumberEdit)
        typed = port.value()
        if typed in DEFAULT_PORTS.values():
            port.set_value(DEFAULT_PORTS.get(str(self.fields.get("smtp_security")), typed))

    def _show_secret(self, location: str | None) -> None:
        self.password.setPlaceholderText(SAVED_PLACEHOLDER if location else "")
        if location == "keyring":
            self.keyring_note.setText("Пароль хранится в хранилище паролей системы.")
        elif location == "memory":
            self.keyring_note.setText(
                "Хранилище паролей недоступно: пароль помнится только до закрытия программы."
            )
        else:
            self.keyring_note.setText("Пароль не сохранён. Он хранится в хранилище паролей системы.")

    # --- values and save -------------------------------------------------------------------------
    def current_settings(self) -> config.Settings:
        values: dict[str, Any] = {name: self.fields.get(name) for name in self.fields.order}
        for name in TEXT_LINES:
            values[name] = str(values[name]).strip()
        for name, widget in self.fields.widgets.items():
            if isinstance(widget, NumberEdit) and values[name] is None:
                values[name] = UNREADABLE_NUMBER  # refused by its rule, named under the field
        return dataclasses.replace(self.ctx.settings, **values)

    def is_dirty(self) -> bool:
        """A changed field, or a mail password typed (it is no field: it never goes to settings.json)."""
        return super().is_dirty() or bool(self.password.text())

    def show_errors(self, errors: list[FieldError]) -> None:
        """At the fields, on the page of the first one (the page on screen when it has one)."""
        pages = [self.page_of[e.field] for e in errors if e.field in self.page_of]
        if pages and self.pages.currentIndex() not in pages:
            self.pages.setCurrentIndex(pages[0])
        first = self.fields.show_errors(errors)
        widget = self.fields.widgets.get(first or "")
        if isinstance(widget, NumberEdit):
            widget.edit.selectAll()  # typing replaces the wrong number

    def save(self) -> bool:  # type: ignore[override]  # EditDialog's save returns nothing
        """Validate and save; on errors show them at the fields and keep the dialog open."""
        from mos_desktop.services.settings import save_validated, validate_settings

        settings = self.current_settings()
        errors = validate_settings(settings)
        if errors:
            self.show_errors(errors)
            return False
        self.fields.clear_errors()
        try:
            save_validated(settings)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except UserError as exc:
            self.fields.show_general(exc.message)
            return False
        except OSError as exc:
            self.fields.show_general(f"Не удалось записать настройки ({exc}). Проверьте место на диске.")
            return False
        typed = self.password.text()
        if typed:
            self.password.clear()
            self.ctx.secrets.submit(lambda: _store_password(typed), self._password_stored)
        self.ctx.update_settings(settings)
        self.ctx.status_message.emit("Настройки сохранены")
        self.mark_clean()
        self._closing = True
        self.accept()
        return True

    def _password_stored(self, in_keyring: bool) -> None:
        if not in_keyring:
            self.ctx.status_message.emit(
                "Настройки сохранены; пароль почты помнится только до закрытия программы "
                "(хранилище паролей системы недоступно)"
            )

    # --- «Проверить» -----------------------------------------------------------------------------
    def check_mail(self) -> None:
        from mos_desktop.documents.settings import validate_document_settings

        settings = self.current_settings()
        mail_fields = set(MAIL_GROUPS[0][1]) | {"smtp_from"}
        errors = [e for e in validate_document_settings(settings) if e.field in mail_fields]
        if not settings.smtp_host.strip():
            errors.append(
                FieldError("smtp_host", "SMTP-сервер: укажите адрес сервера, например smtp.yandex.ru")
            )
        if errors:
            self.show_errors(errors)
            return
        self.fields.clear_errors()
        typed = self.password.text()
        self.check_button.setEnabled(False)
        self.check_result.setStyleSheet(QUIET_STYLE)
        self.check_result.setText("Подключаюсь к серверу…")
        self.mail_runner.submit(
            lambda: check_mail(settings, typed), self._mail_ok, self._mail_failed, owner=self
        )

    def _mail_ok(self, message: str) -> None:
        self._mail_result(True, message)

    def _mail_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self.check_button.setEnabled(True)
            self.ctx.handle_error(exc)
            return
        self._mail_result(False, exc.message)

    def _mail_result(self, ok: bool, message: str) -> None:
        self.check_button.setEnabled(True)
        self.check_result.setStyleSheet(OK_STYLE if ok else BAD_STYLE)
        self.check_result.setText(message)
        self.mail_checked.emit(ok, message)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db_path.parent)))


def _store_password(value: str) -> bool:
    """Secrets thread: to the OS keyring (True) or this run's memory (False)."""
    return config.set_secret(SMTP_PASSWORD_SECRET, value)
