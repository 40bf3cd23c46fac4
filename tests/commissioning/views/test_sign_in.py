"""The sign-in page: Django's LoginView with our email form, audited and throttled by django-axes."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent
from tests.commissioning.factories import TEST_PASSWORD
from tests.helpers import assert_page_queries

SIGN_IN = reverse("commissioning:sign_in")
HOME = reverse("commissioning:home")
NOT_RIGHT = "The email address or password is not right. Check them and try again."


def sign_in(client, email, password, **extra):
    return client.post(SIGN_IN, {"username": email, "password": password, **extra})


def error_summary(response) -> str:
    """The text of the page's error summary (empty when there is none)."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0))).strip() if match else ""


def test_sign_in_page_shows_the_form(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert b"Email address" in response.content
    assert b"I have forgotten my password" in response.content


def test_sign_in_page_query_count(client, db):
    assert_page_queries(client, SIGN_IN, at_most=0)


def test_right_password_signs_in_and_goes_home(client, applicant):
    response = sign_in(client, "applicant@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == HOME
    assert client.session[SESSION_KEY] == str(applicant.pk)


def test_signing_in_is_logged_with_the_actor(client, applicant):
    sign_in(client, "applicant@example.org", TEST_PASSWORD)
    event = AuditEvent.objects.get(verb=Verb.SIGNED_IN)
    assert event.actor == applicant
    assert event.actor_label == "Aisha Applicant"
    assert event.target == applicant


def test_email_in_another_case_and_with_spaces_still_signs_in(client, applicant):
    response = sign_in(client, "  Applicant@EXAMPLE.org ", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(applicant.pk)


def test_wrong_password_says_so_in_one_sentence(client, applicant):
    response = sign_in(client, "applicant@example.org", "not the password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert error_summary(response) == f"There is a problem {NOT_RIGHT}"
    assert response.content.decode().count(NOT_RIGHT) == 1
    assert b"<title>Error: Sign in" in response.content


def test_unknown_email_gives_exactly_the_same_message_as_a_wrong_password(client, applicant):
    wrong_password = sign_in(client, "applicant@example.org", "not the password")
    unknown_email = sign_in(client, "nobody@example.org", TEST_PASSWORD)
    assert unknown_email.status_code == wrong_password.status_code == 200
    assert error_summary(unknown_email) == error_summary(wrong_password) == f"There is a problem {NOT_RIGHT}"
    # Nothing on the page says which half was wrong.
    for hint in (b"no account", b"not registered", b"does not exist", b"incorrect password"):
        assert hint not in unknown_email.content.lower()
        assert hint not in wrong_password.content.lower()


def test_failed_sign_in_keeps_the_email_typed(client, applicant):
    response = sign_in(client, "applicant@example.org", "not the password")
    assert b'value="applicant@example.org"' in response.content


def test_empty_fields_say_what_to_enter(client, db):
    response = sign_in(client, "", "")
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Enter your email address" in summary
    assert "Enter your password" in summary
    assert not AuditEvent.objects.exists()


def test_an_email_without_an_at_sign_is_explained(client, db):
    response = sign_in(client, "applicant.example.org", TEST_PASSWORD)
    assert response.status_code == 200
    assert "Enter an email address like name@example.org" in error_summary(response)


def test_switched_off_account_cannot_sign_in(client, applicant):
    applicant.is_active = False
    applicant.save()
    response = sign_in(client, "applicant@example.org", TEST_PASSWORD)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    # ModelBackend refuses inactive users before the form's "inactive" check, so the
    # person sees the same sentence as for a wrong password (no hint the account exists).
    assert NOT_RIGHT in error_summary(response)


# The throttle (django-axes) ------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, applicant):
    for _ in range(5):
        sign_in(client, "applicant@example.org", "not the password")
    right = sign_in(client, "applicant@example.org", TEST_PASSWORD)
    assert right.status_code == 429
    assert b"Too many tries" in right.content
    assert b"signing in to this account is paused for 15 minutes" in right.content
    assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(verb=Verb.SIGNED_IN).exists()


def test_changing_the_case_of_the_email_does_not_get_round_the_lock(client, applicant):
    for email in [
        "applicant@example.org",
        "Applicant@example.org",
        "APPLICANT@example.org",
        "applicant@EXAMPLE.org",
        " applicant@example.org",
    ]:
        sign_in(client, email, "not the password")
    response = sign_in(client, "aPPlicant@example.org", TEST_PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lock_is_per_email_so_other_people_can_still_sign_in(client, applicant, other_applicant):
    for _ in range(5):
        sign_in(client, "applicant@example.org", "not the password")
    response = sign_in(client, "other.applicant@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other_applicant.pk)


def test_one_persons_wrong_tries_do_not_lock_out_another_person_at_the_same_address(client, applicant, other_applicant):
    for _ in range(5):
        sign_in(client, "applicant@example.org", "not the password")
    response = sign_in(client, "other.applicant@example.org", "a typo")
    assert response.status_code == 200
    assert NOT_RIGHT in error_summary(response)


def test_the_fifth_wrong_password_shows_the_too_many_tries_page(client, applicant):
    for _ in range(4):
        assert sign_in(client, "applicant@example.org", "not the password").status_code == 200
    fifth = sign_in(client, "applicant@example.org", "not the password")
    # django-axes answers with its lockout template and 429 Too Many Requests.
    assert fifth.status_code == 429
    assert b"Too many tries" in fifth.content
    assert b"signing in to this account is paused for 15 minutes" in fifth.content


def test_four_wrong_tries_then_the_right_password_still_works(client, applicant):
    for _ in range(4):
        sign_in(client, "applicant@example.org", "not the password")
    response = sign_in(client, "applicant@example.org", TEST_PASSWORD)
    assert response.status_code == 302


# Where to go after signing in -----------------------------------------------------


def test_next_parameter_is_honoured_for_a_page_of_ours(client, applicant):
    account = reverse("commissioning:account")
    response = sign_in(client, "applicant@example.org", TEST_PASSWORD, next=account)
    assert response.status_code == 302
    assert response.url == account


def test_next_on_the_sign_in_page_is_carried_in_the_form(client, db):
    account = reverse("commissioning:account")
    response = client.get(SIGN_IN, {"next": account})
    assert f'name="next" value="{account}"'.encode() in response.content


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/steal", "//evil.example/steal", "http://testserver.evil.example/"]
)
def test_next_parameter_pointing_elsewhere_is_ignored(client, applicant, unsafe):
    response = sign_in(client, "applicant@example.org", TEST_PASSWORD, next=unsafe)
    assert response.status_code == 302
    assert response.url == HOME
    assert client.session[SESSION_KEY] == str(applicant.pk)


def test_signed_in_person_visiting_sign_in_is_sent_home(client, applicant):
    client.force_login(applicant)
    response = client.get(SIGN_IN)
    assert response.status_code == 302
    assert response.url == HOME
