# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
STAMP  := $(VENV)/.installed

.PHONY: run test setup migrate seed bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/python -m db.migrate

seed: migrate
	$(BIN)/python -m seed --if-empty

run: seed
	DEMO_MODE=$${DEMO_MODE:-1} $(BIN)/streamlit run app.py \
		--server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# BENCH_DATABASE_URL: a throw-away PostgreSQL database to measure too (its schema is dropped); with it,
# seed.load_bench also compares refreshes per second of logged-in sessions on 1 and 2 app processes.
bench: setup
	$(BIN)/python -m seed.bench --pages $(if $(BENCH_SCALES),--scales $(BENCH_SCALES)) \
		$(if $(BENCH_DATABASE_URL),--url $(BENCH_DATABASE_URL))
	$(BIN)/python -m seed.committee_bench
	$(BIN)/python -m seed.import_bench $(if $(BENCH_DATABASE_URL),--url $(BENCH_DATABASE_URL))
	$(if $(BENCH_DATABASE_URL),$(BIN)/python -m seed.load_bench --url $(BENCH_DATABASE_URL))

clean:
	rm -rf $(VENV) data/*.db data/*.db-*
