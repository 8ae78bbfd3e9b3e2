# The two commands of the README: `make run` (the main job) and `make test` (the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup run test test-fast wheel lint neo4j-stop constraints

# A venv with hippograph (editable), its measuring extra and its dev tools, pinned by
# constraints.txt. A user's own install needs neither: `pip install hippograph`.
$(BIN)/hippograph: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,eval]'
	touch $@

# The dashboard's assets, built from npm packages by the project's own build (dashboard/build.mjs)
# into the API package, where the server and a wheel find them.
api/dashboard/app.js: dashboard/package.json dashboard/package-lock.json dashboard/build.mjs dashboard/src/*
	cd dashboard && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

# graphql-http's GraphQL-over-HTTP server audits, run by tests/api/test_graphql_over_http.py.
tests/api/audit/node_modules/graphql-http: tests/api/audit/package.json tests/api/audit/package-lock.json
	cd tests/api/audit && npm ci --no-audit --no-fund --loglevel=error

# Debian's Chromium for the dashboard's browser test (Playwright drives it; it downloads nothing).
/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium

setup: $(BIN)/hippograph api/dashboard/app.js

run: setup
	$(BIN)/hippograph up

# Installs Neo4j + GDS into the cache first (a no-op when present); the tests start their own
# private server on free ports and stop it afterwards. Two processes (pytest-xdist), each with
# its own server, a module's tests in one of them: much of the suite waits on servers and
# commands rather than on the CPU. The soak (marked `alone`) runs after them, by itself: it
# judges the API by the clock through a database restart, and a JVM booting on two cores shared
# with the other process's tests stretched its requests past their deadline.
test: setup /usr/bin/chromium tests/api/audit/node_modules/graphql-http
	$(BIN)/hippograph neo4j install
	$(BIN)/pytest -n 2 --dist loadfile --durations=25 -m "not alone"
	$(BIN)/pytest -m alone

# The tests that need no server (no Neo4j, no API, no browser): about a minute.
test-fast: $(BIN)/hippograph
	$(BIN)/pytest -m "not neo4j and not slow"

# A wheel with the built dashboard inside, in dist/.
wheel: setup
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

# mypy does not follow setuptools' package-dir mapping: it reads the namespace through links.
lint: setup
	$(BIN)/ruff check graph ingest queries api evaluation client cli tests
	mkdir -p build/typecheck/hippograph
	for part in graph ingest queries api evaluation client cli; do ln -sfn ../../../$$part build/typecheck/hippograph/$$part; done
	$(BIN)/mypy

neo4j-stop: setup
	$(BIN)/hippograph neo4j stop

constraints: setup
	{ sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -v '^hippograph'; } > constraints.new
	mv constraints.new constraints.txt
