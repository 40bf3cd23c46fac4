# The two commands: `make run` and `make test`. Both set everything up on a fresh machine.
# `make bench` measures CPU per request of every page against a bare view (bench/README.md).
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install install-dev lint clean

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Commissioning Together is starting on http://$(HOST):$(PORT)/ (stop it with Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto

test: install-dev
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Its own PostgreSQL database, gunicorn in production mode, about four minutes; not part of `make test`.
# Options: make bench BENCH_ARGS="--passes 3 --users 0"
bench: install-dev
	$(PY) -m bench.run $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(PY):
	"$$(sh .ci/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet '.[dev]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) *.egg-info staticfiles
