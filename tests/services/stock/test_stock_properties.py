"""Ledger properties: whatever the keeper tries, in any order, the commands keep the ledger sane.

Random documents (receipts, transfers, issues, returns, write-offs, some with serial numbers, some
back-dated) and reversals go through the commands; refused ones must write nothing. After each step:
every own location and client site ≥ 0 on every day, the balance report equals an independent replay of
the accepted documents, each serial is in exactly one place, a reversal restores the balances it undid.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from stockhelp import TODAY, USER, yard

from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import StockMove
from mos_desktop.services.stock.ledger import EXTERNAL_KINDS, balances, serial_places
from mos_desktop.services.stock.lists import stock_rows
from mos_desktop.services.stock.moves import MoveForm, MoveLineForm, post_moves
from mos_desktop.services.stock.reversal import ReverseForm, reverse_move

ROUTES = {
    "receipt": ("SUP-1", "RUM"),
    "transfer": ("RUM", "OFC"),
    "transfer_back": ("OFC", "RUM"),
    "issue": ("RUM", "CL-1"),
    "issue_office": ("OFC", "CL-1"),
    "return": ("CL-1", "RUM"),
    "write_off": ("RUM", "WO"),
}
SERIALS = [f"S{n}" for n in range(4)]

move_step = st.tuples(
    st.sampled_from([*sorted(ROUTES), "receipt", "receipt", "issue", "transfer"]),  # goods in often
    st.sampled_from(["R-01", "CAM-1"]),
    st.integers(1, 3),
    st.lists(st.sampled_from(SERIALS), min_size=1, max_size=2, unique=True),
    st.sampled_from([0, 0, 0, 1, 3]),  # days back
)
step = st.one_of(move_step, move_step, move_step, st.tuples(st.just("reverse"), st.integers(0, 30)))


def _post(s: Any, action: tuple[Any, ...]) -> str | None:
    name, sku, qty, serials, back = action
    source, target = ROUTES[name]
    kind = name.split("_")[0] if name not in ("write_off",) else "write_off"
    kind = {"issue": "issue", "transfer": "transfer"}.get(kind, kind)
    line = MoveLineForm(
        sku, str(len(serials) if sku == "CAM-1" else qty), " ".join(serials) if sku == "CAM-1" else ""
    )
    form = MoveForm(
        kind, source, target, [line], moved_on=TODAY - timedelta(days=back), note="проверка", series="П"
    )
    changes = post_moves(s, form, user=USER, today=TODAY)
    ref: str = s.get(StockMove, changes.record_id).document_ref
    return ref


def _replay(s: Any) -> dict[tuple[Any, Any], int]:
    """The balances recomputed from the raw rows, in Python."""
    out: dict[tuple[Any, Any], int] = defaultdict(int)
    for m in s.query(StockMove).filter(StockMove.deleted_at.is_(None)):
        out[(m.item_id, m.to_location_id)] += m.quantity
        out[(m.item_id, m.from_location_id)] -= m.quantity
    return {k: v for k, v in out.items() if v}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, min_size=1, max_size=20))
def test_any_sequence_of_documents_keeps_the_ledger_sane(
    db: Database, actions: list[tuple[Any, ...]]
) -> None:
    with db.session_factory() as s:
        try:
            _run(s, actions)
        finally:
            s.rollback()


def _run(s: Any, actions: list[tuple[Any, ...]]) -> None:
    y = yard(s)
    kinds = {loc.id: loc.kind for loc in (y.supplier, y.warehouse, y.office, y.transit, y.site, y.write_off)}
    posted = [  # some goods in from the start: most documents then have something to move
        _post(s, ("receipt", "R-01", 6, [], 6)),
        _post(s, ("receipt", "CAM-1", 2, ["S0", "S1"], 6)),
    ]
    for action in actions:
        rows_before = s.query(StockMove).count()
        before = {k: v for k, v in balances(s).items() if v}
        try:
            if action[0] == "reverse":
                if not posted:
                    continue
                ref = posted[action[1] % len(posted)]
                reverse_move(s, ReverseForm(ref, "проверка", series="П"), user=USER, today=TODAY)
                undone = {k: v for k, v in balances(s).items() if v}
                # the reversal took back exactly the document's own moves
                doc = s.query(StockMove).filter_by(document_ref=ref).all()
                expected = defaultdict(int, before)
                for m in doc:
                    expected[(m.item_id, m.to_location_id)] -= m.quantity
                    expected[(m.item_id, m.from_location_id)] += m.quantity
                assert undone == {k: v for k, v in expected.items() if v}
            else:
                posted.append(_post(s, action) or "")
                event(f"posted {action[0]}")
        except ValidationError:
            s.flush()
            assert s.query(StockMove).count() == rows_before  # refused: nothing written
            continue
        got = balances(s)
        # never below zero, on any day since the first move
        for back in range(0, 7):
            for (iid, lid), units in balances(s, as_of=TODAY - timedelta(days=back)).items():
                if kinds[lid] not in EXTERNAL_KINDS:
                    assert units >= 0, (iid, lid, back)
        assert {k: v for k, v in got.items() if v} == _replay(s)
        report = {(r.item_id, r.location_id): r.on_hand for r in stock_rows(s, as_of=TODAY) if r.on_hand}
        assert report == {k: v for k, v in got.items() if v and kinds[k[1]] not in EXTERNAL_KINDS}
        # each serial in exactly one place: the place of its latest move holds it, no other place does
        places = serial_places(s, y.camera.id, SERIALS)
        held: dict[str, list[Any]] = defaultdict(list)
        net: dict[tuple[str, Any], int] = defaultdict(int)
        for m in s.query(StockMove).filter(StockMove.serial != ""):
            net[(m.serial, m.to_location_id)] += 1
            net[(m.serial, m.from_location_id)] -= 1
        for (serial, lid), units in net.items():
            if kinds[lid] not in EXTERNAL_KINDS:
                assert units in (0, 1)
                if units == 1:
                    held[serial].append(lid)
        for serial, (lid, _on) in places.items():
            if kinds[lid] in EXTERNAL_KINDS:
                assert held[serial] == []
            else:
                assert held[serial] == [lid]


def test_reversal_of_a_receipt_against_an_order_reopens_it(db: Database) -> None:
    from factories import purchase_order

    from mos_desktop.models import PurchaseOrderLine, PurchaseStatus

    with db.session() as s:
        y = yard(s)
        order = purchase_order(s, "ЗП-1", y.vendor, date(2026, 11, 1), [(y.reader, 10, 1_000)])
        form = MoveForm(
            "receipt", None, "RUM", [MoveLineForm("R-01", "10")], purchase_order_id=order.id, series="П"
        )
        post_moves(s, form, user=USER, today=TODAY)
        assert order.status == PurchaseStatus.ACCEPTED
        reverse_move(s, ReverseForm("П-000001", "не тот товар"), user=USER, today=TODAY)
        line = s.query(PurchaseOrderLine).one()
        assert (line.received_quantity, order.status) == (0, PurchaseStatus.SHIPPED)
