"""A supplier's price list from .xlsx / .csv: read → preview (columns mapped from their headers, the user
may change the mapping) → apply (``import_prices``, a command).

Each row is matched to an item by our SKU or by the supplier's own code (kept on its earlier prices). A
new or changed price becomes a new dated ``SupplierPrice``: the price in force on its date ends the day
before, and it ends the day before a later (announced) price starts; only a price that starts the same day
is corrected in place, and no existing price's start date is ever changed. An unchanged one (compared with
the price in force on the row's date) only gets «проверена» set to today; a
row whose item is unknown is listed, never created silently. Files are read by the client import's
helpers (``services.importing``): a binary or broken file is refused in Russian before anything is read.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, UserError, ValidationError
from mos_desktop.ids import uuid7
from mos_desktop.models import Availability, Item, Supplier, SupplierPrice
from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.services.importing import HEADER_SEARCH_ROWS, _date, _text, normalise_header, read_rows

# What a column of a price list may hold, in the order the preview offers them.
PRICE_FIELDS: dict[str, str] = {
    "sku": "Артикул (наш)",
    "supplier_code": "Код поставщика",
    "name": "Наименование",
    "price": "Цена",
    "vat": "НДС, %",
    "min_quantity": "Мин. партия",
    "availability": "Наличие",
    "lead_days": "Срок поставки, дн.",
    "valid_from": "Действует с",
    "valid_to": "Действует по",
}
_ALIASES = {
    "sku": "артикул|наш артикул|sku|article|арт",
    "supplier_code": "код|код товара|код поставщика|артикул поставщика|каталожный номер|code|vendor code|part number",
    "name": "наименование|название|товар|номенклатура|описание|name|description|product",
    "price": "цена|цена руб|стоимость|цена с ндс|цена закупки|оптовая цена|цена опт|price|cost",
    "vat": "ндс|ставка ндс|ндс %|vat|vat rate",
    "min_quantity": "мин партия|минимальная партия|мин кол во|минимальный заказ|кратность|moq|min qty|min quantity",
    "availability": "наличие|остаток|в наличии|склад|availability|stock",
    "lead_days": "срок|срок поставки|срок поставки дн|срок дн|дней|lead time|lead days",
    "valid_from": "действует с|дата начала|с даты|дата цены|valid from|date",
    "valid_to": "действует по|действует до|дата окончания|до даты|valid to|valid until",
}
HEADERS: dict[str, str] = {alias: f for f, aliases in _ALIASES.items() for alias in aliases.split("|")}

ACTION_RU = {
    "new": "новая цена",
    "changed": "цена изменится",
    "unchanged": "без изменений — отметим проверку",
    "unknown": "товара нет в номенклатуре — пропустим",
    "reject": "ошибка — пропустим",
}


@dataclass
class PriceFile:
    name: str
    header_line: int  # 0: no header row recognised (the first row is data)
    headers: list[str]  # the header cells as in the file (or «Столбец N»)
    rows: list[tuple[int, list[Any]]]  # data rows: (line in the file, cells)
    guessed: dict[int, str]  # column index → field, from the headers


def _guess(cells: list[Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for col, cell in enumerate(cells):
        fld = HEADERS.get(normalise_header(cell))
        if fld is None:
            key = normalise_header(cell)  # «Цена, руб. с НДС» and the like: the first word decides
            fld = next((HEADERS[w] for w in (key.split(" ")[:1]) if w in HEADERS), None)
        if fld and fld not in out.values():
            out[col] = fld
    return out


def read_price_file(path: Path | str) -> PriceFile:
    """The file's rows and the mapping its headers suggest; ``UserError`` for an unreadable file."""
    path = Path(path)
    rows = read_rows(path)
    width = max((len(cells) for _line, cells in rows), default=0)
    for index, (line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        guessed = _guess(cells)
        if "price" in guessed.values() and ({"sku", "supplier_code", "name"} & set(guessed.values())):
            headers = [_text(c) or f"Столбец {i + 1}" for i, c in enumerate(cells)]
            headers += [f"Столбец {i + 1}" for i in range(len(headers), width)]
            data = [(n, c) for n, c in rows[index + 1 :] if any(_text(x) for x in c)]
            return PriceFile(path.name, line, headers, data, guessed)
    if not rows:
        raise UserError(f"Файл {path.name} пуст: в нём нет ни одной строки с ценами.")
    data = [(n, c) for n, c in rows if any(_text(x) for x in c)]
    return PriceFile(path.name, 0, [f"Столбец {i + 1}" for i in range(width)], data, {})


@dataclass
class PriceImportForm:
    supplier_id: uuid.UUID | str | None
    path: str
    mapping: dict[int, str] | None = None  # column → field; None: as guessed from the headers
    valid_from: date | None = None  # rows without their own date; None: today


@dataclass
class PriceLine:
    line: int
    sku: str  # as in the file (our SKU or the supplier's code)
    name: str
    action: str  # a key of ACTION_RU
    price_kop: int | None = None
    old_kop: int | None = None
    message: str = ""
    item_id: uuid.UUID | None = None
    values: dict[str, Any] = field(default_factory=dict)  # the SupplierPrice columns to write

    @property
    def what(self) -> str:
        text = ACTION_RU[self.action]
        if self.action == "changed" and self.old_kop is not None and self.price_kop is not None:
            text = f"цена {format_rub(self.old_kop)} → {format_rub(self.price_kop)}"
        return f"{text}: {self.message}" if self.message else text


@dataclass
class PricePreview:
    file: PriceFile
    mapping: dict[int, str]
    lines: list[PriceLine]

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def summary(self) -> str:
        parts = [f"{ACTION_RU[a].split(' — ')[0]}: {self.count(a)}" for a in ACTION_RU if self.count(a)]
        return "; ".join(parts) or "В файле нет строк с ценами"


_INT = re.compile(r"-?\d+")


def _int(value: Any, label: str, default: int) -> int:
    text = _text(value).replace(" ", "")
    if not text:
        return default
    match = _INT.match(text)
    if match is None:
        raise ValueError(f"{label}: «{_text(value)}» — нужно целое число")
    return int(match.group())


def _vat(value: Any) -> int:
    text = _text(value).lower()
    if not text or "без" in text or text in ("-", "нет"):
        return 0
    rate = _int(text.replace("%", ""), "НДС", 0)
    if rate in (0, 5, 7, 10, 20, 22):
        return rate
    raise ValueError(f"НДС: «{_text(value)}» — ставка 0, 5, 7, 10, 20 или 22 %")


def _availability(value: Any) -> Availability:
    text = _text(value).lower()
    if not text:
        return Availability.IN_STOCK
    if "заказ" in text or "ожида" in text:
        return Availability.ON_ORDER
    if text in ("нет", "0", "-", "нет в наличии", "отсутствует") or text.startswith("нет"):
        return Availability.UNAVAILABLE
    return Availability.IN_STOCK  # «есть», «в наличии», «да», «>10», a quantity


def _parse_row(cells: list[Any], mapping: dict[int, str], default_from: date) -> dict[str, Any]:
    raw = {fld: cells[col] if col < len(cells) else None for col, fld in mapping.items()}
    price_text = _text(raw.get("price"))
    if not price_text:
        raise ValueError("Цена: не указана")
    try:
        price = parse_rub(price_text)
    except MoneyFormatError as exc:
        raise ValueError(f"Цена: {exc}") from None
    if price <= 0:
        raise ValueError("Цена: должна быть больше нуля")
    start = _date(raw["valid_from"], "Действует с") if _text(raw.get("valid_from")) else default_from
    end = _date(raw["valid_to"], "Действует по") if _text(raw.get("valid_to")) else None
    if end is not None and end < start:
        raise ValueError("Действует по: раньше, чем «Действует с»")
    return {
        "price_kop": price,
        "vat_rate_pct": _vat(raw.get("vat")),
        "min_quantity": max(1, _int(raw.get("min_quantity"), "Мин. партия", 1)),
        "availability": _availability(raw.get("availability")),
        "lead_days": max(0, _int(raw.get("lead_days"), "Срок поставки", 0)),
        "valid_from": start,
        "valid_to": end,
        "supplier_code": _text(raw.get("supplier_code"))[:60],
    }


COMPARED = ("price_kop", "vat_rate_pct", "min_quantity", "availability", "lead_days", "valid_to")


def _supplier(session: Session, supplier_id: uuid.UUID | str | None) -> Supplier:
    try:
        sid = supplier_id if isinstance(supplier_id, uuid.UUID) else uuid.UUID(str(supplier_id))
    except ValueError:
        sid = None
    supplier = session.get(Supplier, sid) if sid is not None else None
    if supplier is None or supplier.deleted_at is not None:
        raise ValidationError([FieldError("supplier_id", "Поставщик: выберите, чей это прайс")])
    return supplier


def preview_price_import(session: Session, form: PriceImportForm, *, today: date) -> PricePreview:
    """What the import would do, row by row; reads the database, writes nothing."""
    supplier = _supplier(session, form.supplier_id)
    file = read_price_file(form.path)
    mapping = dict(file.guessed if form.mapping is None else form.mapping)
    fields = set(mapping.values())
    if "price" not in fields or not ({"sku", "supplier_code"} & fields):
        raise ValidationError(
            [FieldError("mapping", "Столбцы: укажите, где цена и где артикул (наш или код поставщика)")]
        )
    default_from = form.valid_from or today
    items = {
        sku.casefold(): (iid, name)
        for iid, sku, name in session.execute(
            select(Item.id, Item.sku, Item.name)
            .where(Item.deleted_at.is_(None))
            .order_by(Item.archived.desc())
        )
    }
    prices = _prices(session, supplier.id)
    by_code = {p.supplier_code.casefold(): p.item_id for p in prices if p.supplier_code}
    names = {iid: name for iid, name in items.values()}
    chains = _chains(prices)
    lines: list[PriceLine] = []
    seen: dict[uuid.UUID, int] = {}
    for line_no, cells in file.rows:
        sku = _text(cells[_col(mapping, "sku")]) if _has(mapping, "sku", cells) else ""
        code = _text(cells[_col(mapping, "supplier_code")]) if _has(mapping, "supplier_code", cells) else ""
        name = _text(cells[_col(mapping, "name")]) if _has(mapping, "name", cells) else ""
        shown = sku or code
        try:
            values = _parse_row(cells, mapping, default_from)
        except ValueError as exc:
            lines.append(PriceLine(line_no, shown, name, "reject", message=str(exc)))
            continue
        item_id = items[sku.casefold()][0] if sku and sku.casefold() in items else None
        if item_id is None and code:
            item_id = by_code.get(code.casefold())
        if item_id is None:
            lines.append(PriceLine(line_no, shown, name, "unknown", values["price_kop"]))
            continue
        if item_id in seen:
            lines.append(
                PriceLine(
                    line_no, shown, name, "reject", message=f"этот товар уже был в строке {seen[item_id]}"
                )
            )
            continue
        seen[item_id] = line_no
        old, next_from = _place(chains.get(item_id, []), values["valid_from"])
        values["valid_to"] = _capped_end(values["valid_to"], next_from)
        action, old_kop = "new", None
        if old is not None:
            old_kop = old.price_kop
            same = all(getattr(old, k) == values[k] for k in COMPARED)
            action = "unchanged" if same else "changed"
        lines.append(
            PriceLine(
                line_no,
                shown,
                names.get(item_id, name),
                action,
                values["price_kop"],
                old_kop,
                "",
                item_id,
                values,
            )
        )
    return PricePreview(file, mapping, lines)


def _prices(session: Session, supplier_id: uuid.UUID) -> list[SupplierPrice]:
    query = (
        select(SupplierPrice)
        .where(SupplierPrice.supplier_id == supplier_id, SupplierPrice.deleted_at.is_(None))
        .order_by(SupplierPrice.valid_from, SupplierPrice.id)
    )
    return list(session.scalars(query))


def _chains(prices: list[SupplierPrice]) -> dict[uuid.UUID, list[SupplierPrice]]:
    """item → the supplier's prices for it, ordered by start date."""
    out: dict[uuid.UUID, list[SupplierPrice]] = {}
    for p in prices:  # already ordered by valid_from
        out.setdefault(p.item_id, []).append(p)
    return out


def _place(chain: list[SupplierPrice], start: date) -> tuple[SupplierPrice | None, date | None]:
    """Where a price starting on ``start`` goes: the price that starts that same day, else the one in force
    that day (or None), and the start of the next later price (None when there is none)."""
    old: SupplierPrice | None = None
    for p in chain:
        if p.valid_from > start:
            return old, p.valid_from
        if p.valid_from == start or p.valid_to is None or p.valid_to >= start:
            old = p
    return old, None


def _capped_end(end: date | None, next_from: date | None) -> date | None:
    """A new or corrected price ends at the latest the day before the next price starts."""
    if next_from is None:
        return end
    last = next_from - timedelta(days=1)
    return last if end is None or end > last else end


def _col(mapping: dict[int, str], fld: str) -> int:
    return next(col for col, f in mapping.items() if f == fld)


def _has(mapping: dict[int, str], fld: str, cells: list[Any]) -> bool:
    return fld in mapping.values() and _col(mapping, fld) < len(cells)


def import_prices(session: Session, form: PriceImportForm, *, user: str, today: date) -> Changes:
    """Apply the preview: new dated prices for new and changed rows, «проверена» for unchanged ones."""
    supplier = _supplier(session, form.supplier_id)
    preview = preview_price_import(session, form, today=today)
    if not any(line.action in ("new", "changed", "unchanged") for line in preview.lines):
        raise ValidationError(
            [FieldError("mapping", "Загружать нечего: ни одна строка не сопоставлена с товаром")]
        )
    chains = _chains(_prices(session, supplier.id))
    ids: list[uuid.UUID] = []
    for line in preview.lines:
        if line.item_id is None:
            continue
        chain = chains.get(line.item_id, [])
        values = dict(line.values)  # valid_to already capped by the next price (the preview did it)
        start = values["valid_from"]
        old, _ = _place(chain, start)
        known = old or (chain[-1] if chain else None)
        if not values.get("supplier_code") and known is not None:
            values["supplier_code"] = known.supplier_code
        if line.action == "unchanged" and old is not None:
            old.checked_on, old.updated_by = today, user
            ids.append(old.id)
            continue
        if line.action not in ("new", "changed"):
            continue
        if old is not None and old.valid_from == start:
            for key, value in values.items():  # the same day's price corrected; its start stays
                if key != "valid_from":
                    setattr(old, key, value)
            old.checked_on, old.updated_by = today, user
            ids.append(old.id)
            continue
        if old is not None:  # the price in force on that day ends the day before
            old.valid_to, old.updated_by = start - timedelta(days=1), user
        row = SupplierPrice(
            id=uuid7(),
            supplier_id=supplier.id,
            item_id=line.item_id,
            checked_on=today,
            created_by=user,
            updated_by=user,
            **values,
        )
        session.add(row)
        ids.append(row.id)
    session.flush()
    message = (
        f"Прайс «{supplier.name}» загружен: новых {preview.count('new')}, изменилось {preview.count('changed')}, "
        f"без изменений {preview.count('unchanged')}"
    )
    unknown = preview.count("unknown") + preview.count("reject")
    if unknown:
        message += f"; пропущено {unknown}"
    return Changes.of(Area.PRICES, ids=ids, record_id=supplier.id, message=message)
