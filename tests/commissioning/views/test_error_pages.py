"""Our plain-English error pages (tests run with DEBUG off, so Django uses our templates)."""

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from tests.commissioning.factories import TEST_PASSWORD


def test_unknown_url_shows_page_not_found(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Page not found – Commissioning Together</title>" in page
    assert "If you typed the web address, check it is correct." in page
    assert f'href="{reverse("commissioning:home")}"' in page


def test_page_not_found_for_a_signed_in_person_keeps_their_header(client, applicant):
    client.force_login(applicant)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Signed in as" in response.content


def test_forbidden_page_gives_the_policy_reason(client, panel_member):
    client.force_login(panel_member)
    response = client.get(reverse("commissioning:activity"))
    assert response.status_code == 403
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">You cannot do this</h1>' in page
    assert "Only staff facilitators can see this page." in page
    assert "contact the staff who run your funding round" in page


def test_server_error_page(rf, db):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "Anything you saved before this page appeared is safe." in page


@pytest.mark.parametrize("fault", [RuntimeError, IntegrityError], ids=["a bug", "a database error that is a bug"])
def test_unhandled_exception_in_a_view_shows_the_server_error_page(client, applicant, monkeypatch, fault):
    """Through the whole stack: a view that blows up gives our 500 page, not a traceback. Only a
    database that does not answer is 503 (below); a constraint broken by a bug is still 500."""

    def broken(*args, **kwargs):
        raise fault("boom")

    monkeypatch.setattr("commissioning.views.site.next_steps.for_user", broken)
    client.force_login(applicant)
    client.raise_request_exception = False
    response = client.get(reverse("commissioning:home"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"boom" not in response.content


def test_csrf_failure_shows_please_try_again(applicant):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("commissioning:sign_in"), {"username": "applicant@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Please try again" in page
    assert "Cookies must be on to sign in." in page
    assert "_auth_user_id" not in client.session


# The database not answering --------------------------------------------------------------


def database_down():
    """The database server is outside the project: every new query is refused."""
    from unittest import mock

    from django.db import OperationalError

    return mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("could not connect to server: Connection refused"),
    )


def assert_kind_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "<title>Sorry, the service is not available just now – Commissioning Together</title>" in page
    assert "Try again in a few minutes. Anything you saved before this page appeared is safe." in page
    assert "Connection refused" not in page


def test_a_visitors_page_with_the_database_down_is_a_kind_503(client, db):
    client.raise_request_exception = False
    with database_down():
        response = client.get(reverse("commissioning:home"))
    assert_kind_503(response)


def test_a_signed_in_page_with_the_database_down_is_a_kind_503(client, applicant):
    """The session and the person cannot be read either: the page is drawn without them."""
    client.force_login(applicant)
    client.raise_request_exception = False
    with database_down():
        response = client.get(reverse("applications:application_list"))
    assert_kind_503(response)
    assert "Signed in as" not in response.content.decode()


def test_a_form_sent_with_the_database_down_is_a_kind_503_and_saves_nothing(client, applicant):
    client.force_login(applicant)
    client.raise_request_exception = False
    with database_down():
        response = client.post(reverse("commissioning:account"), {"full_name": "Someone Else"})
    assert_kind_503(response)
    applicant.refresh_from_db()
    assert applicant.full_name == "Aisha Applicant"
