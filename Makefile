# Hearth: developer and CI entry points. `make help` lists them.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Extra options for every pytest run, e.g. `make test PYTEST_ARGS="-x -k rent"`
PYTEST_ARGS ?=
HOSTPORT ?= 127.0.0.1:8000

VENV_STAMP := $(VENV)/.hearth-installed
NODE_STAMP := node_modules/.hearth-installed
# Debian packages the app and its tests need: Chromium for browser tests, fonts and Pango for
# WeasyPrint, PostgreSQL (server for the test fallback, client for psql/pg_dump), Tesseract and
# Ghostscript for OCR.
SYSTEM_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
	postgresql postgresql-client tesseract-ocr tesseract-ocr-eng ghostscript
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
LOCK := $(if $(shell command -v flock),flock var/.install.lock,)

.PHONY: help install run test test-sqlite test-postgres acceptance bench lint openapi clean distclean \
	_install _system-packages _lint _test-sqlite _test-postgres

help:
	@echo "make install        set up .venv, node_modules and system packages (fast when up to date)"
	@echo "make run            migrate, build the demo borough if empty, serve http://$(HOSTPORT)/ with a worker"
	@echo "make test           lint, then the whole test suite on SQLite and on PostgreSQL"
	@echo "make test-sqlite    the test suite on SQLite only"
	@echo "make test-postgres  the test suite on PostgreSQL only"
	@echo "make acceptance     the acceptance runner on a throwaway database (HEARTH_ACCEPTANCE_DIR honoured)"
	@echo "make bench          the benchmarks on PostgreSQL (BENCH_SCALE honoured)"
	@echo "make lint           ruff, mypy, import-linter and a check that no migration is missing"
	@echo "make openapi        regenerate openapi.json"
	@echo "make clean          remove caches and build output (distclean: also .venv, node_modules, var/)"
	@echo "Extra pytest options: PYTEST_ARGS=\"...\""

# --- install ----------------------------------------------------------------------------------
# One install at a time (several shells may share a working tree); the inner make re-checks the
# stamps once it holds the lock.
install:
	@mkdir -p var
	@$(LOCK) $(MAKE) --no-print-directory _install

_install: _system-packages $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "Creating $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing Python packages (pip install -e '.[dev]')"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer" >&2; exit 1; }
	@echo "Installing front-end packages"
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
	else npm install --no-audit --no-fund --loglevel=error; fi
	@touch $@

