"""The print dialog's work on the database worker (no Qt here): a document looked at without issuing it,
issued (with its file written in the same transaction), issued once its letter has left. Each returns
plain values for the dialog (``views/documents/print_dialog.py``)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from mos_desktop.errors import os_reason

PREVIEW_DPI = 144  # sharp when fitted to the width or zoomed in; 100 % on screen is 96 pixels an inch
PRINT_DPI = 300


def make_job(
    session: Any,
    form_key: str,
    row_kind: str,
    ref: str,
    settings: Any,
    today: Any,
    user: str,
    *,
    dpi: int | None = PREVIEW_DPI,
) -> dict[str, Any]:
    """Worker: the document laid out without issuing it (``documents.api.look``): the preview, and the
    letter's attachment before the letter leaves."""
    from mos_desktop.documents.api import look
    from mos_desktop.documents.choices import client_of, recipients
    from mos_desktop.documents.raster import render_pages

    seen = look(session, form_key, ref, settings=settings, today=today, user=user)
    client_id = client_of(session, row_kind, uuid.UUID(ref))
    return {
        "title": seen.title,
        "file_names": seen.file_names,
        "pdf": seen.pdf,
        "issued_id": seen.issued_id,
        "client_id": client_id,
        "to": recipients(session, client_id),
        "pages": render_pages(seen.pdf, dpi=dpi) if dpi else [],
    }


def issue_job(
    session: Any,
    form_key: str,
    ref: str,
    fmt: str,
    settings: Any,
    today: Any,
    user: str,
    *,
    print_pages: bool = False,
    target: Path | None = None,
) -> dict[str, Any]:
    """Worker: issue the document (its number stored; a shipment's closing papers move it to
    «отправлены») and render it. With ``target`` the file is written here, in the same transaction: a
    file that could not be written issues nothing."""
    from mos_desktop.documents.api import prepare
    from mos_desktop.documents.raster import render_pages
    from mos_desktop.errors import UserError

    prepared = prepare(session, form_key, ref, settings=settings, today=today, user=user)
    data = prepared.render(fmt)  # type: ignore[arg-type]
    if target is not None:
        try:
            target.write_bytes(data)
        except OSError as exc:
            raise UserError(f"Файл не сохранён: {os_reason(exc)} — {target}") from None
    return {
        "issued_id": prepared.issued.id if prepared.issued is not None else None,
        "changes": prepared.changes,  # a shipment's documents status moved along
        "title": f"{prepared.form.title} № {prepared.number}",
        "target": target,
        "pages": render_pages(data if fmt == "pdf" else prepared.render("pdf"), dpi=PRINT_DPI)
        if print_pages
        else [],
    }


def sent_job(
    session: Any,
    form_key: str,
    ref: str,
    settings: Any,
    today: Any,
    user: str,
    letter: dict[str, Any],
    to: tuple[str, ...],
) -> list[Any]:
    """Worker, once the letter left: issue the document it carried and record the send on it."""
    from mos_desktop.documents.register import SendForm, record_send
    from mos_desktop.errors import UserError

    result = issue_job(session, form_key, ref, "pdf", settings, today, user)
    if result["title"] != letter["title"]:  # another window of this workstation took the number meanwhile
        raise UserError(
            f"Письмо с документом «{letter['title']}» отправлено, но этот номер уже выпущен другим "
            f"документом: документ не зарегистрирован. Отправьте его ещё раз ({result['title']})."
        )
    form = SendForm(result["issued_id"], letter.get("client_id"), letter["title"], to)
    return [result["changes"], record_send(session, form, user=user, today=today)]
