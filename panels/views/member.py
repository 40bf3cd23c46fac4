"""A panel member's screens: panels, induction, declaring interests, reading and scoring, results.

Hiding or refusing: every screen loads its panel through `visible(user, "panels.view_panel")`,
so someone outside the panel gets 404, and an application not given to this panel is 404 too.
Inside the panel, the policy answers 403 with its reason (a conflict, no declaration yet, staff
asking to score). The invitation is the one screen seen before the seat: it loads the person's
own membership instead.

Stages: the panel, its results and "your panels" are about the stage the round is at
(`results.stage_of`): shortlisting scores, then, from the interviews on, the shortlisted
applications' interview scores. Each page reads its rows in a constant number of queries,
including how many members conflicts leave on each application (`with_members_who_can_take_part`).
"""

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from applications.models import Answer
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound, Stage
from commissioning.permissions import can, can_each, require
from panels import results, services
from panels.exceptions import IncompleteAssessment, PanelError
from panels.facts import PanelFacts
from panels.forms.common import attempt, attempt_or_tell
from panels.forms.member import AssessmentForm, InterestForm, InvitationAnswerForm
from panels.lookups import (
    application_or_404,
    below_quorum,
    panel_or_404,
    scored_criteria,
    seat_of,
    with_members_who_can_take_part,
)
from panels.models import (
    REQUIRED_BEFORE_SCORING,
    Assessment,
    InductionModule,
    InterestDeclaration,
    Panel,
    PanelMembership,
    ShortlistOutcome,
)
from panels.permissions import scoring_stage

SHORTLISTING = Assessment.Stage.SHORTLISTING
INTERVIEWS = Assessment.Stage.INTERVIEWS
SUBMITTED = Assessment.Status.SUBMITTED
ACCEPTED = PanelMembership.Status.ACCEPTED
INCLUDED = ShortlistOutcome.Outcome.INCLUDED


def _render(request, template: str, panel: Panel, **context):
    """Every member page shows its panel and round."""
    return render(request, template, {"panel": panel, "funding_round": panel.funding_round, **context})


def _stage_dates(funding_round) -> dict:
    return {
        "shortlisting": funding_round.stage(Stage.Kind.SHORTLISTING),
        "interviews": funding_round.stage(Stage.Kind.INTERVIEWS),
    }


def _bound(form_class, request, *args, **kwargs):
    """The form, filled in from a POST; empty on a GET."""
    return form_class(*args, request.POST if request.method == "POST" else None, **kwargs)


def workload(minutes_per_application: int, count: int) -> str:
    """The honest time a panel asks: "about 28 hours (19 applications × 90 minutes)"."""
    total = minutes_per_application * count
    noun = "application" if count == 1 else "applications"
    sum_in_words = f"{count} {noun} × {minutes_per_application} minutes"
    if total < 60:
        return f"about {total} minutes ({sum_in_words})"
    hours = total / 60
    # Under ten hours a half matters ("about 1.5 hours"); beyond, whole hours, as the sum shows the rest.
    shown = f"{hours:.1f}".removesuffix(".0") if hours < 10 else f"{int(hours)}"
    return f"about {shown} hour{'' if shown == '1' else 's'} ({sum_in_words})"


def progress(scored: int, count: int, stage: str = SHORTLISTING) -> str:
    noun = f"application{'' if count == 1 else 's'}"
    if stage == INTERVIEWS:
        return f"{scored} of {count} shortlisted {noun} scored after interview"
    return f"{scored} of {count} {noun} scored"


@login_required
@require_GET
def panel_list(request: AuthenticatedHttpRequest):
    """Your panels and invitations, each with the honest time it asks and how far you have got."""
    memberships = _current_memberships(request.user)
    for membership in memberships:
        _describe(membership)
    return render(request, "panels/member/panel_list.html", {"memberships": memberships})