_system-packages:
	@if ! command -v dpkg-query >/dev/null; then \
		echo "Not a Debian system: make sure these are installed: $(SYSTEM_PACKAGES)"; exit 0; fi; \
	installed=$$({ dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' $(SYSTEM_PACKAGES) 2>/dev/null || true; } \
		| awk '$$2 == "ii" { print $$1 }'); \
	missing=$$(for p in $(SYSTEM_PACKAGES); do grep -qx "$$p" <<<"$$installed" || echo "$$p"; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing \
			>/dev/null; \
	fi

# --- run --------------------------------------------------------------------------------------
run: install
	@export HEARTH_ENV=development; \
	$(BIN)/hearth migrate --noinput; \
	$(BIN)/hearth demo --if-empty; \
	$(BIN)/hearth db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	trap 'exit 130' INT TERM; \
	echo; echo "Hearth is running at http://$(HOSTPORT)/ (Ctrl-C stops the server and the worker)"; echo; \
	$(BIN)/hearth runserver $(HOSTPORT)

# --- tests ------------------------------------------------------------------------------------
# Everything is run and reported; the target fails if any part failed.
test: install
	@set +e; \
	$(MAKE) --no-print-directory _lint; lint=$$?; \
	$(MAKE) --no-print-directory _test-sqlite; sqlite=$$?; \
	$(MAKE) --no-print-directory _test-postgres; postgres=$$?; \
	word() { if [ "$$1" = 0 ]; then echo passed; else echo FAILED; fi; }; \
	pg_version=$$(psql -w -X -At -h 127.0.0.1 -U postgres -d postgres -c 'show server_version' 2>/dev/null \
		| cut -d' ' -f1); \
	echo; \
	echo "Test summary: lint $$(word $$lint); pytest on SQLite $$(word $$sqlite);" \
		"pytest on PostgreSQL $${pg_version:-?} $$(word $$postgres)"; \
	[ $$lint = 0 ] && [ $$sqlite = 0 ] && [ $$postgres = 0 ]

test-sqlite: install
	@$(MAKE) --no-print-directory _test-sqlite

test-postgres: install
	@$(MAKE) --no-print-directory _test-postgres

# Each run gets its own data directory (uploaded files, outbox), so runs can share a tree.
_test-sqlite:
	@echo "== pytest on SQLite =="
	@data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	env -u DATABASE_URL HEARTH_ENV=test HEARTH_DATA_DIR="$$data" $(BIN)/pytest $(PYTEST_ARGS)

_test-postgres:
	@echo "== pytest on PostgreSQL =="
	@data=$$(mktemp -d); db=""; \
	trap '[ -z "$$db" ] || scripts/ensure_postgres.sh --drop "$$db" || true; rm -rf "$$data"' EXIT; \
	url=$$(scripts/ensure_postgres.sh --create --owner $$$$); db=$${url##*/}; \
	echo "Database: $$url (tests use test_$$db)"; \
	env DATABASE_URL="$$url" HEARTH_ENV=test HEARTH_DATA_DIR="$$data" $(BIN)/pytest $(PYTEST_ARGS)

acceptance: install
	@data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	export HEARTH_ENV=test HEARTH_DATA_DIR="$$data" DATABASE_URL="sqlite:///$$data/acceptance.sqlite3"; \
	$(BIN)/hearth migrate --noinput -v 0; \
	$(BIN)/hearth acceptance

bench: install
	@url=$$(scripts/ensure_postgres.sh --create --owner $$$$); db=$${url##*/}; \
	trap 'scripts/ensure_postgres.sh --drop "$$db" || true' EXIT; \
	export HEARTH_ENV=test DATABASE_URL="$$url"; \
	echo "Benchmarks on $$url (BENCH_SCALE=$${BENCH_SCALE:-default})"; \
	$(BIN)/hearth migrate --noinput -v 0; \
	status=0; for b in bench/run.py bench/repairs.py bench/rents.py bench/lettings.py bench/load.py; do \
		if [ -f "$$b" ]; then echo "== $$b =="; $(BIN)/python "$$b" || status=1; fi; \
	done; exit $$status

# --- lint -------------------------------------------------------------------------------------
lint: install
	@$(MAKE) --no-print-directory _lint

# All five run, so one report shows every finding. mypy's Django plugin loads the settings,
# which need HEARTH_ENV. The migrations check compares the models with the migration files; it
# is given a throwaway SQLite database, so it never touches a real one.
_lint:
	@set +e; failed=""; data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	echo "== ruff check =="; $(BIN)/ruff check --quiet --output-format concise . || failed="$$failed ruff"; \
	echo "== ruff format =="; $(BIN)/ruff format --check --quiet . || failed="$$failed format"; \
	echo "== mypy =="; HEARTH_ENV=test $(BIN)/mypy || failed="$$failed mypy"; \
	echo "== import-linter =="; HEARTH_ENV=test $(BIN)/lint-imports --no-cache --no-logo || failed="$$failed import-linter"; \
	echo "== migrations =="; env -u DATABASE_URL HEARTH_ENV=test HEARTH_DATA_DIR="$$data" \
		$(BIN)/hearth makemigrations --check --dry-run || failed="$$failed migrations"; \
	if [ -n "$$failed" ]; then echo "Lint failed:$$failed"; exit 1; fi

# --- other ------------------------------------------------------------------------------------
openapi: install
	@HEARTH_ENV=test $(BIN)/hearth export_openapi > var/openapi.json.tmp
	@mv var/openapi.json.tmp openapi.json
	@echo "openapi.json regenerated"

clean:
	rm -rf .mypy_cache .ruff_cache .pytest_cache .import_linter_cache test-results build dist \
		src/*.egg-info var/static var/openapi.json.tmp
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

# Also removes the installed packages and the local data (the SQLite database, uploaded files).
distclean: clean
	rm -rf $(VENV) node_modules var
