"""The applicant's status page: once the round reaches feedback (never before), the panel's
decision, the amount, any conditions and the panel's reasons, in kind plain words."""

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels import services
from tests.applications.factories import join_organisation
from tests.helpers import assert_page_queries

from .conftest import everyone_votes, shortlisted


def url(application):
    return reverse("applications:application_detail", args=[application.pk])


@pytest.fixture
def applicant_client(client, applicant, application):
    join_organisation(applicant, application.organisation)
    client.force_login(applicant)
    return client


def move_to(funding_round, status):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status)


def decide(members, application, choice, amount=None, conditions="", rationale="A warm, well-run group."):
    everyone_votes(members, application, choice, amount, conditions)
    return services.decisions.record_funding_decision(actor=members[0], application=application, rationale=rationale)


def test_while_the_panel_decides_the_applicant_sees_nothing_of_it(applicant_client, application, members):
    decide(members, application, "fund", 100000)
    page = applicant_client.get(url(application)).content.decode()
    assert "The panel’s decision" not in page
    assert "£100,000" not in page and "A warm, well-run group." not in page


@pytest.mark.parametrize("status", [FundingRound.Status.FEEDBACK, FundingRound.Status.CLOSED])
def test_at_feedback_a_funded_applicant_sees_the_amount_conditions_and_reasons(
    applicant_client, application, members, funding_round, status
):
    decide(members, application, "fund_with_conditions", 90000, "Report how many came after six months.")
    move_to(funding_round, status)
    page = applicant_client.get(url(application)).content.decode()
    assert "Good news: the panel will fund your project" in page
    assert "The panel awarded <strong>£90,000</strong>" in page
    assert "Report how many came after six months." in page
    assert "A warm, well-run group." in page


def test_a_declined_applicant_is_told_kindly_with_the_reasons(applicant_client, application, members, funding_round):
    decide(members, application, "decline", rationale="Other groups already run this in Armley.")
    move_to(funding_round, FundingRound.Status.FEEDBACK)
    page = applicant_client.get(url(application)).content.decode()
    assert "We are sorry: the panel decided not to fund your project this time." in page
    assert "Other groups already run this in Armley." in page
    assert "awarded" not in page


def test_without_a_decision_the_page_says_nothing_about_one(applicant_client, application, funding_round):
    move_to(funding_round, FundingRound.Status.FEEDBACK)
    response = applicant_client.get(url(application))
    assert response.status_code == 200
    assert "The panel’s decision" not in response.content.decode()


def test_another_organisation_cannot_see_the_decision(client, other_applicant, application, members, funding_round):
    decide(members, application, "fund", 100000)
    move_to(funding_round, FundingRound.Status.FEEDBACK)
    client.force_login(other_applicant)
    assert client.get(url(application)).status_code == 404


def test_the_status_page_costs_the_same_queries_with_a_decision(
    applicant_client, application, members, funding_round, panel, facilitator
):
    # The decision and the letter's link are on the page from the start; more decisions in the
    # round (and more conditions) cost nothing more.
    decide(members, application, "fund_with_conditions", 90000, "Report.")
    move_to(funding_round, FundingRound.Status.FEEDBACK)

    def more():
        move_to(funding_round, FundingRound.Status.DECISION)
        for _ in range(3):
            other = shortlisted(panel, facilitator, members)
            decide(members, other, "decline")
        move_to(funding_round, FundingRound.Status.FEEDBACK)

    assert_page_queries(applicant_client, url(application), at_most=18, add_data=more)


def test_the_steps_say_the_decision_is_done_and_withdrawing_is_no_longer_offered(
    applicant_client, applicant, application, members, funding_round
):
    from commissioning.permissions import can

    decide(members, application, "fund", 100000)
    page = applicant_client.get(url(application)).content.decode()
    assert "Happening now" in page.split("6. Decision")[1]
    move_to(funding_round, FundingRound.Status.FEEDBACK)
    application.funding_round.refresh_from_db()
    page = applicant_client.get(url(application)).content.decode()
    assert "Done: funded" in page.split("6. Decision")[1]
    assert "withdraw this application" not in page
    reason = can(applicant, "applications.withdraw_application", application).reason
    assert reason == "The panel has decided and told you its decision, so there is nothing left to withdraw from."
