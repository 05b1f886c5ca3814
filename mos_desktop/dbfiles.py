"""Which database files this process has open through SQLite, so that nothing opens them any other way.

SQLite's locks on a file are POSIX advisory locks, and POSIX drops *all* of a process's locks on a file when
the process closes *any* descriptor of it. A plain ``open(db, "rb")`` … ``close()`` in a process that holds
a connection therefore silently unlocks that connection: another process then believes it is the last user,
checkpoints and deletes the WAL under it, and the file can end up corrupt («How To Corrupt An SQLite
Database File», section 2.2). SQLite's own connections are safe with each other (it shares one descriptor
per file within a process); only raw reads of the file are not.

``db.open_database`` registers every file it opens and ``Database.dispose`` releases it; whoever wants to
read a database file's bytes directly (its header) asks ``in_use`` first and does not when it says so.
Kept free of SQLAlchemy: the start-up path uses it before the database is opened.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

_lock = threading.Lock()
_open: Counter[tuple[int, int]] = Counter()


def _key(path: Path) -> tuple[int, int] | None:
    """The file's identity (device, inode): the same whatever path or link names it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def opened(path: Path) -> tuple[int, int] | None:
    """Record that a connection of this process has ``path`` open; the token for ``closed``."""
    key = _key(path)
    if key is not None:
        with _lock:
            _open[key] += 1
    return key


def closed(token: tuple[int, int] | None) -> None:
    if token is None:
        return
    with _lock:
        _open[token] -= 1
        if _open[token] <= 0:
            del _open[token]


def in_use(path: Path) -> bool:
    """Whether this process has the file open through SQLite (so its bytes must not be read directly)."""
    key = _key(path)
    with _lock:
        return key is not None and _open.get(key, 0) > 0
