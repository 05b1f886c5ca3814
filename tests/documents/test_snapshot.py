"""The content snapshot: every form's data survives JSON as it was, and a re-print shows what was issued even
after the company's requisites and texts changed; an older version re-prints by its id."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from readback import pdf_text
from sqlalchemy.orm import Session

from mos_desktop.config import Settings
from mos_desktop.documents import api, snapshot
from mos_desktop.documents.company import demo_settings
from mos_desktop.documents.samples import TODAY
from mos_desktop.models import IssuedDocument


@pytest.mark.parametrize("kind", ["invoice", "act", "visit-act", "handover-act", "torg12", "upd", "claim"])
def test_every_form_survives_its_snapshot(
    s: Session, refs: dict[str, str], settings: Settings, kind: str
) -> None:
    prepared = api.prepare(s, kind, refs[kind], settings=settings, today=TODAY)
    assert prepared.issued is not None and prepared.issued.snapshot
    assert snapshot.loads(prepared.issued.snapshot) == prepared.data


def test_values_of_every_type_round_trip() -> None:
    value = {"a": (1, "б", None, True), "d": Decimal("1.05"), "x": [b"\x89PNG", TODAY]}
    assert snapshot.loads(snapshot.dumps(value)) == value
    with pytest.raises(TypeError):
        snapshot.dumps(1.5)


def test_a_class_outside_the_documents_package_is_refused() -> None:
    text = '{"v":1,"data":{"$dc":"subprocess:Popen","f":{}}}'
    with pytest.raises(ValueError):
        snapshot.loads(text)


def test_reprint_keeps_the_requisites_printed_first(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    first = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    pdf = first.render("pdf")
    moved = dataclasses.replace(
        demo_settings(),
        company_address="101000, г. Москва, ул. Новая, д. 1",
        invoice_note="Новый текст примечания.",
    )
    again = api.prepare(s, "invoice", refs["invoice"], settings=moved, today=TODAY)
    assert again.render("pdf") == pdf
    assert "Новая" not in pdf_text(again.render("pdf"))
    corrected = api.prepare(s, "invoice", refs["invoice"], settings=moved, today=TODAY, new_version=True)
    assert "Новая" in pdf_text(corrected.render("pdf"))  # a correction is laid out with today's settings


def test_an_older_version_reprints_by_its_own_id(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    first = api.prepare(s, "act", refs["act"], settings=settings, today=TODAY)
    assert first.issued is not None
    correction = api.prepare(s, "act", refs["act"], settings=settings, today=TODAY, new_version=True)
    assert correction.number == first.number + "-И1"
    old = api.prepare(s, "act", str(first.issued.id), settings=settings, today=TODAY)
    assert old.number == first.number and old.issued is not None and old.issued.id == first.issued.id
    assert isinstance(old.issued, IssuedDocument)
    assert api.form_key_of(first.issued.kind) == "act"
