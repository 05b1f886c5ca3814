# MOS Desktop. Quick start: `make run` (launch), `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test deps run-deps fresh-check lint typecheck bench bundle screenshots demo clean

# System packages the tests need (PostgreSQL, poppler, Qt's libraries, ...): before the venv and pytest.
deps:
	PYTHON=$(PYTHON) bash scripts/ensure-test-deps.sh

# What the app itself needs from the system (Qt's libraries, the time-zone database): before `make run`.
run-deps:
	@PYTHON=$(PYTHON) bash scripts/ensure-test-deps.sh --run

# A venv whose python cannot run pip (e.g. `python3 -m venv` failed half-way for lack of ensurepip) is
# made anew, after the script has installed venv support for $(PYTHON) where it was missing.
$(STAMP): pyproject.toml
	$(BIN)/python -m pip --version >/dev/null 2>&1 || { \
	  PYTHON=$(PYTHON) bash scripts/ensure-test-deps.sh --venv && $(PYTHON) -m venv --clear $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bundle]"
	touch $(STAMP)

# `make run ARGS=--self-check` renders every tab once and exits (offscreen when there is no display).
run: run-deps $(STAMP)
	@$(BIN)/python -m compileall -q mos_desktop >/dev/null || true  # bytecode even where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/mos-desktop $(ARGS)

test: deps $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf build dist bench.json

bench: deps $(STAMP)
	$(BIN)/python benchmarks/run.py --out bench.json

bundle: deps $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen MOS_DESKTOP_HOME=$$(mktemp -d) dist/mos-desktop/mos-desktop --self-check

screenshots: run-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --out docs

demo: $(STAMP)
	$(BIN)/mos-desktop demo-data --clients 300 --months 12

# Slow (a fresh Debian 12 root, then `make run` and `make test` in it; needs root): proves the README's
# Quick start on a machine where nothing was installed by hand. Not part of `make test`.
fresh-check:
	bash scripts/fresh-debian-check.sh
