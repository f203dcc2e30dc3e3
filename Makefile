# Bare `make` runs the tests. `make run` ingests the sample corpus and serves it.
VENV := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: test run setup lint bench eval clean

test: setup
	$(VENV)/python -m pytest -q

run: setup
	$(VENV)/directives migrate
	$(VENV)/directives ingest corpus/samples
	$(VENV)/directives serve --host $(HOST) --port $(PORT)

setup:
	@bash scripts/setup.sh

lint: setup
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy

bench: setup
	$(VENV)/python bench/read_pdf.py
	$(VENV)/python bench/ocr.py
	$(VENV)/python bench/extract.py
	$(VENV)/python bench/spacy_view.py
	$(VENV)/python bench/ingest.py
	$(VENV)/python bench/store.py

eval: setup
	$(VENV)/directives eval --json eval.json

clean:
	rm -rf data .pytest_cache test-artifacts
