"""Invite a colleague: a member sends an emailed link that works once. Outsiders get 404; staff 403."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.audit import Verb
from applications.models import OrganisationInvitation
from commissioning.models import AuditEvent
from tests.applications.factories import OrganisationFactory, join_organisation
from tests.commissioning.factories import UserFactory
from tests.commissioning.views.criteria_support import messages_of, sign_in_url, text
from tests.helpers import assert_page_queries


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(name="Armley Tea Dance Club", main_contact=applicant)
    join_organisation(applicant, organisation)
    return organisation


def invite_url(organisation):
    return reverse("applications:colleague_invite", args=[organisation.pk])


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_the_form_asks_for_an_email_address(signed_in, organisation):
    response = signed_in.get(invite_url(organisation))
    assert response.status_code == 200
    page = text(response)
    assert "Invite a colleague" in page
    assert "Your colleague's email address" in page


def test_invite_query_count(signed_in, organisation):
    assert_page_queries(signed_in, invite_url(organisation), at_most=5)


def test_a_member_invites_a_colleague_who_is_emailed_a_link(
    signed_in, applicant, organisation, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://commissioning.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(invite_url(organisation), {"email": " Colin@Example.org "})
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    invitation = OrganisationInvitation.objects.get()
    assert invitation.email == "colin@example.org"
    assert invitation.invited_by == applicant
    assert not invitation.is_used
    event = AuditEvent.objects.get(verb=Verb.COLLEAGUE_INVITED)
    assert event.actor == applicant
    assert event.target == organisation
    assert event.data == {"email": "colin@example.org"}
    assert messages_of(response) == ["We have emailed an invitation to colin@example.org. The link works once."]

    [email] = mail.outbox
    assert email.to == ["colin@example.org"]
    assert email.subject == "Aisha Applicant has invited you to join Armley Tea Dance Club on Commissioning Together"
    link = f"https://commissioning.example.org{invitation.get_absolute_url()}"
    assert link in email.body
    html = email.alternatives[0][0]
    assert f'href="{link}"' in html
    assert "Join Armley Tea Dance Club" in html


def test_the_pending_invitation_shows_on_the_organisation_page(signed_in, organisation):
    signed_in.post(invite_url(organisation), {"email": "colin@example.org"})
    assert "colin@example.org, invited on" in text(signed_in.get(organisation.get_absolute_url()))


def test_someone_already_a_member_is_told_on_the_field(signed_in, organisation):
    colleague = UserFactory(email="colin@example.org")
    join_organisation(colleague, organisation)
    response = signed_in.post(invite_url(organisation), {"email": "Colin@example.org"})
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_email">colin@example.org is already a member of Armley Tea Dance Club</a>' in page
    assert 'value="Colin@example.org"' in page
    assert not OrganisationInvitation.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Enter your colleague&#x27;s email address"),
        ("colin at example", "Enter an email address like name@example.org"),
    ],
)
def test_a_missing_or_malformed_email_address(signed_in, organisation, email, message):
    response = signed_in.post(invite_url(organisation), {"email": email})
    assert response.status_code == 200
    page = text(response)
    assert f'<a href="#id_email">{message}</a>' in page
    if email:
        assert f'value="{email}"' in page
    assert not OrganisationInvitation.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, organisation):
    url = invite_url(organisation)
    response = client.post(url, {"email": "colin@example.org"})
    assert response.status_code == 302
    assert response.url == sign_in_url(url)
    assert not OrganisationInvitation.objects.exists()


@pytest.mark.parametrize("persona", ["other_applicant", "outsider", "criteria_member"])
def test_anyone_outside_the_organisation_gets_404(client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(invite_url(organisation)).status_code == 404
    assert client.post(invite_url(organisation), {"email": "colin@example.org"}).status_code == 404
    assert not OrganisationInvitation.objects.exists()


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_are_refused_with_the_reason(client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(invite_url(organisation), {"email": "colin@example.org"})
    assert response.status_code == 403
    assert "Only the organisation&#x27;s own members can do this." in text(response)
    assert not OrganisationInvitation.objects.exists()
