"""The PyInstaller bundle (build.spec) builds and works: demo data through its migrations and word lists,
then its --self-check renders every tab offscreen. Slow (a minute or more): CI runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mos_desktop.views.tabs import TABS

ROOT = Path(__file__).resolve().parent.parent
TAB_TITLES = ["Сегодня", "Портфель", "Платежи", "Логистика", "Склад Румянцево", "Поставщики", "Подрядчики"]

# The module-scoped build (minutes on a loaded machine) counts against the first test that uses it: a
# larger limit than the suite's per-test 600 s, still well inside CI's budget.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(build / "dist"),
            "--workpath",
            str(build / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    exe = build / "dist" / "mos-desktop" / ("mos-desktop.exe" if sys.platform == "win32" else "mos-desktop")
    assert exe.is_file()
    return exe


def run_bundle(exe: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", MOS_DESKTOP_HOME=str(home))
    return subprocess.run(
        [str(exe), *args], env=env, cwd=home, capture_output=True, text=True, timeout=600, encoding="utf-8"
    )


def test_tab_titles_match_the_contract() -> None:
    assert [tab.title for tab in TABS] == TAB_TITLES


def test_bundle_help(bundle: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle, tmp_path, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "--self-check" in proc.stdout


def test_bundle_ships_resources_and_migrations(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "fonts" / "LICENSE-DejaVu.txt").is_file()
    shipped = {p.name for p in (internal / "mos_desktop" / "migrations" / "versions").glob("*.py")}
    in_tree = {p.name for p in (ROOT / "mos_desktop" / "migrations" / "versions").glob("*.py")}
    assert shipped == in_tree
    assert (internal / "mos_desktop" / "migrations" / "env.py").is_file()
    caches = [p.name for p in (internal / "mos_desktop" / "migrations").rglob("*") if p.suffix == ".pyc"]
    caches += [p.name for p in (internal / "mos_desktop" / "migrations").rglob("__pycache__")]
    assert caches == [], "bytecode caches of the source tree were copied into the bundle"


def test_bundle_demo_data_then_self_check(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    proc = run_bundle(bundle, tmp_path, "--db", str(db), "demo-data", "--clients", "20", "--months", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_bundle(bundle, tmp_path, "--db", str(db), "--self-check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    counts = tab_counts(proc.stdout)
    assert list(counts) == TAB_TITLES, proc.stdout
    assert "(Клиенты: 20," in next(line for line in proc.stdout.splitlines() if line.startswith("Портфель:"))
    assert counts["Склад Румянцево"] > 0  # stock moves of the demo data: the bundle's data files work


def tab_counts(stdout: str) -> dict[str, int]:
    """Self-check lines look like "Портфель: 20 строк"; exactly one line per tab."""
    counts: dict[str, int] = {}
    for line in stdout.splitlines():
        for title in TAB_TITLES:
            match = re.match(rf"{re.escape(title)}: (\d+)", line.strip())
            if match:
                assert title not in counts, f"two lines for {title}"
                counts[title] = int(match.group(1))
    return counts


def test_bundle_self_check_on_a_fresh_database(bundle: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle, tmp_path, "--self-check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert tab_counts(proc.stdout) == dict.fromkeys(TAB_TITLES, 0)
