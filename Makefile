# Two commands for a newcomer (see README): `make serve` and `make test`.
# Both create the virtual environment .venv/ on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: build serve test clean

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# Build and check; publish to site/ only when every check passes.
build: $(VENV)/.installed
	$(PY) scripts/build.py

# Build, check, then serve site/ on http://127.0.0.1:8000/
serve: $(VENV)/.installed
	$(PY) scripts/build.py --serve

# Every test, browser tests included (they need Debian's chromium; see README).
test: $(VENV)/.installed
	$(PY) -m pytest

clean:
	rm -rf site .build
