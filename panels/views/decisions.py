"""Deciding: decision votes with the budget line, recording the decision with its rationale,
the panel's feedback, and staff recording the meeting.

The panel's pages load the panel through `visible(user, "panels.view_panel")` (outsiders get
404) and an application through the panel's shortlist (any other is 404). Inside, the policy
answers: staff and administrators are refused voting, recording and feedback with its reason,
and the services refuse them too. Scoring is over by the decision stage, so every member sees
the panel's weighted means here (the ranking needs them), except for an application they are
conflicted on. The ranked list costs the same few queries however many
applications a panel has: the rows are put together here from plain values.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import can, require
from panels import aggregation, services, voting
from panels.exceptions import PanelError
from panels.forms.decisions import DecisionVoteForm, FeedbackForm, MeetingForm, RationaleForm
from panels.lookups import panel_or_404, scored_criteria, seat_of, staff_panel_or_404
from panels.models import (
    Assessment,
    CriterionFeedback,
    FundingDecision,
    InterestDeclaration,
    Panel,
    PanelMembership,
    Score,
    ShortlistOutcome,
    Vote,
)

NOT_YET = "The panel decides after the interviews. This page opens when the round reaches its decision stage."
FUNDING = (Vote.Choice.FUND, Vote.Choice.FUND_WITH_CONDITIONS)
TALLY_WORDS = {
    Vote.Choice.FUND: "fund",
    Vote.Choice.FUND_WITH_CONDITIONS: "fund with conditions",
    Vote.Choice.DECLINE: "decline",
}


def standing(count: voting.DecisionCount, quorum: int) -> str:
    """Where the decision vote stands, in words: "2 fund, 1 decline — 3 of the quorum of 3 have voted"."""
    voted = sum(count.counts.values())
    if not voted:
        return f"No votes yet. The quorum is {quorum}."
    tally = ", ".join(
        f"{count.counts[choice]} {words}" for choice, words in TALLY_WORDS.items() if count.counts.get(choice)
    )
    if voted > quorum:
        return f"{tally} — {voted} have voted (the quorum is {quorum})"
    return f"{tally} — {voted} of the quorum of {quorum} {'has' if voted == 1 else 'have'} voted"


@dataclass
class Row:
    """One shortlisted application on the decision page."""

    application: Application
    position: int | None
    is_tied: bool
    weighted_mean: Decimal | None
    assessed_at: str  # "interviews" or "shortlisting": which scores the mean comes from
    count: voting.DecisionCount
    standing: str
    conflicted: bool = False
    my_vote: tuple | None = None  # (choice, amount)
    voters: list[str] = field(default_factory=list)

    @property
    def decision(self) -> FundingDecision | None:
        return getattr(self.application, "funding_decision", None)

    @property
    def proposed(self) -> tuple[Decimal, str] | None:
        """What this application would cost the budget if not decided yet, and on what basis."""
        if self.count.outcome in FUNDING and self.count.amount:
            return self.count.amount, "What the votes propose"
        if self.count.outcome == Vote.Choice.DECLINE:
            return None
        return self.application.amount_requested, "As asked for"


def _shortlist(panel: Panel):
    return (
        Application.objects.filter(
            panel_assignment__panel=panel, shortlist_outcome__outcome=ShortlistOutcome.Outcome.INCLUDED
        )
        .select_related("organisation", "funding_decision")
        .order_by("pk")
    )


def _shortlisted_or_404(panel: Panel, pk: int) -> Application:
    """A shortlisted application of this panel; any other is 404."""
    application = get_object_or_404(_shortlist(panel).select_related("panel_assignment"), pk=pk)
    application.funding_round = panel.funding_round
    application.panel_assignment.panel = panel
    return application


def _assessments(panel: Panel) -> dict[int, tuple[str, list[aggregation.Assessment]]]:
    """Each shortlisted application's submitted assessments as plain data, in one query: the
    interview-stage ones where there are any, else the shortlisting ones."""
    rows = Score.objects.filter(
        assessment__membership__panel=panel,
        assessment__membership__status=PanelMembership.Status.ACCEPTED,
        assessment__status=Assessment.Status.SUBMITTED,
        assessment__application__shortlist_outcome__outcome=ShortlistOutcome.Outcome.INCLUDED,
    ).values_list(
        "assessment__application_id", "assessment__stage", "assessment__membership_id", "criterion_id", "value"
    )
    scores = defaultdict(lambda: defaultdict(dict))  # (application, stage) -> member -> criterion -> value
    for application_id, stage, member_id, criterion_id, value in rows:
        scores[application_id, stage][member_id][criterion_id] = value
    result = {}
    for (application_id, stage), members in scores.items():
        if stage == Assessment.Stage.SHORTLISTING and (application_id, Assessment.Stage.INTERVIEWS) in scores:
            continue
        result[application_id] = (
            stage,
            [aggregation.Assessment(member_id=member, scores=values) for member, values in members.items()],
        )
    return result


def _counted_votes(panel: Panel):
    """Decision votes from members who can take part (a conflicted member's vote never counts)."""
    conflicted = InterestDeclaration.objects.filter(
        membership=OuterRef("membership"), application=OuterRef("application"), has_conflict=True
    )
    return (
        Vote.objects.filter(membership__panel=panel, stage=Vote.Stage.DECISION)
        .exclude(Exists(conflicted))
        .order_by("membership__user__full_name", "pk")
        .values_list("application_id", "membership_id", "membership__user__full_name", "choice", "amount")
    )


def ranked_rows(panel: Panel, membership: PanelMembership | None) -> list[Row]:
    """The shortlisted applications ranked by their weighted mean, each with its vote count."""
    applications = {application.pk: application for application in _shortlist(panel)}
    criteria = scored_criteria(panel)
    weights = [aggregation.CriterionWeight(criterion.pk, criterion.weight) for criterion in criteria]
    assessed = _assessments(panel)
    votes = defaultdict(list)
    for application_id, member_id, name, choice, amount in _counted_votes(panel):
        votes[application_id].append((member_id, name, choice, amount))
    conflicted = set()
    if membership is not None:
        conflicted = set(membership.declarations.filter(has_conflict=True).values_list("application_id", flat=True))
    results = [aggregation.application_result(pk, assessed.get(pk, ("", []))[1], weights) for pk in applications]
    rows = []
    for item in aggregation.rank(results):
        application = applications[item.result.application_id]
        application.funding_round = panel.funding_round
        cast = votes[application.pk]
        count = voting.count_decision([(choice, amount) for _, _, choice, amount in cast], panel.quorum)
        mine = next(
            ((choice, amount) for member, _, choice, amount in cast if membership and member == membership.pk), None
        )
        rows.append(
            Row(
                application=application,
                position=item.position,
                is_tied=item.is_tied,
                weighted_mean=item.result.weighted_mean,
                assessed_at=assessed.get(application.pk, ("", []))[0],
                count=count,
                standing=standing(count, panel.quorum),
                conflicted=application.pk in conflicted,
                my_vote=mine,
                voters=[name for _, name, _, _ in cast],
            )
        )
    return rows


@dataclass(frozen=True)
class BudgetLineRow:
    label: str
    basis: str
    amount: Decimal
    cumulative: Decimal
    within_budget: bool
    line_falls_here: bool


def budget_summary(panel: Panel, rows: list[Row]) -> dict:
    """The budget line: the round's recorded awards first, then the amounts still proposed, in
    rank order, with running totals and where the budget runs out."""
    funding_round = panel.funding_round
    totals = FundingDecision.objects.filter(application__funding_round=funding_round, amount_awarded__isnull=False)
    totals = totals.aggregate(all=Sum("amount_awarded"), here=Sum("amount_awarded", filter=Q(panel=panel)))
    awarded = totals["all"] or Decimal(0)
    elsewhere = awarded - (totals["here"] or Decimal(0))
    items = []
    if elsewhere:
        items.append(("The round’s other panels", "Awarded", elsewhere))
    items += [
        (row.application.organisation.name, "Awarded", row.decision.amount_awarded)
        for row in rows
        if row.decision is not None and row.decision.is_funded
    ]
    items += [
        (row.application.organisation.name, row.proposed[1], row.proposed[0])
        for row in rows
        if row.decision is None and row.proposed is not None and row.proposed[0]
    ]
    line = voting.budget_line([(index, amount) for index, (_, _, amount) in enumerate(items)], funding_round.budget)
    first_over = next((row.application_id for row in line if not row.within_budget), None)
    return {
        "rows": [
            BudgetLineRow(label, basis, row.amount, row.cumulative, row.within_budget, row.application_id == first_over)
            for (label, basis, _), row in zip(items, line, strict=True)
        ],
        "budget": funding_round.budget,
        "awarded": awarded,
        "left": funding_round.budget - awarded,
    }


def _decision_context(panel: Panel, membership: PanelMembership | None) -> dict:
    deciding = panel.funding_round.has_reached(FundingRound.Status.DECISION)
    rows = ranked_rows(panel, membership) if deciding else []
    return {
        "panel": panel,
        "funding_round": panel.funding_round,
        "membership": membership,
        "deciding": deciding,
        "not_yet": NOT_YET,
        "rows": rows,
        "budget": budget_summary(panel, rows) if deciding else None,
        "is_open": panel.funding_round.status == FundingRound.Status.DECISION,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def decision_list(request: AuthenticatedHttpRequest, pk: int):
    """The panel's shortlist, ranked, with each vote's standing, the decisions and the budget line."""
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.view_panel", panel)
    return render(request, "panels/decide/decision_list.html", _decision_context(panel, seat_of(request.user, panel)))


def _not_now(application: Application) -> str:
    if application.funding_round.status != FundingRound.Status.DECISION:
        return "Decision votes are cast during the decision stage."
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def decision_vote(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    panel = panel_or_404(request.user, pk)
    application = _shortlisted_or_404(panel, application_pk)
    require(request.user, "panels.vote", application)
    vote = Vote.objects.filter(
        membership__panel=panel, membership__user=request.user, application=application, stage=Vote.Stage.DECISION
    ).first()
    form = DecisionVoteForm(
        request.POST if request.method == "POST" else None, initial=DecisionVoteForm.initial_for(vote)
    )
    not_now = _not_now(application)
    if request.method == "POST" and form.is_valid():
        if not_now:
            form.add_error(None, not_now)
        else:
            try:
                services.decisions.cast_decision_vote(
                    actor=request.user,
                    application=application,
                    choice=form.cleaned_data["choice"],
                    amount=form.cleaned_data["amount"],
                    conditions=form.cleaned_data["conditions"],
                )
            except (PanelError, ValidationError) as error:
                form.add_error(form.amount_field_name, _say(error))
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Your vote on {application.organisation.name} is saved.")
                return redirect("panels:decision_list", panel.pk)
    count = services.decisions.count_decision_votes(application)
    awarded_elsewhere = (
        FundingDecision.objects.filter(application__funding_round=panel.funding_round)
        .exclude(application=application)
        .aggregate(total=Sum("amount_awarded"))["total"]
    )
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "application": application,
        "form": form,
        "vote": vote,
        "left": panel.funding_round.budget - (awarded_elsewhere or Decimal(0)),
        "not_now": not_now,
        "standing": standing(count, panel.quorum),
    }
    return render(request, "panels/decide/decision_vote.html", context)


def _say(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@login_required
@require_http_methods(["GET", "POST"])
def decision_record(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Write down what the votes decided, with the panel's reasons. A tie or too few votes is
    explained, and nothing is saved."""
    panel = panel_or_404(request.user, pk)
    application = _shortlisted_or_404(panel, application_pk)
    require(request.user, "panels.record_decision", application)
    decision = getattr(application, "funding_decision", None)
    form = RationaleForm(
        request.POST if request.method == "POST" else None,
        initial={"rationale": decision.rationale if decision else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decisions.record_funding_decision(
                actor=request.user, application=application, rationale=form.cleaned_data["rationale"]
            )
        except (PanelError, ValidationError) as error:
            form.add_error(None, _say(error))
        else:
            messages.success(request, f"The panel’s decision on {application.organisation.name} is recorded.")
            return redirect("panels:decision_list", panel.pk)
    count = services.decisions.count_decision_votes(application)
    conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True)
    conditions = (
        Vote.objects.filter(application=application, stage=Vote.Stage.DECISION, choice=Vote.Choice.FUND_WITH_CONDITIONS)
        .exclude(conditions="")
        .exclude(membership_id__in=conflicted.values("membership_id"))
        .order_by("cast_at", "pk")
        .values_list("conditions", flat=True)
    )
    # Each distinct condition once, in the order given (as the service will record them).
    conditions = list(dict.fromkeys(conditions))
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "application": application,
        "decision": decision,
        "form": form,
        "count": count,
        "outcome_label": FundingDecision.Outcome(count.outcome).label
        if count.outcome in FundingDecision.Outcome.values
        else "",
        "standing": standing(count, panel.quorum),
        "conditions": conditions if count.outcome == Vote.Choice.FUND_WITH_CONDITIONS else [],
    }
    return render(request, "panels/decide/decision_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_write(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Per scored criterion: its strengths and what could be better, for the feedback letter."""
    panel = panel_or_404(request.user, pk)
    application = _shortlisted_or_404(panel, application_pk)
    require(request.user, "panels.write_feedback", application)
    existing = CriterionFeedback.objects.filter(application=application)
    form = FeedbackForm(
        scored_criteria(panel),
        request.POST if request.method == "POST" else None,
        initial=FeedbackForm.initial_for(existing),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decisions.write_feedback(actor=request.user, application=application, feedback=form.feedback())
        except (PanelError, ValidationError) as error:
            first = form.criteria[0] if form.criteria else None
            form.add_error(form.strengths_name(first) if first else None, _say(error))
        else:
            messages.success(request, f"The feedback for {application.organisation.name} is saved.")
            return redirect("panels:decision_list", panel.pk)
    context = {"panel": panel, "funding_round": panel.funding_round, "application": application, "form": form}
    return render(request, "panels/decide/feedback_write.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def panel_decisions(request: AuthenticatedHttpRequest, pk: int):
    """Staff follow the decisions (read-only: they never vote or change one) and record the
    decision meeting: who attended and the declarations made."""
    panel = staff_panel_or_404(request.user, pk)
    form = MeetingForm(panel, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.decisions.record_meeting(
                actor=request.user,
                panel=panel,
                session=form.cleaned_data["session"],
                attendees=form.cleaned_data["attendees"],
                declarations=form.cleaned_data["declarations"],
                **form.new_session(),
            )
        except (PanelError, ValidationError) as error:
            form.add_error(None, _say(error))
        else:
            messages.success(request, f"The meeting “{session.title}” is recorded.")
            return redirect("panels:panel_decisions", panel.pk)
    context = _decision_context(panel, None)
    scores_refusal = ""
    if context["rows"]:
        decision = can(request.user, "panels.view_assessments", context["rows"][0].application)
        scores_refusal = "" if decision.allowed else decision.reason
    sessions = panel.sessions.prefetch_related("attendees__user").order_by("-starts_at", "-pk")
    context.update(form=form, scores_refusal=scores_refusal, sessions=sessions)
    return render(request, "panels/decide/panel_decisions.html", context)
