"""The panel's numbers: known cases worked by hand, then properties checked by hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.models import Criterion
from panels.aggregation import (
    SCORE_MAX,
    ApplicationResult,
    Assessment,
    CriterionSummary,
    CriterionWeight,
    application_result,
    criterion_summary,
    rank,
    weighted_percentage,
)

# Criterion 1 counts three times as much as criterion 2: the most possible is 4×3 + 4×1 = 16.
WEIGHTS = [CriterionWeight(criterion_id=1, weight=3), CriterionWeight(criterion_id=2, weight=1)]


def result(application_id, weighted_mean):
    """A result as rank() sees it; only the id and the weighted mean matter there."""
    mean = None if weighted_mean is None else Decimal(weighted_mean)
    return ApplicationResult(
        application_id=application_id,
        assessment_count=0,
        weighted_mean=mean,
        per_criterion={},
        has_disagreement=False,
    )


# Known numbers ---------------------------------------------------------------------


def test_the_scale_matches_the_criterion_model():
    assert max(Criterion.SCALE) == SCORE_MAX


def test_two_members_weighted_percentages_and_their_mean():
    first = Assessment(member_id=10, scores={1: 4, 2: 1})  # (12 + 1) / 16 = 81.25%
    second = Assessment(member_id=11, scores={1: 2, 2: 3})  # (6 + 3) / 16 = 56.25%

    assert weighted_percentage(first.scores, WEIGHTS) == Decimal("81.3")
    assert weighted_percentage(second.scores, WEIGHTS) == Decimal("56.3")

    outcome = application_result(7, [first, second], WEIGHTS)
    assert outcome == ApplicationResult(
        application_id=7,
        assessment_count=2,
        weighted_mean=Decimal("68.8"),  # (81.25 + 56.25) / 2 = 68.75
        per_criterion={
            1: CriterionSummary(
                count=2, mean=Decimal("3.0"), median=Decimal("3.0"), minimum=2, maximum=4, disagreement=True
            ),
            2: CriterionSummary(
                count=2, mean=Decimal("2.0"), median=Decimal("2.0"), minimum=1, maximum=3, disagreement=True
            ),
        },
        has_disagreement=True,
    )


@pytest.mark.parametrize(
    ("scores", "shown"),
    [
        ({1: 0, 2: 1}, "6.3"),  # 6.25: half-up, where Decimal's default (half-even) would give 6.2
        ({1: 1, 2: 2}, "31.3"),  # 31.25, again half-up
        ({1: 1, 2: 0}, "18.8"),  # 18.75
        ({1: 0, 2: 0}, "0.0"),
        ({1: 4, 2: 4}, "100.0"),
        ({1: 2, 2: 2}, "50.0"),
    ],
)
def test_weighted_percentage_rounds_half_up_to_one_place(scores, shown):
    percentage = weighted_percentage(scores, WEIGHTS)
    assert percentage == Decimal(shown)
    assert str(percentage) == shown


def test_the_mean_is_rounded_once_not_from_rounded_percentages():
    # 6.25% and 0%: the exact mean 3.125 shows as 3.1; averaging the shown 6.3 and 0.0 would give 3.2.
    assessments = [Assessment(member_id=1, scores={1: 0, 2: 1}), Assessment(member_id=2, scores={1: 0, 2: 0})]
    assert application_result(1, assessments, WEIGHTS).weighted_mean == Decimal("3.1")


def test_a_criterion_added_after_submission_is_left_out_not_counted_as_zero():
    added_later = [*WEIGHTS, CriterionWeight(criterion_id=3, weight=2)]
    assert weighted_percentage({1: 4, 2: 1}, added_later) == Decimal("81.3")

    outcome = application_result(1, [Assessment(member_id=1, scores={1: 4, 2: 1})], added_later)
    assert set(outcome.per_criterion) == {1, 2}


def test_scores_for_criteria_that_are_not_weighted_are_ignored():
    assert weighted_percentage({1: 4, 2: 1, 99: 0}, WEIGHTS) == Decimal("81.3")
    outcome = application_result(1, [Assessment(member_id=1, scores={1: 4, 2: 1, 99: 0})], WEIGHTS)
    assert set(outcome.per_criterion) == {1, 2}


def test_nothing_to_show_before_anyone_has_scored():
    assert weighted_percentage({}, WEIGHTS) is None
    assert application_result(5, [], WEIGHTS) == ApplicationResult(
        application_id=5, assessment_count=0, weighted_mean=None, per_criterion={}, has_disagreement=False
    )


def test_the_per_criterion_summaries_follow_the_rounds_order():
    reversed_weights = list(reversed(WEIGHTS))
    outcome = application_result(1, [Assessment(member_id=1, scores={1: 3, 2: 3})], reversed_weights)
    assert list(outcome.per_criterion) == [2, 1]


@pytest.mark.parametrize(
    ("values", "mean", "median", "disagreement"),
    [
        ([3], "3.0", "3.0", False),
        ([1, 2], "1.5", "1.5", False),  # a gap of 1 is not disagreement
        ([2, 4], "3.0", "3.0", True),  # a gap of exactly 2 is
        ([1, 2, 2], "1.7", "2.0", False),  # 5/3
        ([0, 0, 0, 1], "0.3", "0.0", False),  # 0.25, half-up
        ([4, 0, 3, 1], "2.0", "2.0", True),  # unsorted input; median halfway between 1 and 3
        ([0, 1, 2, 2, 4], "1.8", "2.0", True),
    ],
)
def test_criterion_summary(values, mean, median, disagreement):
    summary = criterion_summary(values)
    assert summary == CriterionSummary(
        count=len(values),
        mean=Decimal(mean),
        median=Decimal(median),
        minimum=min(values),
        maximum=max(values),
        disagreement=disagreement,
    )


def test_ranking_shows_ties_as_ties_and_unscored_last():
    results = [result(1, "70.0"), result(2, "80.0"), result(3, "70.0"), result(4, None), result(5, "60.0")]

    assert [(item.result.application_id, item.position, item.is_tied) for item in rank(results)] == [
        (2, 1, False),
        (1, 2, True),
        (3, 2, True),
        (5, 4, False),  # two applications share second place, so the next is fourth
        (4, None, False),
    ]


def test_ranking_nothing():
    assert rank([]) == []


# Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("score", [-1, 5, True, 2.5, "3", None])
def test_a_score_outside_0_to_4_is_refused(score):
    with pytest.raises(ValueError, match="from 0 to 4"):
        Assessment(member_id=1, scores={1: score})
    with pytest.raises(ValueError, match="from 0 to 4"):
        weighted_percentage({1: score}, WEIGHTS)
    with pytest.raises(ValueError, match="from 0 to 4"):
        criterion_summary([2, score])


@pytest.mark.parametrize("weight", [0, -3])
def test_a_weight_below_1_is_refused(weight):
    with pytest.raises(ValueError, match="weights start at 1"):
        CriterionWeight(criterion_id=1, weight=weight)


def test_a_criterion_weighted_twice_is_refused():
    with pytest.raises(ValueError, match="criterion 1 is weighted twice"):
        weighted_percentage({1: 2}, [*WEIGHTS, CriterionWeight(criterion_id=1, weight=5)])


def test_two_assessments_from_one_member_are_refused():
    twice = [Assessment(member_id=8, scores={1: 4, 2: 4}), Assessment(member_id=8, scores={1: 0, 2: 0})]
    with pytest.raises(ValueError, match=r"members \[8\] have more than one assessment of application 3"):
        application_result(3, twice, WEIGHTS)


def test_a_summary_of_no_scores_is_refused():
    with pytest.raises(ValueError, match="at least one score"):
        criterion_summary([])


# Properties ------------------------------------------------------------------------

scores = st.integers(min_value=0, max_value=SCORE_MAX)
weights = st.lists(
    st.builds(CriterionWeight, criterion_id=st.integers(1, 40), weight=st.integers(1, 10)),
    min_size=1,
    max_size=6,
    unique_by=lambda item: item.criterion_id,
)


@st.composite
def panels(draw):
    """A round's weights and the submitted assessments of one application."""
    round_weights = draw(weights)
    criterion_ids = [item.criterion_id for item in round_weights]
    members = draw(st.lists(st.integers(1, 500), max_size=8, unique=True))
    assessments = []
    for member in members:
        # Usually every criterion (submission requires it), sometimes a gap left by a criterion added later.
        if draw(st.booleans()):
            member_scores = draw(st.fixed_dictionaries(dict.fromkeys(criterion_ids, scores)))
        else:
            member_scores = draw(st.fixed_dictionaries({}, optional=dict.fromkeys(criterion_ids, scores)))
        assessments.append(Assessment(member_id=member, scores=member_scores))
    return round_weights, assessments


