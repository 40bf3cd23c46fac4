"""The decision report: how a round's money was given out, for the funder, the applicants and
the public, built as a tagged PDF in the background.

`request_report()` is what staff call (one build at a time per round); the task
`build_decision_report` does the work: it gathers the round's records in a fixed number of
queries whatever the size of the round (`gather()`), writes each section, lays the PDF out and
keeps it in the file store (`panels/services/builds.py` runs the build, as for panel packs),
saving how far it has got as it goes. A build that fails
keeps no file and says why in plain words.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Prefetch, Q
from django.db.models.functions import Cast
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from applications.models import Application
from commissioning import audit
from commissioning.audit import Verb as CommissioningVerb
from commissioning.models import AuditEvent, CriteriaGroupMember, Criterion, FundingRound, User
from commissioning.pdf import render_pdf
from commissioning.permissions import require, staff_q
from commissioning.services import record_event
from panels import aggregation, results
from panels.audit import Verb
from panels.models import (
    DecisionReport,
    InterestDeclaration,
    Panel,
    PanelAssignment,
    PanelMembership,
    ShortlistOutcome,
    StrandTransfer,
    TogetherSession,
    Vote,
)
from panels.services import builds, expenses

Status = FundingRound.Status

# What only volunteers do. The facilitation statement checks that no member of staff did any.
VOLUNTEER_VERBS = (
    Verb.VOTE_CAST,
    Verb.ASSESSMENT_SUBMITTED,
    Verb.DECISION_RECORDED,
    CommissioningVerb.CRITERION_RESPONDED,
)

# The sections in the order they appear, each a template in templates/panels/report/.
SECTIONS = (
    "cover",
    "criteria",
    "panels",
    "conflicts",
    "decisions",
    "strands",  # empty for a round without strands
    "budget",
    "facilitation",
    "meetings",
    "support",
    "sign_off",
)

# How far a build has got (per cent) when each step starts.
GATHERING, WRITING, LAYING_OUT, DONE = 5, 15, 45, 100

# What a failed build says (the same for every PDF built in the background).
FAILED_REASON, STORE_FAILED_REASON = builds.FAILED_REASON, builds.STORE_FAILED_REASON
ReportError = builds.BuildError


def progress_step(report: DecisionReport) -> str:
    """What a build is doing now, in words, from how far it has got."""
    if report.status == DecisionReport.Status.QUEUED:
        return "Waiting for the report builder to start"
    if report.progress < WRITING:
        return "Gathering the round's records"
    if report.progress < LAYING_OUT:
        return "Writing the sections"
    return "Laying out the pages of the PDF"


# Asking for a report ----------------------------------------------------------------------


def request_report(*, actor: User, funding_round: FundingRound) -> DecisionReport:
    """Ask for a new decision report of `funding_round`. While one is waiting or being built,
    asking again returns that one: there is only ever one build at a time per round (the
    database's constraint holds this even for two requests at the same moment)."""
    with transaction.atomic():
        funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
        require(actor, "panels.build_report", funding_round)
        builds.give_up_stopped(funding_round.decision_reports.all())
        current = _current_build(funding_round)
        if current is not None:
            return current
        try:
            with transaction.atomic():
                report = DecisionReport.objects.create(funding_round=funding_round, requested_by=actor)
        except IntegrityError:
            # Another request created the build a moment earlier.
            return _current_build(funding_round)
        record_event(actor=actor, verb=Verb.REPORT_REQUESTED, target=funding_round, data={"report": report.pk})
    # After the commit, so that a worker in another process finds the build's row.
    build_decision_report.enqueue(report.pk)
    report.refresh_from_db()
    return report


def _current_build(funding_round) -> DecisionReport | None:
    return DecisionReport.objects.filter(
        funding_round=funding_round, status__in=[DecisionReport.Status.QUEUED, DecisionReport.Status.BUILDING]
    ).first()


# Building it --------------------------------------------------------------------------------


@task
def build_decision_report(report_id: int) -> str:
    """The background task: build the report and return its status."""
    return build_report(report_id).status


def build_report(report_id: int) -> DecisionReport:
    """Build a waiting report step by step. A report that is not waiting (another worker took
    it, or it was built already) is left alone."""
    return builds.run(
        DecisionReport,
        report_id,
        write=_write_pdf,
        filename=lambda report: f"{slugify(report.funding_round.slug)}-decision-report-{report.pk}.pdf",
        built=_record_built,
        first_progress=GATHERING,
        related=("funding_round",),
    )


def _record_built(report: DecisionReport, size: int) -> None:
    record_event(
        actor=None,
        verb=Verb.REPORT_BUILT,
        target=report.funding_round,
        data={"report": report.pk, "seconds": report.seconds_taken, "bytes": size},
    )


def _write_pdf(report: DecisionReport) -> bytes:
    data = gather(report.funding_round)
    builds.set_progress(report, WRITING)
    context = {"report": data, "funding_round": data.funding_round}
    sections = []
    for number, name in enumerate(SECTIONS, start=1):
        # Each section is our own template, rendered with autoescaping: its HTML is safe to insert.
        sections.append(mark_safe(render_to_string(f"panels/report/{name}.html", context)))
        builds.set_progress(report, WRITING + (LAYING_OUT - WRITING) * number // len(SECTIONS))
    return render_pdf("panels/report/report.html", {**context, "sections": sections}, title=data.title)


# The facts, gathered once -------------------------------------------------------------------


@dataclass
class CriterionAgreement:
    criterion: Criterion
    agreed: int
    responses: int


@dataclass
class PanelEntry:
    panel: Panel
    members: list[PanelMembership] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)

    @property
    def chair(self) -> PanelMembership | None:
        return next((member for member in self.members if member.is_chair), None)


@dataclass
class Facilitation:
    counts: list[tuple[str, int]]
    staff_names: list[str]
    volunteer_actions: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass
class StrandEntry:
    """One strand in the report: its money (`results.StrandMoney`) and its applications' decisions."""

    money: results.StrandMoney
    applications: list[Application] = field(default_factory=list)


@dataclass
class ReportData:
    funding_round: FundingRound
    criteria: list[CriterionAgreement]
    scored_criteria: list[Criterion]
    criteria_group: list[User]
    panels: list[PanelEntry]
    conflicts: list[InterestDeclaration]
    sessions: list[TogetherSession]
    facilitation: Facilitation
    awarded: Decimal
    funded_count: int
    declined_count: int
    undecided_count: int
    printed_at: object
    strands: list[StrandEntry] = field(default_factory=list)
    reserve: Decimal = Decimal(0)
    transfers: list = field(default_factory=list)
    # Volunteers' expenses and honoraria: totals only, naming nobody (services.expenses.support_totals).
    support: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"Decision report: {self.funding_round.title}"

    @property
    def remaining(self) -> Decimal:
        return self.funding_round.budget - self.awarded

    @property
    def first_agreed(self):
        dates = [item.criterion.agreed_at for item in self.criteria if item.criterion.agreed_at]
        return min(dates) if dates else None

    @property
    def last_agreed(self):
        dates = [item.criterion.agreed_at for item in self.criteria if item.criterion.agreed_at]
        return max(dates) if dates else None


def _as_text(queryset):
    return queryset.annotate(as_text=Cast("pk", CharField())).values("as_text")


def _facilitation(funding_round: FundingRound) -> Facilitation:
    """What staff did in this round, from the activity log: every event by a member of staff
    whose subject is the round, one of its panels, applications or criteria. Two queries."""
    types = ContentType.objects.get_for_models(FundingRound, Panel, Application, Criterion)
    in_round = (
        Q(target_type=types[FundingRound], target_id=str(funding_round.pk))
        | Q(target_type=types[Panel], target_id__in=_as_text(Panel.objects.filter(funding_round=funding_round)))
        | Q(
            target_type=types[Application],
            target_id__in=_as_text(Application.objects.filter(funding_round=funding_round)),
        )
        | Q(target_type=types[Criterion], target_id__in=_as_text(Criterion.objects.filter(funding_round=funding_round)))
    )
    events = AuditEvent.objects.filter(in_round, staff_q("actor__"))
    by_verb = dict(events.values_list("verb").annotate(count=Count("pk")).order_by())
    counts = sorted(
        ((audit.describe(verb), count) for verb, count in by_verb.items()), key=lambda row: (-row[1], row[0])
    )
    volunteer_actions = [(audit.describe(verb), by_verb[verb]) for verb in VOLUNTEER_VERBS if by_verb.get(verb)]
    names = sorted(set(events.values_list("actor_label", flat=True)))
    return Facilitation(counts=counts, staff_names=names, volunteer_actions=volunteer_actions)


def _votes(funding_round) -> dict[int, Counter]:
    """The decision votes that count (`results.decision_votes`), by application. One query."""
    rows = (
        results.decision_votes(application__funding_round=funding_round)
        .values_list("application_id", "choice")
        .annotate(count=Count("pk"))
        .order_by()
    )
    votes: dict[int, Counter] = defaultdict(Counter)
    for application_id, choice, count in rows:
        votes[application_id][choice] = count
    return votes


def gather(funding_round: FundingRound) -> ReportData:
    """Every fact the report shows, in a fixed number of queries (about 14) however many
    applications, members and meetings the round has: nothing is queried in a loop."""
    funding_round = FundingRound.objects.select_related("programme").get(pk=funding_round.pk)
    criteria = list(
        funding_round.criteria.filter(status=Criterion.Status.AGREED).annotate(
            agreed_count=Count("responses", filter=Q(responses__answer="agree")), response_count=Count("responses")
        )
    )
    group = [
        row.user
        for row in CriteriaGroupMember.objects.filter(funding_round=funding_round)
        .select_related("user")
        .order_by("user__full_name", "pk")
    ]
    panels = {panel.pk: PanelEntry(panel) for panel in funding_round.panels.order_by("name", "pk")}
    for membership in (
        PanelMembership.objects.filter(panel__funding_round=funding_round, status=PanelMembership.Status.ACCEPTED)
        .select_related("user")
        .order_by("-is_chair", "user__full_name", "pk")
    ):
        panels[membership.panel_id].members.append(membership)
    conflicts = list(
        InterestDeclaration.objects.filter(membership__panel__funding_round=funding_round, has_conflict=True)
        .select_related(
            "membership__user",
            "membership__panel",
            "application__organisation",
            "application__funding_decision",
            "recorded_by",
        )
        .order_by("membership__panel__name", "application__organisation__name", "membership__user__full_name", "pk")
    )
    assignments = list(
        PanelAssignment.objects.filter(panel__funding_round=funding_round).select_related(
            "application__organisation",
            "application__funding_decision",
            "application__shortlist_outcome",
            "application__strand__proposal",
        )
    )
    scored = [criterion for criterion in criteria if criterion.kind == Criterion.Kind.SCORED]
    weights = [aggregation.CriterionWeight(criterion.pk, criterion.weight) for criterion in scored]
    scores = results.counted_scores(assessment__application__funding_round=funding_round)
    votes = _votes(funding_round)
    # Scores and votes staff took down from a paper sheet or a call (confirmed ones: the others do not count).
    taken_down = results.taken_down_notes(scores_at="", votes_at="", application__funding_round=funding_round)
    sessions = list(
        TogetherSession.objects.filter(panel__funding_round=funding_round)
        .select_related("panel")
        .prefetch_related(Prefetch("attendees", queryset=PanelMembership.objects.select_related("user")))
        .order_by("starts_at", "pk")
    )

    counts = Counter(_outcome(assignment.application) for assignment in assignments)
    by_panel = defaultdict(list)
    for assignment in assignments:
        by_panel[assignment.panel_id].append(assignment.application)
    for panel_id, applications in by_panel.items():
        panels[panel_id].applications = _ranked_entries(applications, scores, weights, votes, taken_down)
    return ReportData(
        funding_round=funding_round,
        criteria=[CriterionAgreement(c, c.agreed_count, c.response_count) for c in criteria],
        scored_criteria=scored,
        criteria_group=group,
        panels=list(panels.values()),
        conflicts=conflicts,
        sessions=sessions,
        facilitation=_facilitation(funding_round),
        awarded=results.awarded_so_far(funding_round),
        funded_count=counts["funded"],
        declined_count=counts["declined"],
        undecided_count=counts["undecided"],
        printed_at=timezone.now(),
        **_strands(funding_round, criteria, assignments),
        support=expenses.support_totals(funding_round),
    )


def _strands(funding_round: FundingRound, criteria, assignments) -> dict:
    """Each strand's money and decisions, the reserve and the money panels moved, with their
    reasons. No query for a round without strands (its agreed `criteria` say so); four with them."""
    if not any(criterion.is_strand for criterion in criteria):
        return {}
    money = results.strand_money(funding_round)
    if not money:
        return {}
    entries = {item.strand.pk: StrandEntry(item) for item in money.strands}
    for assignment in sorted(assignments, key=lambda a: (a.application.organisation.name, a.application.pk)):
        entry = entries.get(assignment.application.strand_id)
        if entry is not None:
            entry.applications.append(assignment.application)
    transfers = list(
        StrandTransfer.objects.filter(funding_round=funding_round)
        .select_related("from_strand__proposal", "to_strand__proposal", "panel", "recorded_by")
        .order_by("recorded_at", "pk")
    )
    return {"strands": list(entries.values()), "reserve": money.reserve, "transfers": transfers}


def _outcome(application) -> str:
    decision = getattr(application, "funding_decision", None)
    if decision is None:
        return "undecided"
    return "funded" if decision.is_funded else "declined"


def _ranked_entries(applications, scores, weights, votes, taken_down) -> list[dict]:
    """One panel's rows: the shortlist ranked on the scores the panel decided on (its interview
    scores), then the applications not shortlisted, ranked on their shortlisting scores."""
    by_id = {application.pk: application for application in applications}
    shortlist = [pk for pk, application in by_id.items() if ShortlistOutcome.is_shortlisted(application)]
    others = [pk for pk in by_id if pk not in shortlist]
    standings = results.rank(shortlist, scores, weights, results.INTERVIEWS)
    standings += results.rank(others, scores, weights, results.SHORTLISTING)
    return [
        {
            "application": by_id[standing.application_id],
            "standing": standing,
            "is_shortlisted": standing.application_id in shortlist,
            "shortlisting": results.result_at(standing.application_id, scores, weights, results.SHORTLISTING),
            "interview": results.result_at(standing.application_id, scores, weights, results.INTERVIEWS),
            "shortlist": getattr(by_id[standing.application_id], "shortlist_outcome", None),
            "decision": getattr(by_id[standing.application_id], "funding_decision", None),
            "votes": [
                (Vote.Choice(choice).label.lower(), count)
                for choice, count in sorted(votes.get(standing.application_id, Counter()).items())
            ],
            "taken_down": taken_down.get(standing.application_id, []),
        }
        for standing in standings
    ]
