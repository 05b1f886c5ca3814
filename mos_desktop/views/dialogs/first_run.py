"""First start with an empty database: start empty, import a client list, or load demo data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mos_desktop import config
from mos_desktop.views.common.confirm import confirm
from mos_desktop.views.common.context import AppContext

DEMO_CLIENTS = 300
DEMO_MONTHS = 12
DEMO_SEED = 1


def mark_first_run_done(ctx: AppContext, user_name: str = "") -> None:
    settings = ctx.settings
    name = user_name.strip()
    if not settings.first_run_done or (name and name != settings.user_name):
        settings.first_run_done = True
        if name:
            settings.user_name = name  # who signs the moves and the history, not the computer's login
        config.save_settings(settings)
        ctx.update_settings(settings)


def load_demo(ctx: AppContext, parent: QWidget | None, on_done: Any = None, on_error: Any = None) -> None:
    """Generate the demo dataset in the worker; a busy dialog appears if it takes over half a second."""
    today = ctx.today()

    def job(session: Any) -> Any:
        from mos_desktop.demo import generate_demo

        return generate_demo(session, clients=DEMO_CLIENTS, months=DEMO_MONTHS, seed=DEMO_SEED, today=today)

    def done(summary: Any) -> None:
        from mos_desktop.demo.company import DEMO_COMPANY_NOTE, with_demo_company

        ctx.announce_everything()
        lines = summary.as_lines() if hasattr(summary, "as_lines") else []
        message = "Демо-данные загружены"
        settings = with_demo_company(ctx.settings)  # None: the user's own company details stay
        if settings is not None:
            config.save_settings(settings)
            ctx.update_settings(settings)
            message += ". " + DEMO_COMPANY_NOTE + " Создано"
        ctx.status_message.emit(message + (": " + "; ".join(lines) if lines else ""))
        if on_done is not None:
            on_done(summary)

    ctx.run_db(job, done, on_error, busy_text="Создаю демо-данные…", busy_parent=parent)


def confirm_and_load_demo(ctx: AppContext, parent: QWidget) -> QWidget:
    return confirm(
        parent,
        "Демо-данные",
        f"Загрузить демо-данные: {DEMO_CLIENTS} вымышленных клиентов за {DEMO_MONTHS} месяцев?",
        "Демо-данные загружаются только в пустую базу, чтобы не смешаться с настоящими. "
        "Для знакомства с программой можно создать отдельную базу (параметр --db).",
        "Добавить",
        lambda: load_demo(ctx, parent),
    )


class FirstRunDialog(QDialog):
    import_requested = Signal()
    finished_choice = Signal(str)  # "empty" | "import" | "demo"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choice: str | None = None
        self.setWindowTitle("Добро пожаловать в MOS Desktop")
        self.setMinimumWidth(560)
        title = QLabel("<b>База пока пуста.</b> С чего начнём?", self)
        self.name_edit = QLineEdit(ctx.settings.user_name, self)
        self.name_edit.setPlaceholderText("например: Иванова Анна")
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Ваше имя (в истории, движениях и документах):", self))
        name_row.addWidget(self.name_edit, 1)
        self.empty_button = QCommandLinkButton(
            "Начать с пустой базы",
            "Клиентов можно добавить позже: Ctrl+N или Файл → Импорт клиентов.",
            self,
        )
        self.import_button = QCommandLinkButton(
            "Импортировать список клиентов (.xlsx, .csv)",
            "Таблица из Excel или CSV: название, ИНН, статус, АП, менеджер… Перед загрузкой — предпросмотр.",
            self,
        )
        self.demo_button = QCommandLinkButton(
            "Загрузить демо-данные",
            f"{DEMO_CLIENTS} вымышленных клиентов, счета и платежи за {DEMO_MONTHS} месяцев, отгрузки, "
            "склад — чтобы посмотреть программу в работе.",
            self,
        )
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addLayout(name_row)
        layout.addWidget(self.empty_button)
        layout.addWidget(self.import_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.status)
        self.empty_button.clicked.connect(lambda: self.choose("empty"))
        self.import_button.clicked.connect(lambda: self.choose("import"))
        self.demo_button.clicked.connect(lambda: self.choose("demo"))

    def choose(self, choice: str) -> None:
        self.choice = choice
        if choice == "demo":
            for button in (self.empty_button, self.import_button, self.demo_button):
                button.setEnabled(False)
            self.status.setText("Создаю демо-данные…")
            load_demo(self.ctx, self, self._demo_done, self._demo_failed)
            return
        mark_first_run_done(self.ctx, self.name_edit.text())
        self.finished_choice.emit(choice)
        self.accept()
        if choice == "import":
            self.import_requested.emit()

    def _demo_done(self, _summary: Any) -> None:
        mark_first_run_done(self.ctx, self.name_edit.text())
        self.finished_choice.emit("demo")
        self.accept()

    def _demo_failed(self, exc: BaseException) -> None:
        for button in (self.empty_button, self.import_button, self.demo_button):
            button.setEnabled(True)
        self.status.setText("Не удалось создать демо-данные.")
        self.ctx.handle_error(exc)
