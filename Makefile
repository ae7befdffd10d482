# refman developer entry points. `make run` and `make test` work on a fresh Debian machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CITEPROC_VERSION := 2.4.63
CITEPROC_JS := refman/cite/js/citeproc.js

.PHONY: install run test lint unit bench model zones-model screenshot clean citeproc fuzz dist dist-check install-desktop

install: $(STAMP) $(CITEPROC_JS)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (apt-get install python3.11 python3.11-venv)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# citeproc-js is fetched from npm at a pinned version and checked against its sha256 (see tools/fetch_citeproc.sh).
$(CITEPROC_JS): tools/fetch_citeproc.sh
	bash tools/fetch_citeproc.sh $(CITEPROC_VERSION) $(CITEPROC_JS)

citeproc: $(CITEPROC_JS)

run: install
	$(PY) -m refman

lint: install
	$(VENV)/bin/ruff check refman tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

unit: install
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

test: lint unit

bench: install
	$(PY) benchmarks/run_all.py

# Coverage-guided fuzzing (atheris) of every input path; crashes land in tests/data/fuzz_regressions/.
FUZZ_SECONDS ?= 60
fuzz: install
	$(PY) tests/fuzz/run.py --seconds $(FUZZ_SECONDS)

model: install
	$(PY) -m refman.formats.refstrings.train --out resources/refstrings-crf.json.gz --jobs 3

# The line-zoning model for pasted article pages, trained on the corpus's development half only.
ZONE_EXTRA := resources/samples/sample-article.txt=tests/data/page_training/seed.gold.json \
	$(foreach n,ojs3_flood_governance ojs2_perdagangan_orang publisher_island_resilience,tests/data/article_pages/$(n).txt=tests/data/page_training/$(n).gold.json)
zones-model: install
	$(PY) -m refman.formats.article_page.zones.train --corpus tests/data/pages --out resources/page-zones.crfsuite --extra $(ZONE_EXTRA)

screenshot: install
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) tools/screenshot.py docs/screenshot.png

# The one-folder desktop app, dist/refman/refman (PyInstaller, packaging/refman.spec; ~2 min, ~350 MB).
DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test,dist]'
	touch $(DIST_STAMP)

dist: install $(DIST_STAMP)
	$(VENV)/bin/pyinstaller packaging/refman.spec --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller

# Runs the built app as a researcher would (CLI, citations, offscreen and Xvfb starts): packaging/check_app.py.
dist-check: dist
	$(PY) packaging/check_app.py dist/refman/refman

# Menu entry, icons and .bib/.ris associations for this user, running this checkout's refman
# (DESKTOP_EXEC=/path/to/dist/refman/refman for the one-folder app).
DESKTOP_EXEC ?= $(CURDIR)/$(VENV)/bin/refman
install-desktop: install
	bash packaging/linux/install.sh "$(HOME)/.local" "$(DESKTOP_EXEC)"

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
