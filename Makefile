# grannskap: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the tests
# (`make test-unit`, `test-integration`, `test-e2e`, `test-mail`, `test-contract`,
# `test-browser`: one tier; `make test-fast`: all but the browser and the slow tests;
# `make cluster-test`: the cluster in network namespaces, as root, never part of `make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench loadtest smoke-load clean \
	test-unit test-integration test-e2e test-mail test-contract test-browser test-fast cluster-test

$(BIN)/grannskap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/grannskap

install: $(BIN)/grannskap

run: install
	$(BIN)/grannskap demo --if-empty
	$(BIN)/grannskap serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Every tier, spread over the cores by pytest-xdist (each worker has its own databases; the
# browser tier stays in one worker, which keeps one Chromium and one demo server).
JOBS ?= auto
PYTEST := $(BIN)/pytest -q -n $(JOBS) --dist loadgroup
# The cluster test (tests/cluster, marked `cluster`) is left out of every target but its own.
test: install lint
	$(PYTEST) -m "not cluster"
	$(MAKE) smoke-load

# One tier at a time (markers set by tests/conftest.py from the folder): make test-unit ...
TIERS := unit integration e2e mail contract browser
$(addprefix test-,$(TIERS)): test-%: install
	$(PYTEST) -m "$* and not cluster"

# What to run while editing: every tier but the browser's, without the slow tests.
test-fast: install
	$(PYTEST) -m "not browser and not slow and not cluster"

# A PostgreSQL primary and streaming replica, two servers behind haproxy and two projection
# workers, each in a network namespace of its own, under load while a server host and the
# active worker are cut (tests/cluster; needs root, Debian's PostgreSQL 15 and haproxy).
cluster-test: install
	$(BIN)/pytest -q -s -p no:cacheprovider -m cluster tests/cluster

bench: install
	$(BIN)/python -m benchmarks.run

# Load tests (locust): see README "Load tests". DB=sqlite|postgres WORKERS= USERS= DURATION= SHAPE=day|steady|rush
DB ?= sqlite
DURATION ?= 60s
SHAPE ?= day
loadtest: install
	$(BIN)/python -m loadtests.run --db $(DB) --duration $(DURATION) --shape $(SHAPE) \
		$(if $(WORKERS),--workers $(WORKERS)) $(if $(USERS),--users $(USERS)) $(LOADTEST_ARGS)

# A short smoke load in its own pytest process (locust patches the standard library with gevent).
smoke-load: install
	$(BIN)/pytest -q -p no:cacheprovider loadtests/test_smoke.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache grannskap.db grannskap.db-* grannskap.db.mail
