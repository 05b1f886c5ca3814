"""The bulk insert of the payment cycle stores exactly what the ORM stores (every column, byte for byte,
defaults included) and is captured for sync like an ORM insert."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from mos_desktop.db import Database
from mos_desktop.ids import uuid7
from mos_desktop.models import Payment
from mos_desktop.services.payments.bulk import insert_rows


def _stored(db: Database, payment_id: uuid.UUID) -> dict[str, object]:
    with db.engine.connect() as conn:
        row = (
            conn.execute(text("SELECT * FROM payments WHERE id = :id"), {"id": payment_id.hex})
            .mappings()
            .one()
        )
    return dict(row)


def test_bulk_rows_equal_orm_rows_and_are_captured(db: Database) -> None:
    values = {
        "received_on": date(2026, 11, 17),
        "amount_kop": 1_200_050,
        "payer_name": "ООО «Альфа»",
        "payer_inn": "7707083893",
        "purpose": "Оплата по счёту № С-1",
        "created_by": "u",
        "updated_by": "u",
    }
    orm_id, bulk_id = uuid7(), uuid7()
    with db.session() as s:
        s.add(Payment(id=orm_id, **values))
        s.flush()
        insert_rows(s, Payment, [{"id": bulk_id, **values}])
    orm, bulk = _stored(db, orm_id), _stored(db, bulk_id)
    volatile = {"id", "created_at", "updated_at"}
    assert {k: v for k, v in orm.items() if k not in volatile} == {
        k: v for k, v in bulk.items() if k not in volatile
    }
    assert type(orm["created_at"]) is type(bulk["created_at"]) and len(str(orm["created_at"])) == len(
        str(bulk["created_at"])
    )
    with db.engine.connect() as conn:
        captured = conn.execute(
            text("SELECT row_id, kind FROM sync_outbox WHERE table_name = 'payments' ORDER BY seq")
        ).all()
    assert [(r, k) for r, k in captured] == [(orm_id.hex, "insert"), (bulk_id.hex, "insert")]
