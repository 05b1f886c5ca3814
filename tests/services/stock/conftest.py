"""Helper modules of these tests (``from factories import ...`` of tests/services, and the ones beside
this file), importable whatever pytest's import mode."""

from __future__ import annotations

import sys
from pathlib import Path

for _path in (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
