"""The warehouse as a ledger, simulated in date order so no location ever goes below zero.

Areas hand over events (ship, deliver, use a part on a visit); :class:`StockBook` runs them by date and
tops up the office from Румянцево and Румянцево from suppliers (through purchase orders) whenever
something would run short. Transfers happen on the day of the need; receipts may be back-dated
(an earlier inflow can never make a balance negative).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from mos_desktop.demo.catalogue import ItemInfo, next_serial
from mos_desktop.demo.context import ClientInfo, Ctx, add_months, workday_on_or_after, workdays
from mos_desktop.models import (
    Location,
    LocationKind,
    MoveKind,
    SerialNumber,
    StockCount,
    StockCountLine,
    StockMove,
)

if TYPE_CHECKING:
    from mos_desktop.demo.purchasing import Purchasing

KEEPER = "Кузьмин Олег"
OFFICE_CONSUMABLES = ("RFID-CARD", "RFID-FOB", "RFID-UHF", "REMOTE-DH", "PSU-12V5A", "BTN-EXIT", "RDR-EM")

Event = tuple[date, int, int, Callable[[], None]]


class StockBook:
    def __init__(self, ctx: Ctx, purchasing: Purchasing) -> None:
        self.ctx = ctx
        self.purchasing = purchasing
        self.items: dict[str, ItemInfo] = ctx.shared["items"]
        loc = ctx.shared["loc"]
        self.warehouse: uuid.UUID = loc["warehouse"]
        self.office: uuid.UUID = loc["office"]
        self.write_off: uuid.UUID = loc["write_off"]
        self.transit: uuid.UUID = loc["transit"]
        self.balance: dict[tuple[str, uuid.UUID], int] = defaultdict(int)
        self.pools: dict[tuple[str, uuid.UUID], list[str]] = defaultdict(list)
        self.events: list[Event] = []
        self.transfer_seq = 0

    # --- scheduling -------------------------------------------------------------------------------

    def on(self, day: date, priority: int, action: Callable[[], None]) -> None:
        self.events.append((day, priority, len(self.events), action))

    def run(self) -> None:
        for _, _, _, action in sorted(self.events, key=lambda e: (e[0], e[1], e[2])):
            action()

    # --- the ledger -------------------------------------------------------------------------------

    def move(
        self,
        item: ItemInfo,
        qty: int,
        src: uuid.UUID,
        dst: uuid.UUID,
        day: date,
        *,
        doc: str,
        serials: list[str] | None = None,
        virtual_source: bool = False,
        author: str = KEEPER,
        **refs: Any,
    ) -> list[tuple[uuid.UUID, str]]:
        """Post a move (one row per serial for tracked items); returns (move id, serial) pairs."""
        key_src, key_dst = (item.sku, src), (item.sku, dst)
        if not virtual_source and self.balance[key_src] < qty:
            raise AssertionError(f"demo stock would go negative: {item.sku} at {src}")
        base = {
            "item_id": item.id,
            "from_location_id": src,
            "to_location_id": dst,
            "moved_on": day,
            "document_ref": doc,
            "author": author,
            "shipment_id": refs.get("shipment_id"),
            "purchase_order_id": refs.get("purchase_order_id"),
            "visit_id": refs.get("visit_id"),
            "reverses_move_id": refs.get("reverses_move_id"),
            "note": refs.get("note", ""),
            "kind": (refs.get("kind") or self.kind_of(src, dst, virtual_source, refs)).value,
        }
        out: list[tuple[uuid.UUID, str]] = []
        if item.serial:
            if serials is None:
                pool = self.pools[key_src]
                serials = pool[:qty]
                del pool[:qty]
            elif not virtual_source:
                pool = self.pools[key_src]
                for s in serials:
                    pool.remove(s)
            self.pools[key_dst].extend(serials)
            for s in serials:
                out.append((self.ctx.add(StockMove, quantity=1, serial=s, **base), s))
        else:
            out.append((self.ctx.add(StockMove, quantity=qty, serial="", **base), ""))
        if not virtual_source:
            self.balance[key_src] -= qty
        self.balance[key_dst] += qty
        return out

    def kind_of(self, src: uuid.UUID, dst: uuid.UUID, virtual_source: bool, refs: dict[str, Any]) -> MoveKind:
        """The kind a keeper would have posted the move as (the routes of ``services.stock.moves``)."""
        if refs.get("reverses_move_id") is not None:
            return MoveKind.REVERSAL
        if virtual_source:  # only receipts come from outside
            return MoveKind.RECEIPT
        own = (self.warehouse, self.office, self.transit)
        if dst == self.write_off:
            return MoveKind.WRITE_OFF
        if src in own:
            return MoveKind.TRANSFER if dst in own else MoveKind.ISSUE
        return MoveKind.RETURN

    def receive(
        self, item: ItemInfo, qty: int, supplier_loc: uuid.UUID, day: date, doc: str, po_id: uuid.UUID
    ) -> None:
        serials = None
        if item.serial:
            serials = [next_serial(self.ctx, item, day.year) for _ in range(qty)]
            for s in serials:
                self.ctx.add(SerialNumber, item_id=item.id, serial=s, notes="")
        self.move(
            item, qty, supplier_loc, self.warehouse, day,
            doc=doc, serials=serials, virtual_source=True, purchase_order_id=po_id, note="Приёмка от поставщика",
        )  # fmt: skip

    def ensure(self, item: ItemInfo, qty: int, loc: uuid.UUID, day: date) -> None:
        """Make ``qty`` of ``item`` available at ``loc`` on ``day``."""
        short = qty - self.balance[(item.sku, loc)]
        if short <= 0:
            return
        if loc == self.office:
            extra = item.min_stock // 2 if item.sku in OFFICE_CONSUMABLES else 0
            self.transfer(item, short + extra, day)
        elif loc == self.warehouse:
            self.purchasing.replenish(self, item, short, day)
        else:
            raise AssertionError(f"demo: nothing refills location {loc}")

    def transfer(self, item: ItemInfo, qty: int, day: date, note: str = "Перемещение на офис") -> None:
        self.ensure(item, qty, self.warehouse, day)
        self.transfer_seq += 1
        doc = f"ПМ-{day.year}-{self.transfer_seq:04d}"
        self.move(item, qty, self.warehouse, self.office, day, doc=doc, note=note)

    def client_location(self, client: ClientInfo) -> uuid.UUID:
        if client.location_id is None:
            client.location_id = self.ctx.add(
                Location,
                code=f"CL-{client.number:05d}",
                name=client.name,
                kind=LocationKind.CLIENT_SITE,
                address=client.sites[0].address if client.sites else "",
                client_id=client.id,
            )
        return client.location_id


def schedule_housekeeping(ctx: Ctx, book: StockBook) -> None:
    """Monthly office top-ups, write-offs, one mistaken move with its reversal, one stock count."""
    rng = ctx.rng("stock")
    items = book.items
    month = ctx.window_start
    while month <= ctx.today:
        day = workday_on_or_after(month)
        if day <= ctx.today:
            book.on(day, 0, partial(_office_top_up, ctx, book, day))
        month = add_months(month, 1)
    days = workdays(ctx.window_start + timedelta(days=5), ctx.today - timedelta(days=1))
    damages = (("BOOM-4M", 1, "Стрела повреждена при разгрузке"), ("CBL-UTP", 25, "Обрезки кабеля"),
               ("RFID-CARD", 20, "Брак карт"), ("LAMP-SIG", 1, "Разбита при хранении"))  # fmt: skip
    for n in range(max(1, round(ctx.months / 3))):
        sku, qty, note = damages[n % len(damages)]
        day = rng.choice(days)
        book.on(day, 4, partial(_write_off, book, items[sku], qty, day, note, n))
    fix_day = days[max(0, len(days) - 15)]
    book.on(fix_day, 5, lambda: _mistake_and_reversal(book, items["CBL-UTP"], fix_day))
    count_day = days[max(0, len(days) - 6)]
    book.on(count_day, 6, lambda: _stock_count(ctx, book, count_day))


def _office_top_up(ctx: Ctx, book: StockBook, day: date) -> None:
    for sku in OFFICE_CONSUMABLES:
        item = book.items[sku]
        target = max(1, round(item.min_stock * max(1.0, ctx.scale / 4)))
        have = book.balance[(sku, book.office)]
        if have < target:
            book.transfer(item, target - have, day, note="Пополнение запаса офиса")


def _write_off(book: StockBook, item: ItemInfo, qty: int, day: date, note: str, n: int) -> None:
    qty = min(qty, book.balance[(item.sku, book.warehouse)])
    if qty > 0:
        book.move(item, qty, book.warehouse, book.write_off, day, doc=f"СП-{day.year}-{n + 1:03d}", note=note)


def _mistake_and_reversal(book: StockBook, item: ItemInfo, day: date) -> None:
    book.ensure(item, 100, book.warehouse, day)
    wrong = book.move(
        item, 100, book.warehouse, book.office, day, doc="ПМ-ОШИБКА", note="Перемещение на офис"
    )
    book.move(
        item, 100, book.office, book.warehouse, day,
        doc="ПМ-ОШИБКА-СТОРНО", reverses_move_id=wrong[0][0], note="Сторно: перемещение внесено по ошибке",
    )  # fmt: skip


def _stock_count(ctx: Ctx, book: StockBook, day: date) -> None:
    count_id = ctx.add(StockCount, location_id=book.warehouse, counted_on=day, closed=True, counted_by=KEEPER)
    short_skus = ("RFID-CARD", "ANCHOR-M12")
    for item in book.items.values():
        expected = book.balance[(item.sku, book.warehouse)]
        if expected <= 0 and item.min_stock == 0:
            continue
        counted = expected
        if item.sku in short_skus and expected > 3:
            counted = expected - (3 if item.sku == "RFID-CARD" else 1)
            book.move(
                item, expected - counted, book.warehouse, book.write_off, day,
                doc=f"ИНВ-{day:%Y%m%d}", note="Недостача по инвентаризации", kind=MoveKind.ADJUSTMENT,
            )  # fmt: skip
        ctx.add(StockCountLine, count_id=count_id, item_id=item.id, expected=expected, counted=counted)
