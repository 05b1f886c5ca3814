"""Stock counts: the keeper counts one location, then confirms; only the confirmation posts the
differences, as adjustment moves to or from the write-off location, dated the day of the count.

What the ledger expected is taken at confirmation (moves may have arrived through sync meanwhile), so a
count never fights the ledger: it adds moves to it. Serial items are compared with the serials that were
at the location on the count day. A shortage may not make any later day negative (the check a move
document gets). The adjustment moves' ids derive from the count, the item, the location and the serial:
the same saved count confirmed on two workstations offline posts the same rows, which sync merges.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import Item, Location, MoveKind, StockCount, StockCountLine, StockMove
from mos_desktop.services.stock.ledger import balances, is_external, lowest_many, serial_places
from mos_desktop.services.stock.places import (
    LocationRef,
    find_item,
    find_location,
    next_document_ref,
    parse_int,
    split_serials,
    write_off_location,
)
from mos_desktop.timeutil import now_utc

# Namespace of the adjustment moves' ids (a fixed random UUID: never change it, ids in the field depend on it).
COUNT_NAMESPACE = uuid.UUID("9e6efe0c-ba2a-410f-8b87-b32339c3d760")


def adjustment_id_for(
    count_id: uuid.UUID, item_id: uuid.UUID, location_id: uuid.UUID, serial: str
) -> uuid.UUID:
    """The id of a count's adjustment move of one item (one serial) at its location, on every workstation."""
    return uuid.uuid5(COUNT_NAMESPACE, f"{count_id}:{item_id}:{location_id}:{serial}")


@dataclass
class CountLineForm:
    sku: str | uuid.UUID = ""
    counted: str = ""  # units found; for serial-tracked items the serials found decide it
    serials: str = ""


@dataclass
class CountForm:
    """A count being entered (``count_id`` None: a new one). Saving keeps it open; confirm posts it."""

    location: LocationRef = None
    counted_on: date | None = None
    lines: list[CountLineForm] = field(default_factory=list)
    note: str = ""
    count_id: uuid.UUID | None = None


@dataclass
class ConfirmCountForm:
    count_id: uuid.UUID
    series: str = ""


def save_count(session: Session, form: CountForm, *, user: str, today: date) -> Changes:
    """Create or replace the lines of an open count (expected figures from the ledger as of its day)."""
    errors: list[FieldError] = []
    location = find_location(session, form.location)
    if location is None:
        errors.append(FieldError("location", "Место хранения: выберите склад, офис или объект"))
    elif is_external(location.kind):
        errors.append(FieldError("location", "Место хранения: у поставщика и в списании не считают"))
    on = form.counted_on or today
    if on > today:
        errors.append(FieldError("counted_on", "Дата инвентаризации: не позже сегодняшнего дня"))
    parsed: list[tuple[Item, int, list[str]]] = []
    seen: set[uuid.UUID] = set()
    for i, line in enumerate(form.lines):
        row = f"Строка {i + 1}"
        item = find_item(session, line.sku)
        if item is None:
            errors.append(
                FieldError(f"lines[{i}].sku", f"{row}: товара «{line.sku}» нет — проверьте артикул")
            )
            continue
        if item.id in seen:
            errors.append(
                FieldError(f"lines[{i}].sku", f"{row}: «{item.name}» уже есть выше — сложите строки")
            )
            continue
        seen.add(item.id)
        serials = split_serials(line.serials)
        if item.serial_tracked:
            counted = len(set(serials))
        else:
            value = parse_int(line.counted)
            if value is None or value < 0:
                errors.append(
                    FieldError(f"lines[{i}].counted", f"{row}: фактическое количество — целое число ≥ 0")
                )
                continue
            counted = value
        parsed.append((item, counted, serials))
    existing: StockCount | None = None
    if form.count_id is not None:
        existing = session.get(StockCount, form.count_id)
        if existing is None or existing.deleted_at is not None:
            raise NotFoundError("Инвентаризация удалена — обновите список (F5)")
        if existing.closed:
            errors.append(FieldError("count_id", "Инвентаризация уже проведена — её не изменить"))
    if errors:
        raise ValidationError(errors)
    assert location is not None
    count = existing or StockCount(id=uuid7(), created_by=user)
    count.location_id, count.counted_on, count.counted_by = location.id, on, user
    count.note, count.updated_by = form.note.strip(), user
    if existing is None:
        session.add(count)
    else:
        for old in session.scalars(select(StockCountLine).where(StockCountLine.count_id == count.id)):
            old.deleted_at, old.updated_by = now_utc(), user  # a tombstone: sync needs one
    have = balances(session, as_of=on, item_ids=[item.id for item, _c, _s in parsed])
    for item, counted, serials in parsed:
        session.add(
            StockCountLine(
                id=uuid7(),
                count_id=count.id,
                item_id=item.id,
                expected=have.get((item.id, location.id), 0),
                counted=counted,
                serials=" ".join(serials),
                created_by=user,
                updated_by=user,
            )
        )
    session.flush()
    return Changes.of(Area.STOCK, record_id=count.id, message=f"Инвентаризация «{location.name}»: сохранена")


