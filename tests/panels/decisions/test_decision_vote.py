"""A member's decision vote: fund, fund with conditions or decline, with the amount; wrong
amounts are explained on the page in the member's words; voting again changes the vote."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent, FundingRound
from panels import services
from panels.audit import Verb
from panels.models import InterestDeclaration, ShortlistOutcome, Vote
from tests.helpers import assert_page_queries

from .conftest import everyone_votes, shortlisted, vote


def url(panel, application):
    return reverse("panels:decision_vote", args=[panel.pk, application.pk])


def post(client, panel, application, **data):
    return client.post(url(panel, application), data)


def decision_votes(application):
    return Vote.objects.filter(application=application, stage=Vote.Stage.DECISION)


def assert_refused(response, message):
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page


def test_a_member_votes_to_fund_with_an_amount(member_client, panel, application, members):
    response = post(member_client, panel, application, choice="fund", fund_amount="£100,000")
    assert response.status_code == 302 and response.url == reverse("panels:decision_list", args=[panel.pk])
    saved = decision_votes(application).get()
    assert (saved.membership.user, saved.choice, saved.amount) == (members[0], "fund", Decimal(100000))


def test_fund_with_conditions_reads_the_amount_under_that_answer(member_client, panel, application):
    post(
        member_client,
        panel,
        application,
        choice="fund_with_conditions",
        fund_amount="1",  # typed under the other answer, then changed their mind: ignored
        conditions_amount="90000",
        conditions="Report on numbers after six months.",
    )
    saved = decision_votes(application).get()
    assert (saved.choice, saved.amount, saved.conditions) == (
        "fund_with_conditions",
        Decimal(90000),
        "Report on numbers after six months.",
    )


def test_voting_again_changes_the_vote_and_the_form_shows_the_current_one(member_client, panel, application):
    post(member_client, panel, application, choice="fund", fund_amount="100000")
    post(member_client, panel, application, choice="decline")
    assert list(decision_votes(application).values_list("choice", "amount")) == [("decline", None)]
    assert AuditEvent.objects.filter(verb=Verb.VOTE_CAST).count() == 2
    page = member_client.get(url(panel, application)).content.decode()
    assert 'value="decline" checked' in page
    assert "You have voted." in page


def test_the_form_is_prefilled_with_the_amount_and_conditions(member_client, panel, application, members):
    vote(members[0], application, "fund_with_conditions", 90000, "Meet us in six months.")
    page = member_client.get(url(panel, application)).content.decode()
    assert 'value="fund_with_conditions" checked' in page
    assert (
        'name="conditions_amount" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" value="90000"'
        in page
    )
    assert "Meet us in six months.</textarea>" in page
    assert "{#" not in page and "{% comment" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose fund, fund with conditions or decline"),
        ({"choice": "maybe"}, "Choose fund, fund with conditions or decline"),
        ({"choice": "fund"}, "Enter how much the panel should award, in pounds"),
        ({"choice": "fund", "fund_amount": "lots"}, "Enter the amount in pounds, like 75000, using numbers only"),
        ({"choice": "fund", "fund_amount": "-5"}, "Enter an amount of more than £0"),
        ({"choice": "fund", "fund_amount": "9" * 21}, "Enter the amount in pounds, like 75000"),
        ({"choice": "fund", "fund_amount": "100000.50"}, "Give the amount in whole pounds, without pence."),
        ({"choice": "fund", "fund_amount": "120001"}, "cannot be more than the £120,000 the organisation asked for"),
        ({"choice": "fund", "fund_amount": "4999"}, "cannot be less than this round&#x27;s smallest grant, £5,000"),
        ({"choice": "fund_with_conditions", "conditions_amount": "90000"}, "Say what the conditions are"),
        (
            {"choice": "fund_with_conditions", "conditions_amount": "90000", "conditions": "x" * 1001},
            "The conditions must be 1,000 characters or fewer",
        ),
    ],
)
def test_wrong_input_is_explained_and_nothing_is_saved(member_client, panel, application, data, message):
    response = post(member_client, panel, application, **data)
    assert_refused(response, message)
    assert not decision_votes(application).exists()


def test_an_amount_over_what_is_left_of_the_budget_says_how_much_is_left(
    member_client, panel, application, members, facilitator
):
    for _ in range(2):
        other = shortlisted(panel, facilitator, members)
        everyone_votes(members, other, "fund", 120000)
        services.decisions.record_funding_decision(actor=members[0], application=other, rationale="Strong and local.")
    assert '<dd class="govuk-summary-list__value" id="left">£60,000</dd>' in (
        member_client.get(url(panel, application)).content.decode()
    )
    response = post(member_client, panel, application, choice="fund", fund_amount="100000")
    assert_refused(response, "That would take the round over its budget: £60,000 is left.")
    assert 'id="id_fund_amount-error"' in response.content.decode()
    assert not decision_votes(application).exists()


def test_what_was_typed_is_kept_after_an_error(member_client, panel, application):
    page = post(
        member_client, panel, application, choice="fund_with_conditions", conditions_amount="130000", conditions="Hi"
    ).content.decode()
    assert 'value="130000"' in page and "Hi</textarea>" in page


@pytest.mark.parametrize("who", ["facilitator", "administrator"])
def test_staff_are_refused_with_the_policys_reason_and_nothing_is_saved(client, request, who, panel, application):
    client.force_login(request.getfixturevalue(who))
    for response in (
        client.get(url(panel, application)),
        post(client, panel, application, choice="fund", fund_amount="100000"),
    ):
        assert response.status_code == 403
        assert "Staff and administrators facilitate: they cannot agree criteria, score or vote." in (
            response.content.decode()
        )
    assert not decision_votes(application).exists()


def test_a_conflicted_member_is_refused(member_client, panel, application, members):
    InterestDeclaration.objects.filter(membership__user=members[0], application=application).update(
        has_conflict=True, nature="I volunteer there."
    )
    response = post(member_client, panel, application, choice="decline")
    assert response.status_code == 403
    assert "conflict of interest" in response.content.decode()
    assert not decision_votes(application).exists()


def test_an_application_that_is_not_shortlisted_is_not_found(member_client, panel, application):
    ShortlistOutcome.objects.filter(application=application).update(outcome=ShortlistOutcome.Outcome.NOT_INCLUDED)
    assert member_client.get(url(panel, application)).status_code == 404


def test_another_panels_application_is_not_found(member_client, panel, application, funding_round, facilitator):
    from panels.models import Panel

    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    theirs = shortlisted(other_panel, facilitator, [])
    assert member_client.get(url(panel, theirs)).status_code == 404
    assert member_client.get(url(other_panel, theirs)).status_code == 404


def test_before_the_decision_stage_the_page_says_so_and_saves_nothing(member_client, panel, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.SHORTLISTING)
    assert (
        "Decision votes are cast during the decision stage."
        in member_client.get(url(panel, application)).content.decode()
    )
    response = post(member_client, panel, application, choice="decline")
    assert_refused(response, "Decision votes are cast during the decision stage.")
    assert not decision_votes(application).exists()


def test_the_page_costs_the_same_queries_as_votes_grow(member_client, panel, application, members):
    assert_page_queries(
        member_client,
        url(panel, application),
        at_most=16,
        add_data=lambda: [vote(member, application, "fund", 100000) for member in members],
    )
