"""The core (models, services, sync, documents, demo) never imports Qt: the CLI and tests run it headless."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mos_desktop"
CORE_LAYERS = ("models", "services", "sync", "documents", "demo")


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


# --- views never talk to a database driver themselves -------------------------------------------------
DB_MODULES = ("psycopg", "psycopg2", "sqlite3", "sqlalchemy")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module imported at run time, anywhere (module level, functions, methods, try blocks), with
    its line; only the body of ``if TYPE_CHECKING:`` is skipped (its ``else`` branch is not)."""
    found: list[tuple[int, str]] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        stack.extend(ast.iter_child_nodes(node))
    return found


def _db_imports(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    return sorted((line, name) for line, name in _runtime_imports(tree) if name.split(".")[0] in DB_MODULES)


def test_views_never_import_a_database_driver() -> None:
    """psycopg, sqlite3 and SQLAlchemy belong to services/sync: a view asks a worker for plain data."""
    offenders = []
    for path in sorted((PACKAGE / "views").rglob("*.py")):
        for line, name in _db_imports(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(PACKAGE)}:{line} imports {name}")
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import psycopg\n", [(1, "psycopg")]),
        ("import os, sqlite3 as lite\n", [(1, "sqlite3")]),
        ("from sqlalchemy.orm import Session\n", [(1, "sqlalchemy.orm")]),
        ("def probe():\n    import psycopg\n    return psycopg\n", [(2, "psycopg")]),
        (
            "class Page:\n    def run(self):\n        try:\n            from psycopg import errors\n"
            "        except ImportError:\n            pass\n",
            [(4, "psycopg")],
        ),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sqlite3\n", []),
        ("import typing\nif typing.TYPE_CHECKING:\n    from psycopg import Connection\n", []),
        ("if TYPE_CHECKING:\n    pass\nelse:\n    import sqlite3\n", [(4, "sqlite3")]),
        ("if DEBUG:\n    import sqlite3\n", [(2, "sqlite3")]),
        ("import psycopg_pool_helper_not_a_driver\nfrom .sqlite3 import x\n", []),
        ("from mos_desktop.sync.probe import probe\n", []),
    ],
)
def test_driver_import_check_sees_every_place(source: str, expected: list[tuple[int, str]]) -> None:
    assert _db_imports(source) == expected
