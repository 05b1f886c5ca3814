"""Buying: purchase orders that refill Румянцево (accepted, paid) and the open pipeline of this week."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from mos_desktop.demo.catalogue import ItemInfo, SupplierInfo
from mos_desktop.demo.checksums import make_inn10
from mos_desktop.demo.context import Ctx, add_months, workday_on_or_after, workday_on_or_before
from mos_desktop.models import (
    Client,
    GoodsRequest,
    GoodsRequestAnswer,
    Payable,
    PayableKind,
    PayableStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseStatus,
)

if TYPE_CHECKING:
    from mos_desktop.demo.stock import StockBook

Row = dict[str, Any]


class Purchasing:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("purchasing")
        self.suppliers: list[SupplierInfo] = ctx.shared["suppliers"]
        self.by_id = {s.id: s for s in self.suppliers}
        self.open: dict[tuple[uuid.UUID, date], Row] = {}  # (supplier, receipt day) → accepted order
        self.seq = 0

    def cheapest(self, item: ItemInfo, day: date) -> tuple[SupplierInfo, int]:
        offers = []
        for s in self.suppliers:
            price = s.price_on(item.sku, day)
            if price is None and item.sku in s.prices:
                price = s.prices[item.sku][0][2]  # before the first known price: the oldest one
            if price is not None:
                offers.append((price, s.name, s))
        price, _, supplier = min(offers, key=lambda o: (o[0], o[1]))
        return supplier, price

    def _order(self, supplier: SupplierInfo, status: PurchaseStatus, ordered_on: date, **values: Any) -> Row:
        self.seq += 1
        self.ctx.add(
            PurchaseOrder,
            number=f"ЗП-{ordered_on.year}-{self.seq:04d}",
            supplier_id=supplier.id,
            status=status,
            ordered_on=ordered_on,
            supplier_invoice_number=values.pop("invoice", ""),
            supplier_invoice_kop=0,
            expected_on=values.pop("expected_on", None),
            accepted_on=values.pop("accepted_on", None),
            remote_acceptance=values.pop("remote", False),
            non_standard=values.pop("non_standard", False),
            payable_id=None,
            notes=values.pop("notes", ""),
        )
        return self.ctx.rows[PurchaseOrder][-1]

    def _line(self, order: Row, item: ItemInfo, qty: int, price: int, received: int) -> None:
        self.ctx.add(
            PurchaseOrderLine,
            order_id=order["id"],
            item_id=item.id,
            quantity=qty,
            price_kop=price,
            received_quantity=received,
        )
        order["supplier_invoice_kop"] += qty * price

    def replenish(self, book: StockBook, item: ItemInfo, short: int, day: date) -> None:
        """Receive enough of ``item`` into Румянцево on or a little before ``day``."""
        supplier, price = self.cheapest(item, day)
        receipt = workday_on_or_before(day - timedelta(days=self.rng.randint(0, 3)))
        receipt = max(receipt, self.ctx.window_start - timedelta(days=20))
        if receipt > day:
            receipt = day
        week = receipt - timedelta(days=receipt.weekday())
        order = self.open.get((supplier.id, week))
        if order is None or order["accepted_on"] > day:
            ordered = workday_on_or_before(receipt - timedelta(days=self.rng.randint(3, 10)))
            order = self._order(
                supplier, PurchaseStatus.ACCEPTED, ordered,
                invoice=str(self.rng.randint(100, 9999)), expected_on=receipt, accepted_on=receipt,
                remote=self.rng.random() < 0.1,
            )  # fmt: skip
            self.open[(supplier.id, week)] = order
        batch = max(item.min_stock, item.qty_max * 2) * max(1, round(self.ctx.scale))
        qty = short + batch
        self._line(order, item, qty, price, qty)
        book.receive(
            item, qty, supplier.location_id, order["accepted_on"], f"ПТ-{order['number']}", order["id"]
        )

    def open_pipeline(self) -> None:
        """Orders in every state, dated around this week, so the suppliers tab has work."""
        ctx, rng = self.ctx, self.rng
        items: dict[str, ItemInfo] = ctx.shared["items"]
        today = ctx.today
        plan: list[tuple[PurchaseStatus, int]] = [
            (PurchaseStatus.DRAFT, 1), (PurchaseStatus.INVOICE_REQUESTED, 2), (PurchaseStatus.INVOICE_RECEIVED, 2),
            (PurchaseStatus.IN_PLAN, 2), (PurchaseStatus.PAID, 2), (PurchaseStatus.SHIPPED, 2),
            (PurchaseStatus.CANCELLED, 1),
        ]  # fmt: skip
        arrivals: list[date] = []
        late = True  # one shipped order is late (the carrier is holding it): the overdue list has work
        for status, n in plan:
            for _ in range(min(n * max(1, round(ctx.scale)), 40)):
                item = rng.choice(list(items.values()))
                supplier, price = self.cheapest(item, today)
                ordered = workday_on_or_before(today - timedelta(days=rng.randint(0, 6)))
                expected = None
                if status in (PurchaseStatus.PAID, PurchaseStatus.SHIPPED):
                    expected = workday_on_or_after(
                        today + timedelta(days=rng.randint(0 if status == PurchaseStatus.SHIPPED else 3, 10))
                    )
                    if status == PurchaseStatus.SHIPPED and late:
                        expected, late = workday_on_or_before(today - timedelta(days=2)), False
                    arrivals.append(expected)
                order = self._order(
                    supplier, status, ordered,
                    invoice=str(rng.randint(100, 9999)) if status not in (PurchaseStatus.DRAFT, PurchaseStatus.INVOICE_REQUESTED) else "",
                    expected_on=expected, remote=status == PurchaseStatus.SHIPPED and rng.random() < 0.5,
                    notes="Отменён: поставщик поднял цену" if status == PurchaseStatus.CANCELLED else "",
                )  # fmt: skip
                qty = rng.randint(item.qty_min, item.qty_max) * 3
                self._line(order, item, qty, price, 0)
                if rng.random() < 0.5:
                    other = rng.choice(list(items.values()))
                    if other is not item and other.sku in supplier.prices:
                        self._line(
                            order,
                            other,
                            rng.randint(other.qty_min, other.qty_max) * 2,
                            supplier.prices[other.sku][-1][2],
                            0,
                        )
        boom = items["BOOM-6M"]
        supplier = self.suppliers[0]
        order = self._order(
            supplier, PurchaseStatus.INVOICE_REQUESTED, workday_on_or_before(today - timedelta(days=1)),
            non_standard=True, notes="Нестандарт: стрела 7,5 м с подсветкой, срок изготовления уточняется",
        )  # fmt: skip
        self._line(order, boom, 1, boom.price_kop * 2, 0)
        self._goods_requests(order)
        ctx.shared["goods_arrivals"] = sorted(arrivals)

    def _goods_requests(self, boom_order: Row) -> None:
        """Non-standard requests (no randomness: the other demo rows stay as they were): the boom ordered
        after two suppliers answered, a heated barrier still being looked for."""
        ctx = self.ctx
        clients = ctx.rows[Client]
        today = ctx.today
        first, second = self.suppliers[0], self.suppliers[-1]
        asked = workday_on_or_before(today - timedelta(days=6))
        boom = ctx.add(
            GoodsRequest,
            what="Стрела шлагбаума 7,5 м с подсветкой",
            client_id=clients[0]["id"],
            requested_on=asked,
            quantity=1,
            status="ordered",
            outcome=f"Заказана у «{first.name}» ({boom_order['number']})",
            purchase_order_id=boom_order["id"],
        )
        for supplier, answer, price, lead in (
            (first, "Изготовят под заказ", boom_order_price(ctx, boom_order), 21),
            (second, "Только 6 м, 7,5 м не делают", None, None),
        ):
            ctx.add(
                GoodsRequestAnswer,
                request_id=boom,
                supplier_id=supplier.id,
                asked_on=asked,
                answer=answer,
                price_kop=price,
                lead_days=lead,
            )
        barrier = ctx.add(
            GoodsRequest,
            what="Шлагбаум с обогревом привода для северного въезда",
            client_id=clients[-1]["id"],
            requested_on=workday_on_or_before(today - timedelta(days=2)),
            quantity=2,
            status="open",
            outcome="",
            purchase_order_id=None,
        )
        ctx.add(
            GoodsRequestAnswer,
            request_id=barrier,
            supplier_id=first.id,
            asked_on=workday_on_or_before(today - timedelta(days=1)),
            answer="",
            price_kop=None,
            lead_days=None,
        )

    def payables(self) -> None:
        """One supplier invoice per order that has one: paid in the past, due this week for open ones."""
        ctx, rng = self.ctx, self.rng
        for order in ctx.rows[PurchaseOrder]:
            status = order["status"]
            if not order["supplier_invoice_number"] or status == PurchaseStatus.CANCELLED:
                continue
            issued = min(order["ordered_on"] + timedelta(days=1), ctx.today)
            due = workday_on_or_after(issued + timedelta(days=rng.randint(2, 5)))
            paid_on = None
            if status in (PurchaseStatus.ACCEPTED, PurchaseStatus.PAID, PurchaseStatus.SHIPPED):
                pay_status = PayableStatus.PAID
                paid_on = min(due, order["accepted_on"] or ctx.today, ctx.today)
                paid_on = max(paid_on, issued)
            elif status == PurchaseStatus.IN_PLAN:
                pay_status = PayableStatus.IN_PLAN
                due = workday_on_or_after(ctx.today + timedelta(days=rng.randint(0, 4)))
            else:
                pay_status = PayableStatus.RECEIVED
                due = workday_on_or_after(ctx.today + timedelta(days=rng.randint(1, 6)))
            supplier = self.by_id[order["supplier_id"]]
            order["payable_id"] = ctx.add(
                Payable,
                kind=PayableKind.SUPPLIER,
                status=pay_status,
                counterparty=supplier.name,
                counterparty_inn=supplier.inn,
                supplier_id=supplier.id,
                contractor_id=None,
                number=order["supplier_invoice_number"],
                issued_on=issued,
                due_on=due,
                amount_kop=order["supplier_invoice_kop"],
                entered_in_plan_on=issued + timedelta(days=1)
                if pay_status != PayableStatus.RECEIVED
                else None,
                paid_on=paid_on,
                purpose=f"Оплата по счёту № {order['supplier_invoice_number']} за оборудование (заказ {order['number']})",
            )


def boom_order_price(ctx: Ctx, order: Row) -> int:
    """The unit price on an order's first line."""
    return next(line["price_kop"] for line in ctx.rows[PurchaseOrderLine] if line["order_id"] == order["id"])


def rent_payables(ctx: Ctx, rng: random.Random) -> None:
    """The monthly rent of the Румянцево warehouse: an ordinary payable, paid until this month."""
    landlord_inn = make_inn10(rng, "77")
    month = ctx.window_start
    while month <= ctx.today:
        due = workday_on_or_after(month.replace(day=5))
        paid = due <= ctx.today
        ctx.add(
            Payable,
            kind=PayableKind.OTHER,
            status=PayableStatus.PAID if paid else PayableStatus.IN_PLAN,
            counterparty='ООО "БП Румянцево"',
            counterparty_inn=landlord_inn,
            supplier_id=None,
            contractor_id=None,
            number=f"А-{month:%m%y}",
            issued_on=month,
            due_on=due,
            amount_kop=8500000,
            entered_in_plan_on=month,
            paid_on=due - timedelta(days=rng.randint(0, 2)) if paid else None,
            purpose=f"Аренда складского помещения за {month:%m.%Y}",
        )
        month = add_months(month, 1)
