"""The core (models, services, sync, documents) never imports Qt: the CLI and tests run it headless."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mos_desktop"
CORE_LAYERS = ("models", "services", "sync", "documents")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_core_layer_does_not_import_qt(layer: str) -> None:
    offenders = []
    for path in (PACKAGE / layer).rglob("*.py"):
        if any(name == "PySide6" or name.startswith(("PySide6.", "shiboken6")) for name in _imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_layer_check_catches_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imports(sample)


def test_views_hold_no_sql() -> None:
    offenders = []
    for path in (PACKAGE / "views").rglob("*.py"):
        names = _imports(path)
        if any(n == "sqlalchemy" or n.startswith("sqlalchemy.") for n in names):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
