# Two commands for a newcomer: `make serve` previews the site, `make test` runs every test.
# Each creates .venv and installs what it needs on first use, exactly as requirements.lock says.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
LOCK := requirements.lock
# A stamp's name holds a hash of the files it was installed from: a changed file reinstalls.
hash = $(shell cat $(1) | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(call hash,pyproject.toml $(LOCK))
# Test-only JavaScript (axe-core), so `make serve` needs no Node.js.
NODE_STAMP := node_modules/.installed-$(call hash,package-lock.json)
# Benchmark-only JavaScript (Lighthouse, large), so `make test` does not install it.
BENCH_NODE_STAMP := bench/node_modules/.installed-$(call hash,bench/package-lock.json)
# The tool that writes requirements.lock (`make lock`); it lives in a throw-away venv.
UV := uv==0.13.9
# CI's Python (Linux x86_64); pymdown-extensions 13, which the site was made with, needs 3.11.5+.
LOCK_PYTHON := 3.11.7
LOCK_FLAGS ?=

.PHONY: serve test build bench lock clean

# The locked pip first, which then installs every locked package, each checked against its
# hashes and as a wheel (nothing is compiled, nothing unlocked is fetched), then the project
# itself: editable, so hooks and the `sitekit` command run the sitekit/ of this working tree.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	awk '/^[^ #]/ { keep = /^pip==/ } keep' $(LOCK) > $(VENV)/pip.lock
	grep -q '^pip==' $(VENV)/pip.lock
	$(PIP) install --quiet --require-hashes --only-binary :all: -r $(VENV)/pip.lock
	$(PIP) install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	rm -f $(VENV)/.installed-* $(VENV)/pip.lock
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(BENCH_NODE_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --silent
	touch $@

# The engine that builds the site: mkdocs, or properdocs (the maintained MkDocs 1.x fork, also
# installed from the lock; tests/test_engines.py checks both give the same site).
ENGINE ?= mkdocs

serve: $(STAMP)
	$(BIN)/$(ENGINE) serve -f mkdocs.yml

build: $(STAMP)
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP) $(NODE_STAMP) $(BENCH_NODE_STAMP)
	$(BIN)/python bench/run.py

# Rewrites requirements.lock from pyproject.toml (dependencies, the test extra and the bootstrap
# group) for CI's platform, Python LOCK_PYTHON on Linux x86_64, with the hashes of every file
# of each release. Pins already in the lock are kept; `make lock LOCK_FLAGS=--upgrade` moves
# the indirect dependencies to their newest releases too.
lock:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet --disable-pip-version-check $(UV) && \
	"$$tmp/bin/uv" pip compile pyproject.toml --extra test --group bootstrap \
		--python-version $(LOCK_PYTHON) --python-platform x86_64-unknown-linux-gnu \
		--only-binary :all: --generate-hashes --quiet --custom-compile-command 'make lock' \
		$(LOCK_FLAGS) --output-file $(LOCK)

clean:
	rm -rf site .venv .pytest_cache node_modules bench/node_modules
