"""The register of issued documents and their e-mail state: a send recorded on the document (and the
client's history), a failure listed «не отправлен» with its reason; issuing a shipment's ТОРГ-12 or УПД
moves its closing documents to «отправлены»."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area
from mos_desktop.config import Settings
from mos_desktop.documents import api
from mos_desktop.documents.register import (
    SendForm,
    list_client_documents,
    list_issued_documents,
    record_send,
)
from mos_desktop.documents.samples import TODAY
from mos_desktop.models import DocsStatus, Interaction, Shipment


def row_of(listing: object, doc_id: object) -> dict[str, object]:
    rows = [r for r in listing.rows if r.id == doc_id]  # type: ignore[attr-defined]
    assert len(rows) == 1
    return dict(zip([c.key for c in listing.columns], rows[0].values, strict=True))  # type: ignore[attr-defined]


def test_an_issued_document_is_listed_with_its_client_and_total(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    prepared = api.prepare(s, "invoice", refs["invoice"], settings=settings, today=TODAY)
    assert prepared.issued is not None
    listing = list_issued_documents(s, today=TODAY)
    row = row_of(listing, prepared.issued.id)
    assert row["number"] == prepared.number and row["kind"] == "Счёт на оплату"
    assert row["total"] == prepared.data.total_kop and row["client"] and row["sent"] == ""
    assert listing.rows[0].kind == "issued_document"
    mine = list_client_documents(s, prepared.issued.client_id)  # type: ignore[arg-type]
    assert "client" not in [c.key for c in mine.columns]
    assert prepared.issued.id in [r.id for r in mine.rows]


def test_a_send_is_recorded_and_a_failure_keeps_it_unsent_with_the_reason(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    prepared = api.prepare(s, "act", refs["act"], settings=settings, today=TODAY)
    issued = prepared.issued
    assert issued is not None
    title = f"{prepared.form.title} № {prepared.number}"
    reason = "Почтовый сервер smtp.test:465 не принял логин или пароль"
    failed = record_send(
        s, SendForm(issued.id, issued.client_id, title, ("buh@client.test",), reason), user="u", today=TODAY
    )
    assert Area.DOCUMENTS in failed.areas and "не отправлен" in failed.message
    assert issued.sent_at is None and issued.send_error == reason
    row = row_of(list_issued_documents(s, today=TODAY), issued.id)
    assert row["sent"] == f"не отправлен: {reason}"
    assert not s.scalars(select(Interaction).where(Interaction.summary.contains(prepared.number))).all()

    sent = record_send(
        s, SendForm(issued.id, issued.client_id, title, ("buh@client.test",)), user="u", today=TODAY
    )
    assert {Area.DOCUMENTS, Area.INTERACTIONS} <= sent.areas
    assert issued.sent_at is not None and issued.send_error == "" and issued.sent_to == "buh@client.test"
    row = row_of(list_issued_documents(s, today=TODAY), issued.id)
    assert str(row["sent"]).startswith("отправлен ") and "buh@client.test" in str(row["sent"])
    assert s.scalars(select(Interaction).where(Interaction.summary.contains(prepared.number))).all()


def test_issuing_torg12_moves_the_shipment_documents_to_sent(
    s: Session, refs: dict[str, str], settings: Settings
) -> None:
    shipment = s.scalars(select(Shipment).where(Shipment.number == refs["torg12"])).one()
    shipment.docs_status, shipment.docs_sent_on = DocsStatus.NONE, None
    s.flush()
    prepared = api.prepare(s, "torg12", refs["torg12"], settings=settings, today=TODAY)
    assert shipment.docs_status == DocsStatus.SENT and shipment.docs_sent_on == TODAY
    assert prepared.changes is not None and Area.SHIPMENTS in prepared.changes.areas
    assert prepared.issued is not None
    row = row_of(list_issued_documents(s, today=TODAY), prepared.issued.id)
    assert row["signed"] == "Отправлены, ждём подписи"
    shipment.docs_status = DocsStatus.SIGNED  # signed copy back: a later paper leaves it signed
    s.flush()
    upd = api.prepare(s, "upd", refs["upd"], settings=settings, today=TODAY)
    assert shipment.docs_status == DocsStatus.SIGNED and upd.changes is not None and upd.changes.empty


def test_a_preview_moves_nothing(s: Session, refs: dict[str, str], settings: Settings) -> None:
    shipment = s.scalars(select(Shipment).where(Shipment.number == refs["torg12"])).one()
    shipment.docs_status = DocsStatus.NONE
    s.flush()
    savepoint = s.begin_nested()
    api.prepare(s, "torg12", refs["torg12"], settings=settings, today=TODAY)
    savepoint.rollback()
    assert s.get(Shipment, shipment.id).docs_status == DocsStatus.NONE  # type: ignore[union-attr]
