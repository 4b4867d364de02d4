# The two commands a new user needs: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run setup install messages migrate demo test test-sqlite test-postgres browser node voikko bench lint format clean

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

setup: install messages migrate demo
	@$(MANAGE) create_local_admin

install: $(STAMP) voikko

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

migrate: install
	$(MANAGE) migrate --noinput --verbosity 0

demo: migrate
	$(MANAGE) load_demo

# pytest on SQLite, then on PostgreSQL when one is reachable ($$PG_TEST_URL, $$DATABASE_URL or
# 127.0.0.1:5432). Under CI (CI=true) an unreachable PostgreSQL is a failure, not a skip.
# Browser tests (marked `browser`) run in the SQLite pass only: they drive a separate server process.
test: install messages browser node lint test-sqlite test-postgres

test-sqlite:
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite:///:memory: $(BIN)/pytest

test-postgres:
	@url=$$($(BIN)/python scripts/postgres_url.py); status=$$?; \
	if [ $$status -eq 0 ]; then \
		echo "--- PostgreSQL: $$url"; \
		DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$$url $(BIN)/pytest -m "not browser" || exit 1; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required under CI but is not reachable." >&2; exit 1; \
	else \
		echo "--- PostgreSQL skipped: not reachable (set PG_TEST_URL to test on it)."; \
	fi

# Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded).
browser:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Benchmarks: figures against stock Wagtail on the same data (not part of the test suite).
bench: install messages
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m bench $(BENCH)

# ruff (lint and format), import-linter (the apps' layers, pyproject.toml) and deptry (every
# imported package declared).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 media static .admin-password

# npm packages for the tests (axe-core for the accessibility checks, the TypeScript client
# generator and compiler for the API contract); `npm ci` when missing or out of date.
node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# --- Production on this machine: PostgreSQL (database `lape`) and Redis on loopback, gunicorn.
# HTTPS=false because there is no TLS proxy on loopback; everything else is the production setup.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lape
PROD_CACHE_URL ?= redis://127.0.0.1:6379/0
PROD_BIND ?= 127.0.0.1:8000
PROD_SECRET_FILE := .prod-secret-key
PROD := DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=$(PROD_DATABASE_URL) \
	CACHE_URL=$(PROD_CACHE_URL) HTTPS=false SECRET_KEY=$$(cat $(PROD_SECRET_FILE)) \
	SITE_URL=$${SITE_URL:-http://$(PROD_BIND)}

.PHONY: serve-prod backup restore bench-tools

$(PROD_SECRET_FILE):
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

serve-prod: install messages $(PROD_SECRET_FILE)
	$(BIN)/python scripts/ensure_database.py $(PROD_DATABASE_URL)
	$(PROD) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PROD) PGOPTIONS="-c lock_timeout=5s" $(MANAGE) migrate --noinput --verbosity 0
	$(PROD) $(MANAGE) load_demo
	$(PROD) GUNICORN_BIND=$(PROD_BIND) $(BIN)/gunicorn -c config/gunicorn.py config.wsgi

# Backups of the database named by the environment ($$DJANGO_SETTINGS_MODULE, $$DATABASE_URL):
# `make backup` writes backups/<time>/; `make restore BACKUP=backups/<time>` needs an empty database.
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<time> [FORCE=1]" >&2; exit 2; }
	$(MANAGE) restore $(BACKUP) $(if $(FORCE),--force)

# wrk for `make bench BENCH=load` (Debian's package).
bench-tools:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# Finnish morphology for search (Voikko: base forms and compound parts). Without it, Finnish
# search falls back to Snowball stemming and says so in the log.
voikko:
	@ldconfig -p | grep -q libvoikko.so.1 && test -d /usr/lib/voikko || { \
		echo "Installing Debian's libvoikko1 and voikko-fi for Finnish search"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvoikko1 voikko-fi >/dev/null; }
