# The two commands: `make run` and `make test`. Both set everything up on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint clean

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Commissioning Together is starting on http://$(HOST):$(PORT)/ (stop it with Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto

test: install-dev
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

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
