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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import can, require
from commissioning.templatetags.money import money as pounds
from panels import results, services, voting
from panels.forms.common import attempt
from panels.forms.decisions import DecisionVoteForm, FeedbackForm, MeetingForm, RationaleForm
from panels.forms.strands import PortfolioForm, StrandMoveForm
from panels.lookups import panel_or_404, scored_criteria, seat_of, staff_panel_or_404
from panels.models import (
    CriterionFeedback,
    FundingDecision,
    Panel,
    PanelMembership,
    PortfolioDraft,
    Vote,
)

NOT_YET = "The panel decides after the interviews. This page opens when the round reaches its decision stage."
FUNDING = (Vote.Choice.FUND, Vote.Choice.FUND_WITH_CONDITIONS)
TALLY_WORDS = {
    Vote.Choice.FUND: "fund",
    Vote.Choice.FUND_WITH_CONDITIONS: "fund with conditions",
    Vote.Choice.DECLINE: "decline",
}


def standing_in_words(count: voting.DecisionCount, quorum: int) -> str:
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
    standing: results.Standing  # its place, and which scores it was ranked on
    count: voting.DecisionCount
    says: str  # where the vote stands, in words
    conflicted: bool = False
    my_vote: tuple | None = None  # (choice, amount, note: how staff took it down, or "")
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
        Application.objects.shortlisted()
        .filter(panel_assignment__panel=panel)
        .select_related("organisation", "funding_decision", "strand__proposal")
        .order_by("pk")
    )


def _shortlisted_or_404(panel: Panel, pk: int) -> Application:
    """A shortlisted application of this panel; any other is 404."""
    application = get_object_or_404(_shortlist(panel).select_related("panel_assignment"), pk=pk)
    application.funding_round = panel.funding_round
    application.panel_assignment.panel = panel
    return application


def _votes_by_application(application_ids) -> dict[int, list[tuple]]:
    """The decision votes that count, as (member, name, choice, amount, note), by application: one
    query. The note says so when staff took the vote down from the member's phone call or sheet."""
    votes = defaultdict(list)
    counted = results.decision_votes(application_id__in=application_ids).order_by("membership__user__full_name", "pk")
    columns = ("application_id", "membership_id", "membership__user__full_name", "choice", "amount")
    for application_id, member_id, name, choice, amount, *taken_down in counted.values_list(
        *columns, *results.TAKEN_DOWN_OF_VOTE
    ):
        votes[application_id].append((member_id, name, choice, amount, results.vote_note(name, *taken_down)))
    return votes


def _ranked_by_strand(applications, scores, weights) -> list[results.Standing]:
    """The shortlist ranked (`results.rank`); in a round shared between strands, each strand's
    shortlist on its own. A round without strands is one list, ranked as it always was."""
    by_strand = defaultdict(list)
    for application in applications:
        by_strand[application.strand_id].append(application.pk)
    return [
        standing for ids in by_strand.values() for standing in results.rank(ids, scores, weights, results.INTERVIEWS)
    ]


