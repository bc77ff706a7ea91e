# Byggebro: `make run` for the demo, `make test` for the tests. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install run serve test lint format messages bench bench-notifications clean

install: $(INSTALLED)

# Re-installs only when the lock file changes; `pip install -r` is idempotent.
$(INSTALLED): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	@touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@$(MAKE) --no-print-directory serve

# The site, a Celery worker and beat on the embedded default; one Ctrl-C stops all.
serve: install
	@$(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Danish and English catalogues; the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages --locale da --locale en --no-obsolete \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --ignore .venv

# The HTTP benchmark on PostgreSQL (DATABASE_URL, by default the database byggebro_bench,
# created if missing) with 100,000 candidates; docs/benchmarks.md has the figures.
bench: install
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

# The reminder planner over 100,000 placements and the sender over 100,000 due emails,
# beside a no-op Celery task (database byggebro_bench_notifications); docs/benchmarks.md.
bench-notifications: install
	$(BIN)/python -m tests.bench.notifications $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
