# Two entry points for people (README): `make run` and `make test`. Everything they need installs itself.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TODAY  ?=

.PHONY: run test build validate install system-deps node-deps bench bench-incremental fuzz fuzz-articles screenshots clean

$(BIN)/xinan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/xinan

# Debian packages: chromium for the browser tests, CJK fonts so pages render as readers see them,
# a Java runtime for the Nu HTML checker, nginx to test the shipped server config (the tests start their own
# nginx on a free loopback port; a system nginx the package may start is not used).
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || ! command -v java >/dev/null \
	    || ! [ -x /usr/sbin/nginx ]; then \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
	    chromium fonts-noto-cjk default-jre-headless nginx; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-deps: node_modules/.installed

run: install
	$(BIN)/xinan serve $(if $(TODAY),--today $(TODAY))

build: install
	$(BIN)/xinan build $(if $(TODAY),--today $(TODAY))

validate: install
	$(BIN)/xinan validate

test: install system-deps node-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# A long fuzz run over article front matter and bodies (the normal suite runs 30 examples per property).
fuzz-articles: install
	XINAN_FUZZ_EXAMPLES=$${XINAN_FUZZ_EXAMPLES:-1000} $(BIN)/python -m pytest tests/test_article_fuzz.py -p no:xdist -q
# The data fuzz corpus with many random examples (the normal suite runs a few fixed ones).
FUZZ_EXAMPLES ?= 300
fuzz: install
	XINAN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:xdist tests/test_fuzz_data.py -k corrupted $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

bench-incremental: install
	$(BIN)/python benchmarks/incremental.py $(BENCH_ARGS)

# Screenshots of the main pages at 360×780, normal and elder mode, into screenshots/ (for review, not committed).
screenshots: install system-deps
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf site build .pytest_cache
