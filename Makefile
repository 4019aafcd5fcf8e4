# HMS-sertifikat: the newcomer's commands. Needs only Python 3.11 on the machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test screenshots chromium lint format bench install migrate demo messages clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput

# The development settings every command in the README and docs/ then runs with: DEBUG on
# and a secret of this checkout's own. Written once when missing, never committed (.gitignore);
# production has its own .env or environment, never this one.
.env:
	@$(PYTHON) -c 'import secrets; print("DEBUG=true"); print("SECRET_KEY=" + secrets.token_urlsafe(50))' > $@
	@echo "wrote .env: DEBUG=true and a generated SECRET_KEY (development only)"

# The key certificates are signed with in development: self-signed, made once when missing
# (certificates/signing.py), never committed (.gitignore). Production configures its own
# (CERTIFICATE_SIGNING_KEY, docs/signing-key.md).
signing-dev.p12: | .env install
	$(BIN)/python manage.py create_dev_signing_key

demo: .env signing-dev.p12 migrate
	$(BIN)/python manage.py load_demo --if-empty

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The production setup (docs/production.md): gunicorn with several workers,
# static files through whitenoise, DEBUG off. Needs SECRET_KEY (and DATABASE_URL,
# ALLOWED_HOSTS, ...) in the environment or in .env. DEBUG stays off even where the
# development .env of `make run` says otherwise.
serve: export DEBUG := false
serve: install
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn -c hms_cert/gunicorn.conf.py

# The suite reads and writes the project's bytecode (__pycache__/, ignored by git) even where
# the machine sets PYTHONDONTWRITEBYTECODE: every worker and every subprocess a test starts
# (hms_decide, the README walk, gunicorn) would otherwise compile the project's modules again,
# about 15 CPU-seconds per worker. Empty means unset to Python; the subprocesses inherit it.
test screenshots: export PYTHONDONTWRITEBYTECODE :=
test: install chromium node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests with a full-page picture of each page they pass, for people reviewing
# the look (tests/e2e/screenshots/, ignored by git). `make test` takes none: they assert
# nothing and cost about a quarter of the browser tests' time.
screenshots: install chromium node_modules/.installed
	E2E_SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# The browser tests (tests/e2e) drive Debian's Chromium, never a browser Playwright would
# download. Where it is missing: installed when we are root, else we stop and say how.
CHROMIUM := /usr/bin/chromium
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else \
	    echo "The browser tests need Debian's Chromium at $(CHROMIUM): sudo apt-get install chromium" >&2; \
	    exit 1; \
	  fi; \
	fi

# axe-core, which the accessibility tests inject into pages (tests/e2e/test_accessibility.py).
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y npm; \
	  else \
	    echo "The accessibility tests need npm (for axe-core): sudo apt-get install npm" >&2; \
	    exit 1; \
	  fi; \
	fi
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

# The English catalogue (locale/en): collects new strings, then compiles django.mo, which
# is committed too. Translate what it adds to django.po; tests/i18n fails while any is empty.
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=media --ignore=node_modules
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
