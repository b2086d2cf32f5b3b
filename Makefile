# Two entry points for a fresh machine with Python 3.11:
#   make book   build the book into _build/html (creates .venv on first use)
#   make test   run every test: unit, data, quotes, build, Binder execution, browser
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test bench validate clean

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(STAMP)

# Node tools, pinned in package-lock.json: axe-core (browser test), Lighthouse (checkers and
# benchmark), vnu-jar (the Nu Html Checker; it runs on the system Java, so its install script,
# which would fetch a Java runtime, is skipped).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $(NODE_STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html in a browser."

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/python -m companion.data validate

bench: $(STAMP) $(NODE_STAMP)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m companion.bench

clean:
	rm -rf _build
