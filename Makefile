# Two commands do all the setup: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: run stream test ui crawl bench check-defs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## make run: build every dataset from raw/ (or $$ARCHIVE_RAW_DIR) into outputs/ (or $$ARCHIVE_OUTPUTS_DIR).
## make run RECORD=1: the same, with the run kept in .dagster_home for `make ui` to show.
run: $(VENV)/.installed
	$(BIN)/python -m pipeline run $(if $(RECORD),--record)

## make stream: the same release, built a batch of raw files at a time in one worker per core (large collections; no Dagster run).
stream: $(VENV)/.installed
	$(BIN)/python -m pipeline stream

## make test: the whole test suite.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## make ui: the Dagster UI on http://127.0.0.1:3000, run history in .dagster_home/.
ui: $(VENV)/.installed
	$(BIN)/dagster dev --host 127.0.0.1

## make crawl URL='<listing URL>': fetch that listing's pages from the live archive into raw/ (set ARCHIVE_CRAWL_CONTACT).
crawl: $(VENV)/.installed
	$(BIN)/python -m pipeline.crawl "$$URL"

## make bench: time every stage on synthetic corpora (SIZES=10000,100000,1000000), then the sharded build with 1 and 2 processes on 100k.
SIZES ?= 10000,100000,1000000
bench: $(VENV)/.installed
	$(BIN)/python -m bench --sizes $(SIZES)
	$(BIN)/python -m bench.partitioned --items 100000

check-defs: $(VENV)/.installed
	$(BIN)/dagster definitions validate

clean:
	rm -rf $(VENV)
