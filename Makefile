# MOS Desktop. Quick start: `make run` (launch), `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test deps lint typecheck bench bundle screenshots demo clean

# System packages the tests need (PostgreSQL, poppler, Qt's libraries, ...): before the venv and pytest.
deps:
	PYTHON=$(PYTHON) bash scripts/ensure-test-deps.sh

# A venv whose python cannot run pip (e.g. `python3 -m venv` failed half-way for lack of ensurepip) is
# made anew, after the script has installed venv support for $(PYTHON) where it was missing.
$(STAMP): pyproject.toml
	$(BIN)/python -m pip --version >/dev/null 2>&1 || { \
	  PYTHON=$(PYTHON) bash scripts/ensure-test-deps.sh --venv && $(PYTHON) -m venv --clear $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bundle]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/mos-desktop

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

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen MOS_DESKTOP_HOME=$$(mktemp -d) dist/mos-desktop/mos-desktop --self-check

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --out docs

demo: $(STAMP)
	$(BIN)/mos-desktop demo-data --clients 300 --months 12
