# Two entry points for a fresh machine with Python 3.11:
#   make book   build the book into _build/html (creates .venv on first use)
#   make test   run every test: unit, data, quotes, build, Binder execution, browser
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test bench validate refresh clean

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html in a browser."

test: $(STAMP) node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/python -m companion.data validate

# Re-derive one dataset from a publisher's new file, validate, rebuild, report what changed:
#   make refresh DATASET=china_russia_trade RAW=path/to/publisher-file.csv
refresh: $(STAMP)
	@test -n "$(DATASET)" -a -n "$(RAW)" || { echo "usage: make refresh DATASET=<name> RAW=<publisher file>"; exit 2; }
	$(BIN)/python scripts/refresh.py "$(DATASET)" "$(RAW)"

bench: $(STAMP)
	$(BIN)/python -m companion.bench

clean:
	rm -rf _build
