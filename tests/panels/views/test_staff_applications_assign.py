"""Staff give eligible applications to a panel, helped by a suggestion that evens out the
panels' workloads. All the ticked applications go, or none do, with each refusal in words."""

import pytest
from django.urls import reverse

from applications.models import Application
from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import Panel, PanelAssignment
from panels.views.staff import fair_share
from tests.applications.factories import ApplicationFactory, open_round
from tests.helpers import assert_page_queries
from tests.panels.factories import assign

from .staff_support import eligible


def assign_url(panel) -> str:
    return reverse("panels:applications_assign", args=[panel.pk])


@pytest.fixture
def funding_round(db):
    return open_round(title="New projects 2018")


@pytest.fixture
def panel(funding_round):
    return Panel.objects.create(funding_round=funding_round, name="Panel A")


# The suggestion, as a pure function ---------------------------------------------------------


def test_a_fair_share_fills_the_emptiest_panel_first():
    assert fair_share([2, 5, 12], 0, 3) == 3
    assert fair_share([2, 5, 12], 1, 3) == 0


def test_a_fair_share_evens_out_panels_that_tie():
    counts, unassigned = [0, 0, 0], 10
    shares = [fair_share(counts, index, unassigned) for index in range(3)]
    assert shares == [4, 3, 3] and sum(shares) == unassigned


def test_a_full_panel_takes_nothing_and_nothing_left_gives_nothing():
    assert fair_share([10, 0], 0, 4) == 0
    assert fair_share([0, 0], 0, 0) == 0
    assert fair_share([], 0, 5) == 0


def test_the_shares_always_add_up_and_differ_by_at_most_one_when_they_can():
    counts, unassigned = [1, 7, 3, 3], 11
    finals = [count + fair_share(counts, index, unassigned) for index, count in enumerate(counts)]
    assert sum(finals) == sum(counts) + unassigned
    assert max(finals) - min(finals) <= 1


# The page ----------------------------------------------------------------------------------


def test_staff_see_only_eligible_applications_not_yet_with_a_panel(client, facilitator, panel, funding_round):
    free = eligible(funding_round)
    taken = eligible(funding_round)
    assign(panel, taken, facilitator)
    not_eligible = ApplicationFactory(funding_round=funding_round, submitted=True, status="not_eligible")
    elsewhere = eligible(open_round(title="Small grants 2019"))
    client.force_login(facilitator)

    page = client.get(assign_url(panel)).content.decode()

    assert f'value="{free.pk}"' in page
    for hidden in (taken, not_eligible, elsewhere):
        assert f'value="{hidden.pk}"' not in page
    assert "checked" not in page


def test_the_suggestion_ticks_the_share_that_evens_out_the_panels(client, facilitator, panel, funding_round):
    bigger = Panel.objects.create(funding_round=funding_round, name="Panel B")
    for _ in range(2):
        assign(bigger, eligible(funding_round), facilitator)
    free = [eligible(funding_round) for _ in range(4)]
    client.force_login(facilitator)

    page = client.get(assign_url(panel), {"suggest": "1"}).content.decode()

    # Panel A has 0 and Panel B 2: of 4, Panel A takes 3 (ending 3 and 3).
    assert "Panel A could take 3 of the 4 applications not yet with a panel." in page
    assert page.count(" checked>") == 3
    for application in free[:3]:
        assert f'value="{application.pk}" checked' in page
    assert f'value="{free[3].pk}" checked' not in page


def test_staff_assign_the_ticked_applications_and_each_is_logged(client, facilitator, panel, funding_round):
    chosen = [eligible(funding_round) for _ in range(2)]
    left = eligible(funding_round)
    client.force_login(facilitator)

    response = client.post(assign_url(panel), {"applications": [a.pk for a in chosen]}, follow=True)

    assert response.redirect_chain == [(reverse("panels:panel_manage", args=[panel.pk]), 302)]
    assert "2 applications given to ‘Panel A’." in response.content.decode()
    assert set(PanelAssignment.objects.values_list("application_id", flat=True)) == {a.pk for a in chosen}
    assert not PanelAssignment.objects.filter(application=left).exists()
    assert AuditEvent.objects.filter(verb=Verb.APPLICATION_ASSIGNED).count() == 2


def test_an_already_assigned_application_is_refused_and_nothing_is_assigned(client, facilitator, panel, funding_round):
    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    taken = eligible(funding_round)
    assign(other, taken, facilitator)
    free = eligible(funding_round)
    client.force_login(facilitator)

    response = client.post(assign_url(panel), {"applications": [free.pk, taken.pk]})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{taken} is already with a panel." in page
    assert "Nothing was given to the panel. Your ticks are kept below." in page
    assert f'value="{free.pk}" checked' in page
    assert PanelAssignment.objects.count() == 1 and not PanelAssignment.objects.filter(panel=panel).exists()


def test_a_not_eligible_or_other_round_application_is_refused_plainly(client, facilitator, panel, funding_round):
    not_eligible = ApplicationFactory(
        funding_round=funding_round, submitted=True, status=Application.Status.NOT_ELIGIBLE
    )
    elsewhere = eligible(open_round(title="Small grants 2019"))
    client.force_login(facilitator)

    page = client.post(assign_url(panel), {"applications": [not_eligible.pk, elsewhere.pk]}).content.decode()

    assert "Only applications found eligible go to a panel." in page
    assert "This application was made to another funding round." in page
    assert not PanelAssignment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick at least one application to give to this panel"),
        ({"applications": ["999999"]}, "One of the ticked applications no longer exists."),
        ({"applications": ["abc"]}, "One of the ticked applications is not recognised."),
    ],
)
def test_nothing_ticked_or_nonsense_is_refused_plainly(client, facilitator, panel, funding_round, data, message):
    eligible(funding_round)
    client.force_login(facilitator)
    response = client.post(assign_url(panel), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PanelAssignment.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, panel):
    response = client.get(assign_url(panel))
    assert response.status_code == 302
    assert response.url.startswith(reverse("commissioning:sign_in"))


@pytest.mark.parametrize("persona_client", ["applicant", "panel_member", "criteria_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, panel, funding_round):
    application = eligible(funding_round)
    assert persona_client.get(assign_url(panel)).status_code == 403
    assert persona_client.post(assign_url(panel), {"applications": [application.pk]}).status_code == 403
    assert not PanelAssignment.objects.exists()


def test_an_unknown_panel_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("panels:applications_assign", args=[999999])).status_code == 404


def test_the_page_costs_the_same_queries_with_more_applications_and_panels(client, facilitator, panel, funding_round):
    client.force_login(facilitator)
    eligible(funding_round)

    def more():
        for number in range(3):
            other = Panel.objects.create(funding_round=funding_round, name=f"Panel {number}")
            assign(other, eligible(funding_round), facilitator)
            eligible(funding_round)

    assert_page_queries(client, assign_url(panel) + "?suggest=1", at_most=5, add_data=more)
