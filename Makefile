# Two commands for a newcomer (see README): `make serve` and `make test`.
# Both create the virtual environment .venv/ on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Python keeps the bytecode it compiles of the project's own modules (in __pycache__/ folders, which git ignores),
# even where the environment says not to (PYTHONDONTWRITEBYTECODE): the tests' many processes (workers, builds)
# then compile each module once, not once each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: build serve test clean bench bench-build offline

# pip (which python3 -m venv brings) installs only uv (requirements-setup.txt); uv installs the rest, from its cache,
# and compiles their bytecode on both cores at once: 4 to 12 s in all, where pip took 16 to 25 s. Without the
# bytecode, the tests' processes would each compile the same libraries as they start (14 s more on 2 cores).
$(VENV)/.installed: requirements-setup.txt requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-setup.txt
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements-test.txt
	touch $@

# Build and check; publish to site/ only when every check passes.
build: $(VENV)/.installed
	$(PY) scripts/build.py

# Live preview on http://127.0.0.1:8000/: MkDocs' own serve, reloading on every save, with the checks'
# problems in the terminal and on the page (overrides/hooks/preview.py). `make build` publishes site/.
serve: $(VENV)/.installed
	$(PY) scripts/build.py --serve

# Every test, browser tests included (they need Debian's chromium; see README).
test: $(VENV)/.installed
	$(PY) -m pytest

# Phone goals (issue 5): sizes, Lighthouse, axe, layout; ours beside plain Material. Needs node/npm
# (installs bench/node_modules from bench/package-lock.json) and Debian's chromium. Not part of `make test`.
bench: $(VENV)/.installed
	$(PY) scripts/bench.py

# What the checks cost: the checked build beside a plain `mkdocs build`, and the live preview's reload time.
bench-build: $(VENV)/.installed
	$(PY) scripts/bench_build.py --preview

# The offline zip for Migrant Center computers, site/kerja-aman-offline.zip (opens from file://): the checked
# build makes it with the site (extra: ka_offline_zip in mkdocs.yml), so this is `make build`.
offline: build

clean:
	rm -rf site .build
