# Two commands for a newcomer: `make serve` previews the site, `make test` runs every test.
# Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
# Test-only JavaScript (axe-core), so `make serve` needs no Node.js.
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json | cut -c1-12)

.PHONY: serve test build bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .venv .pytest_cache node_modules
