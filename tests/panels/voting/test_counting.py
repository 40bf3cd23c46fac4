"""The shortlist rule, as written in panels/voting.py: the majority of the votes cast, once the
quorum has voted; equal votes are a tie that goes back to the panel."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panels.voting import below_quorum, count_shortlist

votes = st.lists(st.booleans(), max_size=30)
quorums = st.integers(min_value=1, max_value=15)


def count(ballots: list[bool], quorum: int):
    return count_shortlist(sum(ballots), len(ballots) - sum(ballots), quorum)


@given(votes, quorums, st.randoms())
def test_the_order_of_the_votes_never_matters(ballots, quorum, random):
    shuffled = list(ballots)
    random.shuffle(shuffled)
    assert count(shuffled, quorum) == count(ballots, quorum)


@given(votes, quorums)
def test_nothing_is_decided_below_the_quorum(ballots, quorum):
    if len(ballots) < quorum:
        assert count(ballots, quorum).outcome == "awaiting"


@given(votes, quorums)
def test_a_tie_exactly_when_the_votes_are_equal_at_or_above_the_quorum(ballots, quorum):
    include, exclude = sum(ballots), len(ballots) - sum(ballots)
    result = count(ballots, quorum)
    assert (result.outcome == "tie") == (include == exclude and len(ballots) >= quorum)


@given(votes, quorums)
def test_the_majority_decides_once_the_quorum_has_voted(ballots, quorum):
    include, exclude = sum(ballots), len(ballots) - sum(ballots)
    result = count(ballots, quorum)
    if len(ballots) >= quorum and include != exclude:
        assert result.outcome == ("included" if include > exclude else "not_included")
    assert (result.include, result.exclude) == (include, exclude)


@pytest.mark.parametrize(
    ("include", "exclude", "quorum", "outcome"),
    [
        (3, 1, 3, "included"),
        (1, 3, 3, "not_included"),
        (2, 2, 3, "tie"),
        (2, 0, 3, "awaiting"),
        (1, 0, 1, "included"),
        (0, 0, 1, "awaiting"),
    ],
)
def test_worked_examples(include, exclude, quorum, outcome):
    assert count_shortlist(include, exclude, quorum).outcome == outcome


def test_too_few_members_who_can_take_part_is_flagged():
    assert below_quorum(2, 3)
    assert not below_quorum(3, 3)


def test_nonsense_counts_are_refused():
    with pytest.raises(ValueError):
        count_shortlist(-1, 0, 3)
    with pytest.raises(ValueError):
        count_shortlist(1, 0, 0)
