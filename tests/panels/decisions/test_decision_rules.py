"""The panel decides, within the budget: the rules of the decision vote and of recording it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from commissioning.models import AuditEvent
from commissioning.permissions import can
from panels import services, voting
from panels.audit import Verb
from panels.exceptions import BudgetExceeded, PanelError
from panels.models import FundingDecision, InterestDeclaration, Vote

from .conftest import shortlisted

FUND, WITH_CONDITIONS, DECLINE = "fund", "fund_with_conditions", "decline"


def vote(member, application, choice, amount=None, conditions=""):
    return services.decisions.cast_decision_vote(
        actor=member, application=application, choice=choice, amount=amount, conditions=conditions
    )


# The count, as a pure rule.


def test_the_outcome_is_the_choice_with_the_most_votes_once_the_quorum_has_voted():
    votes = [(FUND, Decimal(100)), (FUND, Decimal(80)), (DECLINE, None)]
    assert voting.count_decision(votes, quorum=3).outcome == FUND
    assert voting.count_decision(votes[:2], quorum=3).outcome == "awaiting"


def test_equal_leaders_are_a_tie_that_goes_back_to_discussion():
    votes = [(FUND, Decimal(100)), (DECLINE, None), (WITH_CONDITIONS, Decimal(90)), (DECLINE, None), (FUND, 1)]
    assert voting.count_decision(votes, quorum=3).outcome == "tie"


def test_the_amount_is_the_middle_one_of_those_who_voted_for_the_outcome_the_lower_when_even():
    votes = [(FUND, Decimal(90000)), (FUND, Decimal(60000)), (FUND, Decimal(75000)), (FUND, Decimal(100000))]
    assert voting.count_decision(votes, quorum=3).amount == Decimal(75000)


choices = st.sampled_from([FUND, WITH_CONDITIONS, DECLINE])
amounts = st.integers(min_value=1, max_value=500_000).map(Decimal)


@given(st.lists(st.tuples(choices, amounts), max_size=12), st.integers(min_value=1, max_value=6), st.randoms())
def test_the_count_does_not_depend_on_the_order_of_the_votes(votes, quorum, random):
    votes = [(choice, None if choice == DECLINE else amount) for choice, amount in votes]
    shuffled = list(votes)
    random.shuffle(shuffled)
    assert voting.count_decision(votes, quorum) == voting.count_decision(shuffled, quorum)


@given(st.lists(st.tuples(choices, amounts), min_size=1, max_size=12), st.integers(min_value=1, max_value=6))
def test_a_funding_amount_is_one_somebody_voted_for(votes, quorum):
    votes = [(choice, None if choice == DECLINE else amount) for choice, amount in votes]
    count = voting.count_decision(votes, quorum)
    if count.outcome in (FUND, WITH_CONDITIONS):
        assert count.amount in {amount for choice, amount in votes if choice == count.outcome}
    else:
        assert count.amount is None


def test_the_budget_line_falls_where_the_running_total_passes_the_budget():
    rows = voting.budget_line([(1, Decimal(100)), (2, Decimal(150)), (3, Decimal(80))], Decimal(250))
    assert [(row.cumulative, row.within_budget) for row in rows] == [
        (Decimal(100), True),
        (Decimal(250), True),
        (Decimal(330), False),
    ]


# Who may vote and record a decision.


@pytest.mark.parametrize("who", ["facilitator", "administrator"])
def test_staff_cannot_vote_or_record_a_decision_whatever_they_hold(who, request, application):
    person = request.getfixturevalue(who)
    for action in ("panels.vote", "panels.record_decision"):
        decision = can(person, action, application)
        assert not decision.allowed
        assert "cannot agree criteria, score or vote" in decision.reason
    with pytest.raises(PermissionDenied):
        vote(person, application, FUND, Decimal(100000))


def test_a_conflicted_member_cannot_vote_on_the_decision(members, application):
    InterestDeclaration.objects.filter(membership__user=members[1], application=application).update(
        has_conflict=True, nature="My daughter works there."
    )
    assert "conflict of interest" in can(members[1], "panels.vote", application).reason
    with pytest.raises(PermissionDenied):
        vote(members[1], application, DECLINE)


def test_an_applicant_and_a_member_of_another_panel_cannot_vote(applicant, outsider, application, funding_round):
    from panels.models import Panel
    from tests.panels.factories import seat

    seat(outsider, Panel.objects.create(funding_round=funding_round, name="Panel B"))
    for person in (applicant, outsider):
        assert can(person, "panels.vote", application).reason.startswith("Only members of the panel")


# Bad input, with the words a member sees.


def test_an_amount_above_the_request_is_refused(members, application):
    with pytest.raises(PanelError, match="cannot be more than the £120,000 the organisation asked for"):
        vote(members[0], application, FUND, Decimal(120001))


def test_an_amount_below_the_smallest_grant_is_refused(members, application):
    with pytest.raises(PanelError, match="less than this round's smallest grant, £5,000"):
        vote(members[0], application, FUND, Decimal(4999))


def test_a_funding_vote_needs_an_amount_in_whole_pounds(members, application):
    with pytest.raises(PanelError, match="how much"):
        vote(members[0], application, FUND)
    with pytest.raises(PanelError, match="whole pounds"):
        vote(members[0], application, FUND, Decimal("100000.50"))


def test_funding_with_conditions_needs_the_conditions(members, application):
    with pytest.raises(PanelError, match="what the conditions are"):
        vote(members[0], application, WITH_CONDITIONS, Decimal(100000), conditions="  ")


def test_an_amount_that_would_pass_the_budget_says_how_much_is_left(panel, facilitator, members, application):
    other = shortlisted(panel, facilitator, members)
    for member in members:
        vote(member, other, FUND, Decimal(120000))
    services.decisions.record_funding_decision(actor=members[0], application=other, rationale="Strong and local.")
    # £300,000 - £120,000 = £180,000 left; asking £120,000 twice more would pass it.
    third = shortlisted(panel, facilitator, members)
    for member in members:
        vote(member, third, FUND, Decimal(120000))
    services.decisions.record_funding_decision(
        actor=members[0], application=third, rationale="Reaches people others miss."
    )
    with pytest.raises(BudgetExceeded, match="£60,000 is left"):
        vote(members[0], application, FUND, Decimal(100000))


def test_voting_twice_changes_the_vote_and_both_are_in_the_audit_trail(members, application):
    vote(members[0], application, FUND, Decimal(100000))
    vote(members[0], application, DECLINE)
    assert Vote.objects.filter(application=application, stage="decision").count() == 1
    assert Vote.objects.get(application=application, stage="decision").choice == DECLINE
    events = AuditEvent.objects.filter(verb=Verb.VOTE_CAST).order_by("at", "pk")
    assert [event.data["choice"] for event in events] == [FUND, DECLINE]
    assert events.last().data["changed_from"] == FUND


def test_votes_after_the_decision_stage_are_refused(members, application, funding_round):
    from commissioning.models import FundingRound

    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.FEEDBACK)
    application.funding_round.refresh_from_db()
    assert "Voting is open only" in can(members[0], "panels.vote", application).reason


# Recording the decision.


def test_the_decision_follows_the_votes_with_the_panels_reasons(members, application):
    vote(members[0], application, WITH_CONDITIONS, Decimal(90000), "Report on numbers after six months.")
    vote(members[1], application, WITH_CONDITIONS, Decimal(100000), "Report on numbers after six months.")
    vote(members[2], application, DECLINE)
    decision = services.decisions.record_funding_decision(
        actor=members[2], application=application, rationale="  Well loved locally; the plan for year two is thin.  "
    )
    assert decision.outcome == FundingDecision.Outcome.FUND_WITH_CONDITIONS
    assert decision.amount_awarded == Decimal(90000)
    assert decision.conditions == "Report on numbers after six months."
    assert decision.rationale == "Well loved locally; the plan for year two is thin."
    assert AuditEvent.objects.filter(verb=Verb.DECISION_RECORDED).count() == 1


def test_every_decision_needs_its_rationale(members, application):
    for member in members:
        vote(member, application, DECLINE)
    with pytest.raises(PanelError, match="Write the panel's reasons"):
        services.decisions.record_funding_decision(actor=members[0], application=application, rationale=" ")
    assert not FundingDecision.objects.exists()


def test_a_tie_is_not_recorded_it_goes_back_to_the_panel(members, application, panel):
    panel.quorum = 2
    panel.save()
    vote(members[0], application, FUND, Decimal(100000))
    vote(members[1], application, DECLINE)
    with pytest.raises(PanelError, match="tied"):
        services.decisions.record_funding_decision(
            actor=members[0], application=application, rationale="We could not agree."
        )


def test_below_the_quorum_there_is_no_decision_yet(members, application):
    vote(members[0], application, FUND, Decimal(100000))
    with pytest.raises(PanelError, match="Not enough votes yet: 1 of the quorum of 3"):
        services.decisions.record_funding_decision(actor=members[0], application=application, rationale="Good.")


def test_staff_cannot_record_or_change_a_decision(members, application, facilitator, administrator):
    for member in members:
        vote(member, application, DECLINE)
    services.decisions.record_funding_decision(
        actor=members[0], application=application, rationale="Not for this fund."
    )
    for person in (facilitator, administrator):
        with pytest.raises(PermissionDenied):
            services.decisions.record_funding_decision(
                actor=person, application=application, rationale="Changed by staff."
            )
    assert FundingDecision.objects.get().rationale == "Not for this fund."
