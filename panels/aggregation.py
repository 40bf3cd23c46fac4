"""The panel's numbers: weighted percentages, per-criterion summaries and the ranking.

Pure functions over plain data, with no database and no models, so that the panel
view can feed them rows from two queries (the round's weights and the submitted
scores) whatever the size of the panel, and so that hypothesis can test them fast.

Arithmetic is exact (fractions) until the very end, where each figure shown is
rounded once, half-up, to one decimal place: "62.5%" on the screen must be the
number the ranking used, and rounding a rounded number could move it by 0.1.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# The top of the 0-4 scale (commissioning.models.Criterion.SCALE; a test keeps the two in step).
SCORE_MAX = 4
# Members "disagree" on a criterion when their scores are this far apart or more (DESIGN.md).
DISAGREEMENT_GAP = 2


@dataclass(frozen=True)
class CriterionWeight:
    """How much one scored criterion of the round counts (1 to 10 in the model)."""

    criterion_id: int
    weight: int

    def __post_init__(self):
        # A zero or negative weight would make the percentage meaningless or leave 0-100.
        if self.weight < 1:
            raise ValueError(f"criterion {self.criterion_id} has weight {self.weight}; weights start at 1")


@dataclass(frozen=True)
class Assessment:
    """One member's submitted scores for one application: criterion id -> 0 to 4.

    Only submitted assessments are aggregated; drafts are a member's private work.
    """

    member_id: int
    scores: Mapping[int, int]

    def __post_init__(self):
        for score in self.scores.values():
            _check_score(score)


@dataclass(frozen=True)
class CriterionSummary:
    """What the panel sees for one criterion of one application."""

    count: int
    mean: Decimal
    median: Decimal
    minimum: int
    maximum: int
    disagreement: bool


@dataclass(frozen=True)
class ApplicationResult:
    application_id: int
    assessment_count: int
    # The mean of the members' weighted percentages; None until someone has scored.
    weighted_mean: Decimal | None
    # Only criteria somebody scored, in the order the weights were given (the round's order).
    per_criterion: dict[int, CriterionSummary]
    has_disagreement: bool


@dataclass(frozen=True)
class Ranked:
    # 1, 2, 2, 4 ...; None for an application nobody has scored yet.
    position: int | None
    # True when another application has the same weighted mean, so the page can say "joint".
    is_tied: bool
    result: ApplicationResult


def weighted_percentage(scores: Mapping[int, int], weights: Sequence[CriterionWeight]) -> Decimal | None:
    """Σ(score × weight) / Σ(4 × weight) × 100, rounded half-up to one decimal place.

    Returns None when none of the weighted criteria has a score.

    A criterion missing from ``scores`` is left out of both sums rather than counted
    as 0. Submission refuses an assessment with a blank criterion, so a gap only
    appears when the round's criteria changed after the member submitted; counting
    it as 0 would mark the applicant down for a question the member was never asked.
    Scores for criteria that are not weighted (a must-have, a withdrawn criterion)
    are ignored for the same reason.
    """
    exact = _weighted_fraction(scores, _weights_by_criterion(weights))
    return None if exact is None else _one_place(exact)


def criterion_summary(values: Sequence[int]) -> CriterionSummary:
    """Count, mean, median, minimum and maximum of one criterion's scores, and whether members disagree.

    ``values`` must not be empty: a criterion nobody has scored has no summary.
    """
    if not values:
        raise ValueError("a criterion summary needs at least one score")
    for value in values:
        _check_score(value)
    ordered = sorted(values)
    count = len(ordered)
    middle = count // 2
    # With an even count the median is halfway between the two middle scores (e.g. 1.5).
    median = Fraction(ordered[middle]) if count % 2 else Fraction(ordered[middle - 1] + ordered[middle], 2)
    return CriterionSummary(
        count=count,
        mean=_one_place(Fraction(sum(ordered), count)),
        median=_one_place(median),
        minimum=ordered[0],
        maximum=ordered[-1],
        disagreement=ordered[-1] - ordered[0] >= DISAGREEMENT_GAP,
    )


def application_result(
    application_id: int, assessments: Iterable[Assessment], weights: Sequence[CriterionWeight]
) -> ApplicationResult:
    """Everything the panel view shows for one application.

    Each member's weighted percentage counts once in the mean, however many criteria
    they scored: one person, one voice. The mean is taken over the exact percentages
    and rounded once.
    """
    assessments = list(assessments)
    by_criterion = _weights_by_criterion(weights)
    members = Counter(assessment.member_id for assessment in assessments)
    repeated = sorted(member for member, times in members.items() if times > 1)
    if repeated:
        # One submitted assessment per member per application; a second would double their voice.
        raise ValueError(f"members {repeated} have more than one assessment of application {application_id}")

    # Each member's exact percentage is 100 × achieved / possible. Summed by their `possible`
    # (nearly always one value: everyone scored every criterion), the mean is exactly the same as
    # adding each member's fraction, with one fraction per distinct `possible` instead of one per
    # member: a panel of 50 scoring 140 applications would otherwise add 7,000 fractions a page.
    achieved_by_possible: Counter[int] = Counter()
    scored_count = 0
    for assessment in assessments:
        points = _achieved_and_possible(assessment.scores, by_criterion)
        if points is not None:
            achieved_by_possible[points[1]] += points[0]
            scored_count += 1
    total = sum((Fraction(100 * points, possible) for possible, points in achieved_by_possible.items()), Fraction(0))
    weighted_mean = _one_place(total / scored_count) if scored_count else None

    per_criterion = {}
    for criterion_id in by_criterion:
        values = [assessment.scores[criterion_id] for assessment in assessments if criterion_id in assessment.scores]
        if values:
            per_criterion[criterion_id] = criterion_summary(values)

    return ApplicationResult(
        application_id=application_id,
        assessment_count=len(assessments),
        weighted_mean=weighted_mean,
        per_criterion=per_criterion,
        has_disagreement=any(summary.disagreement for summary in per_criterion.values()),
    )


def rank(results: Iterable[ApplicationResult]) -> list[Ranked]:
    """Order by weighted mean, highest first, with ties shown as ties (1, 2, 2, 4).

    Ties are judged on the rounded mean, the figure members see: two applications
    both shown as 72.5% share a place. Within a tie, and among the unscored ones
    (listed last, without a position), applications follow their id so that the
    order never changes from one page load to the next.
    """
    results = list(results)
    scored = sorted(
        (result for result in results if result.weighted_mean is not None),
        key=lambda result: (-result.weighted_mean, result.application_id),
    )
    unscored = sorted(
        (result for result in results if result.weighted_mean is None), key=lambda result: result.application_id
    )
    sharing = Counter(result.weighted_mean for result in scored)

    ranked = []
    position = 0
    for place, result in enumerate(scored, start=1):
        # Standard competition ranking: a tie keeps the first place of the group,
        # and the next application's position skips the places the tie used up.
        if place == 1 or result.weighted_mean != scored[place - 2].weighted_mean:
            position = place
        ranked.append(Ranked(position=position, is_tied=sharing[result.weighted_mean] > 1, result=result))
    ranked.extend(Ranked(position=None, is_tied=False, result=result) for result in unscored)
    return ranked


def _weights_by_criterion(weights: Sequence[CriterionWeight]) -> dict[int, int]:
    by_criterion = {}
    for item in weights:
        if item.criterion_id in by_criterion:
            raise ValueError(f"criterion {item.criterion_id} is weighted twice")
        by_criterion[item.criterion_id] = item.weight
    return by_criterion


def _achieved_and_possible(scores: Mapping[int, int], by_criterion: Mapping[int, int]) -> tuple[int, int] | None:
    """(weighted points given, weighted points possible) over the criteria scored; None for none."""
    scored = [(scores[criterion_id], weight) for criterion_id, weight in by_criterion.items() if criterion_id in scores]
    if not scored:
        return None
    for score, _ in scored:
        _check_score(score)
    return sum(score * weight for score, weight in scored), sum(SCORE_MAX * weight for _, weight in scored)


def _weighted_fraction(scores: Mapping[int, int], by_criterion: Mapping[int, int]) -> Fraction | None:
    points = _achieved_and_possible(scores, by_criterion)
    return None if points is None else Fraction(100 * points[0], points[1])


def _one_place(value: Fraction) -> Decimal:
    # Half-up, as people round by hand (6.25 -> 6.3); Decimal's default would give 6.2.
    # Every figure here is 0 or more, so "half-up" and "half away from zero" agree.
    tenths = math.floor(value * 10 + Fraction(1, 2))
    return Decimal(tenths).scaleb(-1)


def _check_score(score: int) -> None:
    # bool is an int in Python; True is not a score.
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= SCORE_MAX:
        raise ValueError(f"a score is a whole number from 0 to {SCORE_MAX}, not {score!r}")