def confirm_count(session: Session, form: ConfirmCountForm, *, user: str, today: date) -> Changes:
    """Post the count's differences against the ledger as of its day: shortages to write-off, surpluses
    from it (serial items: the serials not found go out, serials found that were not here come in)."""
    count = session.get(StockCount, form.count_id)
    if count is None or count.deleted_at is not None:
        raise NotFoundError("Инвентаризация удалена — обновите список (F5)")
    if count.closed:
        raise ValidationError([FieldError("count_id", "Инвентаризация уже проведена")])
    lines = list(
        session.scalars(
            select(StockCountLine).where(
                StockCountLine.count_id == count.id, StockCountLine.deleted_at.is_(None)
            )
        )
    )
    on = count.counted_on
    location = session.get(Location, count.location_id)
    assert location is not None
    have = balances(session, as_of=on, item_ids=[line.item_id for line in lines])
    sink = write_off_location(session, create=True)
    assert sink is not None
    ref = next_document_ref(session, form.series)
    moves: list[StockMove] = []
    errors: list[FieldError] = []
    short: dict[uuid.UUID, tuple[int, Item, str, int]] = {}  # item → (row index, item, field, units out)

    def move(item_id: uuid.UUID, qty: int, out: bool, serial: str = "") -> None:
        moves.append(
            StockMove(
                id=adjustment_id_for(count.id, item_id, count.location_id, serial),
                item_id=item_id,
                quantity=qty,
                from_location_id=count.location_id if out else sink.id,
                to_location_id=sink.id if out else count.location_id,
                moved_on=count.counted_on,
                serial=serial,
                document_ref=ref,
                author=user,
                kind=MoveKind.ADJUSTMENT.value,
                note="Недостача по инвентаризации" if out else "Излишек по инвентаризации",
                created_by=user,
                updated_by=user,
            )
        )

    for i, line in enumerate(lines):
        item = session.get(Item, line.item_id)
        assert item is not None
        expected = have.get((item.id, count.location_id), 0)
        line.expected = expected
        if item.serial_tracked:
            found = split_serials(line.serials)
            here = _serials_at(session, item.id, count.location_id, on)
            places = serial_places(session, item.id, found, as_of=on)
            adjusted: list[str] = []
            for serial in found:
                place = places.get(serial)
                if place is not None and place[0] != count.location_id and not _external(session, place[0]):
                    errors.append(
                        FieldError(
                            f"lines[{i}].serials",
                            f"Строка {i + 1}: серийный номер {serial} числится в другом месте — "
                            "сначала оформите перемещение",
                        )
                    )
                elif serial not in here:
                    move(item.id, 1, False, serial)
                    adjusted.append(serial)
            missing = sorted(here - set(found))
            for serial in missing:
                move(item.id, 1, True, serial)
            adjusted += missing
            if missing:
                short[item.id] = (i, item, "serials", len(missing))
            latest = serial_places(session, item.id, adjusted)
            for serial in adjusted:
                moved = latest[serial][1] if serial in latest else None
                if moved is not None and moved > on:
                    errors.append(
                        FieldError(
                            f"lines[{i}].serials",
                            f"Строка {i + 1}: серийный номер {serial} перемещён позже ({moved:%d.%m.%Y}) — "
                            "проверьте дату инвентаризации",
                        )
                    )
            continue
        diff = line.counted - expected
        if diff:
            move(item.id, abs(diff), diff < 0)
        if diff < 0:
            short[item.id] = (i, item, "counted", -diff)
    lowest = lowest_many(session, short, count.location_id, on)
    for item_id, (i, item, name, units) in short.items():
        if lowest[item_id] < units:
            errors.append(
                FieldError(
                    f"lines[{i}].{name}",
                    f"Строка {i + 1}: «{item.name}» на «{location.name}» остаток {max(lowest[item_id], 0)} "
                    f"{item.unit} (с учётом более поздних движений), а недостача {units} — списать её "
                    f"{on:%d.%m.%Y} нельзя: проверьте дату инвентаризации или более поздние расходы",
                )
            )
    if errors:
        raise ValidationError(errors)
    count.closed = True
    count.document_ref = ref
    count.updated_by = user
    session.add_all(moves)
    session.flush()
    message = (
        f"Инвентаризация проведена ({ref}): корректировок {len(moves)}"
        if moves
        else "Инвентаризация проведена: расхождений нет"
    )
    return Changes.of(Area.STOCK, ids=[m.id for m in moves], record_id=count.id, message=message)


