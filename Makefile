# Waypoint: `make run` to use it, `make test` to prove it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := var/.stamps
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format bench install assets migrate seed clean lock

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_sign_ins
	$(PY) manage.py runserver $(HOST):$(PORT)

# Waypoint under gunicorn with production settings, on $(HOST):$(PORT). Needs SECRET_KEY and, for a real
# deployment, TLS in front. To try it over plain HTTP on this machine only (benchmarks): WAYPOINT_PLAIN_HTTP_LOOPBACK=1
# and ALLOWED_HOSTS=127.0.0.1 (settings refuse that switch for any other host).
# One worker per core and one more: requests are CPU-bound (templates, ORM) and PostgreSQL shares the cores. On this
# 2-core machine 2 or 3 workers served 55 requests a second under the bench's load, 4 or 5 workers 52.
WORKERS ?= $(shell expr $$(nproc 2>/dev/null || echo 2) + 1)
serve: export WAYPOINT_ENV = production
serve: install
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py collectstatic --no-input -v0
	$(VENV)/bin/gunicorn waypoint.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--max-requests 5000 --max-requests-jitter 500 --timeout 60

install: $(STAMP)/python $(STAMP)/assets

# requirements/dev.txt holds what runs Waypoint (base.in) and what tests it, pinned with hashes.
$(STAMP)/python: requirements/dev.txt
	@mkdir -p $(STAMP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

# After changing requirements/*.in: pin every package with its hashes (production installs base.txt alone).
lock: $(STAMP)/python
	$(PY) -m pip install --quiet --disable-pip-version-check pip-tools
	cd requirements && ../$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o base.txt base.in
	cd requirements && ../$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o dev.txt dev.in

$(STAMP)/assets: package-lock.json static/scss/waypoint.scss scripts/build_assets.sh
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	scripts/build_assets.sh
	@touch $@

assets:
	scripts/build_assets.sh

lint: $(STAMP)/python
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

format: $(STAMP)/python
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: export DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
test: export WAYPOINT_ENV = test
test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 --dist loadgroup $(if $(CI),--create-db,--reuse-db)

# Reports, pages and API lists at 1, 10 and 100 times the evaluation's volume, then 50 users for at most 60 s
# against `make serve` on 127.0.0.1. Seeds (once) databases waypoint_bench1/10/100 beside DATABASE_URL's
# (or BENCH_DATABASE_PREFIX); figures kept in benchmarks/results/latest.json.
bench: install
	$(PY) benchmarks/bench.py

clean:
	rm -rf $(STAMP) static/build static/vendor