def _current_memberships(user):
    """This person's invitations and seats, each counting its applications and their own
    submitted scores at the stage its round is at (at interview, the shortlisted ones): one query."""
    interviews = Q(panel__funding_round__status__in=FundingRound.Status.INTERVIEWS.and_later())
    return (
        PanelMembership.objects.filter(
            user=user, status__in=[PanelMembership.Status.INVITED, PanelMembership.Status.ACCEPTED]
        )
        .select_related("panel__funding_round")
        .prefetch_related("panel__funding_round__stages")
        .annotate(
            application_count=Count("panel__assignments", distinct=True),
            stage_count=Count(
                "panel__assignments",
                filter=~interviews | Q(panel__assignments__application__shortlist_outcome__outcome=INCLUDED),
                distinct=True,
            ),
            scored_count=Count(
                "assessments",
                filter=Q(assessments__status=SUBMITTED)
                & (
                    (~interviews & Q(assessments__stage=SHORTLISTING)) | (interviews & Q(assessments__stage=INTERVIEWS))
                ),
                distinct=True,
            ),
        )
        .order_by("panel__funding_round__title", "panel__name", "pk")
    )


def _describe(membership: PanelMembership) -> None:
    """The honest workload, the progress, and the dates of the panel's stage now (shortlisting,
    the interviews or deciding; before them, shortlisting's)."""
    funding_round = membership.panel.funding_round
    membership.workload = workload(funding_round.minutes_per_application, membership.application_count)
    membership.progress = progress(membership.scored_count, membership.stage_count, results.stage_of(funding_round))
    kind = funding_round.status if funding_round.status in PANEL_STAGES else Stage.Kind.SHORTLISTING
    membership.stage_label = Stage.Kind(kind).label
    membership.stage_dates = funding_round.stage(kind)


PANEL_STAGES = (Stage.Kind.SHORTLISTING, Stage.Kind.INTERVIEWS, Stage.Kind.DECISION)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_answer(request: AuthenticatedHttpRequest, pk: int):
    membership = get_object_or_404(
        PanelMembership.objects.select_related("panel__funding_round").prefetch_related("panel__funding_round__stages"),
        panel_id=pk,
        user=request.user,
    )
    panel = membership.panel
    form = _bound(InvitationAnswerForm, request)
    if request.method == "POST" and form.is_valid() and (answered := _answer_invitation(request, membership, form)):
        return answered
    count = panel.assignments.count()
    return _render(
        request,
        "panels/member/invitation_answer.html",
        panel,
        membership=membership,
        form=form,
        count=count,
        workload=workload(panel.funding_round.minutes_per_application, count),
        **_stage_dates(panel.funding_round),
    )


def _answer_invitation(request, membership: PanelMembership, form: InvitationAnswerForm):
    """Yes or no through the service; where to go next, or None to show the form's error."""
    panel = membership.panel
    answer = partial(services.membership.answer_invitation, actor=request.user, membership=membership)
    if not attempt(form, partial(answer, accept=form.accepted))[0]:
        return None
    if form.accepted:
        messages.success(request, f"Thank you for joining {panel.name}. Start with the induction below.")
        return redirect(panel)
    messages.success(request, f"You said no to {panel.name}. Thank you for letting us know.")
    return redirect("panels:panel_list")


def _panel_assignments(panel: Panel):
    """The panel's applications, with their organisation, shortlist outcome and how many members
    can take part: one query."""
    assignments = panel.assignments.select_related("application__organisation", "application__shortlist_outcome")
    assignments = list(with_members_who_can_take_part(assignments).order_by("application__organisation__name", "pk"))
    for assignment in assignments:  # known already: the policy need not read them again
        assignment.panel = panel
        assignment.application.funding_round = panel.funding_round
    return assignments


@login_required
@require_GET
def panel_detail(request: AuthenticatedHttpRequest, pk: int):
    """The panel's applications, each with what you still have to do at the stage the round is
    at, your induction, and the support arranged for you."""
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.view_panel", panel)
    facts = PanelFacts(request.user, panel)  # read once: the policy answers every row from them
    membership = facts.membership
    if membership is not None:
        membership.panel = panel  # already read with its round, which the expenses rule asks about
    stage = results.stage_of(panel.funding_round)
    assignments = _panel_assignments(panel)
    in_this_stage = [a for a in assignments if results.is_assessed_at(a.application, stage)]
    rows = _rows(request.user, facts, assignments, stage)
    modules, induction_needed = _induction(membership, stage, facts.modules_done)
    scored = sum(1 for row in rows if row.state == "submitted")
    return _render(
        request,
        "panels/member/panel_detail.html",
        panel,
        membership=membership,
        stage=stage,
        rows=rows,
        modules=modules,
        induction_needed=induction_needed,
        progress=progress(scored, len(in_this_stage), stage),
        below_quorum=below_quorum(panel, in_this_stage),
        adjustments=list(membership.adjustments.order_by("recorded_at", "pk")) if membership else [],
        **_stage_dates(panel.funding_round),
    )


