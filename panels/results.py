"""What counts, and what it adds up to: the one home for the panel's numbers.

The results page, the decision page, the decision report and the feedback letters all read the
scores and votes that count from here, so that they cannot disagree. What counts is said once,
on the models: `Score.objects.counted()` and `Vote.objects.counted()` leave out a member with a
conflict on the application (whenever it was declared or recorded: scores given before staff
recorded a conflict stop counting) and a seat that has ended. `panels.aggregation` does the
arithmetic on plain data.

Which scores are about what:
- a panel's pages show shortlisting scores until the interviews begin, and from then on the
  interview scores of the shortlisted applications (`stage_of`);
- the decision page and the decision report rank the shortlist by its interview scores, the
  scores the panel decided on; an application the panel agreed to decide without interviewing
  keeps its shortlisting scores, and the row says so (`Standing.stage`).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import dateformat, timezone

from applications.models import Application
from commissioning.models import Criterion, FundingRound, Strand
from panels import aggregation, voting
from panels.models import Assessment, FundingDecision, Score, ShortlistOutcome, TakeDown, Vote

SHORTLISTING = Assessment.Stage.SHORTLISTING
INTERVIEWS = Assessment.Stage.INTERVIEWS


@dataclass(frozen=True)
class ScoresAt:
    """The panel's scores for one application at one stage: what `panels.view_assessments`
    answers about. (Asked about an application alone, the rule takes `stage_of_application`.)"""

    application: Application
    stage: str

    @property
    def pk(self) -> int:
        # `can_each` answers by pk: one answer per application.
        return self.application.pk


def stage_of(funding_round: FundingRound) -> str:
    """Which assessments a panel's pages are about: shortlisting scores until the interviews
    begin, interview scores from then on. (Which application may be scored when is the rule's
    business: `permissions.scoring_stage`.)"""
    return INTERVIEWS if funding_round.has_reached(FundingRound.Status.INTERVIEWS) else SHORTLISTING


def is_assessed_at(application: Application, stage: str) -> bool:
    """Every application is assessed at shortlisting; only the shortlisted ones at interview.
    Reads `application.shortlist_outcome`, so select it with the application."""
    return stage == SHORTLISTING or ShortlistOutcome.is_shortlisted(application)


def stage_of_application(application: Application) -> str:
    """The stage whose scores stand for `application` now: its interview scores once the round
    has reached the interviews and it is on the shortlist, else its shortlisting scores."""
    stage = stage_of(application.funding_round)
    return stage if is_assessed_at(application, stage) else SHORTLISTING


def weights_of(criteria: list[Criterion]) -> list[aggregation.CriterionWeight]:
    return [aggregation.CriterionWeight(criterion.pk, criterion.weight) for criterion in criteria]


# Scores -------------------------------------------------------------------------------------


def counted_scores(**filters) -> dict[tuple[int, str], list[aggregation.Assessment]]:
    """The scores that count, narrowed by `filters` (on Score), as plain data by (application,
    stage): one query, whatever the size of the panel or the round."""
    rows = (
        Score.objects.counted()
        .filter(**filters)
        .values_list(
            "assessment_id",
            "assessment__application_id",
            "assessment__stage",
            "assessment__membership_id",
            "criterion_id",
            "value",
        )
    )
    by_assessment: dict[int, dict[int, int]] = defaultdict(dict)
    owners = {}
    for assessment_id, application_id, stage, member_id, criterion_id, value in rows:
        by_assessment[assessment_id][criterion_id] = value
        owners[assessment_id] = (application_id, stage, member_id)
    result = defaultdict(list)
    for assessment_id, scores in by_assessment.items():
        application_id, stage, member_id = owners[assessment_id]
        result[application_id, stage].append(aggregation.Assessment(member_id=member_id, scores=scores))
    return result


@dataclass(frozen=True)
class Standing:
    """Where one application stands: its place, and the result of the scores it was ranked on."""

    application_id: int
    stage: str  # which scores: SHORTLISTING or INTERVIEWS
    position: int | None
    is_tied: bool
    result: aggregation.ApplicationResult

    @property
    def is_after_interview(self) -> bool:
        return self.stage == INTERVIEWS


def rank(application_ids, scores, weights, stage: str) -> list[Standing]:
    """Rank the applications on their `stage` scores (from `counted_scores`), highest first, ties
    shown as ties. At INTERVIEWS, an application without interview scores (the panel agreed to
    decide without them) is ranked on its shortlisting scores, and its standing says so."""
    stages = {}
    for pk in application_ids:
        stages[pk] = stage if stage == SHORTLISTING or (pk, INTERVIEWS) in scores else SHORTLISTING
    results = [aggregation.application_result(pk, scores.get((pk, stages[pk]), []), weights) for pk in stages]
    return [
        Standing(
            item.result.application_id, stages[item.result.application_id], item.position, item.is_tied, item.result
        )
        for item in aggregation.rank(results)
    ]


def result_at(application_id: int, scores, weights, stage: str) -> aggregation.ApplicationResult:
    """One application's result at one stage (no scores gives a result with none)."""
    return aggregation.application_result(application_id, scores.get((application_id, stage), []), weights)


