# Zorgpad — two commands: `make run` and `make test` (see README.md).
PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
PORT     ?= 8000
CHROMIUM ?= /usr/bin/chromium
export ZORGPAD_DEMO_MODE ?= 1
export ZORGPAD_CHROMIUM := $(CHROMIUM)

.PHONY: install lock assets browser run test test-hard-days lint bench bench-steps bench-absences bench-roster bench-migrate fuzz db clean clean-db templates workflows

# The venv is rebuilt when pyproject.toml or the lock changes: the exact versions CI
# tested (requirements.lock, with hashes), then the app itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# After changing the dependencies in pyproject.toml: pin them again (then commit both).
lock: install
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

install: $(VENV)/.installed

# Front-end packages (bpmn-js, htmx; axe-core for the tests), pinned in
# package-lock.json and served by the app itself.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: npm is missing (Node.js); install it, e.g. apt-get install -y nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

# The browser tests drive Debian's Chromium (never a downloaded browser).
browser:
	@test -x "$(CHROMIUM)" || { echo "make test: Chromium is missing at $(CHROMIUM); the browser tests need it: apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; }

# ZORGPAD_DEMO_NOW=2027-01-15 make run: the demo starts on that day (zorgpad demo-clock).
db: install
	$(BIN)/zorgpad db upgrade
	$(if $(ZORGPAD_DEMO_NOW),$(BIN)/zorgpad demo-clock set --back --no-sweep $(ZORGPAD_DEMO_NOW))
	$(BIN)/zorgpad deploy-workflows --migrate
	$(BIN)/zorgpad seed-demo --absences

# Mails go to the log (README "E-mail"); set ZORGPAD_MAIL_BACKEND=smtp and ZORGPAD_SMTP_HOST to send.
run: db assets
	ZORGPAD_MAIL_BACKEND=$${ZORGPAD_MAIL_BACKEND:-log} PORT=$(PORT) $(BIN)/zorgpad serve

# Formatting, lint and the import contracts (.importlinter).
lint: install
	$(BIN)/ruff format --check app tests bench tools
	$(BIN)/ruff check app tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy

# The tests on two workers (pytest-xdist; tests/conftest.py keeps the tests of one
# served app or browser together). PARALLEL= make test runs them in one process.
PARALLEL ?= -n 2 --dist loadgroup

test: install assets browser lint
	$(BIN)/pytest $(PARALLEL)

# The tests of served apps again, the served clock on each hard day (tests/clocks.py:
# before a holiday, the school year's last day, after a break, a leap day in a holiday).
# (.ci/run serves `make test`'s PostgreSQL half on one of them instead: DEVELOPERS.md.)
# Modules whose outcome does not depend on the day (a kill -9 and restart, two migrations
# at once, the server's limits, the versions page, every page's accessibility, the diagram's
# zoom, the API's fuzzing) run in the main suite only.
NOT_CALENDAR := --ignore=tests/e2e/test_crash_recovery.py --ignore=tests/e2e/test_migrate_concurrently.py \
	--ignore=tests/e2e/test_server.py --ignore=tests/e2e/test_web_workflow_versions.py \
	--ignore=tests/e2e/test_web_every_page.py --ignore=tests/e2e/test_web_diagram.py \
	--ignore=tests/e2e/test_fuzz_api.py

test-hard-days: install assets browser
	$(BIN)/python -m tests.hard_days tests/e2e $(NOT_CALENDAR) $(PARALLEL)

# The figures of a CLB region (issue 24; bench/README.md): one table, bench/results/latest.json.
# SQLite; PostgreSQL when DATABASE_URL or ZORGPAD_BENCH_POSTGRES_URL names a server.
bench: install
	$(BIN)/python bench/suite.py

# The detail: the step against the bare engine by layer, the sweep's shapes, the documents.
bench-steps: install
	$(BIN)/python bench/run.py

# schemathesis against the served API, longer than `make test` runs it
# (tests/e2e/test_fuzz_api.py: a few examples per operation, on both databases).
fuzz: install
	$(BIN)/python bench/fuzz_api.py

# A 2,000-pupil roster with contacts through the API (also part of `make bench`'s report).
bench-roster: install
	$(BIN)/python bench/roster.py

# 1M absence rows through `zorgpad import-absences`: time and peak memory.
bench-absences: install
	$(BIN)/python bench/absences.py

# 10,000 running cases through `zorgpad migrate` (dry run, then for real): time and peak memory.
bench-migrate: install
	$(BIN)/python bench/migrate.py

# Generated files (DEVELOPERS.md, "Generated files"); tests/unit/test_generated_files.py
# and tests/unit/test_document_tasks.py fail when the committed ones differ.
# The .docx templates (document_templates/) from tools/document_templates.py.
templates: install
	$(BIN)/python -m tools.document_templates

# workflows/*.bpmn and the escalation tasks' forms (forms/*_escalated.*.json) from tools/care_path.py.
workflows: install
	$(BIN)/python -m tools.care_path

clean:
	rm -rf $(VENV) instance .pytest_cache *.egg-info node_modules screenshots

# The demo afresh (its database and demo clock; the secret key stays): then make run.
clean-db:
	rm -f instance/zorgpad.sqlite3 instance/demo_clock.json
