# ЦОПП platform. The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PORT ?= 8080
PG_PORT ?= 54329
# the test cluster takes any free port, so a test run never collides with another checkout's cluster
ifndef PG_TEST_PORT
PG_TEST_PORT := $(shell python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endif
PG_DIR := .data/pg
PG_TEST_DIR := .data/pg-test
SMTP_SINK_PORT ?= 2525
MAIL_HTTP_PORT ?= 8025
BIN := .build/debug/platform-server
export PATH := $(PATH):/usr/lib/postgresql/15/bin

.PHONY: lint bench-data bench-catalog bench-training-data bench-training bench-events bench-tests run build test db-start \
  db-stop db-test-start db-test-stop deps-python deps-browser deps-office swagger-ui migrate seed mail-sink clean-data \
  test-swift test-browser

build:
	swift build --product platform-server

deps-python:
	@python3 -c "import aiosmtpd, selenium, schemathesis, yaml, axe_core_python" 2>/dev/null || \
	  python3 -m pip install -q aiosmtpd selenium schemathesis pyyaml axe-core-python

deps-browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null)

# LibreOffice Writer (DOCX → PDF for generated documents) and pdftotext (tests read the PDFs); without them the server
# still makes DOCX and answers PDF with 503.
deps-office:
	@dpkg -s libreoffice-writer-nogui poppler-utils >/dev/null 2>&1 || (apt-get update -q >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libreoffice-writer-nogui \
	  poppler-utils >/dev/null)