def ranked_rows(panel: Panel, membership: PanelMembership | None) -> list[Row]:
    """The shortlist ranked on the scores the panel decides on (`results.rank`), each with its vote count."""
    applications = {application.pk: application for application in _shortlist(panel)}
    scores = results.counted_scores(assessment__application_id__in=list(applications))
    weights = results.weights_of(scored_criteria(panel))
    votes = _votes_by_application(list(applications))
    conflicted = set()
    if membership is not None:
        conflicted = set(membership.declarations.filter(has_conflict=True).values_list("application_id", flat=True))
    rows = []
    for standing in _ranked_by_strand(applications.values(), scores, weights):
        application = applications[standing.application_id]
        application.funding_round = panel.funding_round
        cast = votes[application.pk]
        count = voting.count_decision([(choice, amount) for _, _, choice, amount, _ in cast], panel.quorum)
        mine = next((vote[2:] for vote in cast if membership and vote[0] == membership.pk), None)
        rows.append(
            Row(
                application=application,
                standing=standing,
                count=count,
                says=standing_in_words(count, panel.quorum),
                conflicted=application.pk in conflicted,
                my_vote=mine,
                voters=[f"{name} ({note})" if note else name for _, name, _, _, note in cast],
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


def _budget_items(awarded: Decimal, rows: list[Row], elsewhere_label: str) -> list[tuple[str, str, Decimal]]:
    """The budget line's items: what other panels awarded (of `awarded`), this panel's awards,
    then the amounts still proposed here, in rank order."""
    funded_here = [row for row in rows if row.decision is not None and row.decision.is_funded]
    elsewhere = awarded - sum((row.decision.amount_awarded for row in funded_here), Decimal(0))
    items = [(elsewhere_label, "Awarded", elsewhere)] if elsewhere else []
    items += [(row.application.organisation.name, "Awarded", row.decision.amount_awarded) for row in funded_here]
    items += [
        (row.application.organisation.name, row.proposed[1], row.proposed[0])
        for row in rows
        if row.decision is None and row.proposed is not None and row.proposed[0]
    ]
    return items


def budget_summary(panel: Panel, rows: list[Row], money: results.StrandMoney | None = None) -> dict:
    """The budget line, with running totals and where the budget runs out: the round's, or
    (given its `money`) one strand's, whose rows are that strand's shortlist."""
    if money is None:
        budget, awarded = panel.funding_round.budget, results.awarded_so_far(panel.funding_round)
        items = _budget_items(awarded, rows, "The round’s other panels")
    else:
        budget, awarded = money.budget, money.awarded
        items = _budget_items(awarded, rows, "Other panels, in this strand")
    line = voting.budget_line([(index, amount) for index, (_, _, amount) in enumerate(items)], budget)
    first_over = next((row.application_id for row in line if not row.within_budget), None)
    return {
        "rows": [
            BudgetLineRow(label, basis, row.amount, row.cumulative, row.within_budget, row.application_id == first_over)
            for (label, basis, _), row in zip(items, line, strict=True)
        ],
        "budget": budget,
        "awarded": awarded,
        "left": budget - awarded,
    }


@dataclass(frozen=True)
class StrandSection:
    """One strand on the decision page: its money and target, its ranked shortlist, its budget line."""

    money: results.StrandMoney
    rows: list[Row]
    budget: dict

    @property
    def prefix(self) -> str:
        # The section's element ids start with this, so that each strand's are unique on the page.
        return f"strand-{self.money.strand.pk}-"


def strand_sections(panel: Panel, rows: list[Row], strands: results.RoundStrands) -> list[StrandSection]:
    """The decision page per strand, from rows read once (no query per strand)."""
    return [
        StrandSection(money, mine, budget_summary(panel, mine, money))
        for money in strands.strands
        for mine in [[row for row in rows if row.application.strand_id == money.strand.pk]]
    ]


def _decision_context(panel: Panel, membership: PanelMembership | None) -> dict:
    deciding = panel.funding_round.has_reached(FundingRound.Status.DECISION)
    rows = ranked_rows(panel, membership) if deciding else []
    strands = results.strand_money(panel.funding_round) if deciding else results.RoundStrands([], Decimal(0))
    return {
        "strands": strands,
        "strand_sections": strand_sections(panel, rows, strands),
        "transfers": panel.funding_round.strand_transfers.select_related(
            "from_strand__proposal", "to_strand__proposal", "panel"
        ).order_by("recorded_at", "pk")
        if strands
        else [],
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


def _posted(request):
    """The form's data: what was sent on a POST (even nothing, so that its errors show), else None."""
    return request.POST if request.method == "POST" else None


def _not_now(application: Application) -> str:
    if application.funding_round.status != FundingRound.Status.DECISION:
        return "Decision votes are cast during the decision stage."
    return ""


def _cast(request, application: Application, form: DecisionVoteForm) -> bool:
    """Cast the member's decision vote from the form; a refusal goes on the form."""
    not_now = _not_now(application)
    if not_now:
        form.add_error(None, not_now)
        return False
    done, _ = attempt(
        form,
        lambda: services.decisions.cast_decision_vote(actor=request.user, application=application, **form.vote()),
        field=form.amount_field_name,
    )
    return done


@login_required
@require_http_methods(["GET", "POST"])
def decision_vote(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Fund, fund with conditions or decline, with the amount and what is left in the budget."""
    panel = panel_or_404(request.user, pk)
    application = _shortlisted_or_404(panel, application_pk)
    require(request.user, "panels.vote", application)
    vote = Vote.objects.filter(
        membership__user=request.user, application=application, stage=Vote.Stage.DECISION
    ).first()
    form = DecisionVoteForm(_posted(request), initial=DecisionVoteForm.initial_for(vote))
    if request.method == "POST" and form.is_valid() and _cast(request, application, form):
        messages.success(request, f"Your vote on {application.organisation.name} is saved.")
        return redirect("panels:decision_list", panel.pk)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "application": application,
        "form": form,
        "vote": vote,
        "left": panel.funding_round.budget - results.awarded_so_far(panel.funding_round, leaving_out=application),
        "strand_left": results.strand_left(panel.funding_round, application.strand, leaving_out=application)
        if application.strand_id
        else None,
        "not_now": _not_now(application),
        "standing": standing_in_words(results.decision_count(application), panel.quorum),
    }
    return render(request, "panels/decide/decision_vote.html", context)


def _record_context(panel: Panel, application: Application) -> dict:
    """Where the vote stands, what it decides and the conditions that would be recorded."""
    count = results.decision_count(application)
    conditions = results.conditions_given(application)  # asked every time: the page's queries stay the same
    return {
        "panel": panel,
        "funding_round": panel.funding_round,
        "application": application,
        "count": count,
        "outcome_label": FundingDecision.Outcome(count.outcome).label
        if count.outcome in FundingDecision.Outcome.values
        else "",
        "standing": standing_in_words(count, panel.quorum),
        "conditions": conditions if count.outcome == Vote.Choice.FUND_WITH_CONDITIONS else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def decision_record(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Write down what the votes decided, with the panel's reasons. A tie or too few votes is
    explained, and nothing is saved."""
    panel = panel_or_404(request.user, pk)
    application = _shortlisted_or_404(panel, application_pk)
    require(request.user, "panels.record_decision", application)
    decision = getattr(application, "funding_decision", None)
    form = RationaleForm(_posted(request), initial={"rationale": decision.rationale if decision else ""})
    if request.method == "POST" and form.is_valid():
        done, _ = attempt(
            form,
            lambda: services.decisions.record_funding_decision(
                actor=request.user, application=application, rationale=form.cleaned_data["rationale"]
            ),
        )
        if done:
            messages.success(request, f"The panel’s decision on {application.organisation.name} is recorded.")
            return redirect("panels:decision_list", panel.pk)
    context = {**_record_context(panel, application), "decision": decision, "form": form}
    return render(request, "panels/decide/decision_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_write(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Per scored criterion: its strengths and what could be better, for the feedback letter."""
    panel = panel_or_404(request.user, pk)
    application = _shortlisted_or_404(panel, application_pk)
    require(request.user, "panels.write_feedback", application)
    existing = CriterionFeedback.objects.filter(application=application)
    criteria = [criterion for criterion in scored_criteria(panel) if criterion.is_scored_in(application.strand_id)]
    form = FeedbackForm(criteria, _posted(request), initial=FeedbackForm.initial_for(existing))
    if request.method == "POST" and form.is_valid():
        done, _ = attempt(
            form,
            lambda: services.decisions.write_feedback(
                actor=request.user, application=application, feedback=form.feedback()
            ),
            field=form.strengths_name(form.criteria[0]) if form.criteria else None,
        )
        if done:
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
    form = MeetingForm(panel, _posted(request))
    if request.method == "POST" and form.is_valid():
        done, session = attempt(
            form, lambda: services.decisions.record_meeting(actor=request.user, panel=panel, **form.meeting())
        )
        if done:
            messages.success(request, f"The meeting “{session.title}” is recorded.")
            return redirect("panels:panel_decisions", panel.pk)
    context = _decision_context(panel, None)
    answers = [can(request.user, "panels.view_assessments", row.application) for row in context["rows"][:1]]
    scores_refusal = next((answer.reason for answer in answers if not answer.allowed), "")
    sessions = panel.sessions.prefetch_related("attendees__user").order_by("-starts_at", "-pk")
    context.update(form=form, scores_refusal=scores_refusal, sessions=sessions)
    return render(request, "panels/decide/panel_decisions.html", context)


# Strands: moving money between them (a panel decision, with reasons) and trying a portfolio
# before voting (the panel's shared draft, or a member's own; never a vote, never counted).
# Staff and administrators are refused by the policy's veto, whatever seat or grant they hold.


@login_required
@require_http_methods(["GET", "POST"])
def strand_money_move(request: AuthenticatedHttpRequest, pk: int):
    """The panel decides to move money from one strand (or the reserve) to another, with reasons."""
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.move_strand_money", panel)
    strands = results.strand_money(panel.funding_round)
    form = StrandMoveForm(strands.strands, _posted(request), reserve_left=strands.reserve)
    if request.method == "POST" and form.is_valid():
        done, transfer = attempt(
            form,
            lambda: services.strands.move_strand_money(actor=request.user, panel=panel, **form.move()),
            field="amount",
        )
        if done:
            messages.success(request, f"The panel’s decision to move {pounds(transfer.amount)} is recorded.")
            return redirect("panels:decision_list", panel.pk)
    context = {"panel": panel, "funding_round": panel.funding_round, "form": form, "strands": strands}
    return render(request, "panels/decide/strand_money_move.html", context)


def _portfolio(request, pk: int, *, shared: bool):
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.try_portfolio", panel)
    membership = seat_of(request.user, panel)
    rows = ranked_rows(panel, membership)
    open_rows = [row for row in rows if not row.conflicted]
    owner = None if shared else request.user
    draft = PortfolioDraft.objects.filter(panel=panel, owner=owner).select_related("updated_by").first()
    saved = {}
    if draft is not None:
        saved = {choice.application_id: (choice.choice, choice.amount) for choice in draft.choices.all()}
    form = PortfolioForm([row.application for row in open_rows], _posted(request), initial_choices=saved)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt(
            form,
            lambda: services.strands.save_portfolio(
                actor=request.user, panel=panel, shared=shared, choices=form.choices()
            ),
        )
        if done:
            messages.success(
                request,
                "The panel’s portfolio draft is saved." if shared else "Your own portfolio draft is saved.",
            )
            return redirect(request.path)
    strands = results.strand_money(panel.funding_round)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "shared": shared,
        "draft": draft,
        "form": form,
        "rows": [
            (row, form[form.choice_name(row.application)], form[form.amount_name(row.application)]) for row in open_rows
        ],
        "conflicted": [row for row in rows if row.conflicted],
        "totals": _totals(panel, rows, saved, strands),
        "strands": strands,
        "other_url": reverse("panels:portfolio_mine" if shared else "panels:portfolio", args=[panel.pk]),
    }
    return render(request, "panels/decide/portfolio.html", context)


def _totals(panel, rows, saved: dict, strands: results.RoundStrands) -> list[tuple[str, voting.PortfolioTotal]]:
    """The draft's totals per strand and for the round, against the money there is for this
    panel's shortlist: each strand's (or the round's) money less what other panels awarded."""
    decided_here = {}
    for row in rows:
        if row.decision is not None and row.decision.amount_awarded:
            key = row.application.strand_id if strands else None
            decided_here[key] = decided_here.get(key, Decimal(0)) + row.decision.amount_awarded
    if strands:
        available = {
            money.strand.pk: (
                money.budget - money.awarded + decided_here.get(money.strand.pk, Decimal(0)),
                money.target,
            )
            for money in strands.strands
        }
        titles = {money.strand.pk: money.strand.title for money in strands.strands}
    else:
        awarded = results.awarded_so_far(panel.funding_round)
        available = {None: (panel.funding_round.budget - awarded + decided_here.get(None, Decimal(0)), None)}
        titles = {}
    choices = [
        (row.application.strand_id if strands else None, *saved.get(row.application.pk, ("", None))) for row in rows
    ]
    return [(titles.get(total.key, "The whole round"), total) for total in voting.portfolio_totals(choices, available)]


@login_required
@require_http_methods(["GET", "POST"])
def portfolio(request: AuthenticatedHttpRequest, pk: int):
    """The panel's shared portfolio draft: any member may tick fund or decline, before voting."""
    return _portfolio(request, pk, shared=True)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_mine(request: AuthenticatedHttpRequest, pk: int):
    """A member's own portfolio draft, which nobody else sees."""
    return _portfolio(request, pk, shared=False)
