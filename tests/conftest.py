"""Personas, the browser and the settings every test shares.

Each persona is one role from DESIGN.md. Until the later issues bring their
memberships (organisation, criteria group, panel), the volunteer and applicant
personas are ordinary signed-in people; their fixtures grow with those issues.
"""

import os
import shutil

import pytest

from tests.commissioning.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run inside one unless told it is safe. Only ever set for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploads, reports and letters a test saves never land in the project's own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _emails_leave_as_if_the_test_had_committed(monkeypatch):
    """The outbox sends an email once the action that stored it has committed. A test runs
    inside a transaction of its own that never commits, so an email stored outside any
    transaction of the code's (the password reset form, a signal receiver after a commit) would
    never leave; outside a test it would leave at once, in autocommit. Do the same here: only
    the test's own transaction is ignored, so an email stored inside a service's transaction
    still waits for its commit (which `django_capture_on_commit_callbacks` runs)."""
    from django.db import transaction

    from commissioning import emails

    real = emails.send_after_commit

    def send_after_commit(email_id):
        blocks = transaction.get_connection().atomic_blocks
        if all(getattr(block, "_from_testcase", False) for block in blocks):
            emails._enqueue(email_id)
        else:
            real(email_id)

    monkeypatch.setattr(emails, "send_after_commit", send_after_commit)


@pytest.fixture(autouse=True)
def _every_email_has_a_subject_and_reads_plainly():
    """Every email any test makes the code write: a subject, and a plain-text body that reads as
    plain English (tests.mail.email_problems). So each email is checked wherever it is sent."""
    from django.db.models.signals import post_save

    from commissioning.models import OutgoingEmail
    from tests.mail import email_problems

    problems = []

    def check(sender, instance, created, **kwargs):
        if created:
            problems.extend(email_problems(instance))

    post_save.connect(check, sender=OutgoingEmail, weak=False, dispatch_uid="tests-email-check")
    yield
    post_save.disconnect(sender=OutgoingEmail, dispatch_uid="tests-email-check")
    assert not problems, "; ".join(sorted(set(problems)))


@pytest.fixture(autouse=True)
def _close_database_connections(request):
    """Close each test's connections once its database fixture has finished with them.

    Playwright's greenlets give later tests a contextvars context of their own, so a
    connection opened there is not the one pytest-django closes before dropping the
    PostgreSQL test database ("database is being accessed by other users").
    """
    yield
    if request.node.get_closest_marker("module_database"):
        return  # a module-scoped fixture still holds its transaction on this connection
    from django.db import connections

    connections.close_all()


# Personas ------------------------------------------------------------------------


@pytest.fixture
def visitor():
    """Not signed in: reads public pages, registers an organisation. Sees no application or score."""
    return None


@pytest.fixture
def applicant(db):
    """An organisation's contact: drafts and submits its applications; never sees others' or any score."""
    return UserFactory(email="applicant@example.org", full_name="Aisha Applicant")


@pytest.fixture
def other_applicant(db):
    """Another organisation's contact: must get 404 for the first organisation's things."""
    return UserFactory(email="other.applicant@example.org", full_name="Owen Otherorg")


@pytest.fixture
def criteria_member(db):
    """An older person in a round's criteria group: proposes and agrees criteria."""
    return UserFactory(email="criteria@example.org", full_name="Cyril Criteria")


@pytest.fixture
def panel_member(db):
    """An older volunteer on a panel: declares interests, scores, discusses and votes."""
    return UserFactory(email="panel@example.org", full_name="Pamela Panel")


@pytest.fixture
def facilitator(db):
    """Paid staff: sets up rounds, invites, schedules, checks eligibility. Never scores, votes or agrees criteria."""
    return UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)


@pytest.fixture
def administrator(db):
    """Technical administrator (a superuser): Django admin only. Never scores, votes or agrees criteria."""
    return UserFactory(email="admin@example.org", full_name="Adam Administrator", administrator=True)


@pytest.fixture
def outsider(db):
    """Signed in, but in no group, panel or organisation involved: sees nothing private."""
    return UserFactory(email="outsider@example.org", full_name="Olive Outsider")


PERSONAS = ["visitor", "applicant", "criteria_member", "panel_member", "facilitator", "administrator"]


@pytest.fixture
def persona_client(request, client):
    """A test client signed in as the persona named by `request.param` (visitor: signed out)."""
    user = request.getfixturevalue(request.param)
    if user is not None:
        client.force_login(user)
    return client


# The browser -------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_missing_browser_tests: list[str] = []


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser download does not work on our machines."""
    executable = find_chromium()
    if executable is None:
        message = "Chromium was not found (install Debian's chromium or set CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: browser tests cannot be skipped in CI.", pytrace=False)
        _missing_browser_tests.append(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if _missing_browser_tests:
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.line(
            "Chromium was not found, so every browser and accessibility test was SKIPPED.\n"
            "Install it (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium.",
            red=True,
            bold=True,
        )
