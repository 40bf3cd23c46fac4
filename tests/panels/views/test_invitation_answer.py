"""Before saying yes, an invited volunteer sees the applications, the honest time and the dates."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from commissioning.permissions import can
from panels.audit import Verb
from panels.models import PanelMembership


@pytest.fixture
def invited(panel, outsider, application):
    return PanelMembership.objects.create(panel=panel, user=outsider)


def url(panel):
    return reverse("panels:invitation_answer", args=[panel.pk])


def test_the_invited_person_sees_what_it_involves_before_accepting(client, invited, panel):
    client.force_login(invited.user)
    response = client.get(url(panel))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Join Panel A?" in page
    assert "about 1.5 hours (1 application × 90 minutes)" in page
    shortlisting = panel.funding_round.stages.get(kind="shortlisting")
    assert f"{shortlisting.starts_on:%-d %B %Y}" in page


def test_accepting_gives_the_seat_and_opens_the_panel(client, invited, panel):
    client.force_login(invited.user)
    response = client.post(url(panel), {"answer": "accept"}, follow=True)
    assert response.redirect_chain[-1][0] == panel.get_absolute_url()
    assert "Thank you for joining Panel A" in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == PanelMembership.Status.ACCEPTED
    assert can(invited.user, "panels.view_panel", panel).allowed
    assert AuditEvent.objects.filter(verb=Verb.PANEL_INVITATION_ANSWERED, actor=invited.user).exists()


def test_declining_goes_back_to_the_list_with_thanks(client, invited, panel):
    client.force_login(invited.user)
    response = client.post(url(panel), {"answer": "decline"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("panels:panel_list")
    invited.refresh_from_db()
    assert invited.status == PanelMembership.Status.DECLINED
    assert not can(invited.user, "panels.view_panel", panel).allowed


def test_no_answer_is_refused_plainly(client, invited, panel):
    client.force_login(invited.user)
    response = client.post(url(panel), {})
    assert response.status_code == 200
    assert "Say whether you will join this panel" in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == PanelMembership.Status.INVITED


def test_someone_not_invited_is_not_found(client, applicant, panel):
    client.force_login(applicant)
    assert client.get(url(panel)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(url(panel))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url
