"""«Печать» (Ctrl+P) of a row's record: choose the form and the format, see the pages, print through Qt,
save, open the folder, e-mail it.

The preview is laid out on the database worker inside a savepoint that is rolled back: looking at a
document issues nothing. It fits the page to the window's width (landscape ТОРГ-12 and УПД too), zoomed with
Ctrl++ / Ctrl+− (Ctrl+0 fits again). A document is issued (its number stored, a re-print shows the same
number and content; a shipment's closing papers move it to «отправлены, ждём подписи») only once it really
went out: after the printer dialog was accepted and the printer opened, with the file written in the same
transaction (not written: not issued), after the letter left. A cancelled dialog or a failure issues
nothing. While no document can be made (company details missing), the buttons wait, and the message says
where in the settings to fill them in. Pages are PDF rendered to images by PDFium (``documents.raster``);
printing paints those images on the printer's pages at the printer's resolution. Sending runs on a thread
of its own (the network never holds the database worker); the outcome is recorded by
``documents.register.record_send`` (a failed re-send of a document issued before says why, and it is listed
«не отправлен» with the reason). A register row (``issued_document``) re-prints its own document.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mos_desktop.documents.jobs import PREVIEW_DPI, issue_job, make_job, sent_job
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import general_error_label


def to_image(page: Any) -> QImage:
    image = QImage(page.bgrx, page.width, page.height, page.stride, QImage.Format.Format_RGB32)
    return image.copy()  # own the pixels: the bytes object may go


# Which settings a preview's refusal points to: (words of the message, the setting to fill in).
SETTINGS_HINTS = (
    ("реквизиты организации", "company_name"),
    ("банковские реквизиты", "bank_name"),
    ("серия номеров", "document_series"),
)


def settings_place(field: str) -> str:
    """Where a setting is filled in: «Сервис → Настройки → Основные → Организация» (from the dialog's
    own pages and groups, so a renamed group is named as it is)."""
    from mos_desktop.views.dialogs import settings as dialog

    pages = (dialog.GROUPS, dialog.DOCUMENT_GROUPS, dialog.MAIL_GROUPS)
    for page_title, groups in zip(dialog.PAGE_TITLES, pages, strict=False):
        for group, fields in groups:
            if field in fields:
                return f"Сервис → Настройки → {page_title} → {group}"
    return "Сервис → Настройки"


class PrintDialog(QDialog):
    def __init__(
        self, ctx: AppContext, kind: str, record_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        self.preview: dict[str, Any] | None = None  # the last preview: title, file names, recipients
        self.issued: dict[str, Any] | None = None
        self.preview_pages: list[QImage] = []
        self.zoom: float | None = None  # None: the page fits the width
        self.last_saved: Path | None = None
        self.printing: tuple[Any, QPainter] | None = None  # (printer, painter) while the document issues
        self.sender_runner = ctx.network  # the network, never the database worker; outlives this dialog
        self.setWindowTitle("Печать")
        screen = self.screen()
        height = screen.availableGeometry().height() - 60 if screen is not None else 900
        self.resize(880, max(480, min(900, height)))  # the buttons stay on a 768-pixel screen
        from mos_desktop.documents.choices import forms_for

        self.form_box = QComboBox(self)
        for choice in forms_for(kind):
            self.form_box.addItem(choice.title, choice.key)
        if kind == "issued_document":  # a register row: the form its document was issued with
            self._load_issued_form()
        self.format_box = QComboBox(self)
        self.format_box.addItem("PDF", "pdf")
        self.format_box.addItem("Word (DOCX)", "docx")
        self.title_label = QLabel("Загрузка…", self)
        self.error = general_error_label(self)
        self.settings_button = QPushButton("Открыть настройки…", self)
        self.settings_button.setAutoDefault(False)
        self.settings_button.hide()
        self.settings_button.clicked.connect(self.open_settings)
        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget(self)
        holder.setLayout(self.pages)
        self.preview_area = QScrollArea(self)
        self.preview_area.setWidget(holder)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit is stable
        self.preview_area.setObjectName("printPreview")
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_out_button.setToolTip("Мельче (Ctrl+−)")
        self.fit_button = QPushButton("По ширине", self)
        self.fit_button.setToolTip("Страница во всю ширину окна (Ctrl+0)")
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_in_button.setToolTip("Крупнее (Ctrl++)")
        self.zoom_label = QLabel(self)
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(32)
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / 1.25))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(1.25))
        self.fit_button.clicked.connect(self.fit_width)

        self.print_button = QPushButton("Печать…", self)
        self.print_button.setToolTip("На принтер (Ctrl+P)")
        self.save_button = QPushButton("Сохранить…", self)
        self.save_button.setToolTip("В файл (Ctrl+S)")
        self.folder_button = QPushButton("Открыть папку", self)
        self.folder_button.setEnabled(False)
        self.mail_button = QPushButton("Отправить по e-mail…", self)
        close = QPushButton("Закрыть", self)
        for button in (
            self.print_button,
            self.save_button,
            self.folder_button,
            self.mail_button,
            close,
            self.zoom_out_button,
            self.fit_button,
            self.zoom_in_button,
        ):
            button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self.folder_button.clicked.connect(self.open_folder)
        self.mail_button.clicked.connect(self.ask_mail)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_document)
        for keys, factor in (("Ctrl++", 1.25), ("Ctrl+=", 1.25), ("Ctrl+-", 1 / 1.25)):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda f=factor: self.zoom_by(f))
        QShortcut(QKeySequence("Ctrl+0"), self).activated.connect(self.fit_width)
        self._set_ready(False)
        self._clear_pages()

        top = QHBoxLayout()
        top.addWidget(QLabel("Форма:", self))
        top.addWidget(self.form_box, 1)
        top.addWidget(QLabel("Формат файла:", self))
        top.addWidget(self.format_box)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.zoom_out_button)
        heading.addWidget(self.zoom_label)
        heading.addWidget(self.zoom_in_button)
        heading.addWidget(self.fit_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.folder_button)
        bottom.addWidget(self.mail_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addWidget(self.error)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.preview_area, 1)
        layout.addLayout(bottom)
        self.form_box.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.load_preview()

    def _set_ready(self, ready: bool) -> None:
        """Printing, saving and sending only while a document is laid out (and no other is issuing)."""
        for button in (self.print_button, self.save_button, self.mail_button):
            button.setEnabled(ready)

    # --- preview -------------------------------------------------------------------------------
    def form_key(self) -> str:
        return str(self.form_box.currentData() or "")

    def _args(self) -> tuple[str, str, Any, Any, str]:
        return self.form_key(), str(self.record_id), self.ctx.settings, self.ctx.today(), self.ctx.user

    def _load_issued_form(self) -> None:
        from mos_desktop.documents.register import issued_form

        issued_id = self.record_id

        def found(choice: tuple[str, str]) -> None:
            self.form_box.addItem(choice[1], choice[0])  # the first item: currentIndexChanged previews

        self.ctx.run_db(lambda s: issued_form(s, issued_id), found, self._failed, owner=self)

    def load_preview(self) -> None:
        form, ref, settings, today, user = self._args()
        self._set_ready(False)
        if not form:
            if self.kind != "issued_document":
                self.title_label.setText("Для этой записи нет печатных форм.")
            return
        self.preview = None
        self.preview_pages = []
        self.issued = None
        self._clear_pages()
        self.error.hide()
        self.settings_button.hide()
        self.title_label.setText("Готовлю предпросмотр…")
        row_kind = self.kind
        self.ctx.run_db(
            lambda s: make_job(s, form, row_kind, ref, settings, today, user),
            self._previewed,
            self._preview_failed,
            owner=self,
        )

    def _previewed(self, result: dict[str, Any]) -> None:
        self.preview = result
        self._clear_pages()
        self.preview_pages = [to_image(p) for p in result["pages"]]
        for _image in self.preview_pages:
            label = QLabel(self)
            label.setStyleSheet("background: white; border: 1px solid #c8ccd0;")
            self.pages.addWidget(label)
        self._show_pages()
        count = len(self.preview_pages)
        self.title_label.setText(f"{result['title']} — страниц: {count}")
        self._set_ready(True)

    def _clear_pages(self) -> None:
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.zoom_label.clear()
        for button in (self.zoom_out_button, self.fit_button, self.zoom_in_button):
            button.setEnabled(False)

    def _preview_failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        self._failed(exc)
        if not isinstance(exc, UserError):
            return
        text = exc.message
        field = next((f for words, f in SETTINGS_HINTS if words in text.lower()), None)
        if field is not None:
            self.error.setText(f"{text}\nГде заполнить: {settings_place(field)}.")
            self.settings_button.show()
        self.title_label.setText("Документ не подготовлен: печать, сохранение и отправка недоступны.")

    def open_settings(self) -> None:
        """The settings dialog; saved, the document is laid out again with them."""
        from mos_desktop.views.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.accepted.connect(self.load_preview)
        dialog.open()
        self.settings_dialog = dialog

    # --- zoom ------------------------------------------------------------------------------------
    def _fit_scale(self) -> float:
        """The scale at which the widest page fills the preview's width."""
        widest = max((image.width() for image in self.preview_pages), default=0)
        if not widest:
            return 1.0
        bar = self.preview_area.verticalScrollBar().sizeHint().width()
        margins = self.pages.contentsMargins()
        room = self.preview_area.width() - bar - margins.left() - margins.right() - 8
        return max(0.1, room / widest)

    def scale(self) -> float:
        return self._fit_scale() if self.zoom is None else self.zoom

    def zoom_by(self, factor: float) -> None:
        self.zoom = min(4.0, max(0.2, self.scale() * factor))
        self._show_pages()

    def fit_width(self) -> None:
        self.zoom = None
        self._show_pages()

    def _show_pages(self) -> None:
        """Each page at the current scale (the labels stay: zooming does not rebuild the preview)."""
        scale = self.scale()
        for index, image in enumerate(self.preview_pages):
            item = self.pages.itemAt(index)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                width = max(1, round(image.width() * scale))
                shown = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
                label.setPixmap(QPixmap.fromImage(shown))
        percent = round(scale * 100 * PREVIEW_DPI / 96)  # 100 %: the paper's own size on the screen
        self.zoom_label.setText(f"{percent} %")
        for button in (self.zoom_out_button, self.fit_button, self.zoom_in_button):
            button.setEnabled(bool(self.preview_pages))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.zoom is None and self.preview_pages:
            self._show_pages()

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.error.setText(exc.message)
            self.error.show()
            self.title_label.setText("Документ не подготовлен.")
        else:
            self.ctx.handle_error(exc)

    # --- issue once the user chose where to, then act ------------------------------------------
    def _issue(
        self,
        fmt: str,
        then: Any,
        *,
        print_pages: bool = False,
        target: Path | None = None,
        failed: Any = None,
    ) -> None:
        """Issue the document (stored with its number; a shipment's papers «отправлены») and hand the
        result to ``then``. Called only once the printer or the file is chosen: a cancelled choice
        issues nothing; a failure (a file not written) rolls the issue back."""
        form, ref, settings, today, user = self._args()

        def done(result: dict[str, Any]) -> None:
            from mos_desktop.changes import Area, Changes

            self._set_ready(True)
            self.issued = result
            self.ctx.announce(Changes.of(Area.DOCUMENTS))
            if result.get("changes") is not None:
                self.ctx.announce(result["changes"])  # the shipment's documents: «отправлены»
            then(result)

        def failure(exc: BaseException) -> None:
            self._set_ready(True)
            if failed is not None:
                failed()
            self._failed(exc)

        self._set_ready(False)
        self.error.hide()
        self.ctx.run_db(
            lambda s: issue_job(
                s, form, ref, fmt, settings, today, user, print_pages=print_pages, target=target
            ),
            done,
            failure,
            owner=self,
            busy_text="Документ готовится…",
            busy_parent=self,
        )

    # --- printer -----------------------------------------------------------------------------------
    def new_printer(self) -> Any:
        """The printer the print dialog sets up (a test gives a PDF file printer)."""
        from PySide6.QtPrintSupport import QPrinter

        return QPrinter(QPrinter.PrinterMode.HighResolution)

    def print_document(self) -> None:
        """The printer dialog first; accepted, the document is issued and its pages printed."""
        from PySide6.QtGui import QPageLayout
        from PySide6.QtPrintSupport import QPrintDialog

        if self.preview is None or not self.print_button.isEnabled():
            return
        printer = self.new_printer()
        printer.setDocName(self.preview["title"])
        if self.preview_pages and self.preview_pages[0].width() > self.preview_pages[0].height():
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)  # ТОРГ-12, УПД
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Печать")
        dialog.finished.connect(lambda code: self._printer_chosen(printer, code))
        QDialog.open(dialog)  # PySide6's QPrintDialog.open() wants (receiver, member): the plain one
        self.print_dialog = dialog

    def _printer_chosen(self, printer: Any, code: int) -> None:
        if code != QDialog.DialogCode.Accepted.value:
            self.ctx.status_message.emit("Печать отменена: документ не выпущен")
            return
        painter = QPainter()
        if not painter.begin(printer):  # checked before issuing: an unavailable printer issues nothing
            self.error.setText("Принтер недоступен: проверьте, что он включён и выбран. Документ не выпущен.")
            self.error.show()
            return
        self.printing = (printer, painter)
        self._issue(
            "pdf",
            lambda result: self.print_to(printer, result["pages"]),
            print_pages=True,
            failed=self._abort_print,
        )

    def _abort_print(self) -> None:
        if self.printing is not None:
            printer, painter = self.printing
            self.printing = None
            printer.abort()
            painter.end()

    def print_to(self, printer: Any, pages: list[Any]) -> None:
        """Each page image fills the printer's page (kept in proportion)."""
        painter = QPainter()
        if self.printing is not None and self.printing[0] is printer:
            painter = self.printing[1]  # begun before the document was issued
            self.printing = None
        elif not painter.begin(printer):
            self.error.setText("Принтер недоступен: проверьте, что он включён и выбран")
            self.error.show()
            return
        try:
            for index, page in enumerate(pages):
                if index:
                    printer.newPage()
                image = to_image(page)
                area = painter.viewport()
                scale = min(area.width() / image.width(), area.height() / image.height())
                painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
        finally:
            painter.end()
        self.ctx.status_message.emit(
            f"{self.issued['title'] if self.issued else 'Документ'}: отправлен на печать"
        )

    def done(self, result: int) -> None:
        self._abort_print()  # closed while the document was issuing: the print job is dropped
        super().done(result)

    # --- file ----------------------------------------------------------------------------------------
    def save_document(self) -> None:
        """Where to first; chosen, the document is issued and written there (not written: not issued)."""
        if self.preview is None or not self.save_button.isEnabled():
            return
        fmt = str(self.format_box.currentData())
        folder = self.last_saved.parent if self.last_saved else Path.home()
        name = self.preview["file_names"][fmt]
        dialog = QFileDialog(self, "Сохранить документ", str(folder / name))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.save_to(Path(path), fmt))
        dialog.open()
        self.file_dialog = dialog

    def save_to(self, path: Path, fmt: str) -> None:
        self._issue(fmt, lambda _result: self._saved(path), target=path)

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        self.folder_button.setEnabled(True)
        self.ctx.status_message.emit(f"Сохранено: {path}")

    def open_folder(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))

    # --- e-mail ----------------------------------------------------------------------------------
    def ask_mail(self) -> None:
        """The addresses first; the document is issued once the letter has left."""
        if self.preview is None or not self.mail_button.isEnabled():
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Отправить по e-mail")
        dialog.setLabelText(f"{self.preview['title']}\nКому (адреса через запятую):")
        dialog.setTextValue(", ".join(self.preview.get("to", [])))
        dialog.setOkButtonText("Отправить")
        dialog.setCancelButtonText("Отмена")
        dialog.textValueSelected.connect(self.send_mail)
        dialog.open()
        self.mail_dialog = dialog

    def send_mail(self, to_text: str) -> None:
        """Lay the letter's document out (issuing nothing), send it on the network thread; sent, issue
        and record it. A failed send issues nothing (an already issued document records the reason)."""
        form, ref, settings, today, user = self._args()
        row_kind = self.kind
        to = tuple(a.strip() for a in to_text.replace(";", ",").split(",") if a.strip())
        self._set_ready(False)
        self.error.hide()
        self.title_label.setText("Отправляю…")
        self.ctx.run_db(
            lambda s: make_job(s, form, row_kind, ref, settings, today, user, dpi=None),
            lambda letter: self._send(letter, to),
            self._mail_failed,
            owner=self,
        )

    def _send(self, letter: dict[str, Any], to: tuple[str, ...]) -> None:
        from mos_desktop.documents import mail

        settings, user = self.ctx.settings, self.ctx.user

        def job() -> tuple[str, ...]:
            attachment = mail.Attachment(letter["file_names"]["pdf"], letter["pdf"])
            message = mail.letter_for(letter["title"], list(to), attachment, settings=settings, user=user)
            mail.send(message, mail.smtp_from_settings(settings), mail.smtp_password())
            return message.to

        # No owner: the outcome is recorded even if this dialog closed while the letter was in flight.
        self.sender_runner.submit(
            job,
            lambda sent: self._sent(letter, sent),
            lambda exc: self._send_failed(exc, letter, to),
        )

    def _sent(self, letter: dict[str, Any], to: tuple[str, ...]) -> None:
        form, ref, settings, today, user = self._args()

        def recorded(changes: list[Any]) -> None:
            for change in changes:
                if change is not None:
                    self.ctx.announce(change)
            if self._alive():
                self._set_ready(True)
                self.title_label.setText(f"{letter['title']}: отправлен ({', '.join(to)})")

        def failed(exc: BaseException) -> None:
            if self._alive():
                self._mail_failed(exc)
            else:
                self.ctx.handle_error(exc)

        self.ctx.run_db(lambda s: sent_job(s, form, ref, settings, today, user, letter, to), recorded, failed)

    def _record_unsent(self, letter: dict[str, Any], to: tuple[str, ...], error: str) -> None:
        """A document issued before (a re-send): the reason on it, listed «не отправлен»."""
        from mos_desktop.documents.register import SendForm, record_send
        from mos_desktop.views.common.operation import CommandOp

        form = SendForm(letter["issued_id"], letter.get("client_id"), letter["title"], to, error)
        CommandOp(self.ctx, record_send, form).run()

    def _alive(self) -> bool:
        import shiboken6

        return shiboken6.isValid(self)

    def _mail_failed(self, exc: BaseException) -> None:
        self._set_ready(self.preview is not None)
        self._failed(exc)
        if self.error.isVisible():
            self.title_label.setText("Документ не отправлен.")

    def _send_failed(self, exc: BaseException, letter: dict[str, Any], to: tuple[str, ...]) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError) and letter.get("issued_id") is not None:
            self._record_unsent(letter, to, exc.message)
        if self._alive():
            self._mail_failed(exc)
        elif isinstance(exc, UserError):
            self.ctx.status_message.emit(f"Документ не отправлен: {exc.message}")
        else:
            self.ctx.handle_error(exc)
