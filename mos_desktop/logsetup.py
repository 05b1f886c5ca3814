"""The log file: one rotating ``mos-desktop.log`` in the platformdirs log folder, for the CLI and the GUI.

Idempotent: a second call for the same file adds no second handler (the GUI is started by the CLI, and
each would otherwise write every line twice). Chatty third-party loggers are kept at WARNING.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from mos_desktop import config

LOG_FILE_NAME = "mos-desktop.log"
QUIET_LOGGERS = ("alembic.runtime.plugins",)  # a line per plugin on every start
_ours: logging.Handler | None = None  # the handler this module added last


def setup_logging() -> tuple[Path, logging.Handler | None]:
    """Log INFO and above to the log file; returns its path and the handler when this call added it
    (the caller may remove it again), or None when the file already had one."""
    global _ours
    path = config.log_dir() / LOG_FILE_NAME
    root = logging.getLogger()
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        return path, None
    if _ours is not None and _ours in root.handlers:  # another data folder (tests): one log file at a time
        root.removeHandler(_ours)
        _ours.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    _ours = handler
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path, handler
