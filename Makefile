# Waypoint: `make run` to use it, `make test` to prove it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := var/.stamps
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench install assets migrate seed clean

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_sign_ins
	$(PY) manage.py runserver $(HOST):$(PORT)

install: $(STAMP)/python $(STAMP)/assets

$(STAMP)/python: requirements.lock
	@mkdir -p $(STAMP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

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
	$(PY) -m pytest -n 2 --dist loadgroup

bench: install
	$(PY) -m pytest benchmarks --benchmark-only -p no:xdist

clean:
	rm -rf $(STAMP) static/build static/vendor
