"""The emailed invitation to a criteria group: a one-time link to choose a password, then straight to the criteria."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, User
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, messages_of, text

NEW_PASSWORD = "tea and biscuits at four"
SITE = "https://commissioning.example"
DOES_NOT_WORK = "This invitation link does not work"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def funding_round(db):
    return criteria_round(title="New projects 2018")


@pytest.fixture
def invitation(facilitator, funding_round, mailoutbox, django_capture_on_commit_callbacks):
    """Nora has no account: the staff invite her, and she gets an email with her link."""
    with django_capture_on_commit_callbacks(execute=True):
        services.add_criteria_group_member(
            actor=facilitator, funding_round=funding_round, email="nora@example.org", full_name="Nora Newcomer"
        )
    [message] = mailoutbox
    return message


def link_in(message) -> str:
    match = re.search(rf"{re.escape(SITE)}(/invitation/[^/\s]+/[^/\s]+/)", message.body)
    assert match, f"No invitation link in:\n{message.body}"
    return match.group(1)


def choose_password(client, link, password1=NEW_PASSWORD, password2=NEW_PASSWORD):
    opened = client.get(link)
    assert opened.status_code == 302, "a good link swaps its token for the session and redirects"
    return client.post(opened.url, {"new_password1": password1, "new_password2": password2})


def test_the_email_is_warm_and_says_what_the_group_does_and_the_time_it_asks(invitation, funding_round):
    assert invitation.to == ["nora@example.org"]
    assert invitation.subject == "You are invited to help agree the criteria for New projects 2018"
    body = invitation.body
    assert "Hello Nora," in body
    assert "Fiona Facilitator has invited you to join the criteria group for “New projects 2018”" in body
    assert "What the group does" in body
    assert "decide together what a good project looks like" in body
    assert "The time it asks" in body
    assert "The group works from 8 January 2018 to 4 February 2018." in body
    assert "The link works once, for 24 hours." in body
    html, mimetype = invitation.alternatives[0]
    assert mimetype == "text/html"
    assert f"{SITE}{link_in(invitation)}" in html
    assert "&amp;#" not in html


def test_someone_with_an_account_is_told_they_were_added(
    facilitator, funding_round, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="ava@example.org", full_name="Ava Already")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_criteria_group_member(actor=facilitator, funding_round=funding_round, email="ava@example.org")
    [message] = mailoutbox
    assert message.subject == "You are in the criteria group for New projects 2018"
    assert "Hello Ava," in message.body
    assert "What the group does" in message.body
    assert f"{SITE}{reverse('commissioning:criteria_list', args=[funding_round.slug])}" in message.body
    assert "/invitation/" not in message.body


def test_the_link_opens_a_welcome_page(client, invitation, funding_round):
    opened = client.get(link_in(invitation))
    response = client.get(opened.url)
    assert response.status_code == 200
    page = text(response)
    assert "Welcome to Commissioning Together – choose a password" in page
    assert "You have been invited to the criteria group for “New projects 2018”." in page
    assert "nora@example.org" in page


def test_choosing_a_password_signs_the_person_in_and_goes_to_their_criteria(client, invitation, funding_round):
    response = choose_password(client, link_in(invitation))
    assert response.status_code == 302
    assert response.url == reverse("commissioning:criteria_list", args=[funding_round.slug])
    nora = User.objects.get(email="nora@example.org")
    assert client.session[SESSION_KEY] == str(nora.pk)
    assert nora.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(verb=Verb.PASSWORD_RESET, actor=nora).exists()
    assert AuditEvent.objects.filter(verb=Verb.SIGNED_IN, actor=nora).exists()
    assert messages_of(response) == ["Welcome. Your password is saved and you are signed in."]
    assert client.get(response.url).status_code == 200


def test_the_link_works_only_once(client, invitation):
    link = link_in(invitation)
    choose_password(client, link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    page = text(response)
    assert DOES_NOT_WORK in page
    assert reverse("commissioning:sign_in") in page
    assert "Welcome to Commissioning Together" not in page


def test_different_passwords_are_explained_and_nothing_changes(client, invitation):
    response = choose_password(client, link_in(invitation), NEW_PASSWORD, "something else entirely")
    assert response.status_code == 200
    assert "The two new passwords are different." in text(response)
    assert not User.objects.get(email="nora@example.org").has_usable_password()
    assert SESSION_KEY not in client.session


def test_a_made_up_link_does_not_work(client, db):
    url = reverse("commissioning:invitation_accept", args=["MQ", "not-a-token"])
    response = client.get(url)
    assert response.status_code == 200
    assert DOES_NOT_WORK in text(response)
    assert_page_queries(client, url, at_most=1)


def test_someone_in_no_group_goes_home(client, db):
    lone = UserFactory(email="lone@example.org")
    link = reverse(
        "commissioning:invitation_accept",
        args=[urlsafe_base64_encode(force_bytes(lone.pk)), default_token_generator.make_token(lone)],
    )
    response = choose_password(client, link)
    assert response.status_code == 302
    assert response.url == reverse("commissioning:home")
