# Quick start: `make run` (index the sample archive and search it), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test test-fast lint format install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml setup.py
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml setup.py
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/archive-search index data/
	$(BIN)/archive-search search Kumanovo

serve: install  # the web search of the index `make run` built: http://127.0.0.1:8080/
	$(BIN)/archive-search serve

test: install-test
	@start=$$(date +%s); \
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/python -m pytest; \
	status=$$?; echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

test-fast: install-test  # the tests not marked slow: seconds, for the edit-test loop
	$(BIN)/python -m pytest -m "not slow"

lint: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info
