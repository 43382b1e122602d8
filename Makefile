# MộtCửa. `make demo` runs the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_ENV = DEBUG=1 DEMO_INBOX=1 SITE_URL=$(SITE_URL)
HOST ?= 127.0.0.1
PORT ?= 8000
# QR codes and e-mail links point where the demo serves, unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: setup demo serve worker test lint format bench bench-data bench-calendar bench-dossiers bench-office bench-documents bench-intake bench-portal bench-inbound bench-sync bench-reports bench-hall bench-payments bench-archive messages clean dvcqg-fake payments-fake

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "MộtCửa cần Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The demo province on SQLite at http://$(HOST):$(PORT), with the background worker beside it.
demo: setup
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) bash deploy/run-with-worker.sh $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

## Production-style serving (gunicorn + whitenoise) on whatever DATABASE_URL says.
serve: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	bash deploy/run-with-worker.sh $(BIN)/gunicorn motcua.wsgi -c deploy/gunicorn.conf.py

worker: setup
	$(BIN)/python manage.py db_worker

## The whole suite: SQLite by default, PostgreSQL when DATABASE_URL=postgres://… is set.
## Python keeps compiled modules (and pytest its rewritten tests) even where the environment
## says PYTHONDONTWRITEBYTECODE: the suite starts a dozen Python processes (two workers, gunicorn,
## manage.py), and without that cache each compiles the project again (3.7 s of the 7.4 s a
## worker takes to collect the tests).
test: setup
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

## Schemathesis against the API's OpenAPI document, bounded to about two minutes (FUZZ_EXAMPLES
## per operation and caller); zero server errors. CI runs it on PostgreSQL.
.PHONY: fuzz
fuzz: setup
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -p schemathesis motcua/api/tests/fuzz_api.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench-calendar: setup
	$(BIN)/python bench/bench_calendar.py
	$(BIN)/python bench/bench_due_batch.py

## Dossier benchmarks need PostgreSQL: DATABASE_URL=postgres://…/motcua_bench make bench-data bench-dossiers
bench-data: setup
	$(BIN)/python bench/gen_dossiers.py --count $${COUNT:-1000000} --open $${OPEN:-10000} $(if $(FRESH),--no-vacuum)

bench-dossiers: setup
	$(BIN)/python bench/bench_dossiers.py

## Staff pages' server time on the same data: DATABASE_URL=postgres://…/motcua_bench make bench-office
bench-office: setup
	$(BIN)/python bench/bench_office.py

## One counter intake's cost: queries and CPU per intake (Django and PostgreSQL), the top
## functions with PROFILE=1, then the rate under gunicorn with 8 clients (wrk) beside a
## calibration loop and the load average. DATABASE_URL=postgres://…/motcua_bench_intake
bench-intake: setup
	$(BIN)/python bench/bench_intake.py $(if $(PROFILE),--profile)

bench-documents: setup
	$(BIN)/python bench/bench_documents.py

## Catalogue and lookup pages under gunicorn (wrk); on PostgreSQL: DATABASE_URL=postgres://…
bench-portal: setup
	$(BIN)/python bench/bench_portal.py

## Dossiers from the national portal (DVCQG) under gunicorn (wrk): DATABASE_URL=postgres://…
bench-inbound: setup
	$(BIN)/python bench/bench_inbound.py

## Outbound sync to DVCQG on PostgreSQL: queuing cost, intake rate with the sync on, draining a
## 10,000-dossier backlog to the local fake gateway; then the inbound figure (bench-inbound).
## DATABASE_URL=postgres://… make bench-sync
bench-sync: setup
	$(BIN)/python bench/bench_sync.py
	$(BIN)/python bench/bench_inbound.py

## Reports at province scale: generated data, then timings. PostgreSQL for millions of dossiers:
## DATABASE_URL=postgres://…/motcua_bench_reports make bench-reports BENCH_DOSSIERS=5000000
BENCH_DOSSIERS ?= 100000
BENCH_DATABASE = $(if $(DATABASE_URL),$(DATABASE_URL),sqlite:///$(CURDIR)/var/bench-reports.sqlite3)

bench-reports: setup
	@if [ -z "$(DATABASE_URL)" ] && [ "$(BENCH_DOSSIERS)" -gt 500000 ]; then \
		echo "Hơn 500 000 hồ sơ cần PostgreSQL: đặt DATABASE_URL=postgres://…/motcua_bench_reports"; exit 2; fi
	mkdir -p var
	DATABASE_URL=$(BENCH_DATABASE) $(BIN)/python bench/gen_province.py --dossiers $(BENCH_DOSSIERS)
	DATABASE_URL=$(BENCH_DATABASE) $(BIN)/python bench/bench_reports.py

## The hall: ticket issue, then 100 displays polling the board while 20 counters call (wrk, gunicorn):
## DATABASE_URL=postgres://…/motcua_bench_hall make bench-hall
bench-hall: setup
	$(BIN)/python bench/bench_hall.py

## The archive: packaging closed files (3 documents each) and archive_verify over 10,000 files.
bench-archive: setup
	$(BIN)/python bench/bench_archive.py

bench: setup bench-calendar bench-documents bench-reports

## A local fake of the national portal's gateway (Cổng DVCQG) for the demo; it prints the DVCQG_*
## settings to start the demo with. DVCQG_FAKE_PORT picks its port (default 8089).
dvcqg-fake: setup
	$(BIN)/python -m motcua.exchange.fake_dvcqg --port $${DVCQG_FAKE_PORT:-8089}

## A local fake of the national payment platform for the demo; it prints the PAYMENT_* settings
## and posts its confirmations to the demo server. PAYMENTS_FAKE_PORT picks its port (8088).
payments-fake: setup
	$(BIN)/python -m motcua.payments.fake_platform --port $${PAYMENTS_FAKE_PORT:-8088} \
		--confirm-url http://$(HOST):$(PORT)/api/v1/payments/dvcqg/confirm

## Payment confirmations under gunicorn with replays mixed in, then the count check (no double
## payment). DATABASE_URL=postgres://… make bench-payments
bench-payments: setup
	$(BIN)/python bench/bench_payments.py

## The English catalogue: extract the Vietnamese msgids into motcua/locale/en, then compile the .mo
## (both are committed, so a clone shows English without gettext installed).
messages: setup
	mkdir -p motcua/locale
	cd motcua && ../$(BIN)/django-admin makemessages -l en --no-obsolete --ignore '*/tests/*' \
		&& ../$(BIN)/django-admin compilemessages -l en

clean:
	rm -rf $(VENV) var/test-*.sqlite3*