# Votes and money ----------------------------------------------------------------------------


def decision_votes(**filters):
    """The decision votes that count, narrowed by `filters` (on Vote), in the order cast."""
    return Vote.objects.counted().filter(stage=Vote.Stage.DECISION, **filters).order_by("cast_at", "pk")


def decision_count(application: Application) -> voting.DecisionCount:
    """Where the decision vote on `application` stands."""
    votes = decision_votes(application=application).values_list("choice", "amount")
    return voting.count_decision(list(votes), application.panel_assignment.panel.quorum)


def shortlist_votes(application: Application) -> tuple[int, int]:
    """(include, exclude): the shortlist votes on `application` that count."""
    votes = Vote.objects.counted().filter(application=application, stage=Vote.Stage.SHORTLISTING)
    choices = list(votes.values_list("choice", flat=True))
    return choices.count(Vote.Choice.INCLUDE), choices.count(Vote.Choice.EXCLUDE)


def conditions_given(application: Application) -> list[str]:
    """Each distinct condition given with a counted "fund with conditions" vote, in the order given."""
    votes = decision_votes(application=application, choice=Vote.Choice.FUND_WITH_CONDITIONS).exclude(conditions="")
    return list(dict.fromkeys(votes.values_list("conditions", flat=True)))


def awarded_so_far(
    funding_round: FundingRound, *, leaving_out: Application | None = None, strand: Strand | None = None
) -> Decimal:
    """What the round's recorded decisions award in all (or in `strand` alone), leaving out
    `leaving_out`'s own decision (the one being voted on or recorded again). A declined
    application awards nothing."""
    decisions = FundingDecision.objects.filter(application__funding_round=funding_round)
    if strand is not None:
        decisions = decisions.filter(application__strand=strand)
    if leaving_out is not None:
        decisions = decisions.exclude(application=leaving_out)
    return decisions.aggregate(total=Sum("amount_awarded"))["total"] or Decimal(0)


# Strands: each one's money, what it has awarded and how many projects ----------------------


@dataclass(frozen=True)
class StrandMoney:
    """One strand's money: its agreed share, what panels moved in and out, what its recorded
    decisions award and how many projects they fund, against its target."""

    strand: Strand
    moved_in: Decimal
    moved_out: Decimal
    awarded: Decimal
    funded: int

    @property
    def budget(self) -> Decimal:
        return self.strand.budget_share + self.moved_in - self.moved_out

    @property
    def left(self) -> Decimal:
        return self.budget - self.awarded

    @property
    def target(self) -> int:
        return self.strand.expected_projects


@dataclass(frozen=True)
class RoundStrands:
    """A round's strands with their money, and its reserve: what no strand was given, less what
    panels moved from it into a strand. Empty `strands` for a round with none."""

    strands: list[StrandMoney]
    reserve: Decimal

    def __bool__(self) -> bool:
        return bool(self.strands)

    def of(self, strand_id: int | None) -> StrandMoney | None:
        return next((item for item in self.strands if item.strand.pk == strand_id), None)


