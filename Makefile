# Pishkhan: the two commands are `make run` and `make test`.
# Everything they need is installed here on first use: a virtualenv in .venv
# (from requirements-dev.txt) and the browser assets in node_modules.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in letters, QR codes and SMS point here unless SITE_URL is set (environment or .env).
RUN_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
RUN_ENV = DEBUG=1 PISHKHAN_RUN_URL=$(RUN_URL)

.PHONY: run test lint format bench worker beat install messages check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	@echo "Preparing the database and the demo city…"
	@$(RUN_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@$(RUN_ENV) $(PY) manage.py seed_demo --if-empty
	@$(RUN_ENV) $(PY) manage.py demo_accounts
	@$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The micro-benchmarks (bench/run.py, on a throwaway database), then the benchmark at scale when
# BENCH_DATABASE_URL names a PostgreSQL database of its own: BENCH_N files (100000) loaded once,
# measured through gunicorn (see the README's performance section).
bench: install
	$(PY) bench/run.py
	@if [ -n "$$BENCH_DATABASE_URL" ]; then $(PY) -m bench.scale; \
	else echo "make bench: set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pishkhan_bench_load for the benchmark at scale"; fi

# A worker and beat need a broker: REDIS_URL in the environment or in .env (without one, tasks
# run in-process and there is nothing for them to do).
NEED_REDIS = $(PY) -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pishkhan.settings'); django.setup(); from django.conf import settings; raise SystemExit(0 if settings.REDIS_URL else 'Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) in the environment or .env first.')"
WORKER_CONCURRENCY ?= 2

worker: install
	@$(NEED_REDIS)
	$(BIN)/celery -A pishkhan worker --loglevel=info --concurrency=$(WORKER_CONCURRENCY)

beat: install
	@$(NEED_REDIS)
	$(PY) manage.py migrate --noinput --verbosity 0
	$(BIN)/celery -A pishkhan beat --loglevel=info --scheduler django_celery_beat.schedulers:DatabaseScheduler

messages: install
	$(PY) manage.py makemessages --locale fa --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete
	$(PY) manage.py compilemessages --locale fa --ignore '.venv/*' --ignore 'node_modules/*'

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules var/static
