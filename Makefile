# Lägesbild — `make run` sets up and serves, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app lagesbild
# Invite and reset links start with LAGESBILD_BASE_URL; for a trial on this computer it is where we listen.
LOCAL_URL := http://$${LAGESBILD_HOST:-127.0.0.1}:$${LAGESBILD_PORT:-5000}
ASSETS := static/node_modules/.package-lock.json

.PHONY: run dev test test-sqlite test-postgres install install-test assets lint format bench clean migration

run: install
	$(FLASK) db upgrade
	@if $(FLASK) is-empty; then $(FLASK) seed-demo; fi
	LAGESBILD_BASE_URL=$${LAGESBILD_BASE_URL:-$(LOCAL_URL)} $(FLASK) serve

dev: install
	$(FLASK) db upgrade
	@if $(FLASK) is-empty; then $(FLASK) seed-demo; fi
	LAGESBILD_BASE_URL=$${LAGESBILD_BASE_URL:-$(LOCAL_URL)} $(FLASK) run --debug --host $${LAGESBILD_HOST:-127.0.0.1} --port $${LAGESBILD_PORT:-5000}

install: $(VENV)/.installed assets
install-test: $(VENV)/.installed-test assets

# uv, from PyPI into the virtualenv, installs the packages: it downloads them in parallel and resolves in
# a second, 16 s on a fresh machine where pip took 93 s (docs/development.md). Same index, same versions.
$(BIN)/uv:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

# The packages' bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set (this machine and
# CI), every process would otherwise compile pandas, SQLAlchemy and the rest on each start. compileall
# uses both cores where uv's --compile-bytecode used one, and leaves out the packages' own test suites,
# which nothing imports: `make install-test` on a fresh clone took 16 s instead of 19 (docs/development.md).
COMPILE := $(BIN)/python -m compileall -q -j 0 -x 'site-packages/.+/tests?/' \
	"$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" > /dev/null

$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e .
	$(COMPILE)
	touch $@

# One run for the app and the test tools (a second run resolved everything again).
$(VENV)/.installed-test: pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[test]"
	$(COMPILE)
	touch $(VENV)/.installed $@

# Map scripts and styles come from the npm registry and are served by the app (no CDN).
assets: $(ASSETS)
$(ASSETS): static/package.json static/package-lock.json
	npm ci --prefix static --no-audit --no-fund --loglevel=error
	touch $@

# SQLite always; PostgreSQL too when LAGESBILD_TEST_DATABASE_URL is set (CI sets it), one pass after the
# other (-k: the second runs even when the first failed, and either failure fails the target). Side by
# side the two passes were six workers, Chromium and the PostgreSQL server on two cores, and every
# process ran slower for the others' sharing of the caches: on a quiet machine the same tests cost
# a quarter to a third more CPU together than one pass after the other (docs/development.md).
test: install-test
	@if [ -n "$$LAGESBILD_TEST_DATABASE_URL" ]; then \
	  $(MAKE) --no-print-directory -k test-sqlite test-postgres; \
	else $(MAKE) --no-print-directory test-sqlite; fi

# worksteal: a worker that runs out of tests takes queued ones from the other, so no one waits at the end.
# The hypothesis profile "ci" (tests/conftest.py) runs the same examples every time; the 15 slowest
# tests are listed at the end, so CI shows where the time goes.
# Two workers a pass, one per core: a third made each pass no faster and cost CPU (docs/development.md).
PYTEST := LAGESBILD_TEST_HYPOTHESIS_PROFILE=$${LAGESBILD_TEST_HYPOTHESIS_PROFILE:-ci} \
	$(BIN)/python -m pytest --dist worksteal -p no:cacheprovider --durations=15 -n 2

test-sqlite:
	env -u LAGESBILD_TEST_DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

# Tests that use no database (marked no_database by tests/conftest.py) ran in the SQLite pass already,
# and so did the browser tests: they check what Chromium shows and does (scripts, the CSP, axe, phone
# widths), which is the same over either database, while the requests behind them are the capabilities'
# own request-level tests, which run here. Chromium's CPU was a sixth of this pass (docs/development.md).
# When PYTEST_ARGS picks only such tests, pytest's "no tests ran" (5) is no failure.
test-postgres:
	$(PYTEST) -m "not no_database and not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install-test
	$(BIN)/ruff check lagesbild tests benchmarks
	$(BIN)/ruff format --check lagesbild tests benchmarks

format: install-test
	$(BIN)/ruff format lagesbild tests benchmarks
	$(BIN)/ruff check --fix lagesbild tests benchmarks

bench: install-test
	$(BIN)/python benchmarks/bench_week.py
	$(BIN)/python benchmarks/bench_week.py --sizes 100000 --profile skewed
	$(BIN)/python benchmarks/bench_problembild.py
	$(BIN)/python benchmarks/bench_pages.py --sizes 100000 --profile skewed
	$(BIN)/python benchmarks/bench_writes.py --size 100000 --profile skewed

clean:
	rm -rf $(VENV) static/node_modules .pytest_cache .ruff_cache

# Until the first release the schema is one migration, regenerated from the models.
MIGRATION_DB := $(shell mktemp -u /tmp/lagesbild-migration-XXXXXX).sqlite3
migration: install
	rm -f migrations/versions/0001_initial_schema.py
	LAGESBILD_DATABASE_URL=sqlite:///$(MIGRATION_DB) $(FLASK) db migrate -m "Initial schema" --rev-id 0001
	mv migrations/versions/0001_initial_schema_.py migrations/versions/0001_initial_schema.py 2>/dev/null || true
	rm -f $(MIGRATION_DB)*

# A small mutation check over the rules that protect people (tests/mutation/); not part of test or CI.
# `make mutants MUTANTS="T G"` runs only the mutants whose id starts with T or G.
.PHONY: mutants
mutants: install-test
	env -u LAGESBILD_TEST_DATABASE_URL $(BIN)/python -m tests.mutation.run $(MUTANTS)

# A real group's install: the schema and a reference set (REFERENCE=eslov or tom), never the demo.
# `make setup FROM=folder` loads the group's own files instead (README, "A real install").
.PHONY: setup
REFERENCE ?= eslov
setup: install
	$(FLASK) db upgrade
	$(FLASK) setup $(if $(FROM),--from "$(FROM)",--reference $(REFERENCE))
