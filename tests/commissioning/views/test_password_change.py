"""Change your password while signed in: you stay signed in and it is logged."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent
from tests.commissioning.factories import TEST_PASSWORD
from tests.helpers import assert_page_queries

PASSWORD_CHANGE = reverse("commissioning:password_change")
NEW_PASSWORD = "a brand new passphrase 42"


def change(client, old=TEST_PASSWORD, new1=NEW_PASSWORD, new2=NEW_PASSWORD):
    return client.post(PASSWORD_CHANGE, {"old_password": old, "new_password1": new1, "new_password2": new2})


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def assert_password_unchanged(user):
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.filter(verb=Verb.PASSWORD_CHANGED).exists()


def test_password_change_page(signed_in):
    response = signed_in.get(PASSWORD_CHANGE)
    assert response.status_code == 200
    assert b"Your current password" in response.content
    assert b"Type the new password again" in response.content


def test_password_change_query_count(signed_in):
    # The session, the person, and their grants for the menu ("Your panels", "Criteria").
    assert_page_queries(signed_in, PASSWORD_CHANGE, at_most=3)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(PASSWORD_CHANGE)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={PASSWORD_CHANGE}"


def test_changing_the_password_works_keeps_you_signed_in_and_is_logged(signed_in, applicant):
    response = change(signed_in)
    assert response.status_code == 302
    assert response.url == reverse("commissioning:account")
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    # Still signed in: the session hash was updated.
    assert signed_in.session[SESSION_KEY] == str(applicant.pk)
    assert signed_in.get(reverse("commissioning:account")).status_code == 200
    event = AuditEvent.objects.get(verb=Verb.PASSWORD_CHANGED)
    assert event.actor == applicant
    assert event.target == applicant


def test_success_message_is_shown(signed_in):
    response = signed_in.post(
        PASSWORD_CHANGE,
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert b"Your password is changed." in response.content


def test_wrong_current_password_is_explained(signed_in, applicant):
    response = change(signed_in, old="not my password")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Your current password is not right. Type it again." in response.content
    assert_password_unchanged(applicant)


def test_mismatched_new_passwords_are_explained(signed_in, applicant):
    response = change(signed_in, new2=NEW_PASSWORD + "!")
    assert response.status_code == 200
    assert "The two new passwords are different. Type the same password in both boxes." in response.content.decode()
    assert_password_unchanged(applicant)


def test_empty_fields_say_what_to_enter(signed_in, applicant):
    response = change(signed_in, old="", new1="", new2="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter your current password" in page
    assert "Enter a new password" in page
    assert "Type the new password again" in page
    assert_password_unchanged(applicant)


def test_too_short_new_password_is_explained(signed_in, applicant):
    response = change(signed_in, new1="short", new2="short")
    assert response.status_code == 200
    assert b"This password is too short." in response.content
    assert_password_unchanged(applicant)


def test_password_change_is_not_a_get(signed_in, applicant):
    """GET shows the form; it never changes anything."""
    signed_in.get(PASSWORD_CHANGE, {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD})
    assert_password_unchanged(applicant)