weighted_means = st.one_of(
    st.none(),
    # A handful of common values so that ties are frequent, and any other one-place percentage.
    st.sampled_from(["50.0", "62.5", "75.0", "100.0"]).map(Decimal),
    st.decimals(min_value=0, max_value=100, places=1),
)
results = st.lists(st.tuples(st.integers(1, 10_000), weighted_means), max_size=12, unique_by=lambda pair: pair[0]).map(
    lambda pairs: [result(application_id, mean) for application_id, mean in pairs]
)


@given(panels())
def test_weighted_mean_is_always_a_percentage(panel):
    round_weights, assessments = panel
    percentages = [weighted_percentage(assessment.scores, round_weights) for assessment in assessments]
    shown = [percentage for percentage in percentages if percentage is not None]
    outcome = application_result(1, assessments, round_weights)

    assert all(Decimal(0) <= percentage <= Decimal(100) for percentage in shown)
    if shown:
        # A mean lies between the lowest and highest member, and rounding keeps that order.
        assert min(shown) <= outcome.weighted_mean <= max(shown)
        assert Decimal(0) <= outcome.weighted_mean <= Decimal(100)
    else:
        assert outcome.weighted_mean is None
    assert outcome.assessment_count == len(assessments)


@given(panels(), st.data())
def test_the_order_of_assessments_does_not_matter(panel, data):
    round_weights, assessments = panel
    shuffled = data.draw(st.permutations(assessments))
    assert application_result(1, shuffled, round_weights) == application_result(1, assessments, round_weights)


