# Zorgpad — two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export ZORGPAD_DEMO_MODE ?= 1

.PHONY: install run test bench bench-absences db clean

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

db: install
	$(BIN)/zorgpad db upgrade
	$(BIN)/zorgpad seed-demo

run: db
	PORT=$(PORT) $(BIN)/zorgpad serve

test: install
	$(BIN)/ruff check app tests bench
	$(BIN)/pytest

bench: install bench-absences
	$(BIN)/python bench/run.py

# 1M absence rows through `zorgpad import-absences`: time and peak memory.
bench-absences: install
	$(BIN)/python bench/absences.py

clean:
	rm -rf $(VENV) instance .pytest_cache *.egg-info
