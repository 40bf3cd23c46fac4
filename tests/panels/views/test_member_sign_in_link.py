"""Staff email a panel member a sign-in link from the panel's page (panels.send_sign_in_link).

The member gets one email through the outbox, the activity log says who sent it for which
panel, and the link signs the member in once. Only the staff who run panels may send one, only
to someone still on the panel whose account is switched on, and the per-address throttle holds.
"""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from commissioning import services as core_services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound, OutgoingEmail, User
from commissioning.permissions import can
from panels import services
from panels.models import Panel, PanelMembership
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat


def send_url(membership) -> str:
    return reverse("panels:member_sign_in_link", args=[membership.panel_id, membership.pk])


def manage_url(panel) -> str:
    return reverse("panels:panel_manage", args=[panel.pk])


@pytest.fixture
def membership(member, panel):
    return PanelMembership.objects.get(user=member, panel=panel)


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def post(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, follow=True)


def test_panel_page_offers_a_button_per_member(staff_client, membership, panel):
    page = staff_client.get(manage_url(panel)).content.decode()
    assert f'action="{send_url(membership)}"' in page
    assert 'Email a sign-in link<span class="govuk-visually-hidden"> to Pamela Panel</span>' in page


def test_no_button_for_a_removed_member_or_a_switched_off_account(staff_client, membership, panel, colleague):
    gone = PanelMembership.objects.get(user=colleague)
    PanelMembership.objects.filter(pk=gone.pk).update(status=PanelMembership.Status.REMOVED)
    switched_off = seat(UserFactory(full_name="Sid Switchedoff", is_active=False), panel)
    page = staff_client.get(manage_url(panel)).content.decode()
    assert f'action="{send_url(membership)}"' in page  # the positive control
    assert f'action="{send_url(gone)}"' not in page
    assert f'action="{send_url(switched_off)}"' not in page


def test_staff_send_a_link_that_signs_the_member_in(
    staff_client, facilitator, membership, panel, mailoutbox, django_capture_on_commit_callbacks, client
):
    response = post(staff_client, send_url(membership), django_capture_on_commit_callbacks)
    assert response.redirect_chain[-1][0] == manage_url(panel)
    assert "A sign-in link is on its way to Pamela Panel (panel@example.org)." in response.content.decode()
    [message] = mailoutbox
    assert message.to == ["panel@example.org"]
    assert "Fiona Facilitator has sent you a link to sign in" in message.body
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_LINK_SENT)
    assert (event.actor, event.target) == (facilitator, membership.user)
    assert event.data == {"person": "panel@example.org", "panel": "Panel A"}

    link = re.search(r"(/sign-in/link/[A-Za-z0-9_-]+/)", message.body).group(1)
    staff_client.logout()
    assert client.post(link).status_code == 302
    assert client.session[SESSION_KEY] == str(membership.user_id)


@pytest.mark.parametrize("persona", ["panel_member", "criteria_member", "applicant"])
def test_others_may_not_send_one(client, request, membership, persona, mailoutbox):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    assert client.post(send_url(membership)).status_code == 403
    assert not OutgoingEmail.objects.exists() and mailoutbox == []


def test_visitor_is_sent_to_sign_in(client, membership):
    response = client.post(send_url(membership))
    assert response.status_code == 302 and response.url.startswith(reverse("commissioning:sign_in"))


def test_get_is_not_allowed(staff_client, membership):
    assert staff_client.get(send_url(membership)).status_code == 405


def test_a_member_of_another_panel_is_not_found(staff_client, membership, funding_round):
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    assert (
        staff_client.post(reverse("panels:member_sign_in_link", args=[other_panel.pk, membership.pk])).status_code
        == 404
    )


def test_a_removed_member_is_refused_with_the_reason(
    staff_client, membership, mailoutbox, django_capture_on_commit_callbacks
):
    PanelMembership.objects.filter(pk=membership.pk).update(status=PanelMembership.Status.REMOVED)
    response = post(staff_client, send_url(membership), django_capture_on_commit_callbacks)
    assert "Pamela Panel is no longer on this panel." in response.content.decode()
    assert mailoutbox == [] and not AuditEvent.objects.filter(verb=Verb.SIGN_IN_LINK_SENT).exists()


def test_a_switched_off_account_is_refused(staff_client, membership, mailoutbox, django_capture_on_commit_callbacks):
    User.objects.filter(pk=membership.user_id).update(is_active=False)
    response = post(staff_client, send_url(membership), django_capture_on_commit_callbacks)
    assert "Pamela Panel&#x27;s account is switched off, so no sign-in link can be sent." in response.content.decode()
    assert mailoutbox == []


def test_not_once_the_round_is_closed(facilitator, membership, panel):
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.CLOSED)
    membership = PanelMembership.objects.select_related("panel__funding_round", "user").get(pk=membership.pk)
    assert not can(facilitator, "panels.send_sign_in_link", membership)


def test_the_throttle_holds_for_staff_too(
    staff_client, membership, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SIGN_IN_LINKS_PER_EMAIL = 2
    for _ in range(2):
        post(staff_client, send_url(membership), django_capture_on_commit_callbacks)
    response = post(staff_client, send_url(membership), django_capture_on_commit_callbacks)
    assert core_services.TOO_MANY_FOR_EMAIL in response.content.decode()
    assert len(mailoutbox) == 2


def test_the_service_asks_the_policy(panel_member, membership):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.membership.send_sign_in_link(actor=panel_member, membership=membership)
