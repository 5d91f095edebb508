# gdbook — the two commands: `make serve` and `make test` (and `make site`); while you write,
# `make check PAGE=docs/chapters/x.md` (one page, seconds) and `make test-fast` (no site, no browser).
# Prerequisites: Python 3.10+, make, and Node's npm (it installs KaTeX and Pyodide, served by the site itself).

PYTHON ?= python3
# PIN=floor: the oldest versions gdbook claims (requirements/floor.txt, Python 3.10), in .venv-floor,
# for `make test-fast PIN=floor`; the default is the pinned toolchain of requirements/dev.txt.
PIN    ?= dev
VENV   := $(if $(filter floor,$(PIN)),.venv-floor,.venv)
PINS   := $(if $(filter floor,$(PIN)),-r requirements/floor.txt,-c requirements/constraints.txt -r requirements/dev.txt)
BIN    := $(VENV)/bin
# uv (from PyPI, into the venv) installs the pinned toolchain in about 5 s where pip takes about 35 s.
UV     := uv==0.13.9
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
KATEX  := docs/assets/vendor/katex/katex.min.css
PYODIDE := docs/assets/vendor/pyodide/pyodide.mjs
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# One BLAS thread per process: the tests already run one process per core (xdist), and BLAS threads
# on top of them fight for the same cores (the book's matrices are small).
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
# pytest-xdist workers for `make test` and `make test-fast` (auto: one per core).
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest
XDIST  := -n $(WORKERS) --dist worksteal

.PHONY: help setup serve site test test-fast check screenshots figures clean

help:
	@echo "make serve   serve the book on http://127.0.0.1:8000 with live reload"
	@echo "make test    run the whole suite (engine, code blocks, figures, labs, site, browser); what CI runs"
	@echo "make test-fast  engine, every code block and its output, fences, figures: no site, no browser"
	@echo "make check PAGE=docs/chapters/x.md  one page: its code blocks, fences, figures and challenges"
	@echo "make screenshots  the browser pass, saving every page at desktop/phone, light/dark to build/screenshots/"
	@echo "make site    build the static site into site/"
	@echo "make figures regenerate docs/assets/figures/ from docs/figures/*.py"
	@echo "make test-wheel  build the sdist and wheel, twine check, and run the engine tests and every chapter against the wheel installed in a fresh venv"
	@echo "make clean   remove .venv, node_modules and everything generated"

setup: $(STAMP) $(KATEX) $(PYODIDE)

# The Python toolchain, pinned: requirements/dev.txt (direct) and requirements/constraints.txt (full lock).
# gdbook/__init__.py holds the version (pyproject reads it): a bump refreshes the editable install's metadata.
$(STAMP): pyproject.toml gdbook/__init__.py requirements/dev.txt requirements/constraints.txt requirements/floor.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || \
	  { echo "gdbook needs Python 3.10 or newer; found: $$($(PYTHON) --version 2>&1). Set PYTHON=python3.x."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(UV)
	$(BIN)/uv pip install --quiet --python $(BIN)/python $(PINS) -e .
	@touch $@

# KaTeX and Pyodide come from npm and are copied into the site, so nothing is fetched from a CDN.
# The build renders the maths with node_modules/katex (tools/katex.py): the site needs only its CSS and fonts.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || \
	  { echo "npm (Node.js) is required to install KaTeX (the book's maths) and Pyodide (its runnable exercises)."; \
	    echo "Install Node.js 20+ with npm (e.g. 'apt-get install npm' or https://nodejs.org), then run make again."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(KATEX): $(NODE_STAMP)
	@rm -rf docs/assets/vendor/katex && mkdir -p docs/assets/vendor/katex
	cp node_modules/katex/dist/katex.min.css docs/assets/vendor/katex/
	cp -r node_modules/katex/dist/fonts docs/assets/vendor/katex/
	cp node_modules/katex/LICENSE docs/assets/vendor/katex/LICENSE.txt
	@touch $@

# Pyodide's core (Python in the browser, for the editable exercises): loaded by
# docs/assets/js/widgets/python-worker.js only when a reader presses Run; no packages, no CDN.
$(PYODIDE): $(NODE_STAMP)
	@rm -rf docs/assets/vendor/pyodide && mkdir -p docs/assets/vendor/pyodide
	cp $(addprefix node_modules/pyodide/,pyodide.mjs pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip pyodide-lock.json) \
	  docs/assets/vendor/pyodide/
	@touch $@

figures: setup
	$(BIN)/python -m tools.figures --all

serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

site: setup
	$(BIN)/mkdocs build --strict --site-dir site

# Everything, once: the site is built once for all workers (tests/conftest.py) and its tests run first.
test: setup
	$(PYTEST) $(XDIST)

# Everything that needs neither the built site nor a browser (tests marked `site` are deselected),
# so no npm either: engine tests and doctests, every code block with its output, the fence guard,
# the figure scripts, the challenges' code, the tools.
test-fast: $(STAMP)
	$(PYTEST) $(XDIST) -m "not site"

# One page, in seconds: its code blocks with their output, its fences, the figures it embeds (drawn
# if their inputs changed, twice, same bytes; alt text, code, .wide) and its challenges.
check: $(STAMP)
	@test -n "$(PAGE)" || { echo "usage: make check PAGE=docs/chapters/your-topic.md"; exit 2; }
	@test -f "$(PAGE)" || { echo "make check: no such page: $(PAGE)"; exit 2; }
	$(PYTEST) -q -m "not site" --page "$(PAGE)" "$(PAGE)" tests/test_figures.py tests/test_challenges.py

# The release check (.github/workflows/release.yml; not part of `make test`): build/dist, build/wheel-venv.
.PHONY: test-wheel
test-wheel: $(STAMP)
	$(BIN)/python scripts/check_wheel.py

# The browser pass and the widgets' tests of `make test` with a full-page JPEG of every page and a PNG of
# every widget in each viewport and scheme (build/screenshots/), to look at what a change did; `make test`
# checks the same pages and widgets without them.
screenshots: setup
	GDBOOK_SCREENSHOTS=1 $(PYTEST) $(XDIST) tests/test_browser.py tests/test_widgets.py tests/test_momentum.py tests/test_adaptive_explorer.py tests/test_schedules_widget.py tests/test_epoch_explorer.py tests/test_batch_size.py tests/test_backprop_stepper.py

clean:
	rm -rf $(VENV) node_modules site build .cache docs/assets/vendor docs/assets/figures
