"""The declared records' commands: every field checked before any write (Russian messages naming the
field and the fix), unique values, references that must exist, edits made elsewhere not overwritten, archive
and restore — and every write captured for sync like any edit."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from mos_desktop.changes import Area
from mos_desktop.db import Database
from mos_desktop.errors import EditConflict, ValidationError
from mos_desktop.models import ContactPerson, Contractor, Item, Location, Supplier, User
from mos_desktop.services.records.commands import archive_record, load_record, new_record, save_record
from mos_desktop.services.records.kinds import SPECS
from mos_desktop.services.records.options import managers, options
from mos_desktop.services.records.spec import ArchiveForm, RecordForm

TODAY = date(2026, 11, 23)


def save(s: Session, record: str, parent_id: object = None, **values: object) -> Any:
    form = new_record(record, parent_id=parent_id)  # type: ignore[arg-type]
    form.values.update(values)
    return save_record(s, form, user="Тестова", today=TODAY)


def outbox(s: Session) -> list[tuple[str, str, dict[str, object]]]:
    rows = s.execute(text("SELECT table_name, kind, cols FROM sync_outbox ORDER BY seq")).all()
    return [(t, k, json.loads(c)) for t, k, c in rows]


def test_every_kind_has_labels_for_every_field_and_a_model_column_for_each() -> None:
    for spec in SPECS.values():
        columns = set(spec.model.__table__.c.keys())
        for f in spec.fields:
            assert f.label and f.name in columns, (spec.kind, f.name)


def test_bad_input_writes_nothing_and_names_each_field(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(ValidationError) as caught:
            save(s, "supplier", name="", inn="1234567890", phone="12", email="нет")
        fields = {e.field: e.message for e in caught.value.errors}
        assert set(fields) == {"name", "inn", "phone", "email"}
        assert fields["name"].startswith("Юридическое лицо: обязательное поле")
        assert fields["phone"].startswith("Телефон:") and fields["email"].startswith("Email:")
        assert s.scalars(select(Supplier)).all() == []
        assert outbox(s) == []


def test_save_edit_archive_restore_are_captured_for_sync(db: Database) -> None:
    with db.session() as s:
        changes = save(
            s, "contractor", name="ООО «Монтаж»", specialization="СКУД", region="Москва", rating="5"
        )
        assert changes.areas >= {Area.CONTRACTORS} and "добавлен" in changes.message
        contractor_id = changes.record_id
    with db.session() as s:
        form = load_record(s, "contractor", contractor_id)
        form.values["region"] = "Москва, МО"
        assert "сохранён" in save_record(s, form, user="Тестова", today=TODAY).message
        again = load_record(s, "contractor", contractor_id)
        assert save_record(s, again, user="Тестова", today=TODAY).empty  # nothing edited: no write
        archive_record(s, ArchiveForm("contractor", contractor_id), user="Тестова", today=TODAY)
        assert options(s, "contractor") == []  # archived: gone from the pickers
        archive_record(s, ArchiveForm("contractor", contractor_id, restore=True), user="Тестова", today=TODAY)
        assert [o.label for o in options(s, "contractor")] == ["ООО «Монтаж»"]
        captured = [(t, k) for t, k, _cols in outbox(s)]
        assert captured == [
            ("contractors", "insert"),
            ("contractors", "update"),
            ("contractors", "update"),
            ("contractors", "update"),
        ]
        assert outbox(s)[1][2]["region"] == "Москва, МО"
        assert s.get(Contractor, contractor_id).updated_by == "Тестова"  # type: ignore[union-attr]


def test_unique_sku_and_login_and_an_existing_reference(db: Database) -> None:
    with db.session() as s:
        save(s, "item", sku="RD-1", name="Считыватель")
        with pytest.raises(ValidationError) as caught:
            save(s, "item", sku="RD-1", name="Другой")
        assert caught.value.for_field("sku") == (
            "Артикул: «RD-1» уже есть у «Считыватель» — откройте ту запись или измените значение"
        )
        save(s, "user", login="ivanova", full_name="Иванова Анна", role="manager")
        with pytest.raises(ValidationError):
            save(s, "user", login="ivanova", full_name="Иванова Мария", role="manager")
        import uuid

        with pytest.raises(ValidationError) as caught:
            save(s, "location", code="X", name="Объект", kind="client_site", client_id=uuid.uuid4())
        assert "такой записи больше нет" in (caught.value.for_field("client_id") or "")
        assert s.scalars(select(Location)).all() == []
        assert managers(s) == ["Иванова Анна"]


def test_an_edit_made_elsewhere_meanwhile_is_a_conflict_not_an_overwrite(db: Database) -> None:
    with db.session() as s:
        item_id = save(s, "item", sku="A-1", name="Замок").record_id
    with db.session() as s:
        form = load_record(s, "item", item_id)
    with db.session() as s:  # another workstation's change arrives by sync
        s.get(Item, item_id).name = "Замок электромагнитный"  # type: ignore[union-attr]
    form.values["name"] = "Замок накладной"
    with db.session() as s, pytest.raises(EditConflict) as caught:
        save_record(s, form, user="u", today=TODAY)
    assert caught.value.current == {"name": "Замок электромагнитный"}
    form.loaded = {**(form.loaded or {}), **caught.value.current}  # what the dialog does
    with db.session() as s:
        save_record(s, form, user="u", today=TODAY)
        assert s.get(Item, item_id).name == "Замок накладной"  # type: ignore[union-attr]
    form.values["min_stock"] = "3"  # another field than the one changed elsewhere: no conflict
    with db.session() as s:
        save_record(s, load_record(s, "item", item_id), user="u", today=TODAY)


def test_contacts_belong_to_their_client_and_are_deleted_as_tombstones(db: Database) -> None:
    from mos_desktop.services.clients import new_client_card, save_client

    with db.session() as s:
        card = new_client_card()
        card.name, card.inn = "ЖК Альфа", "7707083893"
        client_id = save_client(s, card, user="u", today=TODAY)
        with pytest.raises(ValidationError):
            save_record(s, RecordForm("contact", values={"full_name": "Без клиента"}), user="u", today=TODAY)
        contact_id = save(
            s, "contact", parent_id=client_id, full_name="Иванов И. И.", is_primary=True
        ).record_id
        contact = s.get(ContactPerson, contact_id)
        assert contact is not None and contact.client_id == client_id and contact.is_primary
        archive_record(s, ArchiveForm("contact", contact_id), user="u", today=TODAY)
        assert s.get(ContactPerson, contact_id).deleted_at is not None  # type: ignore[union-attr]
        assert s.scalars(select(User)).all() == []
