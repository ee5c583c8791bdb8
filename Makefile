# `make run`: set up and start the bot. `make test`: set up and run lint + tests.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench clean postgres chromium screenshots

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned: a CPU build from local disk; unpinned would pull a multi-GB CUDA build
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(PY) -m bot

lint: setup
	$(PY) -m ruff check .

# the storage and bot tests also run on a real PostgreSQL server the tests start themselves
postgres:
	scripts/ensure-postgres.sh

# the dashboard's end-to-end tests drive a real headless Chromium, installed when missing
chromium:
	scripts/ensure-chromium.sh

test: lint postgres chromium
	$(PY) -m pytest -q

# the README's dashboard screenshots, taken by the browser tests (pt-BR): light, dark and phone
screenshots: setup chromium
	SCREENSHOTS_DIR=docs $(PY) -m pytest -q tests/test_dashboard_browser.py -k sqlite

bench: setup
	$(PY) benchmarks/train_throughput.py
	$(PY) benchmarks/inference.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
