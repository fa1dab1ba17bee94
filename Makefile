# Thin wrappers; the README's commands and CI call these.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint fmt migrate revision openapi api worker beat

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

run: install
	$(BIN)/vendor-risk serve

test: install-test
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check services tests benchmarks scripts
	$(BIN)/ruff format --check services tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt:
	$(BIN)/ruff format services tests benchmarks scripts
	$(BIN)/ruff check --fix services tests benchmarks scripts

migrate:
	$(BIN)/vendor-risk migrate

revision:
	$(BIN)/alembic revision --autogenerate -m "$(m)"

openapi:
	$(BIN)/python scripts/export_openapi.py

api:
	$(BIN)/vendor-risk api

worker:
	$(BIN)/vendor-risk worker
