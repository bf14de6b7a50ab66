# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Browser tests run in Debian's Chromium when it is installed (or CHROMIUM_PATH names one).
CHROMIUM := $(firstword $(wildcard $(CHROMIUM_PATH) /usr/bin/chromium))
AXE_JS := .cache/npm/node_modules/axe-core/axe.min.js

.PHONY: run test install lint format messages clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock file pins every package, so a fresh machine gets the versions the suite passed with.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

# After changing the dependencies in pyproject.toml: `make lock`, then commit requirements.lock.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv>=0.9,<1"
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --quiet \
		--custom-compile-command "make lock" -o requirements.lock

install: $(VENV)/.installed

# Debug is off unless DJANGO_DEBUG=1: these targets run the project on a developer's machine.
run test messages: export DJANGO_DEBUG ?= 1

# Loads the fixtures only into a database without content, so a second run keeps editors' work.
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_sample_content
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(AXE_JS):
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4.14.1

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
ifneq ($(CHROMIUM),)
	$(MAKE) --no-print-directory $(AXE_JS)
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/pytest
else
	@if [ "$$CI" = "true" ]; then echo "CI must run the browser tests: install chromium." >&2; exit 1; fi
	@echo "Browser tests SKIPPED: no Chromium at /usr/bin/chromium or CHROMIUM_PATH; install it with 'apt-get install chromium' to run them."
	$(BIN)/pytest -m "not browser"
endif

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en -e html,txt,py,xsl --no-obsolete --no-location --ignore=.venv --ignore=tests --ignore=bench --ignore=.cache
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .cache
