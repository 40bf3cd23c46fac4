"""Staff record a conflict they know of: a member of the panel, one of its applications and the
nature, all required. It replaces a "no conflict" declaration, is logged, and from then on the
member takes no part: their scores for it stop counting."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import InterestDeclaration, Panel, PanelMembership
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat

from .conftest import add_application, declare, submit_scores


def url(panel):
    return reverse("panels:conflict_record", args=[panel.pk])


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def form_data(member, application, nature="A trustee of the organisation"):
    seat_pk = PanelMembership.objects.get(user=member, panel=application.panel_assignment.panel).pk
    return {"membership": str(seat_pk), "application": str(application.pk), "nature": nature}


def test_the_form_offers_the_panels_members_and_applications(staff_client, member, panel, application, funding_round):
    stranger = UserFactory(full_name="Stella Stranger")
    seat(stranger, Panel.objects.create(funding_round=funding_round, name="Panel B"))
    page = staff_client.get(url(panel)).content.decode()
    assert member.full_name in page and application.organisation.name in page
    assert "Stella Stranger" not in page
    assert "Record the conflict" in page


def test_a_known_conflict_replaces_no_conflict_and_the_scores_stop_counting(
    staff_client, facilitator, member, colleague, panel, application
):
    for person, value in ((member, 4), (colleague, 0)):
        declare(person, application)
        submit_scores(person, application, value=value)
    response = staff_client.post(url(panel), form_data(colleague, application), follow=True)
    assert response.redirect_chain[-1][0] == reverse("panels:panel_manage", args=[panel.pk])
    page = response.content.decode()
    assert f"The conflict between {colleague.full_name} and {application.organisation.name} is recorded." in page
    conflicts = page.split(">Conflicts of interest</h2>")[1]
    assert "A trustee of the organisation" in conflicts and "Fiona Facilitator (staff)" in conflicts
    declaration = InterestDeclaration.objects.get(membership__user=colleague, application=application)
    assert declaration.has_conflict and declaration.recorded_by == facilitator
    assert AuditEvent.objects.filter(verb=Verb.CONFLICT_RECORDED, actor=facilitator).exists()
    # The member's own view: only their 100% counts now, not the colleague's 0.
    staff_client.force_login(member)
    results = staff_client.get(reverse("panels:panel_results", args=[panel.pk])).content.decode()
    assert "Average score: <strong>100.0%</strong>" in results and "from the scores of 1 member" in results


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"membership": ""}, "Choose the member who has the conflict"),
        ({"application": ""}, "Choose the organisation the conflict is with"),
        ({"nature": ""}, "Say what the conflict is"),
        ({"nature": "   "}, "Say what the conflict is"),
        ({"nature": "x" * 1001}, "Say what the conflict is in 1,000 characters or fewer"),
        ({"membership": "999999"}, "Choose a member of this panel"),
        ({"application": "not-a-number"}, "Choose an organisation whose application is with this panel"),
    ],
)
def test_wrong_input_is_refused_plainly_and_kept(staff_client, member, panel, application, change, message):
    data = form_data(member, application) | change
    response = staff_client.post(url(panel), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
    if "nature" not in change:
        assert "A trustee of the organisation" in page  # what was typed is still there
    assert not InterestDeclaration.objects.exists()


def test_a_member_or_application_of_another_panel_is_a_wrong_choice(
    staff_client, member, panel, application, funding_round, facilitator
):
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    stranger = seat(UserFactory(), other_panel)
    other_application = add_application(other_panel, facilitator)
    page = staff_client.post(url(panel), form_data(member, application) | {"membership": str(stranger.pk)})
    assert "Choose a member of this panel" in page.content.decode()
    page = staff_client.post(url(panel), form_data(member, application) | {"application": str(other_application.pk)})
    assert "Choose an organisation whose application is with this panel" in page.content.decode()
    assert not InterestDeclaration.objects.exists()


@pytest.mark.parametrize("persona_client", ["applicant", "panel_member", "outsider"], indirect=True)
def test_only_staff_record_conflicts(persona_client, panel, application):
    assert persona_client.get(url(panel)).status_code == 403
    assert persona_client.post(url(panel), {}).status_code == 403


def test_a_member_of_the_panel_cannot_record_a_conflict_for_a_colleague(member_client, colleague, panel, application):
    assert member_client.post(url(panel), form_data(colleague, application)).status_code == 403
    assert not InterestDeclaration.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(url(panel))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_an_unknown_panel_is_not_found(staff_client):
    assert staff_client.get(reverse("panels:conflict_record", args=[999999])).status_code == 404


def test_the_form_costs_the_same_queries_as_the_panel_grows(staff_client, panel, member, application, facilitator):
    def more():
        for _ in range(3):
            seat(UserFactory(), panel)
            add_application(panel, facilitator)

    assert_page_queries(staff_client, url(panel), at_most=6, add_data=more)
