"""The panel's decision page: the shortlist ranked by weighted mean (interview scores where
there are any), each vote's standing in words, the recorded decisions and the budget line."""

from decimal import Decimal

from django.urls import reverse

from commissioning.models import FundingRound
from panels import services
from panels.models import Assessment, InterestDeclaration
from tests.helpers import assert_page_queries

from .bulk import bulk_shortlist
from .conftest import everyone_votes, scored, shortlisted, vote


def url(panel):
    return reverse("panels:decision_list", args=[panel.pk])


def page_of(client, panel) -> str:
    response = client.get(url(panel))
    assert response.status_code == 200
    return response.content.decode()


def test_the_shortlist_is_ranked_by_the_interview_scores_where_there_are_any(
    member_client, panel, members, facilitator, application
):
    second = shortlisted(panel, facilitator, members, name="Bramley Walkers")
    # At shortlisting the tea club led; at interview the walkers did better.
    scored(application, members[0], 4)
    scored(second, members[0], 2)
    scored(second, members[0], 4, stage=Assessment.Stage.INTERVIEWS)
    scored(application, members[0], 1, stage=Assessment.Stage.INTERVIEWS)
    page = page_of(member_client, panel)
    assert page.index("Bramley Walkers") < page.index("Armley Tea Club")
    assert "100.0%" in page and "25.0%" in page
    assert "after interview" in page


def test_each_row_says_where_the_vote_stands(member_client, panel, members, application):
    vote(members[0], application, "fund", 100000)
    vote(members[1], application, "fund", 90000)
    vote(members[2], application, "decline")
    page = page_of(member_client, panel)
    assert "2 fund, 1 decline — 3 of the quorum of 3 have voted" in page
    assert "Your vote: fund, £100,000" in page
    assert "Change your vote" in page


def test_a_tie_goes_back_to_the_panel(member_client, panel, members, application):
    panel.quorum = 2
    panel.save()
    vote(members[0], application, "fund", 100000)
    vote(members[1], application, "decline")
    assert "A tie: talk it through and vote again." in page_of(member_client, panel)


def test_a_recorded_decision_is_shown_with_its_amount(member_client, panel, members, application):
    everyone_votes(members, application, "fund", 100000)
    services.decisions.record_funding_decision(actor=members[0], application=application, rationale="Well loved.")
    page = page_of(member_client, panel)
    assert "<strong>Fund</strong>: £100,000" in page
    assert "Change the decision" in page


def test_the_budget_line_counts_awards_first_then_proposals_in_rank_order(
    member_client, panel, members, facilitator, application
):
    second = shortlisted(panel, facilitator, members, asked=Decimal(150000), name="Bramley Walkers")
    third = shortlisted(panel, facilitator, members, asked=Decimal(90000), name="Chapel Allerton Choir")
    scored(application, members[0], 4)
    scored(second, members[0], 3)
    scored(third, members[0], 2)
    # The choir, ranked last, is already funded; the walkers' votes propose £110,000.
    everyone_votes(members, third, "fund", 80000)
    services.decisions.record_funding_decision(actor=members[0], application=third, rationale="Sings to lonely people.")
    everyone_votes(members, second, "fund", 110000)
    page = page_of(member_client, panel)
    budget = page[page.index('id="budget"') :]
    # £80,000 awarded, then the tea club as asked (£120,000 → £200,000), then the walkers (£110,000 → £310,000).
    assert budget.index("Chapel Allerton Choir") < budget.index("Armley Tea Club") < budget.index("Bramley Walkers")
    assert "£200,000" in budget and "£310,000" in budget
    assert budget.index('id="budget-line"') < budget.index("Bramley Walkers")
    assert budget.index("Armley Tea Club") < budget.index('id="budget-line"')
    assert "What the votes propose" in budget and "As asked for" in budget
    assert '<dd class="govuk-summary-list__value" id="budget-awarded">£80,000</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="budget-left">£220,000</dd>' in page


def test_awards_by_the_rounds_other_panels_count_against_the_budget(
    member_client, panel, members, facilitator, application, funding_round
):
    from panels.models import Panel
    from tests.commissioning.factories import UserFactory
    from tests.panels.factories import seat

    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B", quorum=1)
    volunteer = UserFactory(email="b@example.org")
    seat(volunteer, other_panel)
    theirs = shortlisted(other_panel, facilitator, [volunteer])
    vote(volunteer, theirs, "fund", 100000)
    services.decisions.record_funding_decision(actor=volunteer, application=theirs, rationale="Good.")
    page = page_of(member_client, panel)
    assert "The round’s other panels" in page
    assert '<dd class="govuk-summary-list__value" id="budget-left">£200,000</dd>' in page


def test_a_conflicted_member_sees_no_score_or_vote_for_that_application(member_client, panel, members, application):
    scored(application, members[1], 4)
    vote(members[1], application, "fund", 100000)
    InterestDeclaration.objects.filter(membership__user=members[0], application=application).update(
        has_conflict=True, nature="My sister runs it."
    )
    page = page_of(member_client, panel)
    assert "You declared a conflict: you take no part." in page
    assert "100.0%" not in page
    assert reverse("panels:decision_vote", args=[panel.pk, application.pk]) not in page


def test_before_the_decision_stage_the_page_says_when_it_opens(member_client, panel, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    page = page_of(member_client, panel)
    assert "This page opens when the round reaches its decision stage." in page
    assert "Armley Tea Club" not in page


def test_after_the_decision_stage_the_page_is_read_only(member_client, panel, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.FEEDBACK)
    page = page_of(member_client, panel)
    assert "these decisions are final" in page
    assert reverse("panels:decision_vote", args=[panel.pk, application.pk]) not in page


def test_an_outsider_is_not_found_and_a_visitor_signs_in(client, outsider, panel):
    assert client.get(url(panel)).status_code == 302
    client.force_login(outsider)
    assert client.get(url(panel)).status_code == 404


def test_the_page_costs_the_same_queries_with_200_shortlisted_applications(
    member_client, panel, members, facilitator, application
):
    bulk_shortlist(panel, facilitator, members, 5)
    assert_page_queries(
        member_client,
        url(panel),
        at_most=13,
        add_data=lambda: bulk_shortlist(panel, facilitator, members, 200, start=5),
    )
