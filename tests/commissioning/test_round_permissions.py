"""Who may do what to a funding round and its criteria: the rules, as a table."""

import pytest

from commissioning.models import Criterion, FundingRound, WordingSuggestion
from commissioning.permissions import can, visible

from .factories import CriterionFactory, FundingRoundFactory, join_criteria_group

DRAFT, AGREEING, OPEN = FundingRound.Status.DRAFT, FundingRound.Status.CRITERIA, FundingRound.Status.OPEN


@pytest.fixture
def world(criteria_member, applicant):
    """One round per status we care about, with criteria_member in each round's group and
    proposer of each round's criterion."""
    rounds = {}
    for status in (DRAFT, AGREEING, OPEN):
        funding_round = FundingRoundFactory(status=status)
        join_criteria_group(criteria_member, funding_round)
        criterion = CriterionFactory.build(funding_round=funding_round, proposer=criteria_member)
        # Criteria of an open round were saved before it opened.
        FundingRound.objects.filter(pk=funding_round.pk).update(status=AGREEING)
        criterion.save()
        FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
        funding_round.refresh_from_db()
        criterion.refresh_from_db()
        rounds[status] = (funding_round, criterion)
    return rounds


# (action, on what, round status, persona, allowed)
TABLE = [
    # Criteria: only the group, only in the criteria stage.
    ("commissioning.agree_criterion", "criterion", AGREEING, "criteria_member", True),
    ("commissioning.agree_criterion", "criterion", OPEN, "criteria_member", False),
    ("commissioning.agree_criterion", "criterion", AGREEING, "applicant", False),
    ("commissioning.agree_criterion", "criterion", AGREEING, "facilitator", False),
    ("commissioning.agree_criterion", "criterion", AGREEING, "administrator", False),
    ("commissioning.propose_criterion", "round", AGREEING, "criteria_member", True),
    ("commissioning.propose_criterion", "round", DRAFT, "criteria_member", False),
    ("commissioning.propose_criterion", "round", AGREEING, "facilitator", False),
    ("commissioning.discuss_criterion", "criterion", AGREEING, "criteria_member", True),
    ("commissioning.discuss_criterion", "criterion", AGREEING, "facilitator", True),
    ("commissioning.discuss_criterion", "criterion", AGREEING, "panel_member", False),
    ("commissioning.discuss_criterion", "criterion", OPEN, "facilitator", False),
    ("commissioning.suggest_wording", "criterion", AGREEING, "facilitator", True),
    ("commissioning.suggest_wording", "criterion", AGREEING, "criteria_member", False),
    ("commissioning.suggest_wording", "criterion", OPEN, "facilitator", False),
    ("commissioning.withdraw_criterion", "criterion", AGREEING, "criteria_member", True),
    ("commissioning.withdraw_criterion", "criterion", AGREEING, "facilitator", False),
    ("commissioning.view_criteria", "round", AGREEING, "criteria_member", True),
    ("commissioning.view_criteria", "round", AGREEING, "facilitator", True),
    ("commissioning.view_criteria", "round", AGREEING, "applicant", False),
    # Setting up: staff only, and only until the round opens.
    ("commissioning.edit_round", "round", DRAFT, "facilitator", True),
    ("commissioning.edit_round", "round", AGREEING, "administrator", True),
    ("commissioning.edit_round", "round", OPEN, "facilitator", False),
    ("commissioning.edit_round", "round", DRAFT, "criteria_member", False),
    ("commissioning.manage_criteria_group", "round", AGREEING, "facilitator", True),
    ("commissioning.manage_criteria_group", "round", OPEN, "facilitator", False),
    ("commissioning.edit_timeline", "round", OPEN, "facilitator", True),
    ("commissioning.advance_round", "round", AGREEING, "facilitator", True),
    ("commissioning.advance_round", "round", AGREEING, "criteria_member", False),
    # Reading a round: the public once it opens; before that, staff and the group.
    ("commissioning.view_round", "round", OPEN, "visitor", True),
    ("commissioning.view_round", "round", OPEN, "applicant", True),
    ("commissioning.view_round", "round", AGREEING, "visitor", False),
    ("commissioning.view_round", "round", AGREEING, "applicant", False),
    ("commissioning.view_round", "round", AGREEING, "criteria_member", True),
    ("commissioning.view_round", "round", DRAFT, "facilitator", True),
]


@pytest.mark.parametrize(("action", "on", "status", "persona", "allowed"), TABLE)
def test_rule(request, world, action, on, status, persona, allowed):
    funding_round, criterion = world[status]
    user = request.getfixturevalue(persona)
    decision = can(user, action, criterion if on == "criterion" else funding_round)
    assert decision.allowed is allowed, decision.reason
    if not allowed:
        assert decision.reason  # every refusal says why, in words


def test_only_the_proposer_decides_on_suggested_wording(world, criteria_member, facilitator, outsider):
    _, criterion = world[AGREEING]
    suggestion = WordingSuggestion.objects.create(
        criterion=criterion, suggested_by=facilitator, title="T", description="D", what_good_looks_like="G"
    )
    assert can(criteria_member, "commissioning.decide_wording", suggestion).allowed
    assert not can(facilitator, "commissioning.decide_wording", suggestion).allowed
    assert not can(outsider, "commissioning.decide_wording", suggestion).allowed


def test_a_withdrawn_criterion_takes_no_answers(world, criteria_member):
    _, criterion = world[AGREEING]
    Criterion.objects.filter(pk=criterion.pk).update(status=Criterion.Status.WITHDRAWN)
    criterion.refresh_from_db()
    assert not can(criteria_member, "commissioning.agree_criterion", criterion).allowed


def test_visitors_see_only_published_rounds_and_members_their_own(world, criteria_member, facilitator, applicant):
    every = FundingRound.objects.all()
    assert set(visible(None, "commissioning.view_round", every)) == {world[OPEN][0]}
    assert set(visible(applicant, "commissioning.view_round", every)) == {world[OPEN][0]}
    assert set(visible(criteria_member, "commissioning.view_round", every)) == {r for r, _ in world.values()}
    assert set(visible(facilitator, "commissioning.view_round", every)) == {r for r, _ in world.values()}
    assert set(visible(applicant, "commissioning.view_criteria", every)) == set()