def strand_money(funding_round: FundingRound) -> RoundStrands:
    """Every agreed strand's money (`StrandMoney`) and the reserve, in three queries."""
    from panels.models import StrandTransfer

    strands = list(Strand.objects.filter(funding_round=funding_round).agreed())
    if not strands:
        return RoundStrands([], Decimal(0))
    moved_in, moved_out, from_reserve = defaultdict(Decimal), defaultdict(Decimal), Decimal(0)
    for source, target, amount in StrandTransfer.objects.filter(funding_round=funding_round).values_list(
        "from_strand_id", "to_strand_id", "amount"
    ):
        moved_in[target] += amount
        if source is None:
            from_reserve += amount
        else:
            moved_out[source] += amount
    awarded = {
        row["application__strand"]: (row["total"], row["funded"])
        for row in FundingDecision.objects.filter(application__funding_round=funding_round, amount_awarded__gt=0)
        .values("application__strand")
        .annotate(total=Sum("amount_awarded"), funded=Count("pk"))
    }
    items = [
        StrandMoney(strand, moved_in[strand.pk], moved_out[strand.pk], *awarded.get(strand.pk, (Decimal(0), 0)))
        for strand in strands
    ]
    reserve = funding_round.budget - sum(strand.budget_share for strand in strands) - from_reserve
    return RoundStrands(items, reserve)


def strand_left(funding_round: FundingRound, strand: Strand, *, leaving_out: Application | None = None) -> Decimal:
    """What is left in `strand` for `leaving_out` (the application being decided)."""
    money = strand_money(funding_round).of(strand.pk)
    if money is None:
        return Decimal(0)
    return money.budget - awarded_so_far(funding_round, strand=strand, leaving_out=leaving_out)


# Taken down by staff -----------------------------------------------------------------------


def taken_down_words(*, what: str, staff: str, member: str, source: str, on) -> str:
    """ "Scores taken down by Fiona Facilitator from Pat Paper's signed paper sheet on 4 December
    2026": how a counted entry staff wrote down for a member is marked wherever it appears."""
    label = TakeDown.Source(source).label
    when = dateformat.format(timezone.localtime(on), "j F Y")
    return f"{what} taken down by {staff} from {member}’s {label} on {when}"


def taken_down_notes(*, scores_at: str | None = None, votes_at: str | None = None, **filters) -> dict[int, list[str]]:
    """The entries that count and were taken down by staff, in words, by application: the
    assessments at stage `scores_at` and the votes at stage `votes_at` (None leaves that kind
    out; "" takes every stage), narrowed by `filters` (on Assessment and Vote alike). An entry
    the member has not confirmed is not among them: it does not count. One query."""
    wanted = Q(pk__in=[])
    for queryset, stage in ((Assessment.objects.counted(), scores_at), (Vote.objects.counted(), votes_at)):
        if stage is None:
            continue
        entries = queryset.filter(take_down__isnull=False, **filters)
        if stage:
            entries = entries.filter(stage=stage)
        wanted |= Q(pk__in=entries.values("take_down_id"))
    rows = (
        TakeDown.objects.filter(wanted)
        .order_by("membership__user__full_name", "pk")
        .values_list(
            "application_id",
            "vote__stage",
            "source",
            "taken_down_by__full_name",
            "membership__user__full_name",
            "taken_down_at",
        )
    )
    notes: dict[int, list[str]] = defaultdict(list)
    for application_id, vote_stage, source, staff, member, on in rows:
        what = f"{Vote.Stage(vote_stage).label} vote" if vote_stage else "Scores"
        notes[application_id].append(taken_down_words(what=what, staff=staff, member=member, source=source, on=on))
    return notes


# The columns of a Vote row that say whether staff took it down, and how (for `voter_name`).
TAKEN_DOWN_OF_VOTE = ("take_down__source", "take_down__taken_down_by__full_name", "take_down__taken_down_at")


def vote_note(name: str, source: str | None, staff: str | None, on) -> str:
    """ "vote taken down by … on …" for a vote staff took down for `name`; "" for their own."""
    if source is None:
        return ""
    return taken_down_words(what="vote", staff=staff, member=name, source=source, on=on)


def voter_name(name: str, source: str | None, staff: str | None, on) -> str:
    """A voter's name in a list of who voted, marked when staff took the vote down for them."""
    note = vote_note(name, source, staff, on)
    return f"{name} ({note})" if note else name