@dataclass
class Row:
    application: object
    state: str  # not_shortlisted, declare, conflict, induction, closed, score, draft, submitted
    may_open: bool  # may read the application's details


def _row(application, answer, status, assessed_here: bool) -> Row:
    """What this person still has to do for one application, from the policy's answer
    (`panels.score_application`) and their assessment's status at this stage."""
    if not assessed_here:
        return Row(application, "not_shortlisted", may_open=False)
    if answer.allowed:
        state = {None: "score", SUBMITTED: "submitted"}.get(status, "draft")
    else:
        state = "submitted" if status == SUBMITTED else answer.next_step
    return Row(application, state, may_open=state not in ("declare", "conflict"))


def _rows(user, facts: PanelFacts, assignments, stage: str) -> list[Row]:
    """Each application with what this person still has to do for it at `stage`, as the policy
    answers for the whole panel at once (staff, who have no seat, see the applications only)."""
    applications = [assignment.application for assignment in assignments]
    if facts.membership is None:
        return [Row(application, "staff", may_open=False) for application in applications]
    answers = can_each(user, "panels.score_application", applications, facts=facts)
    statuses = dict(facts.membership.assessments.filter(stage=stage).values_list("application_id", "status"))
    rows = []
    for application in applications:
        assessed_here = results.is_assessed_at(application, stage)
        rows.append(_row(application, answers[application.pk], statuses.get(application.pk), assessed_here))
    return rows


def _induction(membership, stage: str, done: frozenset) -> tuple[list[tuple], bool]:
    """The induction modules (done, needed before scoring at this stage) and whether any needed is not done."""
    required = REQUIRED_BEFORE_SCORING | ({InductionModule.INTERVIEWING} if stage == INTERVIEWS else set())
    modules = [(module, module in done, module in required) for module in InductionModule]
    return modules, membership is not None and not done >= required


