"""Сервис → «Общая база…»: where the shared PostgreSQL is, who logs in, SSL, the password, a connection test.

The connection settings live in ``sync.settings`` (JSON in the config folder, never the password); the
password goes to the OS keyring through ``config.set_secret`` — where no keyring exists it is kept in
memory for this run only, and the page says so. Every keyring call (is there a keyring, is a password
stored, store the new one) runs on the app's secrets thread (``ctx.secrets``): a locked keyring may show a
KWallet / Secret Service prompt, which must hold up neither the window nor the database worker; the note
under the form follows once the answer arrives (and says so when the keyring refused the password).
«Проверить подключение» runs the probe (``sync.probe``) on a worker of its own (it may wait for a timeout).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mos_desktop import config
from mos_desktop.sync.settings import SSLMODE_LABELS, SSLMODES, validate_form
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import FieldSet, combo, general_error_label, save_cancel_buttons
from mos_desktop.views.common.tasks import TaskRunner
from mos_desktop.views.sync import store
from mos_desktop.views.sync.labels import SETTINGS_MENU

if TYPE_CHECKING:
    from mos_desktop.sync.probe import ProbeResult

SECRET_NAME = config.PG_PASSWORD_SECRET
SHORT_SSL_LABELS = {
    "disable": "Без шифрования",
    "prefer": "Шифровать, если сервер умеет",
    "require": "Только с шифрованием",
    "verify-full": "С проверкой сертификата сервера",
}
SSL_MODES = {mode: f"{SHORT_SSL_LABELS.get(mode, mode)} ({mode})" for mode in SSLMODES}
NO_KEYRING = (
    "Хранилища паролей ОС нет: пароль хранится только в памяти до закрытия программы — после "
    f"перезапуска введите его снова в {SETTINGS_MENU}"
)
KEYRING_REFUSED = (
    "Хранилище паролей ОС не приняло пароль (заблокировано или отказано): он хранится только в памяти до "
    f"закрытия программы — разблокируйте хранилище и сохраните пароль снова в {SETTINGS_MENU}"
)
KEYRING_CHECKING = "Проверка хранилища паролей ОС…"
KEYRING_SAVING = "Сохранение пароля в хранилище паролей ОС…"
IN_KEYRING = "Пароль сохранён в хранилище паролей ОС"
KEYRING_EMPTY = "Пароль не сохранён: введите его — он будет храниться в хранилище паролей ОС"
SAVED_PLACEHOLDER = "сохранён — введите новый, чтобы заменить"
OK_STYLE = "color: #2e7d32;"
BAD_STYLE = "color: #b3261e;"
WARN_STYLE = "color: #8a5a00;"
QUIET_STYLE = "color: #6b6b6b;"


def secret_state() -> tuple[bool, str | None]:
    """(an OS keyring exists, where the password is: "keyring", "memory" or None). Secrets runner only:
    the keyring may block on a prompt."""
    return config.keyring_available(), config.secret_location(SECRET_NAME)


def store_password(value: str) -> tuple[bool, str | None]:
    """To the OS keyring or, without one (or when it refuses), to memory for this run; returns
    ``secret_state()``. Secrets runner only."""
    config.set_secret(SECRET_NAME, value)
    return secret_state()


class SyncSettingsPage(QWidget):
    """The form; ``save()`` validates and stores, ``test_connection()`` probes off the GUI thread.

    ``saved`` is emitted once everything is stored, the password included (it goes to the keyring on the
    worker); ``secret_known(in_keyring, has_password)`` whenever the keyring's answer arrives."""

    saved = Signal()
    saved_failed = Signal()  # the password could not be stored (the settings were)
    secret_known = Signal(bool, bool)  # the password is in the OS keyring (not memory), one is known
    probe_finished = Signal(object)  # ProbeResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.general_error = general_error_label(self)
        self.fields = FieldSet(self.general_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        self.fields.add(form, "host", "Сервер", QLineEdit())
        self.fields.add(form, "port", "Порт", QLineEdit())
        self.fields.add(form, "dbname", "База данных", QLineEdit())
        self.fields.add(form, "user", "Пользователь", QLineEdit())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields.add(form, "password", "Пароль", self.password)
        self.sslmode = combo(SSL_MODES)
        self.sslmode.setToolTip("\n".join(f"{mode}: {text}" for mode, text in SSLMODE_LABELS.items()))
        self.fields.add(form, "sslmode", "Шифрование (SSL)", self.sslmode)
        self.ca_edit = QLineEdit()
        self.ca_button = QPushButton("Выбрать…")
        self.ca_button.clicked.connect(self.choose_ca)
        ca_row = QWidget()
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_edit, 1)
        ca_layout.addWidget(self.ca_button)
        self.fields.add(form, "sslrootcert", "Сертификат ЦС", ca_row)
        self.fields.widgets["sslrootcert"] = self.ca_edit  # values come from the line edit
        self.sslmode.currentIndexChanged.connect(lambda _i: self._update_ca())

        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.in_keyring: bool | None = None  # unknown until the worker answers
        self.has_password = False
        self.saving = False  # the password is on its way to the keyring

        self.test_button = QPushButton("Проверить подключение", self)
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("probeResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result_label, 1)

        hint = QLabel(
            "Общая база — сервер PostgreSQL, через который рабочие места обмениваются изменениями. "
            "Без неё программа работает с локальной базой.",
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addLayout(test_row)
        layout.addStretch(1)

        self._probe_runner = TaskRunner(ctx.handle_error, self)
        self.load()

    # --- values ----------------------------------------------------------------------------------
    def load(self) -> None:
        current = store.load()
        for name in ("host", "port", "dbname", "user", "sslmode", "sslrootcert"):
            self.fields.set(name, current[name])
        self._update_ca()
        self._note(KEYRING_CHECKING, QUIET_STYLE)
        self.ctx.secrets.submit(secret_state, lambda state: self._show_secret(*state), owner=self)

    def _show_secret(self, available: bool, location: str | None) -> None:
        in_keyring, has_password = location == "keyring", location is not None
        self.in_keyring, self.has_password = in_keyring, has_password
        self.password.setPlaceholderText(SAVED_PLACEHOLDER if has_password else "")
        if not available:
            self._note(NO_KEYRING, WARN_STYLE)
        elif location == "memory":
            self._note(KEYRING_REFUSED, WARN_STYLE)
        elif has_password:
            self._note(IN_KEYRING, OK_STYLE)
        else:
            self._note(KEYRING_EMPTY, QUIET_STYLE)
        self.secret_known.emit(in_keyring, has_password)

    def _note(self, text: str, style: str) -> None:
        self.keyring_note.setText(text)
        self.keyring_note.setStyleSheet(style)

    def values(self) -> dict[str, Any]:
        return {
            name: self.fields.get(name)
            for name in ("host", "port", "dbname", "user", "sslmode", "sslrootcert")
        }

    def _update_ca(self) -> None:
        verify = self.fields.get("sslmode") == "verify-full"
        self.ca_edit.setEnabled(verify)
        self.ca_button.setEnabled(verify)

    def choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Сертификат центра сертификации", "", "Сертификаты (*.crt *.pem *.cer);;Все файлы (*)"
        )
        if path:
            self.ca_edit.setText(path)

    # --- save ------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Validate and write the settings; False with the reasons at the fields. A typed password goes
        to the keyring on the worker and ``saved`` follows when it is stored."""
        values = self.values()
        errors = validate_form(values)
        if errors:
            self.fields.show_errors(errors)
            return False
        self.fields.clear_errors()
        try:
            store.save(values)
        except OSError as exc:
            self.fields.show_general(f"Не удалось записать настройки ({exc}). Проверьте место на диске.")
            return False
        typed = self.password.text()
        if not typed:
            self.saved.emit()
            return True
        self.password.clear()
        self.saving = True
        self._note(KEYRING_SAVING, QUIET_STYLE)
        self.ctx.secrets.submit(
            lambda: store_password(typed), self._password_stored, self._password_failed, owner=self
        )
        return True

    def _password_stored(self, state: tuple[bool, str | None]) -> None:
        self.saving = False
        self._show_secret(*state)
        self.saved.emit()

    def _password_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.saved_failed.emit()
        self._note("Пароль не сохранён: введите его ещё раз и нажмите «Сохранить»", BAD_STYLE)
        self.ctx.handle_error(exc)

    # --- connection test -------------------------------------------------------------------------
    def test_connection(self) -> None:
        values = self.values()
        errors = validate_form(values)
        if errors:
            self.fields.show_errors(errors)
            return
        self.fields.clear_errors()
        dsn = store.dsn(values)
        typed = self.password.text()
        host, port, dbname = values["host"], values["port"], values["dbname"]
        self.test_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText("Подключение…")

        def job() -> ProbeResult:
            from mos_desktop.sync.probe import probe  # psycopg: loaded on the worker

            password = typed or config.get_secret(SECRET_NAME)  # the keyring, off the GUI thread
            return probe(dsn, password, host=host, port=port, dbname=dbname)

        self._probe_runner.submit(job, self._probed, owner=self)

    def _probed(self, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        self.result_label.setStyleSheet(
            (OK_STYLE if result.ready else WARN_STYLE) if result.ok else BAD_STYLE
        )
        self.result_label.setText(result.message)
        self.probe_finished.emit(result)

    def wait(self, msecs: int = -1) -> bool:
        return self._probe_runner.wait(msecs)


class SyncSettingsDialog(QDialog):
    """Сервис → Общая база…: the page with «Сохранить» / «Отмена»."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Общая база")
        self.setMinimumWidth(620)
        self.page = SyncSettingsPage(ctx, self)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)

        self.page.saved.connect(self._saved)
        self.page.saved_failed.connect(lambda: self.save_button.setEnabled(True))

    def save(self) -> bool:
        """Closes once the page reports ``saved`` (the password may still be going to the keyring)."""
        if not self.page.save():
            return False
        self.save_button.setEnabled(not self.page.saving)
        return True

    def _saved(self) -> None:
        self.save_button.setEnabled(True)
        self.accept()
