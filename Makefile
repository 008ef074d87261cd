# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= config.yaml

.PHONY: install run test test-postgres lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/socialvakt init --config $(CONFIG)
	$(BIN)/socialvakt run --config $(CONFIG)

# The whole suite on SQLite; then, when $SOCIALVAKT_TEST_DATABASE_URL names a PostgreSQL server
# (.ci/run starts one), every test that uses a database again on PostgreSQL (README, Tests).
# Both passes run even if the first fails; either failing fails the target.
test: install
	@status=0; \
	env -u SOCIALVAKT_TEST_DATABASE_URL $(BIN)/python -m pytest -q || status=1; \
	if [ -n "$$SOCIALVAKT_TEST_DATABASE_URL" ]; then \
	  echo "PostgreSQL pass: the tests that use a database"; \
	  $(BIN)/python -m pytest -q -m database || status=1; \
	else \
	  echo "PostgreSQL pass skipped: SOCIALVAKT_TEST_DATABASE_URL is not set (make test-postgres)"; \
	fi; \
	exit $$status

# Only the PostgreSQL pass, on a throwaway server started for it and removed afterwards.
test-postgres: install
	@server=$$(.ci/postgres-test-server start) && eval "$$server" && \
	  trap '.ci/postgres-test-server stop "$$SOCIALVAKT_TEST_PG_FOLDER"' EXIT && \
	  $(BIN)/python -m pytest -q -m database

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
