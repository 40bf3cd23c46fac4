"""The shortlist vote: each member who may take part votes include or not on each application;
the shortlist follows the majority once the quorum has voted, and a tie goes back to the
panel's discussion (panels/voting.py holds the rule).

The page is the panel's (`panels.view_panel`: outsiders get 404); staff see it read-only, with
the standing and who has voted. Every vote goes through `services.shortlist.cast_shortlist_vote`, which
asks the policy (`panels.vote`) and recounts, so a refused vote is 403 with the policy's reason.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import can_each, require, visible
from panels import results, services, voting
from panels.forms.common import attempt_or_tell
from panels.forms.shortlist import ShortlistVoteForm
from panels.models import InterestDeclaration, Panel, PanelMembership, ShortlistOutcome, Vote

Outcome = ShortlistOutcome.Outcome

# A large panel's applications come this many to a page (a form for each of 140 would be a page
# of about 300 KB); a vote brings you back to its own page.
SHORTLIST_PER_PAGE = 20


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
    return PanelMembership.objects.seated().filter(panel=panel, user=user).first()


def _states(user, panel: Panel, applications: list) -> dict[int, str]:
    """What this person can do on each application's row, as the policy answers (`panels.vote`,
    for the whole panel at once): vote; or the way forward it names (declare, finish the
    induction), a conflict, voting closed; or "staff" for those who support the panel."""
    answers = can_each(user, "panels.vote", applications)
    voting_open = panel.funding_round.is_at(FundingRound.Status.SHORTLISTING)
    return {
        pk: ("vote" if voting_open else "closed") if answer.allowed else (answer.next_step or "staff")
        for pk, answer in answers.items()
    }


def _rows(user, panel: Panel, membership: PanelMembership | None) -> list[Row]:
    """Every application given to the panel, with its standing, read in a fixed number of queries
    (the rule's facts are read once for the panel, as on the results page)."""
    assignments = panel.assignments.select_related("application__organisation", "application__shortlist_outcome")
    applications = [a.application for a in assignments.order_by("application__organisation__name", "pk")]
    seated = PanelMembership.objects.seated().filter(panel=panel)
    taking_part = seated.count()
    # A conflict, whenever it came to light, takes a member out of the count for that application.
    conflicts = Counter(
        InterestDeclaration.objects.filter(membership__in=seated, has_conflict=True).values_list(
            "application_id", flat=True
        )
    )
    voters = defaultdict(list)
    # Names only: a large panel has thousands of votes, and rows are cheaper than objects.
    for application_id, full_name, email, *taken_down in (
        Vote.objects.counted()
        .filter(membership__panel=panel, stage=Vote.Stage.SHORTLISTING)
        .order_by("membership__user__full_name", "pk")
        .values_list(
            "application_id", "membership__user__full_name", "membership__user__email", *results.TAKEN_DOWN_OF_VOTE
        )
    ):
        voters[application_id].append(results.voter_name(full_name or email, *taken_down))
    mine = {}
    if membership is not None:
        mine = dict(membership.votes.filter(stage=Vote.Stage.SHORTLISTING).values_list("application_id", "choice"))
    for application in applications:
        application.funding_round = panel.funding_round
    states = _states(user, panel, applications)
    rows = []
    for application in applications:
        outcome = getattr(application, "shortlist_outcome", None)
        include, exclude = (outcome.include_votes, outcome.exclude_votes) if outcome else (0, 0)
        state = states[application.pk]
        row = Row(
            application=application,
            state=state,
            outcome=outcome.outcome if outcome else Outcome.AWAITING,
            standing=standing(outcome.outcome if outcome else Outcome.AWAITING, include, exclude, panel.quorum),
            too_few=voting.below_quorum(taking_part - conflicts[application.pk], panel.quorum),
            voters=voters[application.pk],
            my_vote=mine.get(application.pk),
        )
        rows.append(row)
    return rows


def _page_of(application_pks: list[int], application_pk: int) -> int:
    """The page (of `SHORTLIST_PER_PAGE`) on which an application's row falls, in the page's order."""
    index = application_pks.index(application_pk) if application_pk in application_pks else 0
    return index // SHORTLIST_PER_PAGE + 1


def _with_forms(rows, bound: dict | None) -> None:
    """Vote forms for the rows shown (only those: a form per application is most of the cost)."""
    for row in rows:
        if row.state == "vote":
            data = bound if bound is not None and bound.get("application") == row.application.pk else None
            row.form = ShortlistVoteForm(
                data.get("data") if data else None,
                prefix=f"a{row.application.pk}",
                organisation=row.application.organisation.name,
                initial={"choice": row.my_vote},
            )


def _render(request, panel: Panel, membership, bound=None, status=200):
    rows = _rows(request.user, panel, membership)
    order = [row.application.pk for row in rows]
    number = _page_of(order, bound["application"]) if bound else request.GET.get("page")
    page = Paginator(rows, SHORTLIST_PER_PAGE).get_page(number)
    _with_forms(page.object_list, bound)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "membership": membership,
        "rows": page,
        "voted": sum(1 for row in rows if row.my_vote),
        "total": len(rows),
        "too_few": [row for row in rows if row.too_few],
        "error_form": next((row.form for row in page if row.form is not None and row.form.errors), None),
        "voting_open": panel.funding_round.is_at(FundingRound.Status.SHORTLISTING),
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
    cast = partial(services.shortlist.cast_shortlist_vote, actor=request.user, application=application)
    done, vote = attempt_or_tell(request, partial(cast, include=form.include))
    if done:
        messages.success(
            request, f"Your vote on {application.organisation.name} is recorded: {vote.get_choice_display().lower()}."
        )
    order = panel.assignments.order_by("application__organisation__name", "pk").values_list("application_id", flat=True)
    page = _page_of(list(order), application.pk)
    # Back to the row voted on, on its own page, so that a keyboard user carries on from there.
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{reverse('panels:shortlist', args=[panel.pk])}{query}#row-{application.pk}")
