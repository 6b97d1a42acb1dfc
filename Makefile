# Two entry points: `make demo` and `make test` (`make test-fast` for the edit-test loop). Both create .venv on first use and reinstall only
# when pyproject.toml changed (the stamp file records the last install).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp

.PHONY: demo test test-fast lint fmt check build site pictures debian-deps clean bench release wheel \
	jena-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# graphviz (pictures), chromium (browser test) and Apache Jena (jena-check) from Debian; quick
# no-op when installed.
debian-deps:
	bash scripts/install-debian-deps.sh

demo: $(STAMP) debian-deps
	$(BIN)/multivector run
	$(BIN)/multivector site --out dist/site

# pytest exits 5 when it collected no tests: that is a failure, not a pass.
# `make test` runs everything and prints the suite's wall time; `make test-fast` leaves out the
# tests marked slow (browser, benchmark smoke and engine parity, HermiT, owlrl, whole-project
# builds, live servers, process kills) for the edit-test loop. Both spread the tests over the
# cores with pytest-xdist; `worksteal` keeps both cores busy when one file's tests are long.
PYTEST_RUN = start=$$(date +%s); $(BIN)/python -m pytest -q -n auto --dist worksteal $(1); code=$$?; \
	echo "$(2): pytest took $$(( $$(date +%s) - start )) s wall (exit $$code)"; \
	if [ $$code -eq 5 ]; then echo "$(2): pytest collected no tests (exit 5)" >&2; exit 1; fi; \
	exit $$code

test: $(STAMP) debian-deps
	$(BIN)/ruff check src tests benchmarks
	@$(call PYTEST_RUN,,make test)

test-fast: $(STAMP)
	@$(call PYTEST_RUN,-m "not slow",make test-fast)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

fmt: $(STAMP)
	$(BIN)/multivector fmt

check: $(STAMP)
	$(BIN)/multivector check

build: $(STAMP)
	$(BIN)/multivector build

# The wheel carries the packaged release (src/multivector/release/, not in git): a validated
# build of the graph, written by `multivector release`, then packaged by setuptools (setup.py
# refuses to build a wheel without it). Works from a clean clone: `make wheel` -> dist/wheel/.
release: $(STAMP)
	$(BIN)/multivector release

wheel: release
	rm -rf dist/wheel
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist/wheel .
	@ls -l dist/wheel/*.whl

site: $(STAMP) debian-deps
	$(BIN)/multivector site --out dist/site

pictures: $(STAMP) debian-deps
	$(BIN)/multivector draw network --at 2017-06-22 --orgs CSTO,SCO,EAEU,CIS,TurkicCouncil \
		--out docs/images/network-2017-06-22.svg
	$(BIN)/multivector draw balance Kazakhstan --out docs/images/balance-kazakhstan.svg

clean:
	rm -rf $(VENV) dist build src/*.egg-info src/multivector/release .pytest_cache .ruff_cache

# The independent engine (docs/querying.md): the N-Quads export loaded into Apache Jena TDB2,
# every named query run by Jena's tdb2.tdbquery over the union default graph and compared with
# the embedded rows; exit 1 when any differs. tests/test_jena_conformance.py runs it in CI.
jena-check: $(STAMP) debian-deps
	$(BIN)/python -m multivector.jena

# Benchmarks (docs/benchmarks.md): 10 k, 100 k and 1 M triples, fast path vs reference engines.
bench: $(STAMP)
	$(BIN)/python -m benchmarks --sizes 10k,100k,1M --repeat 5
