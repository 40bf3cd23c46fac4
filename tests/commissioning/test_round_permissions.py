"""Who may do what to a funding round and its criteria: the rules, as a table."""

import pytest

from commissioning.models import Criterion, FundingRound, WordingSuggestion
from commissioning.permissions import can, visible

from .factories import CriterionFactory, FundingRoundFactory, join_criteria_group

D, C, O = FundingRound.Status.DRAFT, FundingRound.Status.CRITERIA, FundingRound.Status.OPEN


@pytest.fixture
def world(criteria_member, applicant):
    """One round per status we care about, with criteria_member in each round's group and
    proposer of each round's criterion."""
    rounds = {}
    for status in (D, C, O):
        funding_round = FundingRoundFactory(status=status)
        join_criteria_group(criteria_member, funding_round)
        criterion = CriterionFactory.build(funding_round=funding_round, proposer=criteria_member)
        # Criteria of an open round were saved before it opened.
        FundingRound.objects.filter(pk=funding_round.pk).update(status=C)
        criterion.save()
        FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
        funding_round.refresh_from_db()
        criterion.refresh_from_db()
        rounds[status] = (funding_round, criterion)
    return rounds


# (action, on what, round status, persona, allowed)
TABLE = [
    # Criteria: only the group, only in the criteria stage.
    ("commissioning.agree_criterion", "criterion", C, "criteria_member", True),
    ("commissioning.agree_criterion", "criterion", O, "criteria_member", False),
    ("commissioning.agree_criterion", "criterion", C, "applicant", False),
    ("commissioning.agree_criterion", "criterion", C, "facilitator", False),
    ("commissioning.agree_criterion", "criterion", C, "administrator", False),
    ("commissioning.propose_criterion", "round", C, "criteria_member", True),
    ("commissioning.propose_criterion", "round", D, "criteria_member", False),
    ("commissioning.propose_criterion", "round", C, "facilitator", False),
    ("commissioning.discuss_criterion", "criterion", C, "criteria_member", True),
    ("commissioning.discuss_criterion", "criterion", C, "facilitator", True),
    ("commissioning.discuss_criterion", "criterion", C, "panel_member", False),
    ("commissioning.discuss_criterion", "criterion", O, "facilitator", False),
    ("commissioning.suggest_wording", "criterion", C, "facilitator", True),
    ("commissioning.suggest_wording", "criterion", C, "criteria_member", False),
    ("commissioning.suggest_wording", "criterion", O, "facilitator", False),
    ("commissioning.withdraw_criterion", "criterion", C, "criteria_member", True),
    ("commissioning.withdraw_criterion", "criterion", C, "facilitator", False),
    ("commissioning.view_criteria", "round", C, "criteria_member", True),
    ("commissioning.view_criteria", "round", C, "facilitator", True),
    ("commissioning.view_criteria", "round", C, "applicant", False),
    # Setting up: staff only, and only until the round opens.
    ("commissioning.edit_round", "round", D, "facilitator", True),
    ("commissioning.edit_round", "round", C, "administrator", True),
    ("commissioning.edit_round", "round", O, "facilitator", False),
    ("commissioning.edit_round", "round", D, "criteria_member", False),
    ("commissioning.manage_criteria_group", "round", C, "facilitator", True),
    ("commissioning.manage_criteria_group", "round", O, "facilitator", False),
    ("commissioning.edit_timeline", "round", O, "facilitator", True),
    ("commissioning.advance_round", "round", C, "facilitator", True),
    ("commissioning.advance_round", "round", C, "criteria_member", False),
    # Reading a round: the public once it opens; before that, staff and the group.
    ("commissioning.view_round", "round", O, "visitor", True),
    ("commissioning.view_round", "round", O, "applicant", True),
    ("commissioning.view_round", "round", C, "visitor", False),
    ("commissioning.view_round", "round", C, "applicant", False),
    ("commissioning.view_round", "round", C, "criteria_member", True),
    ("commissioning.view_round", "round", D, "facilitator", True),
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
    _, criterion = world[C]
    suggestion = WordingSuggestion.objects.create(
        criterion=criterion, suggested_by=facilitator, title="T", description="D", what_good_looks_like="G"
    )
    assert can(criteria_member, "commissioning.decide_wording", suggestion).allowed
    assert not can(facilitator, "commissioning.decide_wording", suggestion).allowed
    assert not can(outsider, "commissioning.decide_wording", suggestion).allowed


def test_a_withdrawn_criterion_takes_no_answers(world, criteria_member):
    _, criterion = world[C]
    Criterion.objects.filter(pk=criterion.pk).update(status=Criterion.Status.WITHDRAWN)
    criterion.refresh_from_db()
    assert not can(criteria_member, "commissioning.agree_criterion", criterion).allowed


def test_visitors_see_only_published_rounds_and_members_their_own(world, criteria_member, facilitator, applicant):
    every = FundingRound.objects.all()
    assert set(visible(None, "commissioning.view_round", every)) == {world[O][0]}
    assert set(visible(applicant, "commissioning.view_round", every)) == {world[O][0]}
    assert set(visible(criteria_member, "commissioning.view_round", every)) == {r for r, _ in world.values()}
    assert set(visible(facilitator, "commissioning.view_round", every)) == {r for r, _ in world.values()}
    assert set(visible(applicant, "commissioning.view_criteria", every)) == set()
