# Two entry points (see README): `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install schema bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/eventwire demo --serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

schema: $(STAMP)
	$(BIN)/eventwire schema > schema/event.schema.json

screenshots: $(STAMP)
	EVENTWIRE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_web.py

bench: $(STAMP)
	$(BIN)/python bench/score_demo.py
	$(BIN)/python bench/score_plover.py

clean:
	rm -rf $(VENV) eventwire-demo.duckdb* .pytest_cache
