"""The shortlist vote: each member who may take part votes include or not on each application;
the shortlist follows the majority once the quorum has voted, and a tie goes back to the
panel's discussion (panels/voting.py holds the rule).

The page is the panel's (`panels.view_panel`: outsiders get 404); staff see it read-only, with
the standing and who has voted. Every vote goes through `services.shortlist.cast_shortlist_vote`, which
asks the policy (`panels.vote`) and recounts, so a refused vote is 403 with the policy's reason.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import require, visible
from panels import services, voting
from panels.exceptions import PanelError
from panels.forms.shortlist import ShortlistVoteForm
from panels.models import REQUIRED_BEFORE_SCORING, InterestDeclaration, Panel, PanelMembership, ShortlistOutcome, Vote

Outcome = ShortlistOutcome.Outcome


def standing(outcome: str, include: int, exclude: int, quorum: int) -> str:
    """Where the vote on one application stands, in the words the panel reads."""
    if outcome == Outcome.TIE:
        return f"A tie ({include} include, {exclude} do not include): talk it through together and vote again"
    if outcome == Outcome.INCLUDED:
        return f"{include} include, {exclude} do not include: shortlisted"
    if outcome == Outcome.NOT_INCLUDED:
        return f"{include} include, {exclude} do not include: not shortlisted"
    return f"Waiting for votes: {include + exclude} of the quorum of {quorum}"


@dataclass
class Row:
    application: Application
    state: str  # declare, conflict, induction, vote, closed, staff
    standing: str
    outcome: str
    too_few: bool
    voters: list[str] = field(default_factory=list)
    my_vote: str | None = None
    form: ShortlistVoteForm | None = None


def _panel_or_404(user, pk: int) -> Panel:
    return get_object_or_404(visible(user, "panels.view_panel", Panel.objects.select_related("funding_round")), pk=pk)


def _seat(user, panel: Panel) -> PanelMembership | None:
    return (
        PanelMembership.objects.filter(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED)
        .prefetch_related("inductions", "declarations")
        .first()
    )


def _member_state(membership, declarations: dict, inducted: bool, application_id: int, voting_open: bool) -> str:
    if membership is None:
        return "staff"
    if application_id not in declarations:
        return "declare"
    if declarations[application_id]:
        return "conflict"
    if not inducted:
        return "induction"
    return "vote" if voting_open else "closed"


def _rows(panel: Panel, membership: PanelMembership | None, bound: dict | None = None) -> list[Row]:
    """Every application given to the panel, with its standing, read in a fixed number of queries
    (the rule's facts are read once for the panel, as on the results page)."""
    assignments = panel.assignments.select_related("application__organisation", "application__shortlist_outcome")
    applications = [a.application for a in assignments.order_by("application__organisation__name", "pk")]
    seated = panel.memberships.filter(status=PanelMembership.Status.ACCEPTED).count()
    conflicted = defaultdict(set)
    for application_id, membership_id in InterestDeclaration.objects.filter(
        membership__panel=panel, membership__status=PanelMembership.Status.ACCEPTED, has_conflict=True
    ).values_list("application_id", "membership_id"):
        conflicted[application_id].add(membership_id)
    voters = defaultdict(list)
    for vote in (
        Vote.objects.filter(membership__panel=panel, stage=Vote.Stage.SHORTLISTING)
        .select_related("membership__user")
        .order_by("membership__user__full_name", "pk")
    ):
        if vote.membership_id not in conflicted[vote.application_id]:
            voters[vote.application_id].append(vote.membership.user.full_name or vote.membership.user.email)
    declarations, mine, inducted = {}, {}, False
    if membership is not None:
        declarations = {d.application_id: d.has_conflict for d in membership.declarations.all()}
        mine = dict(membership.votes.filter(stage=Vote.Stage.SHORTLISTING).values_list("application_id", "choice"))
        inducted = {c.module for c in membership.inductions.all()} >= REQUIRED_BEFORE_SCORING
    voting_open = panel.funding_round.status == FundingRound.Status.SHORTLISTING
    rows = []
    for application in applications:
        outcome = getattr(application, "shortlist_outcome", None)
        include, exclude = (outcome.include_votes, outcome.exclude_votes) if outcome else (0, 0)
        state = _member_state(membership, declarations, inducted, application.pk, voting_open)
        row = Row(
            application=application,
            state=state,
            outcome=outcome.outcome if outcome else Outcome.AWAITING,
            standing=standing(outcome.outcome if outcome else Outcome.AWAITING, include, exclude, panel.quorum),
            too_few=voting.below_quorum(seated - len(conflicted[application.pk]), panel.quorum),
            voters=voters[application.pk],
            my_vote=mine.get(application.pk),
        )
        if state == "vote":
            data = bound if bound is not None and bound.get("application") == application.pk else None
            row.form = ShortlistVoteForm(
                data.get("data") if data else None,
                prefix=f"a{application.pk}",
                organisation=application.organisation.name,
                initial={"choice": row.my_vote},
            )
        rows.append(row)
    return rows


def _render(request, panel: Panel, membership, bound=None, status=200):
    rows = _rows(panel, membership, bound)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "membership": membership,
        "rows": rows,
        "too_few": [row for row in rows if row.too_few],
        "error_form": next((row.form for row in rows if row.form is not None and row.form.errors), None),
        "voting_open": panel.funding_round.status == FundingRound.Status.SHORTLISTING,
    }
    return render(request, "panels/vote/shortlist.html", context, status=status)


@login_required
@require_GET
def shortlist(request: AuthenticatedHttpRequest, pk: int):
    """The shortlist vote: your vote on each application and where the panel's vote stands."""
    panel = _panel_or_404(request.user, pk)
    require(request.user, "panels.view_panel", panel)
    return _render(request, panel, _seat(request.user, panel))


@login_required
@require_POST
def shortlist_vote(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """One member's vote on one application. Voting again changes the vote."""
    panel = _panel_or_404(request.user, pk)
    application = get_object_or_404(
        Application.objects.select_related("organisation", "panel_assignment"),
        pk=application_pk,
        panel_assignment__panel=panel,
    )
    application.funding_round = panel.funding_round
    application.panel_assignment.panel = panel
    require(request.user, "panels.vote", application)
    form = ShortlistVoteForm(request.POST, prefix=f"a{application.pk}", organisation=application.organisation.name)
    if not form.is_valid():
        bound = {"application": application.pk, "data": request.POST}
        return _render(request, panel, _seat(request.user, panel), bound)
    try:
        vote = services.shortlist.cast_shortlist_vote(actor=request.user, application=application, include=form.include)
    except PanelError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Your vote on {application.organisation.name} is recorded: {vote.get_choice_display().lower()}."
        )
    return redirect("panels:shortlist", panel.pk)
