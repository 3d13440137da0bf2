# The README's two commands: `make run` and `make test`. Both start from nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench lint format chromium wrk clean

$(RUN_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(RUN_STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@if $(PY) manage.py help import_seeds >/dev/null 2>&1; then \
		$(PY) manage.py import_seeds; \
	else \
		echo "The import_seeds command does not exist yet: skipping the seed import."; \
	fi
	$(PY) manage.py create_editor
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(TEST_STAMP) chromium wrk node_modules/.installed lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# The benchmarks of bench/run.py: SQLite by default, PostgreSQL with DATABASE_URL. They work in
# a scratch database of their own and write bench/RESULTS.md.
bench: $(RUN_STAMP) wrk
	$(PY) bench/run.py $(BENCH_ARGS)

# The load test's HTTP load generator, from Debian.
wrk:
	@if command -v wrk >/dev/null; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)) \
		|| echo "Could not install wrk: the load test will be skipped."; \
	else \
		echo "wrk is missing (sudo apt-get install wrk): the load test will be skipped."; \
	fi

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(TEST_STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The Nu Html Checker for the HTML validity test (it runs with the machine's Java).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm is missing: the HTML validity test will be skipped."; \
	fi

# The browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (about two minutes)..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "Could not install Chromium: the browser tests will be skipped."; \
	else \
		echo "Chromium is missing (install it with: sudo apt-get install chromium chromium-driver): the browser tests will be skipped."; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules test-results bench/bench.sqlite3
