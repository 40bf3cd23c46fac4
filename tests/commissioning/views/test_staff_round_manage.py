"""A round's overview for staff: where it stands, what is set up, and what stops it moving on."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.models import Criterion, FundingRound, Stage
from tests.commissioning.factories import (
    CriterionFactory,
    FundingRoundFactory,
    QuestionFactory,
    UserFactory,
    add_timeline,
    join_criteria_group,
)
from tests.helpers import assert_page_queries


def manage_url(funding_round) -> str:
    return reverse("commissioning:round_manage", args=[funding_round.slug])


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_status_money_timeline_and_what_is_set_up(persona_client):
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018")
    add_timeline(funding_round)
    CriterionFactory.create_batch(2, funding_round=funding_round, agreed=True)
    CriterionFactory(funding_round=funding_round)
    CriterionFactory(funding_round=funding_round, status=Criterion.Status.WITHDRAWN)
    QuestionFactory(criterion=funding_round.criteria.first())
    for _ in range(3):
        join_criteria_group(UserFactory(), funding_round)

    response = persona_client.get(manage_url(funding_round))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">New projects 2018</h1>' in page
    assert "Agreeing the criteria" in page
    assert "£1,700,000" in page
    assert "From £50,000 to £200,000" in page
    assert "8 January 2018 to 4 February 2018" in page
    assert "6 August 2018 to 2 September 2018" in page
    assert "3 people are in the criteria group." in page
    assert "1 question on the application form." in page
    assert response.context["criteria_counts"] == [("Under discussion", 1), ("Agreed", 2), ("Withdrawn", 1)]


def test_every_setup_page_is_linked(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    page = client.get(manage_url(funding_round)).content.decode()
    for name in ["round_edit", "round_timeline", "question_list", "criteria_group", "round_advance", "criteria_list"]:
        assert f'href="{reverse(f"commissioning:{name}", args=[funding_round.slug])}"' in page, name


def test_the_checklist_lists_every_gate_that_is_not_met(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()  # a draft: no dates, no group

    page = client.get(manage_url(funding_round)).content.decode()

    assert "can move to <strong>Agreeing the criteria</strong>" in page
    assert "Set the dates for agreeing the criteria." in page
    assert "Invite at least one older person to the criteria group." in page
    assert "Ready to move to" not in page


def test_the_checklist_says_when_the_round_is_ready(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    add_timeline(funding_round)
    join_criteria_group(UserFactory(), funding_round)

    page = client.get(manage_url(funding_round)).content.decode()

    assert "Ready to move to Agreeing the criteria." in page


def test_recovery_warnings_are_shown_as_advice(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(recovery_gap_days=14)
    add_timeline(funding_round)  # a week's rest between stages

    page = client.get(manage_url(funding_round)).content.decode()

    assert '<div class="govuk-warning-text">' in page
    assert "Volunteers get only 7 days of rest between “Shortlisting” and “Interviews”." in page
    assert "This round promises at least 14." in page


def test_a_stage_with_no_dates_yet_says_so(client, facilitator):
    client.force_login(facilitator)
    page = client.get(manage_url(FundingRoundFactory())).content.decode()
    assert "No dates are set yet." in page


def test_an_open_round_says_why_its_details_cannot_change(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(open=True)
    page = client.get(manage_url(funding_round)).content.decode()
    assert "This round is open for applications, so its details, criteria and questions cannot change." in page
    assert reverse("commissioning:round_edit", args=[funding_round.slug]) not in page


def test_a_closed_round_has_no_next_stage(client, facilitator):
    client.force_login(facilitator)
    page = client.get(manage_url(FundingRoundFactory(status=FundingRound.Status.CLOSED))).content.decode()
    assert "This round is closed: it has no next stage." in page


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:round_manage", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member):
    funding_round = FundingRoundFactory(criteria=True)
    join_criteria_group(criteria_member, funding_round)
    response = persona_client.get(manage_url(funding_round))
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content


def test_anonymous_is_sent_to_sign_in(client, db):
    url = manage_url(FundingRoundFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


@pytest.mark.parametrize("status", [FundingRound.Status.DRAFT, FundingRound.Status.CRITERIA])
def test_round_manage_query_count_does_not_grow_with_criteria_questions_or_members(client, facilitator, status):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(status=status)
    Stage.objects.create(
        funding_round=funding_round, kind=Stage.Kind.CRITERIA, starts_on=date(2018, 1, 8), ends_on=date(2018, 2, 4)
    )
    QuestionFactory(criterion=CriterionFactory(funding_round=funding_round))

    def more_of_everything():
        for _ in range(3):
            QuestionFactory(criterion=CriterionFactory(funding_round=funding_round, agreed=True))
            join_criteria_group(UserFactory(), funding_round)

    assert_page_queries(client, manage_url(funding_round), at_most=7, add_data=more_of_everything)


@pytest.mark.parametrize(
    "status, linked",
    [
        (FundingRound.Status.SHORTLISTING, False),
        (FundingRound.Status.DECISION, True),
        (FundingRound.Status.CLOSED, True),
    ],
)
def test_the_decision_report_is_linked_once_the_panels_are_deciding(client, facilitator, status, linked):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(status=status)
    page = client.get(manage_url(funding_round)).content.decode()
    assert (reverse("panels:report_page", args=[funding_round.slug]) in page) is linked
