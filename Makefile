# MOS Desktop. Quick start: `make run` (launch), `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench bundle screenshots demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bundle]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/mos-desktop

test: $(STAMP)
	bash scripts/ensure-test-deps.sh
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf build dist bench.json

bench: $(STAMP)
	bash scripts/ensure-test-deps.sh
	$(BIN)/python benchmarks/run.py --out bench.json

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen MOS_DESKTOP_HOME=$$(mktemp -d) dist/mos-desktop/mos-desktop --self-check

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --out docs

demo: $(STAMP)
	$(BIN)/mos-desktop demo-data --clients 300 --months 12