# Swagger UI 5 for /docs (OpenAPI 3.1), unpacked from the PyPI package swagger-ui-bundle-v2 (not committed).
SWAGGER_UI_VERSION ?= 5.31.0
swagger-ui:
	@test -f web/vendor/swagger-ui/swagger-ui-bundle.js || ( set -e; tmp=$$(mktemp -d); \
	  python3 -m pip download -q --no-deps -d $$tmp swagger-ui-bundle-v2==$(SWAGGER_UI_VERSION); \
	  python3 -c "import zipfile,sys,glob; zipfile.ZipFile(glob.glob(sys.argv[1]+'/*.whl')[0]).extractall(sys.argv[1])" $$tmp; \
	  mkdir -p web/vendor/swagger-ui && cp -r $$tmp/swagger_ui_bundle/vendor/swagger-ui-*/* web/vendor/swagger-ui/ && rm -rf $$tmp )

db-start:
	@scripts/pg.sh start $(PG_DIR) $(PG_PORT)
	@scripts/pg.sh createdb $(PG_DIR) $(PG_PORT) copp

db-stop:
	@scripts/pg.sh stop $(PG_DIR) $(PG_PORT)

db-test-start:
	@PG_FSYNC=off scripts/pg.sh start $(PG_TEST_DIR) $(PG_TEST_PORT)

db-test-stop:
	@scripts/pg.sh stop $(PG_TEST_DIR) $(PG_TEST_PORT)

.data/jwt_secret:
	@mkdir -p .data && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > $@ && chmod 600 $@

mail-sink: deps-python
	@mkdir -p .data
	@if ! (exec 3<>/dev/tcp/127.0.0.1/$(SMTP_SINK_PORT)) 2>/dev/null; then \
	  nohup python3 scripts/smtp_sink.py --smtp-port $(SMTP_SINK_PORT) --http-port $(MAIL_HTTP_PORT) --dir .data/mail > .data/smtp-sink.log 2>&1 & \
	  sleep 1; fi
	@echo "Письма: http://127.0.0.1:$(MAIL_HTTP_PORT)/messages (файлы .eml в .data/mail)"

# Builds, starts PostgreSQL (unless DATABASE_URL is set) and an SMTP sink (unless SMTP_HOST is set), migrates,
# loads demo data into an empty database and serves API + web on http://127.0.0.1:$(PORT).
run: build swagger-ui deps-office .data/jwt_secret
	@if [ -z "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory db-start; fi
	@if [ -z "$$SMTP_HOST" ]; then $(MAKE) --no-print-directory mail-sink; fi
	@$(BIN) demo-logins
	@echo "API и веб: http://127.0.0.1:$(PORT)  (документация API: http://127.0.0.1:$(PORT)/docs)"
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:$(PG_PORT)/copp} \
	JWT_SECRET_FILE=$${JWT_SECRET_FILE:-.data/jwt_secret} \
	SMTP_HOST=$${SMTP_HOST:-127.0.0.1} SMTP_PORT=$${SMTP_PORT:-$(SMTP_SINK_PORT)} \
	DEMO_DATA=$${DEMO_DATA:-1} DEMO_CATALOG=$${DEMO_CATALOG:-1} PORT=$(PORT) FILES_DIR=$${FILES_DIR:-.data/files} \
	$(BIN) serve --migrate

migrate: build .data/jwt_secret
	@if [ -z "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory db-start; fi
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:$(PG_PORT)/copp} JWT_SECRET_FILE=.data/jwt_secret $(BIN) migrate

# The project's own rules: swift-format (120 columns, .swift-format), SQL only in repositories, line width, and every
# script of the web front parses (Node from Debian's nodejs).
lint:
	swift format lint --strict --recursive Sources Tests
	python3 scripts/check_sql_placement.py
	python3 scripts/check_width.py
	@command -v node >/dev/null || (apt-get update -q >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs >/dev/null)
	python3 scripts/check_js.py

# Every test: the lint above, Swift unit + API tests against a private PostgreSQL, then the browser journey.
test: deps-python deps-browser deps-office swagger-ui db-test-start
	@mkdir -p .data/test-output
	@set -o pipefail; status=0; \
	 $(MAKE) --no-print-directory lint || status=1; \
	 TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$(PG_TEST_PORT)/postgres swift test 2>&1 | tee .data/test-output/swift.log || status=1; \
	 swift build --product platform-server >/dev/null && \
	 PG_TEST_PORT=$(PG_TEST_PORT) python3 -m pytest -q -p no:cacheprovider Tests/browser 2>&1 | tee .data/test-output/pytest.log || status=1; \
	 $(MAKE) --no-print-directory db-test-stop; \
	 python3 scripts/test_summary.py .data/test-output/swift.log .data/test-output/pytest.log; \
	 exit $$status

clean-data: db-stop db-test-stop
	rm -rf .data

# Catalog benchmark: 50,000 published programs across 300 organizations, wrk (64 connections) against the release
# server next to pgbench running the same SQL. Results in .data/bench-catalog.json.
BENCH_DB := copp_bench
BENCH_URL = postgres://postgres@127.0.0.1:$(PG_PORT)/$(BENCH_DB)
# a count from the benchmark database, 0 when the database or table is not there yet
bench_count = $$(psql $(BENCH_URL) -Atc "SELECT count(*) FROM $(1)" 2>/dev/null || echo 0)
GEN_DATA = DATABASE_URL=$(BENCH_URL) JWT_SECRET_FILE=.data/jwt_secret .build/release/platform-server gen-data
WRK = command -v wrk >/dev/null || (apt-get update -q >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null)

bench-data: db-start .data/jwt_secret
	swift build -c release --product platform-server
	@scripts/pg.sh createdb $(PG_DIR) $(PG_PORT) $(BENCH_DB)
	@# data of an older generator (titles from ~100 words, before the search lexicon) is replaced
	@if [ "$(call bench_count,search_words WHERE scope = 'catalog')" -lt 3000 ]; then \
	  psql -h 127.0.0.1 -p $(PG_PORT) -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $(BENCH_DB)" \
	    -c "CREATE DATABASE $(BENCH_DB)"; fi
	@if [ "$(call bench_count,programs WHERE status = 'published')" -lt 50000 ]; then \
	  $(GEN_DATA) --programs 50000 --organizations 300; fi

bench-catalog: bench-data
	@$(WRK)
	python3 scripts/bench_catalog.py --database-url $(BENCH_URL) --pg-dir $(PG_DIR)
	python3 scripts/bench_catalog_mix.py --database-url $(BENCH_URL) --pg-dir $(PG_DIR)

# Training benchmark: 1,000,000 applications (groups, schedules, a journal) over the catalog benchmark's programs, then
# a 10,000-row mass application, the desk and a gradebook under wrk -c64, and the CSV of every application.
# Results in .data/bench-training.json.
bench-training-data: bench-data
	@if [ "$(call bench_count,applications)" -lt 1000000 ]; then \
	  $(GEN_DATA) --programs 0 --applications 1000000; fi

bench-training: bench-training-data
	@$(WRK)
	python3 scripts/bench_training.py --database-url $(BENCH_URL)

# Tests: 500 learners answer a 30-question test within one minute (each save's latency), the same saves as fast as
# they go beside pgbench running the same UPDATE, and 500 attempts started and finished. A database of its own with
# 200 programs (the college, its program and group come from the generator). Results in .data/bench-tests.json.
TESTS_DB := copp_bench_tests
TESTS_URL = postgres://postgres@127.0.0.1:$(PG_PORT)/$(TESTS_DB)

bench-tests: db-start .data/jwt_secret
	swift build -c release --product platform-server
	@$(WRK)
	@scripts/pg.sh createdb $(PG_DIR) $(PG_PORT) $(TESTS_DB)
	@if [ "$$(psql $(TESTS_URL) -Atc "SELECT count(*) FROM programs" 2>/dev/null || echo 0)" -lt 200 ]; then \
	  DATABASE_URL=$(TESTS_URL) JWT_SECRET_FILE=.data/jwt_secret .build/release/platform-server gen-data \
	    --programs 200 --organizations 5; fi
	python3 scripts/bench_tests.py --database-url $(TESTS_URL)

# Events: the occurrences of 1,000 recurring events of every kind for a calendar month, 200 months in a row (pure
# computation in the region's time zone, no database).
bench-events:
	swift build -c release --product platform-server
	.build/release/platform-server bench-occurrences --events 1000 --rounds 200 --zone Asia/Irkutsk