@login_required
@require_http_methods(["GET", "POST"])
def induction_module(request: AuthenticatedHttpRequest, pk: int, module: str):
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.view_panel", panel)
    if module not in InductionModule.values:
        raise Http404("There is no such induction module.")
    module = InductionModule(module)
    membership = seat_of(request.user, panel)
    if request.method == "POST":
        if membership is None:
            raise PermissionDenied("Only the panel's members mark their own induction as done.")
        services.membership.complete_induction(actor=request.user, membership=membership, module=module)
        messages.success(request, f"You have finished “{module.label}”.")
        return redirect(panel)
    done = membership is not None and any(completion.module == module for completion in membership.inductions.all())
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "module": module,
        "membership": membership,
        "done": done,
    }
    return render(request, "panels/member/induction_module.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interest_declare(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Only the organisation's name shows here: the details open after the declaration."""
    panel = panel_or_404(request.user, pk)
    application = application_or_404(panel, application_pk)
    require(request.user, "panels.declare_interest", application)
    already = InterestDeclaration.objects.filter(
        membership__panel=panel, membership__user=request.user, application=application
    ).first()
    if request.method != "POST" and already is not None:
        messages.info(request, f"You have already declared your interests for {application.organisation.name}.")
        return redirect(panel)
    form = _bound(InterestForm, request)
    if request.method == "POST" and form.is_valid() and (declared := _declare(request, panel, application, form)):
        return declared
    return _render(request, "panels/member/interest_declare.html", panel, application=application, form=form)


def _declare(request, panel: Panel, application, form: InterestForm):
    """The declaration through the service; where to go next, or None to show the form's error."""
    has_conflict = form.cleaned_data["has_conflict"]
    name = application.organisation.name
    declare = partial(services.scoring.declare_interest, actor=request.user, application=application)
    done, _ = attempt(
        form,
        partial(declare, has_conflict=has_conflict, nature=form.cleaned_data["nature"]),
        field="nature" if has_conflict else None,
    )
    if not done:
        return None
    if has_conflict:
        messages.success(
            request, f"Thank you. You declared a conflict with {name}, so you take no part in its decision."
        )
        return redirect(panel)
    messages.success(request, f"You declared no conflict with {name}.")
    return redirect("panels:application_read", panel.pk, application.pk)


@login_required
@require_GET
def application_read(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    panel = panel_or_404(request.user, pk)
    application = application_or_404(panel, application_pk)
    require(request.user, "panels.view_application", application)
    answers = (
        Answer.objects.filter(application=application)
        .select_related("question__criterion")
        .order_by("question__criterion__position", "question__criterion__pk", "question__position", "question__pk")
    )
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "application": application,
        "answers": answers,
        "may_score": can(request.user, "panels.score_application", application),
    }
    return render(request, "panels/member/application_read.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_score(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    panel = panel_or_404(request.user, pk)
    application = application_or_404(panel, application_pk)
    require(request.user, "panels.score_application", application)
    stage = scoring_stage(application)
    criteria = [criterion for criterion in scored_criteria(panel) if criterion.is_scored_in(application.strand_id)]
    if request.method == "POST":
        # Saved scores are what volunteers send most: a valid save reads nothing it does not need.
        form = AssessmentForm(criteria, request.POST)
        if form.is_valid() and _save_scores(request, application, form):
            return redirect(panel)
    assessment = _own_assessment(request.user, panel, application, stage).prefetch_related("scores").first()
    if request.method != "POST":
        form = AssessmentForm(criteria, initial=AssessmentForm.initial_for(assessment))
    # The applicant's answers to each criterion's questions sit just above its scores, so the
    # scorer need not go back and forth to "Read the application again": one query for all.
    answers = _answers_by_criterion(application)
    for criterion in criteria:
        criterion.their_answers = answers.get(criterion.pk, [])
    return _render(
        request,
        "panels/member/application_score.html",
        panel,
        application=application,
        assessment=assessment,
        stage=stage,
        form=form,
    )


def _answers_by_criterion(application) -> dict[int, list]:
    by_criterion: dict[int, list] = {}
    answers = (
        Answer.objects.filter(application=application)
        .select_related("question")
        .order_by("question__position", "question__pk")
    )
    for answer in answers:
        by_criterion.setdefault(answer.question.criterion_id, []).append(answer)
    return by_criterion


def _save_scores(request, application, form: AssessmentForm) -> bool:
    """Save the scores as a draft, or submit them; False shows the form with what went wrong.
    Scores sent with some missing are kept as a draft, and the missing ones are marked."""
    submit = request.POST.get("action") == "submit"
    name = application.organisation.name
    try:
        services.scoring.save_assessment(
            actor=request.user,
            application=application,
            scores=form.scores(),
            overall_comment=form.cleaned_data["overall_comment"],
            submit=submit,
        )
    except IncompleteAssessment as error:
        form.mark_missing(error.missing)
        # Good news, not an error: it goes in a banner, and the error summary lists only what is missing.
        messages.info(request, "Your scores so far are saved as a draft.")
        return False
    except (PanelError, PermissionDenied) as error:
        form.add_error(None, str(error))
        return False
    if submit:
        messages.success(
            request, f"Your scores for {name} are submitted. You can now see what the other members thought."
        )
    else:
        messages.success(request, f"Your draft scores for {name} are saved.")
    return True


@login_required
@require_http_methods(["GET", "POST"])
def assessment_reopen(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """Take back your own submitted scores to change them, while the stage is open: asks first,
    and the reopening is logged. Only ever your own: the service finds the actor's seat."""
    panel = panel_or_404(request.user, pk)
    application = application_or_404(panel, application_pk)
    require(request.user, "panels.score_application", application)
    score_url = reverse("panels:application_score", args=[panel.pk, application.pk])
    submitted = _own_assessment(request.user, panel, application, scoring_stage(application), status=SUBMITTED).first()
    if submitted is None:
        messages.info(request, f"Your scores for {application.organisation.name} are not submitted, so they are open.")
        return redirect(score_url)
    if request.method == "POST":
        _reopen(request, application)
        return redirect(score_url)
    return _render(
        request, "panels/member/assessment_reopen.html", panel, application=application, assessment=submitted
    )


def _own_assessment(user, panel: Panel, application, stage: str, **filters):
    return Assessment.objects.filter(
        membership__panel=panel, membership__user=user, application=application, stage=stage, **filters
    )


def _reopen(request, application) -> None:
    done, _ = attempt_or_tell(
        request, partial(services.scoring.reopen_assessment, actor=request.user, application=application)
    )
    if done:
        messages.success(
            request,
            f"Your scores for {application.organisation.name} are open again. "
            "Change what you need to, then submit them again.",
        )


def _results_stage(funding_round, asked: str | None) -> tuple[str, list[str]]:
    """The stage whose results to show (the round's, or an earlier one asked for by
    `?stage=`; anything else is ignored) and the stages there are results for."""
    current = results.stage_of(funding_round)
    stages = [SHORTLISTING, INTERVIEWS] if current == INTERVIEWS else [SHORTLISTING]
    return (asked if asked in stages else current), stages


# A large panel's results come as a summary of every application, then the scores by criterion
# this many at a time (a panel of 140 would otherwise be a page of over 400 KB).
RESULTS_PER_PAGE = 5


def _ranked_results(panel: Panel, membership, stage: str, applications: dict) -> list[dict]:
    """The applications in `applications` (those open to this person), ranked on their
    `stage` scores, each with its summary by criterion: one query for the scores."""
    criteria = scored_criteria(panel)
    titles = {criterion.pk: criterion.title for criterion in criteria}
    scores = results.counted_scores(assessment__application_id__in=list(applications), assessment__stage=stage)
    # Scores staff took down from a member's paper sheet say so (one query).
    taken_down = results.taken_down_notes(scores_at=stage, application_id__in=list(applications))
    ranked = []
    standings = results.rank(list(applications), scores, results.weights_of(criteria), stage)
    for number, standing in enumerate(standings):
        application = applications[standing.application_id]
        summaries = [(titles[cid], summary) for cid, summary in standing.result.per_criterion.items()]
        ranked.append(
            {
                "application": application,
                "position": standing.position,
                "is_tied": standing.is_tied,
                "result": standing.result,
                "criteria": summaries,
                "disagreements": [title for title, summary in summaries if summary.disagreement],
                "taken_down": taken_down.get(standing.application_id, []),
                # Your own scores, while their stage is open (the reopen page asks the policy).
                "may_reopen": membership is not None and scoring_stage(application) == stage,
                # Where its scores by criterion are shown (the page of details it falls on).
                "details_page": number // RESULTS_PER_PAGE + 1,
            }
        )
    return ranked


@login_required
@require_GET
def panel_results(request: AuthenticatedHttpRequest, pk: int):
    """What the panel thought at the stage the round is at, for each application you may see
    (`panels.view_assessments`): a member, once they have submitted their own scores for it at
    this stage; staff, once the panel has finished the stage (until then, progress only)."""
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.view_panel", panel)
    facts = PanelFacts(request.user, panel)
    membership = facts.membership
    stage, stages = _results_stage(panel.funding_round, request.GET.get("stage"))
    assignments = [a for a in _panel_assignments(panel) if results.is_assessed_at(a.application, stage)]
    for assignment in assignments:
        assignment.application.funding_round = panel.funding_round
        assignment.application.panel_assignment = assignment
    asked = [results.ScoresAt(assignment.application, stage) for assignment in assignments]
    answers = can_each(request.user, "panels.view_assessments", asked, facts=facts)
    open_to_you = {item.pk: item.application for item in asked if answers[item.pk].allowed}
    refusals = [answer.reason for answer in answers.values() if not answer.allowed]
    ranked = _ranked_results(panel, membership, stage, open_to_you)
    context = {
        "panel": panel,
        "membership": membership,
        "stage": stage,
        "other_stages": [(other, Assessment.Stage(other).label) for other in stages if other != stage],
        "ranked": ranked,
        "details": Paginator(ranked, RESULTS_PER_PAGE).get_page(request.GET.get("page")),
        "waiting": [item.application for item in asked if item.pk not in open_to_you],
        "below_quorum": below_quorum(panel, assignments),
        "refusal": refusals[0] if refusals and membership is None else "",
    }
    return render(request, "panels/member/panel_results.html", {"funding_round": panel.funding_round, **context})
