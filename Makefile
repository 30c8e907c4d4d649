# BaiMuras Platform — `make run` and `make test` are all the setup there is.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: help install makemessages messages migrate demo run test worker lint format check clean

help:
	@echo "make run     set up and serve http://$(HOST):$(PORT) (SQLite, in-process Celery, console email)"
	@echo "make test    set up and run the test suite"
	@echo "make worker  Celery worker with beat (needs REDIS_URL)"
	@echo "make lint    ruff"

$(STAMP): requirements/base.txt requirements/production.txt requirements/dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $(STAMP)

install: $(STAMP)

messages: install
	@command -v msgfmt >/dev/null || { echo "gettext is missing: apt-get install gettext"; exit 1; }
	$(PY) manage.py compilemessages --ignore=.venv -v0

# Extract new strings into locale/ (keeps the Django/DRF gap translations merged back in).
makemessages: install
	$(PY) manage.py makemessages -l ru -l kk -l ky --ignore=.venv --ignore=tests --ignore=var --ignore=apps/site --ignore=apps/portfolio --ignore=apps/files --ignore=apps/webhooks --ignore=apps/analytics
	$(PY) locale/merge_upstream_gaps.py

migrate: messages
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving http://$(HOST):$(PORT)  (site /, admin /admin/, API docs /api/docs)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) for a real worker"; exit 1; }
	@mkdir -p var
	$(BIN)/celery -A baimuras worker --beat --schedule=var/celerybeat-schedule --loglevel=INFO --concurrency=2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
