"""Staff invite a person with an account to a panel, perhaps as its chair. Staff accounts and
unknown addresses are refused in plain words, and what was typed stays."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import Panel, PanelMembership
from tests.applications.factories import open_round
from tests.commissioning.factories import UserFactory


def invite_url(panel) -> str:
    return reverse("panels:member_invite", args=[panel.pk])


@pytest.fixture
def panel(db):
    return Panel.objects.create(funding_round=open_round(title="New projects 2018"), name="Panel A")


def test_staff_see_the_invitation_form(client, facilitator, panel):
    client.force_login(facilitator)
    response = client.get(invite_url(panel))
    assert response.status_code == 200
    assert "Invite a member" in response.content.decode()


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_invite_a_volunteer_as_chair_and_it_is_logged(persona_client, panel):
    volunteer = UserFactory(email="violet@example.org", full_name="Violet Volunteer")

    response = persona_client.post(invite_url(panel), {"email": "Violet@Example.org", "is_chair": "on"}, follow=True)

    assert response.redirect_chain == [(reverse("panels:panel_manage", args=[panel.pk]), 302)]
    assert "Violet Volunteer is invited to ‘Panel A’." in response.content.decode()
    membership = PanelMembership.objects.get(panel=panel, user=volunteer)
    assert membership.status == PanelMembership.Status.INVITED and membership.is_chair
    assert AuditEvent.objects.get(verb=Verb.PANEL_MEMBER_INVITED).data == {"member": "violet@example.org"}


def test_a_staff_account_is_refused_with_the_reason(client, facilitator, panel):
    UserFactory(email="sam@example.org", facilitator=True)
    client.force_login(facilitator)

    response = client.post(invite_url(panel), {"email": "sam@example.org"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Staff facilitate panels; they cannot sit on them." in page
    assert 'value="sam@example.org"' in page
    assert not PanelMembership.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", "Nobody has an account with this email address. Check it, or ask them to register."),
        ("not-an-email", "Enter an email address like name@example.org"),
        ("", "Enter the person&#x27;s email address"),
    ],
)
def test_bad_addresses_are_refused_plainly(client, facilitator, panel, email, message):
    client.force_login(facilitator)
    response = client.post(invite_url(panel), {"email": email})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PanelMembership.objects.exists()


def test_inviting_twice_or_a_second_chair_is_refused(client, facilitator, panel):
    first = UserFactory(email="first@example.org", full_name="First Person")
    PanelMembership.objects.create(panel=panel, user=first, is_chair=True)
    UserFactory(email="second@example.org")
    client.force_login(facilitator)

    again = client.post(invite_url(panel), {"email": "first@example.org"}).content.decode()
    chair = client.post(invite_url(panel), {"email": "second@example.org", "is_chair": "on"}).content.decode()

    assert "First Person is already invited to Panel A." in again
    assert "Panel A already has a chair." in chair
    assert PanelMembership.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(client, panel):
    response = client.post(invite_url(panel), {"email": "x@example.org"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("commissioning:sign_in"))


@pytest.mark.parametrize("persona_client", ["applicant", "panel_member", "criteria_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, panel):
    UserFactory(email="x@example.org")
    assert persona_client.get(invite_url(panel)).status_code == 403
    assert persona_client.post(invite_url(panel), {"email": "x@example.org"}).status_code == 403
    assert not PanelMembership.objects.exists()


def test_an_unknown_panel_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("panels:member_invite", args=[999999])).status_code == 404


def test_the_form_page_costs_few_queries(client, facilitator, panel):
    from tests.helpers import assert_page_queries

    client.force_login(facilitator)
    assert_page_queries(client, invite_url(panel), at_most=3)
