"""Generic commands for the declared record kinds: load, new, save, archive/restore, picker options.

``save_record`` is a command in the convention of ``mos_desktop.changes``: it parses and checks every
field first (Russian messages naming the field and the fix), refuses a value that must be unique, detects
an edit made meanwhile on another workstation (``EditConflict``), and writes nothing on any error.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from mos_desktop.changes import Changes
from mos_desktop.errors import EditConflict, FieldError, NotFoundError, ValidationError
from mos_desktop.money import MoneyFormatError, format_rub, parse_rub
from mos_desktop.services.records.kinds import spec_for
from mos_desktop.services.records.spec import ArchiveForm, FieldSpec, RecordForm, RecordSpec
from mos_desktop.timeutil import now_utc

EARLIEST = date(1991, 1, 1)


def _live(session: Session, spec: RecordSpec, record_id: uuid.UUID) -> Any:
    row = session.get(spec.model, record_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(
            f"{spec.title}: запись удалена или ещё не пришла с общей базы — обновите список (F5)"
        )
    return row


def stored_values(spec: RecordSpec, row: Any) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in spec.fields}


def new_record(kind: str, *, parent_id: uuid.UUID | None = None) -> RecordForm:
    spec = spec_for(kind)
    values: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind == "bool":
            values[f.name] = f.name == "ours"  # installed equipment is ours unless said otherwise
        elif f.kind == "choice":
            values[f.name] = f.choices[0][0] if f.choices else ""
        elif f.kind in ("date", "ref"):
            values[f.name] = None
        elif f.name == "unit":
            values[f.name] = "шт"
        elif f.name == "okei_code":
            values[f.name] = "796"
        elif f.name == "quantity":
            values[f.name] = "1"
        else:
            values[f.name] = ""
    return RecordForm(kind, None, values, None, parent_id)


def load_record(session: Session, kind: str, record_id: uuid.UUID) -> RecordForm:
    spec = spec_for(kind)
    row = _live(session, spec, record_id)
    stored = stored_values(spec, row)
    values = {name: _as_typed(spec.field(name), value) for name, value in stored.items()}
    parent_id = getattr(row, spec.parent) if spec.parent else None
    return RecordForm(kind, row.id, values, stored, parent_id, bool(getattr(row, "archived", False)))


def _as_typed(f: FieldSpec, value: Any) -> Any:
    """A stored value as the form holds it (text for numbers and money, enum values as strings)."""
    if f.kind == "money":
        return format_rub(int(value), symbol=False) if value is not None else ""
    if f.kind == "int":
        return "" if value is None else str(value)
    if f.kind == "choice":
        return getattr(value, "value", value) or ""
    if f.kind in ("text", "multiline"):
        return value or ""
    return value


# --- parsing -------------------------------------------------------------------------------------------
def _parse(spec: RecordSpec, f: FieldSpec, raw: Any, errors: list[FieldError]) -> Any:
    def fail(message: str) -> None:
        errors.append(FieldError(f.name, message))

    if f.kind in ("text", "multiline"):
        text = "" if raw is None else str(raw)
        text = text.rstrip() if f.kind == "multiline" else text.strip()
        if f.required and not text:
            fail(f"{f.label}: обязательное поле — заполните его")
        elif f.max_length and len(text) > f.max_length:
            fail(f"{f.label}: не длиннее {f.max_length} знаков — сократите текст")
        elif f.check is not None and (message := f.check(text)):
            fail(_with_label(f.label, message))
        return text
    if f.kind == "bool":
        return bool(raw)
    if f.kind == "int":
        text = "" if raw is None else str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            if f.required:
                fail(f"{f.label}: обязательное поле — введите целое число")
            return _empty_int(spec, f)
        if not (text.lstrip("-").isdigit() and text.isascii()):
            fail(f"{f.label}: нужно целое число, например 5")
            return None
        number = int(text)
        if f.minimum is not None and number < f.minimum:
            fail(f"{f.label}: не меньше {f.minimum}")
        elif f.maximum is not None and number > f.maximum:
            fail(f"{f.label}: не больше {f.maximum}")
        return number
    if f.kind == "money":
        try:
            return parse_rub("" if raw is None else raw) if (raw or f.required) else 0
        except MoneyFormatError as exc:
            fail(_with_label(f.label, str(exc)))
            return None
    if f.kind == "date":
        value = _parse_date(raw)
        if value is False:
            fail(f"{f.label}: дата в виде ДД.ММ.ГГГГ, например 15.01.2027")
            return None
        if value is None and f.required:
            fail(f"{f.label}: обязательное поле — укажите дату")
        elif isinstance(value, date) and value < EARLIEST:
            fail(f"{f.label}: слишком давно — проверьте год")
        return value
    if f.kind == "choice":
        allowed = {v for v, _label in f.choices}
        value = getattr(raw, "value", raw)
        if value not in allowed:
            names = ", ".join(label for _v, label in f.choices)
            fail(f"{f.label}: выберите из списка ({names})")
        return value
    if f.kind == "ref":
        if raw in (None, ""):
            if f.required:
                fail(f"{f.label}: обязательное поле — выберите из списка")
            return None
        try:
            return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        except ValueError:
            fail(f"{f.label}: выберите из списка")
            return None
    raise ValueError(f"unknown field kind {f.kind}")


def _empty_int(spec: RecordSpec, f: FieldSpec) -> int | None:
    column = sa_inspect(spec.model).columns[f.name]
    return None if column.nullable else 0


def _with_label(label: str, message: str) -> str:
    """Messages from shared checks name their own field («Телефон: …»); others get the label in front."""
    if message.split(":", 1)[0].strip().lower() in label.lower():
        return message
    return f"{label}: {message[:1].lower()}{message[1:]}"


def _parse_date(raw: Any) -> date | bool | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return False


def _refs_exist(session: Session, spec: RecordSpec, parsed: dict[str, Any], errors: list[FieldError]) -> None:
    for f in spec.fields:
        value = parsed.get(f.name)
        if f.kind != "ref" or value is None:
            continue
        model = REF_MODELS[f.ref]()
        row = session.get(model, value)
        if row is None or row.deleted_at is not None:
            errors.append(FieldError(f.name, f"{f.label}: такой записи больше нет — выберите другую"))


def _unique(
    session: Session, spec: RecordSpec, form: RecordForm, parsed: dict[str, Any], errors: list[FieldError]
) -> None:
    for name in spec.unique:
        value = parsed.get(name)
        if not value:
            continue
        column = getattr(spec.model, name)
        stmt = select(spec.model).where(column == value, spec.model.deleted_at.is_(None))
        for twin in session.scalars(stmt):
            if twin.id != form.id:
                label = spec.field(name).label
                who = getattr(twin, spec.name_field, "")
                errors.append(
                    FieldError(
                        name,
                        f"{label}: «{value}» уже есть у «{who}» — откройте ту запись или измените значение",
                    )
                )
                break


def _check(session: Session, form: RecordForm) -> tuple[RecordSpec, dict[str, Any]]:
    spec = spec_for(form.kind)
    errors: list[FieldError] = []
    parsed = {f.name: _parse(spec, f, form.values.get(f.name), errors) for f in spec.fields}
    if not errors and spec.validate is not None:
        errors.extend(FieldError(n, m) for n, m in spec.validate(parsed))
    if not errors:
        _refs_exist(session, spec, parsed, errors)
        _unique(session, spec, form, parsed, errors)
    if spec.parent and form.id is None and form.parent_id is None:
        errors.append(FieldError("", f"{spec.title}: не указано, к чьей карточке относится запись"))
    if errors:
        raise ValidationError(errors)
    return spec, parsed


def _shown(f: FieldSpec, value: Any) -> str:
    if value is None or value == "":
        return "пусто"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if f.kind == "choice":
        return dict(f.choices).get(getattr(value, "value", value), str(value))
    if f.kind == "money":
        return format_rub(int(value))
    return str(value)


def changed_fields(spec: RecordSpec, form: RecordForm, parsed: dict[str, Any], row: Any) -> list[str]:
    """Fields the user changed against the loaded snapshot; ``EditConflict`` where the database moved
    away from the snapshot to something other than what the user typed."""
    if form.loaded is None:
        return list(parsed)

    def norm(value: Any) -> Any:
        return getattr(value, "value", value)

    loaded = {k: norm(v) for k, v in form.loaded.items()}
    now = {f.name: norm(getattr(row, f.name)) for f in spec.fields}
    changed = [n for n, v in parsed.items() if norm(v) != loaded.get(n)]
    clashes = [n for n in changed if loaded.get(n) != now[n] != norm(parsed[n])]
    if clashes:
        raise EditConflict(
            [
                FieldError(
                    n,
                    f"{spec.field(n).label}: изменено на другом рабочем месте, пока карточка была открыта "
                    f"(сейчас: {_shown(spec.field(n), now[n])}). Проверьте и сохраните ещё раз.",
                )
                for n in clashes
            ],
            {n: getattr(row, n) for n in clashes},
        )
    return changed


# --- commands ------------------------------------------------------------------------------------------
def save_record(session: Session, form: RecordForm, *, user: str, today: date) -> Changes:
    """Create or update a record of a declared kind; nothing is written when anything is wrong."""
    spec, parsed = _check(session, form)
    if form.id is None:
        row = spec.model(id=_new_id(), created_by=user)
        if spec.parent:
            setattr(row, spec.parent, form.parent_id)
        session.add(row)
        changed = list(parsed)
        verb = "добавлен"
    else:
        row = _live(session, spec, form.id)
        changed = changed_fields(spec, form, parsed, row)
        if not changed:
            return Changes.of(record_id=row.id, message="Изменений нет")
        verb = "сохранён"
    for name in changed:
        setattr(row, name, parsed[name])
    row.updated_by = user
    session.flush()
    name = getattr(row, spec.name_field, "")
    return Changes.of(
        spec.area,
        *spec.extra_areas,
        record_id=row.id,
        ids=[form.parent_id],
        message=f"{spec.title} «{name}»: {verb}",
    )


def archive_record(session: Session, form: ArchiveForm, *, user: str, today: date) -> Changes:
    """Reference data (items, suppliers, ...) goes to the archive (hidden from pickers, history kept);
    a contact, site or equipment line of a card is deleted (a tombstone, as sync needs)."""
    spec = spec_for(form.kind)
    row = _live(session, spec, form.id)
    name = getattr(row, spec.name_field, "")
    if spec.archivable:
        row.archived = not form.restore
        message = f"{spec.title} «{name}»: " + ("возвращён из архива" if form.restore else "в архиве")
    else:
        row.deleted_at = now_utc()
        message = f"{spec.title} «{name}»: удалён"
    row.updated_by = user
    session.flush()
    parent_id = getattr(row, spec.parent) if spec.parent else None
    return Changes.of(spec.area, *spec.extra_areas, record_id=row.id, ids=[parent_id], message=message)


def _new_id() -> uuid.UUID:
    from mos_desktop.ids import uuid7

    return uuid7()


def _client_model() -> Any:
    from mos_desktop.models import Client

    return Client


def _model(kind: str) -> Any:
    return lambda: spec_for(kind).model


REF_MODELS = {
    "client": _client_model,
    "item": _model("item"),
    "location": _model("location"),
    "supplier": _model("supplier"),
    "contractor": _model("contractor"),
    "user": _model("user"),
    "site": _model("site"),
}
