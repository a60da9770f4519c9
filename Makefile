# Congvu: `make run` (embedded, no services) and `make test` (the whole suite). See README.
SHELL := /bin/bash
PY_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 2
CELERY_CONCURRENCY ?= 2
# uvicorn's proxy flags (config/serve_args.py): X-Forwarded-* is ignored unless DJANGO_BEHIND_PROXY=1, and then
# believed only from DJANGO_TRUSTED_PROXIES. Expanded when a recipe runs, so after the virtualenv exists.
PROXY_ARGS = $(or $(shell $(PY) -m config.serve_args),$(error config/serve_args.py failed, see the message above))

.PHONY: run serve test test-services install migrate demo messages lint clean bench

$(VENV)/.installed: requirements.txt
	@echo "== Creating the virtual environment in $(VENV) and installing the pinned packages (a minute or two the first time)"
	@test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet --progress-bar off -r requirements.txt
	@touch $@

install: $(VENV)/.installed messages

messages: $(VENV)/.installed
	@$(PY) manage.py compile_translations

migrate: install
	@echo "== Bringing the database up to date"
	@$(PY) manage.py migrate --noinput

demo: migrate
	@echo "== Loading the demo data (province, units, several thousand staff, one login per role)"
	@$(PY) manage.py load_demo

## make run: embedded mode on http://$(HOST):$(PORT) with demo data and the periodic jobs
run: demo
	@$(PY) manage.py demo_logins
	@echo "== Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan on $(PROXY_ARGS)

## make serve: services mode from the environment (DATABASE_URL, REDIS_URL): web workers, Celery worker and beat
serve: migrate
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make serve needs DATABASE_URL and REDIS_URL (see README)"; exit 2; }
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(PY) manage.py collectstatic --noinput -v0
	trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	$(VENV)/bin/celery -A config worker --concurrency $(CELERY_CONCURRENCY) --loglevel INFO & \
	$(VENV)/bin/celery -A config beat --loglevel INFO --schedule $${CONGVU_VAR_DIR:-var}/celerybeat-schedule & \
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --workers $(WEB_WORKERS) --lifespan on $(PROXY_ARGS) & \
	wait

## make test: the whole suite (embedded mode; browser tests install Debian's chromium when run as root)
test: install
	$(PY) -m pytest -q -n 2 --dist loadfile

## make lint: the code as CI reads it (formatting and lint rules, pyproject.toml)
lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/hrm_import.py

clean:
	rm -rf var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
