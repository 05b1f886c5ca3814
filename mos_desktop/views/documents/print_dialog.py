"""«Печать» (Ctrl+P) of a row's record: choose the form and the format, see the pages, print through Qt,
save, open the folder, e-mail it.

The preview is rendered on the database worker inside a savepoint that is rolled back: looking at a
document issues nothing. «Печать», «Сохранить» and «Отправить» issue it (its number is stored, a re-print
shows the same number and content) and then act. Pages are PDF rendered to images by PDFium
(``documents.raster``); printing paints those images on the printer's pages at the printer's resolution.
Sending runs on a thread of its own (the network never holds the database worker); the outcome is recorded
on the issued document by ``documents.register.record_send`` (a failed send says why, and the document is
listed «не отправлен» with the reason). A register row (``issued_document``) re-prints its own document.
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

from mos_desktop.errors import os_reason
from mos_desktop.views.common.context import AppContext
from mos_desktop.views.common.forms import general_error_label

PREVIEW_DPI = 96  # A4 is 794 pixels wide: the page fits the dialog without scrolling sideways
PRINT_DPI = 300


def to_image(page: Any) -> QImage:
    image = QImage(page.bgrx, page.width, page.height, page.stride, QImage.Format.Format_RGB32)
    return image.copy()  # own the pixels: the bytes object may go


def preview_job(session: Any, kind: str, ref: str, settings: Any, today: Any, user: str) -> dict[str, Any]:
    """Worker: lay the document out without issuing it (the savepoint is rolled back)."""
    from mos_desktop.documents.api import prepare
    from mos_desktop.documents.raster import render_pages

    savepoint = session.begin_nested()
    try:
        prepared = prepare(session, kind, ref, settings=settings, today=today, user=user)
        pdf = prepared.render("pdf")
        title = f"{prepared.form.title} № {prepared.number}"
    finally:
        savepoint.rollback()
    return {"title": title, "pages": render_pages(pdf, dpi=PREVIEW_DPI)}


def issue_job(
    session: Any,
    form_key: str,
    row_kind: str,
    ref: str,
    fmt: str,
    settings: Any,
    today: Any,
    user: str,
    print_pages: bool,
) -> dict[str, Any]:
    """Worker: issue the document (its number stored) and render it in the format asked for."""
    from mos_desktop.documents.api import prepare
    from mos_desktop.documents.choices import client_of, recipients
    from mos_desktop.documents.raster import render_pages

    prepared = prepare(session, form_key, ref, settings=settings, today=today, user=user)
    data = prepared.render(fmt)  # type: ignore[arg-type]
    pdf = data if fmt == "pdf" else prepared.render("pdf")
    client_id = client_of(session, row_kind, uuid.UUID(ref))
    return {
        "issued_id": prepared.issued.id if prepared.issued is not None else None,
        "changes": prepared.changes,  # a shipment's documents status moved along
        "title": f"{prepared.form.title} № {prepared.number}",
        "file_name": prepared.file_name(fmt),  # type: ignore[arg-type]
        "data": data,
        "pdf": pdf,
        "client_id": client_id,
        "to": recipients(session, client_id),
        "pages": render_pages(pdf, dpi=PRINT_DPI) if print_pages else [],
    }


class PrintDialog(QDialog):
    def __init__(
        self, ctx: AppContext, kind: str, record_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        self.issued: dict[str, Any] | None = None
        self.preview_pages: list[QImage] = []
        self.last_saved: Path | None = None
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
        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget(self)
        holder.setLayout(self.pages)
        self.preview_area = QScrollArea(self)
        self.preview_area.setWidget(holder)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setObjectName("printPreview")

        self.print_button = QPushButton("Печать…", self)
        self.print_button.setToolTip("На принтер (Ctrl+P)")
        self.save_button = QPushButton("Сохранить…", self)
        self.save_button.setToolTip("В файл (Ctrl+S)")
        self.folder_button = QPushButton("Открыть папку", self)
        self.folder_button.setEnabled(False)
        self.mail_button = QPushButton("Отправить по e-mail…", self)
        close = QPushButton("Закрыть", self)
        for button in (self.print_button, self.save_button, self.folder_button, self.mail_button, close):
            button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self.folder_button.clicked.connect(self.open_folder)
        self.mail_button.clicked.connect(self.ask_mail)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_document)

        top = QHBoxLayout()
        top.addWidget(QLabel("Форма:", self))
        top.addWidget(self.form_box, 1)
        top.addWidget(QLabel("Формат файла:", self))
        top.addWidget(self.format_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.folder_button)
        bottom.addWidget(self.mail_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(self.error)
        layout.addWidget(self.preview_area, 1)
        layout.addLayout(bottom)
        self.form_box.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.load_preview()

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
        if not form:
            if self.kind != "issued_document":
                self.title_label.setText("Для этой записи нет печатных форм.")
            return
        self.issued = None
        self.error.hide()
        self.title_label.setText("Готовлю предпросмотр…")
        self.ctx.run_db(
            lambda s: preview_job(s, form, ref, settings, today, user),
            self._previewed,
            self._failed,
            owner=self,
        )

    def _previewed(self, result: dict[str, Any]) -> None:
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.preview_pages = [to_image(p) for p in result["pages"]]
        for image in self.preview_pages:
            label = QLabel(self)
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; border: 1px solid #c8ccd0;")
            self.pages.addWidget(label)
        count = len(self.preview_pages)
        self.title_label.setText(f"{result['title']} — страниц: {count}")

    def _failed(self, exc: BaseException) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            self.error.setText(exc.message)
            self.error.show()
            self.title_label.setText("Документ не подготовлен.")
        else:
            self.ctx.handle_error(exc)

    # --- issue, then act ---------------------------------------------------------------------------
    def _issue(self, fmt: str, then: Any, *, print_pages: bool = False) -> None:
        form, ref, settings, today, user = self._args()

        def done(result: dict[str, Any]) -> None:
            from mos_desktop.changes import Area, Changes

            self.issued = result
            self.ctx.announce(Changes.of(Area.DOCUMENTS))
            if result.get("changes") is not None:
                self.ctx.announce(result["changes"])  # the shipment's documents: «отправлены»
            then(result)

        self.ctx.run_db(
            lambda s: issue_job(s, form, self.kind, ref, fmt, settings, today, user, print_pages),
            done,
            self._failed,
            owner=self,
            busy_text="Документ готовится…",
            busy_parent=self,
        )

    def print_document(self) -> None:
        self._issue("pdf", self._ask_printer, print_pages=True)

    def _ask_printer(self, result: dict[str, Any]) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(result["title"])
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self.print_to(printer, result["pages"]))
        dialog.open()  # type: ignore[call-arg]  # the stub knows only open(receiver, member)
        self.print_dialog = dialog

    def print_to(self, printer: Any, pages: list[Any]) -> None:
        """Each page image fills the printer's page (kept in proportion)."""
        painter = QPainter()
        if not painter.begin(printer):
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

    def save_document(self) -> None:
        fmt = str(self.format_box.currentData())
        self._issue(fmt, self._ask_path)

    def _ask_path(self, result: dict[str, Any]) -> None:
        folder = self.last_saved.parent if self.last_saved else Path.home()
        dialog = QFileDialog(self, "Сохранить документ", str(folder / result["file_name"]))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.write_file(Path(path), result["data"]))
        dialog.open()
        self.file_dialog = dialog

    def write_file(self, path: Path, data: bytes) -> bool:
        try:
            path.write_bytes(data)
        except OSError as exc:
            self.error.setText(f"Файл не сохранён: {os_reason(exc)} — {path}")
            self.error.show()
            return False
        self.last_saved = path
        self.folder_button.setEnabled(True)
        self.ctx.status_message.emit(f"Сохранено: {path}")
        return True

    def open_folder(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))

    # --- e-mail ----------------------------------------------------------------------------------
    def ask_mail(self) -> None:
        self._issue("pdf", self._ask_recipients)

    def _ask_recipients(self, result: dict[str, Any]) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Отправить по e-mail")
        dialog.setLabelText(f"{result['title']}\nКому (адреса через запятую):")
        dialog.setTextValue(", ".join(result.get("to", [])))
        dialog.setOkButtonText("Отправить")
        dialog.setCancelButtonText("Отмена")
        dialog.textValueSelected.connect(lambda text: self.send_mail(result, text))
        dialog.open()
        self.mail_dialog = dialog

    def send_mail(self, result: dict[str, Any], to_text: str) -> None:
        from mos_desktop.documents import mail

        settings, user = self.ctx.settings, self.ctx.user
        to = [a.strip() for a in to_text.replace(";", ",").split(",") if a.strip()]

        def job() -> tuple[str, ...]:
            attachment = mail.Attachment(result["file_name"], result["pdf"])
            letter = mail.letter_for(result["title"], to, attachment, settings=settings, user=user)
            mail.send(letter, mail.smtp_from_settings(settings), mail.smtp_password())
            return letter.to

        self.title_label.setText("Отправляю…")
        # No owner: the outcome is recorded even if this dialog closed while the letter was in flight.
        self.sender_runner.submit(
            job,
            lambda sent: self._sent(result, sent),
            lambda exc: self._send_failed(exc, result, tuple(to)),
        )

    def _record_send(self, result: dict[str, Any], to: tuple[str, ...], error: str = "") -> None:
        """The outcome on the issued document (and, sent, on the client's history): a core command."""
        from mos_desktop.documents.register import SendForm, record_send
        from mos_desktop.views.common.operation import CommandOp

        form = SendForm(result.get("issued_id"), result.get("client_id"), result["title"], to, error)
        CommandOp(self.ctx, record_send, form).run()

    def _alive(self) -> bool:
        import shiboken6

        return shiboken6.isValid(self)

    def _sent(self, result: dict[str, Any], to: tuple[str, ...]) -> None:
        self._record_send(result, to)
        if self._alive():
            self.title_label.setText(f"{result['title']}: отправлен ({', '.join(to)})")

    def _send_failed(
        self, exc: BaseException, result: dict[str, Any] | None = None, to: tuple[str, ...] = ()
    ) -> None:
        from mos_desktop.errors import UserError

        if isinstance(exc, UserError):
            if result is not None:
                self._record_send(result, to, exc.message)  # listed as «не отправлен» with the reason
            if self._alive():
                self.title_label.setText("Документ не отправлен.")
                self.error.setText(exc.message)
                self.error.show()
            else:
                self.ctx.status_message.emit(f"Документ не отправлен: {exc.message}")
        else:
            self.ctx.handle_error(exc)
