"""The local SQLite database: engine, pragmas, sessions, backups and Alembic migrations on open.

Opening a file: refuse a non-SQLite or corrupt file, refuse a schema newer than this program knows,
back the file up (SQLite backup API) before any migration and once a day, then upgrade to head.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mos_desktop import dbfiles, models  # noqa: F401 - models registers every table
from mos_desktop.errors import DatabaseProblem, os_reason
from mos_desktop.migrations import HEAD

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BACKUPS_KEPT = 10


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed transaction survives a power cut, which matters more here than write speed.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config(connection: Any | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a sound MOS Desktop database. Not when this process has it open already
    (checked then; and reading its bytes directly would drop that connection's locks: ``dbfiles``)."""
    if not path.exists() or path.stat().st_size == 0 or dbfiles.in_use(path):
        return
    with open(path, "rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        raise DatabaseProblem(
            f"Файл {path} не является базой MOS Desktop (это не файл SQLite). "
            "Укажите другой файл через --db или переименуйте этот; он не был изменён."
        )
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(
            f"База {path} повреждена ({exc}). Восстановите её из резервной копии в папке "
            f"{backups_dir(path)}; файл не был изменён."
        ) from None
    if result is None or result[0] != "ok":
        raise DatabaseProblem(
            f"База {path} повреждена (проверка целостности: {result[0] if result else 'нет ответа'}). "
            f"Восстановите её из резервной копии в папке {backups_dir(path)}; файл не был изменён."
        )
    if tables - {"sqlite_sequence"} and "alembic_version" not in tables:
        raise DatabaseProblem(
            f"Файл {path} — база SQLite другой программы (в нём нет схемы MOS Desktop). "
            "Укажите другой файл через --db; этот файл не был изменён."
        )


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _backups_of(db_path: Path) -> list[Path]:
    """This database's backups, oldest first (not those of another file whose name starts the same)."""
    pattern = re.compile(rf"^{re.escape(db_path.stem)}-\d{{8}}-\d{{6}}-[a-z-]+(-\d+)?\.sqlite3$")
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def backup(db_path: Path, reason: str) -> Path | None:
    """Copy the database with the SQLite backup API (consistent even while in use); keep a rotation.

    The copy is written under a temporary name and renamed when complete, so a crash mid-copy never
    leaves a half file that looks like a backup.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    target_dir = backups_dir(db_path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = target_dir / f"{db_path.stem}-{stamp}-{reason}-{n}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)
    for stale in _backups_of(db_path)[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    log.info("backup of %s written to %s", db_path, target)
    return target


def _daily_backup_due(db_path: Path) -> bool:
    existing = _backups_of(db_path)
    if not existing:
        return True
    age = datetime.now().timestamp() - existing[-1].stat().st_mtime
    return age > 24 * 3600


def backup_if_due(db_path: Path) -> Path | None:
    """The daily backup; the GUI calls this periodically, so a window left open for days makes them too."""
    return backup(db_path, "daily") if _daily_backup_due(db_path) else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return row[0] if row else None


def migrate(engine: Engine, db_path: Path | None = None) -> None:
    """Upgrade the schema to head; backs the file up first when there is anything to do."""
    current = current_revision(engine)
    if current == HEAD:
        return  # the common case: no Alembic import at all
    from alembic import command

    if current is not None and current not in known_revisions():
        raise DatabaseProblem(
            "База создана более новой версией MOS Desktop (схема "
            f"{current}). Обновите программу; файл не был изменён."
        )
    if current == head_revision():
        return
    if db_path is not None and current is not None:
        backup(db_path, "before-migration")
    with engine.connect() as conn:
        # SQLite cannot ALTER a constraint: Alembic rebuilds such a table (copy, DROP, rename), and with
        # foreign keys on, dropping a table other rows point to fails (payments under their allocations).
        # The switch only works outside a transaction; the keys are checked before the commit instead.
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                restore_deferred_indexes(conn)  # a migration must find the schema it was written for
                command.upgrade(alembic_config(conn), "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseProblem(
                            "Обновление схемы базы остановлено: нарушены связи между записями "
                            f"(таблица {broken[0][0]}). Файл не изменён; копия — в папке backups."
                        )
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


DEFERRED_INDEXES_KEY = "snapshot_indexes"
_IF_NOT_EXISTS = re.compile(r"^(\s*CREATE\s+INDEX\s+)(?!IF\s+NOT\s+EXISTS)", re.IGNORECASE)


def restore_deferred_indexes(conn: Any, table: str | None = None) -> None:
    """Re-create the plain indexes the initial sync dropped while copying into an empty table (of one
    table, or all). They are kept as their CREATE statements in ``sync_state``; see sync/snapshot.py.
    Called by the snapshot when a table is done or resumed, and before any migration."""
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'"
    ).first()
    if not exists:
        return
    row = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (DEFERRED_INDEXES_KEY,)).first()
    saved: dict[str, list[str]] = json.loads(row[0]) if row else {}
    for name in [table] if table is not None else list(saved):
        for text in saved.pop(name, []):
            conn.exec_driver_sql(_IF_NOT_EXISTS.sub(r"\1IF NOT EXISTS ", text, count=1))
    if saved:
        conn.exec_driver_sql(
            "UPDATE sync_state SET value = ? WHERE key = ?", (json.dumps(saved), DEFERRED_INDEXES_KEY)
        )
    else:
        conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (DEFERRED_INDEXES_KEY,))


@dataclass
class Database:
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    file_token: tuple[int, int] | None = None  # dbfiles' record of this open file

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short transaction: committed on success, rolled back on any error."""
        with self.session_factory.begin() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()
        dbfiles.closed(self.file_token)
        self.file_token = None


def _usable_path(path: Path) -> Path:
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise DatabaseProblem(
            f"{path} — это папка, а не файл базы. Укажите путь к файлу, например {path / 'mos.sqlite3'}."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DatabaseProblem(
            f"Не удалось создать папку {path.parent} для базы: нет прав или диск недоступен. "
            "Укажите другой путь через --db."
        ) from None
    return path


def open_database(path: Path, *, upgrade: bool = True, daily_backup: bool = True) -> Database:
    path = _usable_path(path)
    _check_sqlite_file(path)
    if not path.exists():
        try:
            path.touch()  # an empty file is an empty database to SQLite; it gives dbfiles an identity to hold
        except OSError as exc:
            raise DatabaseProblem(
                f"Не удалось создать базу {path} ({os_reason(exc)}). Проверьте права на папку и свободное "
                "место на диске, или укажите другой файл через --db."
            ) from None
    # Registered before the first connection: from here on nothing of this process reads the file
    # directly (``dbfiles``), even while the migrations run.
    token = dbfiles.opened(path)
    try:
        engine = make_engine(path)
        try:
            if upgrade:
                migrate(engine, path)
                from mos_desktop.sync.capture import install_capture  # capture triggers, from the metadata

                install_capture(engine)
        except OperationalError as exc:
            engine.dispose()
            raise DatabaseProblem(
                f"Не удалось открыть базу {path} ({exc.orig}). Проверьте права на файл и папку, "
                "свободное место на диске, или укажите другой файл через --db."
            ) from None
        if daily_backup:
            backup_if_due(path)
        factory = sessionmaker(engine, expire_on_commit=False)
    except BaseException:
        dbfiles.closed(token)
        raise
    return Database(path=path, engine=engine, session_factory=factory, file_token=token)
