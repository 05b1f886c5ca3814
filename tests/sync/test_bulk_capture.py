"""A bank statement imported in bulk (``sync.capture.insert_captured``: one INSERT … SELECT into the outbox
instead of a trigger per row) reaches another workstation exactly like rows captured one by one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from services.payments.statement_files import OUR_ACCOUNT, document, encode, statement
from synchelp import outbox, sync, table_dump

from mos_desktop.db import Database
from mos_desktop.ids import client_id_for_inn, uuid7
from mos_desktop.models import Client, Invoice
from mos_desktop.services.payments.bank_import import StatementImportForm, apply_statement

pytestmark = pytest.mark.pg


def test_a_statement_imported_in_bulk_syncs_to_another_workstation(
    server: str, replicas: Callable[[str], Database]
) -> None:
    a, b = replicas("a"), replicas("b")
    with a.session() as s:
        alpha = Client(id=client_id_for_inn("7707083893"), name="ЖК Альфа", inn="7707083893")
        s.add(alpha)
        s.flush()
        s.add(Invoice(id=uuid7(), number="С-1", client_id=alpha.id, issued_on=date(2026, 11, 15),
                      period=date(2026, 11, 1), total_kop=1_200_000))  # fmt: skip
    data = encode(
        statement(
            document(number="1", amount="12000.00"),  # settles С-1
            document(number="2", amount="500.00", payer_inn="7736207543", purpose="Возврат"),  # unmatched
            document(
                number="3",
                amount="300.00",
                payer_account=OUR_ACCOUNT,
                payee_account="40702810100000000003",
                received=None,
                written_off=date(2026, 11, 18),
            ),  # outgoing
        )
    )
    before = len(outbox(a))
    with a.session() as s:
        result = apply_statement(
            s,
            StatementImportForm(data, "выписка.txt", frozenset({OUR_ACCOUNT})),
            user="u",
            today=date(2026, 11, 23),
        )
    assert result.summary.matched.count == 1
    captured = outbox(a)[before:]
    assert [(row[0], row[1]) for row in captured] == [("payments", "insert")] * 3 + [
        ("payment_allocations", "insert")
    ]
    sync(a, server)
    assert outbox(a) == []
    sync(b, server)
    for table in ("payments", "payment_allocations"):
        assert table_dump(b, table) == table_dump(a, table), table
