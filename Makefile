# BaiMuras Platform — `make run` and `make test` are all the setup there is.
SHELL := /bin/bash
# Python 3.11 or newer: PYTHON=python3.12 (or a path) chooses it; unless given, the venv is made with
# the newest of PYTHON_CANDIDATES that runs and is new enough (a pyenv shim whose version is not
# installed fails that check and is skipped).
PYTHON ?=
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
SUPPORTED_PYTHON := import sys; sys.exit(sys.version_info < (3, 11))
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: help venv install makemessages messages migrate demo run test worker lint format check clean

help:
	@echo "make run     set up and serve http://$(HOST):$(PORT) (SQLite, in-process Celery, console email)"
	@echo "make test    set up and run the test suite"
	@echo "make worker  Celery worker with beat (needs REDIS_URL)"
	@echo "make lint    ruff"
	@echo "PYTHON=python3.12 chooses the venv's Python (3.11 or newer), VENV=.venv-py312 another venv"

# Creates the venv with the chosen Python; with PYTHON given, also checks that an existing venv uses it.
venv:
	@python="$(PYTHON)"; \
	if [ -x $(PY) ] && [ -z "$$python" ]; then exit 0; fi; \
	if [ -z "$$python" ]; then \
	  for candidate in $(PYTHON_CANDIDATES); do \
	    if "$$candidate" -c '$(SUPPORTED_PYTHON)' >/dev/null 2>&1; then python=$$candidate; break; fi; \
	  done; \
	  if [ -z "$$python" ]; then \
	    echo "No Python 3.11 or newer found (tried $(PYTHON_CANDIDATES))." >&2; \
	    echo "Install one, or name it: make $(or $(MAKECMDGOALS),run) PYTHON=/path/to/python3.11" >&2; \
	    exit 1; \
	  fi; \
	elif ! "$$python" -c '$(SUPPORTED_PYTHON)' >/dev/null 2>&1; then \
	  echo "PYTHON=$$python does not run or is older than Python 3.11." >&2; exit 1; \
	fi; \
	if [ ! -x $(PY) ]; then \
	  echo "Creating $(VENV) with $$python ($$("$$python" -V 2>&1))"; \
	  "$$python" -m venv $(VENV) || { rm -rf $(VENV); \
	    echo "$$python could not create a venv; on Debian or Ubuntu: apt-get install python3-venv" >&2; exit 1; }; \
	else \
	  version='import sys; print(".".join(map(str, sys.version_info[:2])))'; \
	  want=$$("$$python" -c "$$version"); have=$$($(PY) -c "$$version"); \
	  [ "$$want" = "$$have" ] || { \
	    echo "$(VENV) has Python $$have, not $$python's $$want: make clean first, or give another VENV=" >&2; exit 1; }; \
	fi

$(STAMP): requirements/base.txt requirements/production.txt requirements/dev.txt | venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $(STAMP)

install: venv $(STAMP)

# Compiles the translations with Babel: no GNU gettext needed.
messages: install
	$(PY) manage.py compile_translations -v0

# Extract new strings into locale/ (keeps the Django/DRF gap translations merged back in). Needs
# GNU gettext (xgettext, msgmerge); nothing else does.
makemessages: install
	@command -v msgmerge >/dev/null || { echo "makemessages needs GNU gettext: apt-get install gettext" >&2; exit 1; }
	$(PY) manage.py makemessages -l ru -l kk -l ky --ignore=.venv --ignore=tests --ignore=var --ignore=apps/site --ignore=apps/portfolio --ignore=apps/files --ignore=apps/webhooks --ignore=apps/analytics
	$(PY) locale/merge_upstream_gaps.py

migrate: messages
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_demo

# Links in emails (SITE_URL) point at the server `make run` starts, unless SITE_URL is set in the
# environment or in .env.
SITE_HOST := $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
ifeq ($(origin SITE_URL),undefined)
ifeq ($(shell grep -sE '^[[:space:]]*(export[[:space:]]+)?SITE_URL=' .env),)
run demo: export SITE_URL = http://$(SITE_HOST):$(PORT)
endif
endif

run: demo
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
