"""Move documents: the keeper's commands on the stock ledger.

``post_moves`` posts one document of several lines (receipt against a purchase order, transfer, issue to
a client's site, return, write-off, count adjustment); ``reversal.reverse_move`` undoes a posted move or a
whole document with reversing entries through ``check_stock`` here. Both validate everything first — locations of the right kinds, items,
quantities, one serial number per unit, no location below zero on any day from the move's date on, each
serial where the move takes it from — and write nothing on any error. Moves are never edited or deleted.

Document numbers are the workstation's series (settings «Серия номеров документов рабочего места», else
the workstation id) and a counter, so two offline workstations never issue the same number.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import (
    Item,
    Location,
    LocationKind,
    MoveKind,
    PurchaseOrder,
    SerialNumber,
    Shipment,
    StockMove,
    Supplier,
)
from mos_desktop.russian import plural_ru
from mos_desktop.services.purchasing.receiving import RECEIVABLE, apply_receipt, remainders
from mos_desktop.services.stock.labels import MOVE_KIND_RU
from mos_desktop.services.stock.ledger import is_external, lowest_many, serial_places
from mos_desktop.services.stock.places import (
    LocationRef,
    find_item,
    find_location,
    find_serial,
    main_warehouse,
    next_document_ref,
    parse_int,
    split_serials,
    supplier_location,
    write_off_location,
)
from mos_desktop.services.stock.reservations import Reservation, reservations

OWN = frozenset({LocationKind.WAREHOUSE, LocationKind.OFFICE, LocationKind.IN_TRANSIT})
SITE = frozenset({LocationKind.CLIENT_SITE})
SUPPLIER = frozenset({LocationKind.SUPPLIER})
WRITE_OFF = frozenset({LocationKind.WRITE_OFF})

# kind → the (from kinds, to kinds) pairs it may connect
ROUTES: dict[MoveKind, tuple[tuple[frozenset[LocationKind], frozenset[LocationKind]], ...]] = {
    MoveKind.RECEIPT: ((SUPPLIER, OWN),),
    MoveKind.TRANSFER: ((OWN, OWN),),
    MoveKind.ISSUE: ((OWN, SITE),),
    MoveKind.RETURN: ((SITE, OWN), (OWN, SUPPLIER)),
    MoveKind.WRITE_OFF: ((OWN | SITE, WRITE_OFF),),
    MoveKind.ADJUSTMENT: ((WRITE_OFF, OWN), (OWN, WRITE_OFF)),
}
ROUTE_HINT = {
    MoveKind.RECEIPT: "от поставщика на склад или в офис",
    MoveKind.TRANSFER: "между складом, офисом и «в пути»",
    MoveKind.ISSUE: "со склада или из офиса на объект клиента",
    MoveKind.RETURN: "с объекта клиента на склад или со склада поставщику",
    MoveKind.WRITE_OFF: "со склада, из офиса или с объекта в списание",
    MoveKind.ADJUSTMENT: "между списанием и складом (офисом)",
}


@dataclass
class MoveLineForm:
    """One line as typed or scanned: the SKU (or item id), quantity, serial numbers (one per unit of a
    serial-tracked item, separated by spaces, commas or new lines); for receipts also refused units."""

    sku: str | uuid.UUID = ""
    quantity: str = "1"
    serials: str = ""
    defective: str = "0"  # receipts: units refused (damaged, wrong), not taken into stock


@dataclass
class MoveForm:
    """A move document. ``from_location`` / ``to_location``: a location id, code or name; a receipt
    against an order may leave ``from_location`` empty (the order's supplier) and ``to_location`` empty
    (the warehouse), a write-off its ``to_location`` (the write-off location)."""

    kind: MoveKind | str
    from_location: LocationRef = None
    to_location: LocationRef = None
    lines: list[MoveLineForm] = field(default_factory=list)
    moved_on: date | None = None  # None: today
    note: str = ""  # the reason; required for write-offs
    purchase_order_id: uuid.UUID | None = None  # receipts
    shipment_id: uuid.UUID | None = None  # issues
    accepted_by: str = ""  # receipts: who accepted (remote acceptance: the person on site)
    discrepancy_note: str = ""  # receipts: what did not match
    document_ref: str = ""  # empty: the next number of ``series``
    series: str = ""  # the workstation's document series (settings); empty: from the workstation id


@dataclass
class PlanLine:
    index: int
    item: Item
    quantity: int
    serials: list[str]
    defective: int


@dataclass
class Plan:
    kind: MoveKind
    source: Location
    target: Location
    on: date
    lines: list[PlanLine]
    order: PurchaseOrder | None
    shipment_id: uuid.UUID | None = None  # issues: the shipment the goods go out for


# --- validation -----------------------------------------------------------------------------------------


def _kind_of(raw: MoveKind | str) -> MoveKind | None:
    try:
        return MoveKind(getattr(raw, "value", raw))
    except ValueError:
        return None


def _where(loc: Location) -> str:
    return f"«{loc.name}»"


def _check(session: Session, form: MoveForm, today: date) -> Plan:
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    kind = _kind_of(form.kind)
    if kind is None or kind == MoveKind.REVERSAL:
        fail("kind", "Вид движения: выберите из списка (приход, перемещение, выдача, возврат, списание)")
        raise ValidationError(errors)
    on = form.moved_on or today
    if on > today:
        fail("moved_on", "Дата: движение не может быть позже сегодняшнего дня — исправьте дату")

    order: PurchaseOrder | None = None
    if form.purchase_order_id is not None:
        order = session.get(PurchaseOrder, form.purchase_order_id)
        if order is None or order.deleted_at is not None:
            fail("purchase_order_id", "Заказ поставщику: заказ удалён — выберите другой")
            order = None
        elif kind != MoveKind.RECEIPT:
            fail("purchase_order_id", "Заказ поставщику: указывается только для прихода")
        elif order.status not in RECEIVABLE:
            fail(
                "purchase_order_id",
                f"Заказ поставщику: заказ {order.number} уже закрыт или отменён — приёмка по нему невозможна",
            )
    if form.shipment_id is not None:
        shipment = session.get(Shipment, form.shipment_id)
        if shipment is None or shipment.deleted_at is not None:
            fail("shipment_id", "Отгрузка: отгрузка удалена — выберите другую")

    source = find_location(session, form.from_location)
    target = find_location(session, form.to_location)
    if source is None and kind == MoveKind.RECEIPT and order is not None and _blank(form.from_location):
        vendor = session.get(Supplier, order.supplier_id)
        if vendor is not None:
            source = supplier_location(session, vendor, create=True)
    if target is None and _blank(form.to_location):
        if kind == MoveKind.RECEIPT:
            target = main_warehouse(session)
        elif kind == MoveKind.WRITE_OFF:
            target = write_off_location(session, create=True)
    if kind == MoveKind.RECEIPT and order is not None and source is not None:
        wrong_supplier = _wrong_supplier(session, order, source)
        if wrong_supplier:
            fail("from_location", wrong_supplier)
    for name, ref, loc in (
        ("from_location", form.from_location, source),
        ("to_location", form.to_location, target),
    ):
        label = "Откуда" if name == "from_location" else "Куда"
        if loc is None:
            if _blank(ref):
                fail(name, f"{label}: обязательное поле — выберите место хранения")
            else:
                fail(name, f"{label}: места «{ref}» нет — выберите из списка или проверьте код")
    if source is not None and target is not None:
        if source.id == target.id:
            fail("to_location", "Куда: то же место, что и «Откуда» — выберите другое")
        elif not any(source.kind in a and target.kind in b for a, b in ROUTES[kind]):
            fail(
                "to_location",
                f"{MOVE_KIND_RU[kind]}: движение {_where(source)} → {_where(target)} не подходит — "
                f"только {ROUTE_HINT[kind]}",
            )
    if kind in (MoveKind.WRITE_OFF, MoveKind.ADJUSTMENT) and not form.note.strip():
        fail("note", "Основание: укажите причину списания (брак, повреждение, недостача…)")

    if form.document_ref.strip():
        taken = session.scalars(
            select(StockMove.id).where(StockMove.document_ref == form.document_ref.strip()).limit(1)
        ).first()
        if taken is not None:
            fail(
                "document_ref",
                f"Номер документа: «{form.document_ref.strip()}» уже проведён — укажите другой",
            )

    lines = _check_lines(session, form, kind, order, errors)
    if source is None or target is None:
        raise ValidationError(errors)
    plan = Plan(kind, source, target, on, lines, order, form.shipment_id)
    if plan.shipment_id is None and kind == MoveKind.ISSUE:
        plan.shipment_id = _client_shipment(session, plan)
    check_stock(session, plan, errors)  # also when other lines are wrong: every problem at once
    if errors:
        raise ValidationError(errors)
    return plan


def _wrong_supplier(session: Session, order: PurchaseOrder, source: Location) -> str:
    """The message when a receipt against ``order`` names another supplier's location as «Откуда»."""
    if source.kind != LocationKind.SUPPLIER:
        return ""  # not a supplier at all: the route check says so
    vendor = session.get(Supplier, order.supplier_id)
    if vendor is None:
        return ""
    expected = supplier_location(session, vendor, create=False)
    if expected is not None and expected.id == source.id:
        return ""
    # the wrong place is in the field itself: the message names the order's supplier and the fix
    fix = f"выберите «{expected.name}»" if expected is not None else "оставьте поле пустым"
    return f"Откуда: заказ {order.number} — от «{vendor.name}»: {fix} или другой заказ"


def _client_shipment(session: Session, plan: Plan) -> uuid.UUID | None:
    """An issue to a client's site without a shipment named: the client's one open shipment that
    reserves the document's items, if there is exactly one (the issue releases its reservation)."""
    client_id = plan.target.client_id
    if client_id is None or not plan.lines:
        return None
    held = reservations(session, {line.item.id for line in plan.lines})
    mine = {r.shipment_id for r in held if r.client_id == client_id}
    return next(iter(mine)) if len(mine) == 1 else None


def _blank(ref: LocationRef) -> bool:
    return ref is None or (isinstance(ref, str) and not ref.strip())


def _check_lines(
    session: Session, form: MoveForm, kind: MoveKind, order: PurchaseOrder | None, errors: list[FieldError]
) -> list[PlanLine]:
    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    if not form.lines:
        fail("lines", "Строки: добавьте хотя бы один товар")
        return []
    out: list[PlanLine] = []
    seen_serials: dict[tuple[uuid.UUID, str], int] = {}
    expected = remainders(session, order.id) if order is not None else {}
    taking: dict[uuid.UUID, int] = defaultdict(int)
    for i, raw in enumerate(form.lines):
        at = f"lines[{i}]"
        row = f"Строка {i + 1}"
        item = find_item(session, raw.sku)
        scanned = ""
        if item is None and isinstance(raw.sku, str):
            found = find_serial(session, raw.sku)  # a scanned serial number sticker: its item
            if found is not None:
                item, scanned = found
        if item is None:
            if _blank(raw.sku if isinstance(raw.sku, str) else str(raw.sku)):
                fail(f"{at}.sku", f"{row}: укажите товар (артикул или сканер)")
            else:
                fail(f"{at}.sku", f"{row}: товара с артикулом «{raw.sku}» нет — проверьте артикул")
            continue
        quantity = parse_int(raw.quantity)
        if quantity is None or quantity <= 0:
            fail(f"{at}.quantity", f"{row}: количество — целое число больше нуля, например 5")
            quantity = None
        defective = parse_int(raw.defective) if str(raw.defective).strip() else 0
        if defective is None or defective < 0:
            fail(f"{at}.defective", f"{row}: брак — целое число, 0 если брака нет")
            defective = 0
        elif defective and kind != MoveKind.RECEIPT:
            fail(f"{at}.defective", f"{row}: брак указывается только при приходе")
        serials = split_serials(raw.serials)
        if scanned and not serials:
            serials = [scanned]
        if item.serial_tracked and quantity is not None:
            if len(serials) != quantity:
                fail(
                    f"{at}.serials",
                    f"{row}: «{item.name}» учитывается по серийным номерам — нужно {quantity} "
                    f"{plural_ru(quantity, 'номер', 'номера', 'номеров')}, указано {len(serials)}",
                )
        elif serials and not item.serial_tracked:
            fail(f"{at}.serials", f"{row}: «{item.name}» без учёта серийных номеров — очистите поле")
        for serial in serials:
            twin = seen_serials.setdefault((item.id, serial), i)
            if twin != i or serials.count(serial) > 1:
                fail(f"{at}.serials", f"{row}: серийный номер {serial} указан дважды")
                break
        if order is not None and quantity is not None:
            if item.id not in expected:
                fail(f"{at}.sku", f"{row}: «{item.name}» нет в заказе {order.number}")
            else:
                taking[item.id] += quantity
                if taking[item.id] > expected[item.id]:
                    fail(
                        f"{at}.quantity",
                        f"{row}: по заказу {order.number} осталось принять {expected[item.id]} "
                        f"{item.unit} «{item.name}» — уменьшите количество",
                    )
        if quantity is not None:
            out.append(PlanLine(i, item, quantity, serials, defective or 0))
    return out


def check_stock(session: Session, plan: Plan, errors: list[FieldError]) -> None:
    """No own location or client site below zero on any day from the move's date; serials where the
    move takes them from (or, coming from outside, nowhere inside)."""
    if not is_external(plan.source.kind):
        need: dict[uuid.UUID, list[PlanLine]] = defaultdict(list)
        for line in plan.lines:
            need[line.item.id].append(line)
        lowest = lowest_many(session, need, plan.source.id, plan.on)
        if plan.kind in RESERVE_GUARDED:
            _check_reserved(session, plan, need, lowest, errors)
        for item_id, lines in need.items():
            item = lines[0].item
            total = sum(line.quantity for line in lines)
            have = lowest[item_id]
            if have < total:
                last = lines[-1]
                when = (
                    ""
                    if plan.on >= _latest_day(session, item.id, plan.source.id)
                    else " (с учётом более поздних движений)"
                )
                errors.append(
                    FieldError(
                        f"lines[{last.index}].quantity",
                        f"Строка {last.index + 1}: «{item.name}» на {_where(plan.source)} остаток "
                        f"{max(have, 0)} {item.unit}{when}, а нужно {total} — уменьшите количество "
                        "или сначала оформите приход",
                    )
                )
    names: dict[uuid.UUID, str] = {}
    for line in plan.lines:
        if not line.serials:
            continue
        places = serial_places(session, line.item.id, line.serials)
        for serial in line.serials:
            place = places.get(serial)
            here = f"lines[{line.index}].serials"
            row = f"Строка {line.index + 1}"
            if is_external(plan.source.kind):
                if place is not None and not _external_id(session, place[0], names):
                    errors.append(
                        FieldError(
                            here,
                            f"{row}: серийный номер {serial} уже числится в «{_name(session, place[0], names)}» "
                            "— проверьте номер",
                        )
                    )
                    break
            elif place is None or place[0] != plan.source.id:
                where = (
                    "нигде не числится"
                    if place is None
                    else f"числится в «{_name(session, place[0], names)}»"
                )
                errors.append(
                    FieldError(here, f"{row}: серийный номер {serial} {where}, а не на {_where(plan.source)}")
                )
                break
            if place is not None and place[1] > plan.on:
                errors.append(
                    FieldError(
                        here,
                        f"{row}: серийный номер {serial} перемещён позже ({place[1]:%d.%m.%Y}) — "
                        "укажите дату не раньше",
                    )
                )
                break


RESERVE_GUARDED = frozenset({MoveKind.TRANSFER, MoveKind.ISSUE, MoveKind.WRITE_OFF, MoveKind.RETURN})


def _check_reserved(
    session: Session,
    plan: Plan,
    need: dict[uuid.UUID, list[PlanLine]],
    lowest: dict[uuid.UUID, int],
    errors: list[FieldError],
) -> None:
    """Units reserved for shipments (they sit on the main warehouse) leave it only for their shipment:
    any other move may take the free units (on hand − reserved) and no more. An issue for the shipment
    (named, or the one open shipment of the site's client) takes its own reserved units freely."""
    if plan.source.kind != LocationKind.WAREHOUSE:
        return
    main = main_warehouse(session)
    if main is None or main.id != plan.source.id:
        return
    held = reservations(session, need)
    for item_id, lines in need.items():
        mine = [r for r in held if r.item_id == item_id]
        total = sum(line.quantity for line in lines)
        have = lowest[item_id]
        if not mine or have < total:  # nothing reserved, or already refused as beyond the balance
            continue
        own = [r for r in mine if _reserved_for(plan, r)]
        others = [r for r in mine if r not in own]
        for_others = sum(r.units for r in others)
        # its own reserved units (even when stock is short) and the free ones
        allowed = min(have, max(have - for_others, sum(r.units for r in own)))
        if total <= allowed:
            continue
        item = lines[0].item
        running = 0  # the line at which the document first takes more than it may
        last = lines[-1]
        for line in lines:
            running += line.quantity
            if running > allowed:
                last = line
                break
        shown = "; ".join(
            f"{r.units} — отгрузка {r.number}" + (f" ({r.client})" if r.client else "") for r in others[:3]
        )
        if len(others) > 3:
            shown += f" и ещё {len(others) - 3}"
        fix = f"уменьшите количество до {allowed}" if allowed > 0 else "уберите строку"
        errors.append(
            FieldError(
                f"lines[{last.index}].quantity",
                f"Строка {last.index + 1}: «{item.name}» на {_where(plan.source)} {have} {item.unit}, "
                f"из них {for_others} в резерве ({shown}), свободно {allowed} — {fix} "
                "или сначала измените отгрузку",
            )
        )


def _reserved_for(plan: Plan, reservation: Reservation) -> bool:
    if plan.shipment_id is not None:
        return reservation.shipment_id == plan.shipment_id
    return (
        plan.kind == MoveKind.ISSUE
        and plan.target.client_id is not None
        and reservation.client_id == plan.target.client_id
    )


def _latest_day(session: Session, item_id: uuid.UUID, location_id: uuid.UUID) -> date:
    day = session.execute(
        select(func.max(StockMove.moved_on)).where(
            StockMove.item_id == item_id,
            StockMove.from_location_id == location_id,
            StockMove.deleted_at.is_(None),
        )
    ).scalar_one()
    return day or date.min


def _name(session: Session, location_id: uuid.UUID, cache: dict[uuid.UUID, str]) -> str:
    if location_id not in cache:
        loc = session.get(Location, location_id)
        cache[location_id] = loc.name if loc is not None else "?"
    return cache[location_id]


def _external_id(session: Session, location_id: uuid.UUID, cache: dict[uuid.UUID, str]) -> bool:
    loc = session.get(Location, location_id)
    return loc is not None and is_external(loc.kind)


# --- commands -----------------------------------------------------------------------------------------


def post_moves(session: Session, form: MoveForm, *, user: str, today: date) -> Changes:
    """Post a move document (all its lines or nothing). Returns the new move ids; ``record_id`` is the
    first move (the document is ``document_ref`` on each)."""
    plan = _check(session, form, today)
    ref = form.document_ref.strip() or next_document_ref(session, form.series)
    note = form.note.strip()
    ids = _write(session, plan, ref, note, user, form)
    areas = [Area.STOCK]
    if plan.order is not None:
        received: dict[uuid.UUID, tuple[int, int]] = {}
        for line in plan.lines:
            accepted, refused = received.get(line.item.id, (0, 0))
            received[line.item.id] = (accepted + line.quantity, refused + line.defective)
        apply_receipt(
            session,
            plan.order,
            received,
            on=plan.on,
            user=user,
            accepted_by=form.accepted_by.strip() or user,
            discrepancy=form.discrepancy_note.strip(),
        )
        areas.append(Area.ORDERS)
    if plan.shipment_id is not None:
        areas.append(Area.SHIPMENTS)
    session.flush()
    units = sum(line.quantity for line in plan.lines)
    message = (
        f"{MOVE_KIND_RU[plan.kind]} {ref}: {len(plan.lines)} стр., {units} ед., "
        f"{plan.source.name} → {plan.target.name}"
    )
    if plan.order is not None:  # a receipt short of the order says what the order still waits for
        from mos_desktop.services.purchasing.receiving import remainders

        waiting = sum(remainders(session, plan.order.id).values())
        message += (
            f"; по заказу {plan.order.number} ожидается ещё {waiting} ед." if waiting else
            f"; заказ {plan.order.number} принят полностью"
        )  # fmt: skip
    return Changes.of(*areas, ids=ids, record_id=ids[0], message=message)


def _write(
    session: Session, plan: Plan, ref: str, note: str, user: str, form: MoveForm | None = None
) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    rows: list[dict[str, Any]] = []
    common: dict[str, Any] = {
        "from_location_id": plan.source.id,
        "to_location_id": plan.target.id,
        "moved_on": plan.on,
        "document_ref": ref,
        "author": user,
        "kind": plan.kind.value,
        "note": note,
        "created_by": user,
        "updated_by": user,
        "purchase_order_id": plan.order.id if plan.order is not None else None,
        "shipment_id": plan.shipment_id,
    }
    for line in plan.lines:
        if line.serials:
            if is_external(plan.source.kind):
                _register_serials(session, line.item.id, line.serials, user)
            for serial in line.serials:
                rows.append(
                    {"id": uuid7(), "item_id": line.item.id, "quantity": 1, "serial": serial, **common}
                )
        else:
            rows.append(
                {"id": uuid7(), "item_id": line.item.id, "quantity": line.quantity, "serial": "", **common}
            )
    session.flush()  # the serial numbers registered above first (they are ORM objects)
    # A Core INSERT: the same statement and values as the ORM's unit of work writes (the column defaults
    # fill the stamps, the capture trigger records the row), without its bookkeeping: moves are
    # insert-only, nothing in this session needs them as objects.
    session.execute(_INSERT_MOVE, rows)
    ids.extend(r["id"] for r in rows)
    return ids


_INSERT_MOVE = insert(StockMove.__table__)  # type: ignore[arg-type]


def _register_serials(session: Session, item_id: uuid.UUID, serials: list[str], user: str) -> None:
    known = set(
        session.scalars(
            select(SerialNumber.serial).where(
                SerialNumber.item_id == item_id,
                SerialNumber.serial.in_(serials),
                SerialNumber.deleted_at.is_(None),
            )
        )
    )
    for serial in serials:
        if serial not in known:
            session.add(
                SerialNumber(id=uuid7(), item_id=item_id, serial=serial, created_by=user, updated_by=user)
            )
