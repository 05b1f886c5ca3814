"""The prepaid Dostavista balance as a ledger: top-ups before it runs dry, a charge per courier trip;
the demo ends a little above the low-balance warning."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from mos_desktop.demo.context import Ctx
from mos_desktop.models import CarrierKind, DostavistaEntry

DOSTAVISTA_WARNING_KOP = 500_000


def make_dostavista(ctx: Ctx) -> None:
    """Top-ups and charges; the balance ends a little above the low-balance warning."""
    rng = ctx.rng("dostavista")
    charges = sorted(
        (p.row["shipped_at"], p.row["cost_kop"], p.row["id"], p.row["tracking_number"], p.row["number"])
        for p in ctx.shared.get("shipment_plans", [])
        if p.row["carrier_kind"] == CarrierKind.COURIER and p.row["shipped_at"] is not None
    )
    top_up = max(2_000_000, round(sum(c[1] for c in charges) / max(1, ctx.months) / 2 / 100000) * 100000)
    balance = 0
    rows: list[dict[str, Any]] = []
    for at, cost, shipment_id, order, number in charges:
        if balance - cost < DOSTAVISTA_WARNING_KOP // 2:
            rows.append(
                {
                    "at": at - timedelta(hours=1),
                    "amount_kop": top_up,
                    "shipment_id": None,
                    "order_number": "",
                    "note": f"Пополнение баланса, п/п № {rng.randint(100, 999)}",
                }
            )
            balance += top_up
        rows.append(
            {
                "at": at,
                "amount_kop": -cost,
                "shipment_id": shipment_id,
                "order_number": order,
                "note": f"Доставка {number}",
            }
        )
        balance -= cost
    _land_near_warning(rows, rng)
    for r in rows:
        ctx.add(DostavistaEntry, **r)


def _land_near_warning(rows: list[dict[str, Any]], rng: random.Random) -> None:
    """Lower the last top-up so the final balance sits just above the warning, never below zero."""
    tops = [i for i, r in enumerate(rows) if r["amount_kop"] > 0]
    if not tops:
        return
    last = tops[-1]
    running, lowest_after = 0, None
    for i, r in enumerate(rows):
        running += r["amount_kop"]
        if i >= last:
            lowest_after = running if lowest_after is None else min(lowest_after, running)
    target = DOSTAVISTA_WARNING_KOP + rng.randint(5, 30) * 10000
    cut = min(running - target, (lowest_after or 0) - 100000, rows[last]["amount_kop"] - 500000)
    if cut > 0:
        rows[last]["amount_kop"] -= cut
