"""Reports are built by a worker in production and at once in development: the settings choose
the tasks backend from the environment."""

import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "grants.example.org", "EMAIL_HOST": "smtp"}


def backend_with(environment: dict) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'commissioning.settings'; django.setup(); "
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_tests_run_tasks_at_once():
    assert settings.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({}, "django.tasks.backends.immediate.ImmediateBackend"),
        (PRODUCTION, "django_tasks_db.DatabaseBackend"),
        ({"TASKS_BACKEND": "database"}, "django_tasks_db.DatabaseBackend"),
    ],
    ids=["development", "production", "development trying the worker"],
)
def test_production_keeps_tasks_in_the_database_for_db_worker(environment, backend):
    assert backend_with(environment) == backend
