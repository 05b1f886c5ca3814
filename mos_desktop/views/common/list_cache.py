"""The start-up list kept from the last run: shown at once, marked as refreshing, replaced by fresh rows.

Why this and not a lighter first query or lazy model imports (profiled, `-X importtime` and timers on the
worker path, 300-client demo database, a bare window paints in ~0.17 s, so ≤ 3× leaves ~0.5 s to rows):
importing ``mos_desktop.db`` costs 0.8–1.1 s (SQLAlchemy 0.40 s, the models 0.46 s), opening 0.3 s,
the first Сегодня list 0.26 s. SQLAlchemy Core alone is most of the budget, so lazy model imports cannot
get there; and the first tab is Сегодня, a mixed list drawn from every area by the agenda rules, so a
hand-written sqlite3 first read would be a second copy of those rules (the issue's own "one rule in one
place" debt). What the user saw when they last closed the window can be painted in milliseconds.

Safety (never another database's rows, never passed off as live):

- One file per database path (``data_dir()/startup-lists/<sha256 of the resolved path>.json``), the
  path written inside too.
- Written only at a clean exit, after the database is closed, with the file's state at that moment:
  device, inode, size, modification and change times (``st_ctime_ns``: the kernel sets it on any write,
  rename over or ``cp -p``, no tool can set it back) of the database and its ``-wal`` file, plus the
  100-byte SQLite header. Anything that touched the file since (another program, the command
  line, a copy or restore over it, a crash that left a ``-wal``) makes the kept rows unusable.
- The schema head of this program (``migrations.HEAD``), the program's version and this file's
  ``FORMAT`` must equal those written: a newer program never shows an older program's columns.
- A file that cannot be read, parsed or decoded is ignored (and logged), never an error for the user.
- Rows are kept for one list (the one on screen at start) and shown only for that list.
- Shown greyed and inert (the table is disabled: no opening or acting on a kept row) with a status line
  saying they are from the last run and are being refreshed, until the worker's rows replace them; if the
  fresh load fails, the kept rows are removed before the error is shown.

Values are stored as JSON with tags for what JSON lacks (dates, aware datetimes, Decimals, UUIDs); a row
with any other type is not kept (the list simply loads as before next time).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mos_desktop import dbfiles
from mos_desktop.services.listing import Column, Row

if TYPE_CHECKING:
    from mos_desktop.views.common.formatting import Prepared
    from mos_desktop.views.common.list_view import ListView

log = logging.getLogger(__name__)

FORMAT = 1
FOLDER = "startup-lists"
REFRESHING = "Обновляется… Показан список на {when}, из прошлого запуска"


class NotKept(ValueError):
    """A value this cache does not store (the list is then not kept)."""


# --- the database file's state ----------------------------------------------------------------------
def file_state(db_path: Path) -> dict[str, Any]:
    """What changes whenever anything writes, replaces or copies over the database file (see module doc)."""
    state: dict[str, Any] = {}
    for name, path in (("db", db_path), ("wal", Path(f"{db_path}-wal"))):
        try:
            st = path.stat()
        except FileNotFoundError:
            state[name] = None
            continue
        state[name] = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    state["header"] = None
    if dbfiles.in_use(db_path):  # reading it now would unlock this process's connections (dbfiles)
        state["unread"] = True  # never equal to a state taken while the file was closed
        return state
    try:
        with open(db_path, "rb") as f:
            state["header"] = f.read(100).hex()
    except FileNotFoundError:
        pass
    return state


def folder() -> Path:
    """Where kept lists live: the data folder (``cache_path`` adds a folder of its own)."""
    from mos_desktop import config

    return config.data_dir()


def cache_path(folder: Path, db_path: Path) -> Path:
    import hashlib

    digest = hashlib.sha256(str(db_path).encode("utf-8")).hexdigest()[:32]
    return folder / FOLDER / f"{digest}.json"


# --- values -----------------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        raise NotKept("float")  # money is never float; anything else float is not worth a tag
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise NotKept("naive datetime")
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    kind = (type(value).__module__, type(value).__name__)  # neither module is imported for this check
    if kind == ("decimal", "Decimal"):
        return {"n": str(value)}
    if kind == ("uuid", "UUID"):
        return {"u": value.hex}
    raise NotKept(type(value).__name__)


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        if value is None or isinstance(value, str | bool | int):
            return value
        raise ValueError(f"unexpected value {value!r}")
    ((tag, text),) = value.items()
    if tag == "d":
        return date.fromisoformat(text)
    if tag == "t":
        return datetime.fromisoformat(text)
    if tag == "n":
        from decimal import Decimal

        return Decimal(text)
    if tag == "u":
        import uuid  # not at module level: kept off the window's first paint

        return uuid.UUID(hex=text)
    raise ValueError(f"unknown tag {tag!r}")


def encode_prepared(prepared: Prepared) -> dict[str, Any]:
    return {
        "columns": [[c.key, c.title, c.kind, c.width, c.stretch] for c in prepared.columns],
        "rows": [
            [_encode(r.id), [_encode(v) for v in r.values], r.level, r.search_text, r.kind, _encode(r.ref)]
            for r in prepared.rows
        ],
        "display": [list(d) for d in prepared.display],
        "keys": prepared.keys,
        "summary": prepared.summary,
    }


def decode_prepared(data: dict[str, Any]) -> Prepared:
    from mos_desktop.views.common.formatting import Prepared

    columns = [Column(str(k), str(t), kind, w, bool(s)) for k, t, kind, w, s in data["columns"]]
    rows = [
        Row(
            _decode(i), tuple(_decode(v) for v in values), level, str(search), str(kind),
            _decode(rest[0]) if rest else None,
        )
        for i, values, level, search, kind, *rest in data["rows"]
    ]  # fmt: skip
    display = [tuple(str(x) for x in d) for d in data["display"]]
    keys = [str(k) for k in data["keys"]]
    if not (len(rows) == len(display) == len(keys)) or any(len(d) != len(columns) for d in display):
        raise ValueError("rows, display and keys disagree")
    return Prepared(columns, rows, display, keys, summary=str(data["summary"]), total=len(rows))


# --- the file ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """What must match for kept rows to be shown: this database file, this program, this list."""

    db_path: Path  # resolved
    list_key: str  # "<tab>.<list>"
    schema: str  # ``migrations.HEAD`` of this program
    version: str  # the program's version

    def fields(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "db": str(self.db_path),
            "list": self.list_key,
            "schema": self.schema,
            "version": self.version,
        }


@dataclass
class Kept:
    prepared: Prepared
    saved_at: datetime  # aware, when the program closed


def save(folder: Path, identity: Identity, prepared: Prepared, saved_at: datetime) -> bool:
    """Keep ``prepared`` for the next start. Call after the database is closed (see module doc).

    Written to a temporary name and renamed, so a crash leaves the old file or the new one, never half.
    Returns False (and removes any older file) when the rows hold a value this cache does not store.
    """
    target = cache_path(folder, identity.db_path)
    try:
        payload = {
            **identity.fields(),
            "state": file_state(identity.db_path),
            "saved_at": saved_at.isoformat(),
            "prepared": encode_prepared(prepared),
        }
    except NotKept as exc:
        log.info("start-up list not kept: a value of type %s", exc)
        discard(folder, identity.db_path)
        return False
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.stem, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def discard(folder: Path, db_path: Path) -> None:
    cache_path(folder, db_path).unlink(missing_ok=True)


def load(folder: Path, identity: Identity, state: dict[str, Any] | None = None) -> Kept | None:
    """The rows kept for exactly this database file state, program and list; None otherwise.

    ``state``: the file's state taken earlier (``file_state``), before anything of this run could have
    opened the database; taken now when not given."""
    path = cache_path(folder, identity.db_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("start-up list not read (%s): %s", path, exc)
        return None
    try:
        payload = json.loads(raw)
        if not isinstance(payload, dict):
            raise ValueError("not an object")
        for key, expected in identity.fields().items():
            if payload.get(key) != expected:
                log.info("start-up list not used: %s differs", key)
                return None
        if payload.get("state") != (state if state is not None else file_state(identity.db_path)):
            log.info("start-up list not used: the database file changed since it was kept")
            return None
        saved_at = datetime.fromisoformat(payload["saved_at"])
        return Kept(decode_prepared(payload["prepared"]), saved_at)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("start-up list ignored, unreadable (%s): %s", path, exc)
        return None


# --- on screen --------------------------------------------------------------------------------------
def list_key(view: ListView) -> str:
    return f"{view.tab_key}.{view.spec.key}"


class StartupRows:
    """Shows kept rows in the start-up list until fresh ones arrive, and remembers the latest fresh rows
    for ``save`` at exit. ``on_fresh`` runs once, when the first fresh rows (or a load error) arrive."""

    def __init__(self, view: ListView, kept: Kept | None) -> None:
        self.view = view
        self.kept = kept
        self.latest: Prepared | None = None
        self.showing_kept = False
        self._fresh_callbacks: list[Any] = []
        self._fresh_seen = False
        if kept is not None and not view.has_data:
            view.show_kept(kept.prepared)
            self.showing_kept = True
            log.info(
                "start-up list %s: %d kept rows shown until fresh ones arrive",
                list_key(view),
                kept.prepared.total,
            )
            view.table.setEnabled(False)
            self._message = REFRESHING.format(when=_when(kept.saved_at))
            self._status(self._message)
        view.loaded.connect(self._on_loaded)
        view.load_failed.connect(self._on_failed)

    def on_fresh(self, callback: Any) -> None:
        if self._fresh_seen:
            callback()
        else:
            self._fresh_callbacks.append(callback)

    def _on_loaded(self) -> None:
        self.latest = self.view.model.prepared
        self._end_kept()

    def _on_failed(self, _message: str) -> None:
        from mos_desktop.views.common.formatting import Prepared

        self.latest = None
        if self.showing_kept:
            prepared = self.view.model.prepared
            columns = prepared.columns if prepared is not None else []
            self.view.model.set_prepared(Prepared(columns, [], [], []))
        self._end_kept()

    def _end_kept(self) -> None:
        if self.showing_kept:
            self.showing_kept = False
            self.view.table.setEnabled(True)
            bar = self._status_bar()
            if bar is not None and bar.currentMessage() == self._message:
                bar.clearMessage()
        if not self._fresh_seen:
            self._fresh_seen = True
            for callback in self._fresh_callbacks:
                callback()
            self._fresh_callbacks.clear()

    def _status_bar(self) -> Any:
        window = self.view.window()
        return window.statusBar() if hasattr(window, "statusBar") else None

    def _status(self, text: str) -> None:
        bar = self._status_bar()
        if bar is not None:
            bar.showMessage(text)


def _when(saved_at: datetime) -> str:
    from mos_desktop.timeutil import format_datetime

    return format_datetime(saved_at)
