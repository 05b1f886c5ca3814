"""The payments tests import ``tests/services/factories.py`` and this folder's ``statement_files.py`` as
top-level modules (``from factories import ...``), whatever pytest's import mode."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (str(HERE), str(HERE.parent)):
    if folder not in sys.path:
        sys.path.insert(0, folder)
