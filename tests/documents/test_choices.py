"""Whom a paper is e-mailed to: one rule, two orders (a printed paper: signers first; a resent invoice: the
client's own address first)."""

from __future__ import annotations

from factories import add, client

from mos_desktop.db import Database
from mos_desktop.documents.choices import recipients
from mos_desktop.models import ContactPerson
from mos_desktop.services.payments.resend import client_addresses


def test_recipients_in_both_orders(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа", email="office@alfa.example")
        add(
            s,
            ContactPerson(
                client_id=owner.id, full_name="Бухгалтер", email="buh@alfa.example", is_primary=True
            ),
        )
        add(
            s,
            ContactPerson(
                client_id=owner.id, full_name="Директор", email="dir@alfa.example", signs_documents=True
            ),
        )
        add(s, ContactPerson(client_id=owner.id, full_name="Дубль", email="office@alfa.example"))
        assert recipients(s, owner.id) == ["dir@alfa.example", "buh@alfa.example", "office@alfa.example"]
        assert client_addresses(s, owner.id) == [
            "office@alfa.example",
            "buh@alfa.example",
            "dir@alfa.example",
        ]
        assert recipients(s, None) == []