def _serials_at(session: Session, item_id: uuid.UUID, location_id: uuid.UUID, on: date) -> set[str]:
    """The item's serials at the location after the moves dated up to ``on``."""
    serials = set(
        session.scalars(
            select(StockMove.serial).where(
                StockMove.item_id == item_id,
                StockMove.serial != "",
                StockMove.deleted_at.is_(None),
                StockMove.moved_on <= on,
            )
        )
    )
    places = serial_places(session, item_id, serials, as_of=on)
    return {s for s, (loc, _on) in places.items() if loc == location_id}


def _external(session: Session, location_id: uuid.UUID) -> bool:
    loc = session.get(Location, location_id)
    return loc is not None and is_external(loc.kind)


# --- what the count dialog reads, and posting in one go ---------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    """One item of a count sheet: what the ledger expects at the location, what was found (if typed)."""

    sku: str
    name: str
    expected: int
    serial_tracked: bool
    expected_serials: tuple[str, ...] = ()
    counted: int | None = None  # None: not counted yet
    serials: str = ""


@dataclass(frozen=True)
class CountSheet:
    count_id: uuid.UUID | None
    location_id: uuid.UUID
    location: str
    counted_on: date
    note: str
    closed: bool
    document_ref: str
    lines: list[SheetLine]


def count_sheet(session: Session, location_ref: LocationRef, on: date) -> CountSheet:
    """A new count's sheet: every item the ledger has at the location on ``on`` (serial items with the
    serials there), to be counted."""
    location = find_location(session, location_ref)
    if location is None:
        raise ValidationError([FieldError("location", "Место хранения: выберите склад, офис или объект")])
    if is_external(location.kind):
        raise ValidationError(
            [FieldError("location", "Место хранения: у поставщика и в списании не считают")]
        )
    have = {iid: units for (iid, lid), units in balances(session, as_of=on).items() if lid == location.id}
    lines = _sheet_lines(session, location.id, on, have, {})
    return CountSheet(None, location.id, location.name, on, "", False, "", lines)


def load_count(session: Session, count_id: uuid.UUID) -> CountSheet:
    """A saved count: its lines as counted, plus the items at its location not counted yet; a confirmed
    count shows what was posted."""
    count = session.get(StockCount, count_id)
    if count is None or count.deleted_at is not None:
        raise NotFoundError("Инвентаризация удалена — обновите список (F5)")
    location = session.get(Location, count.location_id)
    assert location is not None
    saved = {
        line.item_id: line
        for line in session.scalars(
            select(StockCountLine).where(
                StockCountLine.count_id == count.id, StockCountLine.deleted_at.is_(None)
            )
        )
    }
    have = {
        iid: units
        for (iid, lid), units in balances(session, as_of=count.counted_on).items()
        if lid == location.id
    }
    if count.closed:
        have = {iid: line.expected for iid, line in saved.items()}
    lines = _sheet_lines(session, location.id, count.counted_on, have, saved, only_saved=count.closed)
    return CountSheet(
        count.id,
        location.id,
        location.name,
        count.counted_on,
        count.note,
        count.closed,
        count.document_ref,
        lines,
    )


def _sheet_lines(
    session: Session,
    location_id: uuid.UUID,
    on: date,
    have: dict[uuid.UUID, int],
    saved: dict[uuid.UUID, StockCountLine],
    *,
    only_saved: bool = False,
) -> list[SheetLine]:
    wanted = set(saved) if only_saved else {iid for iid, units in have.items() if units} | set(saved)
    if not wanted:
        return []
    items = session.scalars(select(Item).where(Item.id.in_(list(wanted)))).all()
    out: list[SheetLine] = []
    for item in sorted(items, key=lambda i: (i.sku.casefold(), i.name)):
        line = saved.get(item.id)
        here = tuple(sorted(_serials_at(session, item.id, location_id, on))) if item.serial_tracked else ()
        out.append(
            SheetLine(
                item.sku,
                item.name,
                have.get(item.id, 0),
                item.serial_tracked,
                here,
                line.counted if line is not None else None,
                line.serials if line is not None else "",
            )
        )
    return out


@dataclass
class PostCountForm:
    """Save what was typed and confirm the count in one transaction."""

    count: CountForm
    series: str = ""


def post_count(session: Session, form: PostCountForm, *, user: str, today: date) -> Changes:
    saved = save_count(session, form.count, user=user, today=today)
    assert saved.record_id is not None
    return confirm_count(session, ConfirmCountForm(saved.record_id, form.series), user=user, today=today)
