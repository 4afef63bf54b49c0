# caseqa: `make run` serves the seed documents; `make test` runs the test suite.
# Both set up everything they need on a fresh machine with Python 3.11.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# Where the index lives: INDEX_DIR=..., or CASEQA_INDEX_DIR as every caseqa command reads it.
INDEX_DIR ?= $(or $(CASEQA_INDEX_DIR),data/index)
# More `caseqa serve` options for `make serve`/`make run`, e.g. SERVE_ARGS="--port 8080".
SERVE_ARGS ?=
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run install install-dev seed-index serve test test-deps eval-gate lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch is pinned to 2.13.0's CPU build and installed first, alone, so that resolving
# the rest never swaps it for a GPU build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

# With the dev extras in one install (not the project first, then again with extras).
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

seed-index: install
	$(BIN)/caseqa index seeds/ --prune --index-dir $(INDEX_DIR)

# No shell between make and the server: a stop by Ctrl-C or SIGTERM (to make or to the
# server) reaches `caseqa serve`, which then ends with status 0, so make prints no error.
serve: seed-index
	$(BIN)/caseqa serve --index-dir $(INDEX_DIR) $(SERVE_ARGS)

run: serve

# Everything the tests need beyond Python packages.
test-deps: install-dev
	bash .ci/install-test-deps

test: test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory eval-gate

# The regression gate: the seed gold set's headline metrics must stay above the floors
# in eval/floors.json, the mixed gold's (both languages in one index) above
# eval/floors-mixed.json, the Chinese judgments' (cjrc-dev, each question asked of its
# own judgment) above eval/floors-cjrc.json, the English questions about judgments (one index of
# the seed, the statutes and cjrc-dev's judgments) above eval/floors-en-judgments.json. The report
# is left in a temporary folder for a look on failure.
eval-gate: install
	out=$$(mktemp -d -t caseqa-eval-gate.XXXXXX) && \
	$(BIN)/caseqa eval eval/gold/seeds.jsonl --check-floors eval/floors.json -q --out "$$out/seeds" && \
	$(BIN)/caseqa eval eval/gold/mixed.jsonl --corpus seeds --corpus ../shared/corpus/zh-law \
	    --check-floors eval/floors-mixed.json -q --out "$$out/mixed" && \
	$(BIN)/caseqa eval ../shared/datasets/cjrc-dev/qa.jsonl \
	    --corpus ../shared/datasets/cjrc-dev/corpus.jsonl --scope doc \
	    --check-floors eval/floors-cjrc.json -q --out "$$out/cjrc" && \
	$(BIN)/caseqa eval eval/gold/en-judgments.jsonl --corpus seeds --corpus ../shared/corpus/zh-law \
	    --corpus ../shared/datasets/cjrc-dev/corpus.jsonl \
	    --check-floors eval/floors-en-judgments.json -q --out "$$out/en-judgments"

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install-dev
	$(BIN)/python bench/index.py
	$(BIN)/python bench/query.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
