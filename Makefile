# Two entry points for a fresh machine with Python 3.11:
#   make book   build the book into _build/html (creates .venv on first use)
#   make check  the contributor's fast loop: lint, format check, types, the fast tests (< 1 min)
#   make test   run every test: unit, data, quotes, build, JupyterLab, browser
#   make lab    open the chapters in JupyterLab, set up exactly as Binder sets it up
#   make pdf    the course reader, students' and instructors' editions, into _build/pdf
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book check site test bench validate refresh clean lab release pdf wheel prerequisites-%

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	@scripts/prerequisites.sh book
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

# The fast loop: ruff (lint and format check) on the package, scripts and tests and on the
# chapters' code cells (scripts/lint_chapters.py; `--fix` repairs them), mypy on companion/ and
# scripts/, and every test that needs no book build, no browser and no JupyterLab (tests that use
# the session build are marked `build` in tests/conftest.py), on two workers.
# .pre-commit-config.yaml runs the same.
LINTED := companion scripts tests
FAST   := -m "not build and not browser and not drill"
check: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/python scripts/lint_chapters.py
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 $(FAST)

# One strict build kept with its log and exit status in _site/, so that the tests can reuse it
# (`BOOK_BUILD=_site make test`) and the same HTML is deployed: CI builds the book once this way.
SITE := _site
site: $(STAMP)
	rm -rf $(SITE) && mkdir -p $(SITE)
	$(BIN)/jupyter-book build . -W -n --keep-going --path-output $(SITE) > $(SITE)/build.log 2>&1; \
	  echo $$? > $(SITE)/build.rc
	@tail -n 3 $(SITE)/build.log; exit $$(cat $(SITE)/build.rc)

# System programs a target needs (Chromium, Node.js/npm, Java, fonts...), checked before anything
# else runs: a missing one stops the target at once with one message naming all of them and the
# command that installs them (`scripts/prerequisites.sh --install <target>` runs it).
prerequisites-%:
	@scripts/prerequisites.sh $*

# The course reader (companion/reader): the book's single-page build printed by Chromium.
# It reuses the environment of `make book`'s build (or of the build named by BOOK_BUILD, e.g.
# BOOK_BUILD=_site), so after a build the notebooks are not run again.
pdf: prerequisites-pdf $(STAMP)
	$(BIN)/python -m companion.reader $(if $(BOOK_BUILD),--build $(BOOK_BUILD))

test: prerequisites-test $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# JupyterLab with the repository's own settings (postBuild), kept inside .venv so that the
# user's ~/.jupyter is left alone.
LAB_CONFIG := $(CURDIR)/$(VENV)/etc/jupyter-lab
lab: $(STAMP)
	JUPYTER_CONFIG_DIR=$(LAB_CONFIG) PATH=$(CURDIR)/$(BIN):$$PATH bash postBuild
	JUPYTER_CONFIG_DIR=$(LAB_CONFIG) $(BIN)/jupyter lab book/intro.md

# The package with its curated data as a wheel, versioned with the edition, into _build/wheels/
# (scripts/build_wheel.py). The Pages workflow publishes it under wheels/ beside the site, where a
# downloaded chapter's first cell installs it from.
wheel: $(STAMP)
	$(BIN)/python scripts/build_wheel.py

validate: $(STAMP)
	$(BIN)/python -m companion.data validate

# Re-derive one dataset from a publisher's new file, validate, rebuild, report what changed:
#   make refresh DATASET=china_russia_trade RAW=path/to/publisher-file.csv
refresh: $(STAMP)
	@test -n "$(DATASET)" -a -n "$(RAW)" || { echo "usage: make refresh DATASET=<name> RAW=<publisher file>"; exit 2; }
	$(BIN)/python scripts/refresh.py "$(DATASET)" "$(RAW)"

bench: prerequisites-bench $(STAMP) $(NODE_STAMP)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m companion.bench --json _build/bench.json

# A new edition: EDITION, CITATION.cff and _config.yml take the number, the changelog's
# "Unreleased" section becomes the edition's, and the commit is tagged v<edition>.
#   make release VERSION=2027.1
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=<edition, such as 2027.1>"; exit 2; }
	$(BIN)/python -m companion.editions release "$(VERSION)" --git

clean:
	rm -rf _build $(SITE)