@given(panels(), st.data())
def test_the_order_of_weights_does_not_matter(panel, data):
    round_weights, assessments = panel
    shuffled = data.draw(st.permutations(round_weights))
    assert application_result(1, assessments, shuffled) == application_result(1, assessments, round_weights)


@given(panels())
def test_an_application_is_flagged_when_any_criterion_is(panel):
    round_weights, assessments = panel
    outcome = application_result(1, assessments, round_weights)
    assert outcome.has_disagreement == any(summary.disagreement for summary in outcome.per_criterion.values())


@given(st.lists(scores, min_size=1, max_size=30))
def test_a_summary_lies_within_its_scores(values):
    summary = criterion_summary(values)
    assert summary.count == len(values)
    assert (summary.minimum, summary.maximum) == (min(values), max(values))
    assert summary.minimum <= summary.median <= summary.maximum
    assert summary.minimum <= summary.mean <= summary.maximum
    assert summary.disagreement == (max(values) - min(values) >= 2)


@given(results)
def test_ties_are_ranked_equal(applications):
    ranked = [item for item in rank(applications) if item.position is not None]
    for one in ranked:
        for other in ranked:
            if one.result.weighted_mean == other.result.weighted_mean:
                assert one.position == other.position
            elif one.result.weighted_mean > other.result.weighted_mean:
                assert one.position < other.position
        shares = sum(other.result.weighted_mean == one.result.weighted_mean for other in ranked) > 1
        assert one.is_tied == shares


@given(results)
def test_positions_start_at_1_and_never_go_down(applications):
    ranked = [item for item in rank(applications) if item.position is not None]
    positions = [item.position for item in ranked]
    assert positions == sorted(positions)
    if positions:
        assert positions[0] == 1
    for item in ranked:
        # Standard competition ranking: one more than the number of applications placed strictly higher.
        higher = sum(other.result.weighted_mean > item.result.weighted_mean for other in ranked)
        assert item.position == higher + 1


@given(results)
def test_unscored_applications_come_last_without_a_position(applications):
    ranked = rank(applications)
    unscored = [item for item in ranked if item.result.weighted_mean is None]
    assert ranked[len(ranked) - len(unscored) :] == unscored
    assert all(item.position is None and not item.is_tied for item in unscored)


@given(results, st.data())
def test_ranking_is_the_same_whatever_order_it_is_given(applications, data):
    shuffled = data.draw(st.permutations(applications))
    ranked = rank(applications)
    assert rank(shuffled) == ranked
    assert sorted(item.result.application_id for item in ranked) == sorted(
        application.application_id for application in applications
    )


@given(panels())
def test_the_mean_is_exactly_the_mean_of_each_members_exact_percentage(panel):
    """The mean is summed by each member's points possible (one fraction per distinct total,
    not one per member); it must equal adding every member's own exact percentage."""
    from fractions import Fraction

    from panels.aggregation import _one_place, _weighted_fraction, _weights_by_criterion

    round_weights, assessments = panel
    by_criterion = _weights_by_criterion(round_weights)
    exact = [p for a in assessments if (p := _weighted_fraction(a.scores, by_criterion)) is not None]
    expected = _one_place(sum(exact, Fraction(0)) / len(exact)) if exact else None

    assert application_result(1, assessments, round_weights).weighted_mean == expected
