"""Remote acceptance files: paths kept with the order (a missing file refused, nothing written), the order
marked as accepted remotely, a removed file tombstoned."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import purchase_order, supplier

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.services.purchasing.attachments import (
    AttachmentForm,
    RemoveAttachmentForm,
    acceptance,
    add_attachments,
    list_attachments,
    remove_attachment,
)

TODAY = date(2026, 11, 23)


def test_files_kept_with_the_order(db: Database, tmp_path: Path) -> None:
    photo = tmp_path / "фото 1.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    with db.session() as s:
        order = purchase_order(s, "ЗП-1", supplier(s, "ООО Вендор"), date(2026, 11, 1))
        with pytest.raises(ValidationError, match="не найден"):
            add_attachments(
                s, AttachmentForm(order.id, [str(photo), str(tmp_path / "нет.jpg")]), user="t", today=TODAY
            )
        assert list_attachments(s, order.id).rows == []
        changes = add_attachments(
            s, AttachmentForm(order.id, [str(photo)], "упаковка"), user="t", today=TODAY
        )
        assert "добавлено 1" in changes.message
        [row] = list_attachments(s, order.id).records()
        assert (row["file_name"], row["note"], row["path"]) == (
            "фото 1.jpg",
            "упаковка",
            str(photo.resolve()),
        )
        assert acceptance(s, order.id).remote
        remove_attachment(
            s, RemoveAttachmentForm(list_attachments(s, order.id).rows[0].id), user="t", today=TODAY
        )
        assert list_attachments(s, order.id).rows == []
