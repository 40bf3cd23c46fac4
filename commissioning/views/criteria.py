"""The criteria group's screens, invitations and the public round page.

Hiding or refusing: every screen loads its round through `visible(user, "commissioning.view_round")`,
so a round that is not published yet (draft or criteria stage) answers 404 to anyone who is
neither staff nor in its criteria group: they should not learn it exists. Once a round is
published, a criteria screen answers 403 with the policy's reason to someone outside the group.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissioning import plain_english, services
from commissioning.exceptions import RoundError
from commissioning.forms import SetPasswordForm
from commissioning.forms.criteria import (
    CommentForm,
    CriterionForm,
    ResponseForm,
    StrandForm,
    WordingDecisionForm,
    WordingSuggestionForm,
)
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import (
    CriteriaGroupMember,
    Criterion,
    CriterionResponse,
    FundingRound,
    RoundLocked,
    Stage,
    Strand,
    User,
    WordingSuggestion,
)
from commissioning.permissions import can, require, visible

# What a service may refuse with; each becomes a plain-English message and nothing typed is lost.
SERVICE_ERRORS = (PermissionDenied, RoundLocked, RoundError, ValidationError)


def _problems(error: Exception) -> list[str]:
    return list(error.messages) if isinstance(error, ValidationError) else [str(error)]


def _add_errors(form, error: Exception) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else at the top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        for message in _problems(error):
            form.add_error(None, message)


def _round_or_404(user, slug: str) -> FundingRound:
    """The round, or 404 for someone who may not know it exists yet."""
    rounds = visible(user, "commissioning.view_round", FundingRound.objects.select_related("programme"))
    return get_object_or_404(rounds.prefetch_related("stages"), slug=slug)


def _criterion_or_404(user, slug: str, pk: int) -> Criterion:
    """A criterion of this round (another round's criterion is 404), its round already loaded."""
    funding_round = _round_or_404(user, slug)
    criterion = get_object_or_404(
        Criterion.objects.select_related("proposer", "strand"), funding_round=funding_round, pk=pk
    )
    criterion.funding_round = funding_round
    return criterion


def _suggestion_or_404(criterion: Criterion, pk: int) -> WordingSuggestion:
    suggestion = get_object_or_404(criterion.wording_suggestions.all(), pk=pk)
    suggestion.criterion = criterion
    return suggestion


def _group(funding_round: FundingRound) -> list[User]:
    return list(User.objects.filter(criteria_groups__funding_round=funding_round).order_by("full_name", "pk"))


@dataclass
class Responses:
    """Who in the group has answered a criterion, and how, from rows already loaded."""

    responses: list[CriterionResponse]
    waiting_for: list[User]
    group_size: int
    mine: CriterionResponse | None

    @classmethod
    def of(cls, responses, group: list[User], user) -> "Responses":
        responded = {response.member_id for response in responses}
        mine = next((response for response in responses if response.member_id == user.pk), None)
        waiting_for = [member for member in group if member.pk not in responded]
        return cls(list(responses), waiting_for, len(group), mine)

    def _count(self, answer) -> int:
        return sum(1 for response in self.responses if response.answer == answer)

    @property
    def objections(self) -> int:
        return self._count(CriterionResponse.Answer.OBJECT)

    @property
    def concerns(self) -> int:
        return self._count(CriterionResponse.Answer.CONCERN)


# The criteria group's screens ---------------------------------------------------------


@login_required
@require_GET
def criteria_rounds(request: AuthenticatedHttpRequest):
    """Your criteria groups: each round, how many criteria, and how many you still have to answer."""
    withdrawn = Q(criteria__status=Criterion.Status.WITHDRAWN)
    rounds = (
        visible(request.user, "commissioning.view_criteria", FundingRound.objects.all())
        .annotate(
            criteria_count=Count("criteria", filter=~withdrawn, distinct=True),
            agreed_count=Count("criteria", filter=Q(criteria__status=Criterion.Status.AGREED), distinct=True),
            answered_count=Count(
                "criteria__responses", filter=Q(criteria__responses__member=request.user) & ~withdrawn, distinct=True
            ),
            is_member=Exists(CriteriaGroupMember.objects.filter(funding_round=OuterRef("pk"), user=request.user)),
        )
        .prefetch_related("stages")
        .order_by("title", "pk")
    )
    groups = {"now": [], "soon": [], "done": []}
    for funding_round in rounds:
        funding_round.to_answer = funding_round.criteria_count - funding_round.answered_count
        if funding_round.status == FundingRound.Status.CRITERIA:
            groups["now"].append(funding_round)
        elif funding_round.status == FundingRound.Status.DRAFT:
            groups["soon"].append(funding_round)
        else:
            groups["done"].append(funding_round)
    return render(request, "commissioning/criteria/criteria_rounds.html", {"groups": groups})


@login_required
@require_GET
def criteria_list(request: AuthenticatedHttpRequest, slug: str):
    funding_round = _round_or_404(request.user, slug)
    require(request.user, "commissioning.view_criteria", funding_round)
    responses = CriterionResponse.objects.select_related("member").order_by("member__full_name", "pk")
    criteria = funding_round.criteria.select_related("proposer", "strand").prefetch_related(
        Prefetch("responses", queryset=responses)
    )
    group = _group(funding_round)
    rows = [(criterion, Responses.of(criterion.responses.all(), group, request.user)) for criterion in criteria]
    is_member = any(member.pk == request.user.pk for member in group)
    context = {"funding_round": funding_round, "rows": rows, "group": group, "is_member": is_member}
    return render(request, "commissioning/criteria/criteria_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_propose(request: AuthenticatedHttpRequest, slug: str):
    funding_round = _round_or_404(request.user, slug)
    require(request.user, "commissioning.propose_criterion", funding_round)
    strands = Strand.objects.filter(funding_round=funding_round).exclude(proposal__status=Criterion.Status.WITHDRAWN)
    form = CriterionForm(request.POST if request.method == "POST" else None, strands=strands.select_related("proposal"))
    if request.method == "POST" and form.is_valid():
        try:
            criterion = services.propose_criterion(
                actor=request.user, funding_round=funding_round, **form.criterion_fields()
            )
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Your criterion “{criterion.title}” is now on the list for the group to discuss. "
                "Give your own answer below: it counts towards agreeing it.",
            )
            return redirect(criterion)
    context = {"funding_round": funding_round, "form": form}
    return render(request, "commissioning/criteria/criterion_propose.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def strand_propose(request: AuthenticatedHttpRequest, slug: str):
    """Propose a strand: a share of the money for one kind of project, with its target. The
    group then agrees it on its own page, like a criterion."""
    funding_round = _round_or_404(request.user, slug)
    require(request.user, "commissioning.propose_strand", funding_round)
    form = StrandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            strand = services.propose_strand(actor=request.user, funding_round=funding_round, **form.strand_fields())
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The strand “{strand.title}” is now on the list for the group to discuss.")
            return redirect(strand)
    context = {"funding_round": funding_round, "form": form}
    return render(request, "commissioning/criteria/strand_propose.html", context)


def _render_detail(request, criterion: Criterion, *, response_form=None, comment_form=None):
    """The criterion page, also shown again with a form that needs correcting."""
    user = request.user
    responses = list(criterion.responses.select_related("member").order_by("responded_at", "pk"))
    answers = Responses.of(responses, _group(criterion.funding_round), user)
    suggestions = list(criterion.wording_suggestions.select_related("suggested_by").order_by("-created_at", "-pk"))
    pending = [s for s in suggestions if s.status == WordingSuggestion.Status.PENDING]
    terms = plain_english.jargon_terms() if pending else []
    for suggestion in suggestions:
        suggestion.criterion = criterion
        if suggestion in pending:
            suggestion.reports = [
                (f"suggestion-{suggestion.pk}-{name}", label, plain_english.check(getattr(suggestion, name), terms))
                for name, label in (("description", "what it means"), ("what_good_looks_like", "what good looks like"))
            ]
    may_respond = can(user, "commissioning.agree_criterion", criterion)
    may_discuss = can(user, "commissioning.discuss_criterion", criterion)
    context = {
        "funding_round": criterion.funding_round,
        "criterion": criterion,
        "answers": answers,
        "comments": criterion.comments.select_related("author").order_by("created_at", "pk"),
        "pending_suggestions": pending,
        "past_suggestions": [s for s in suggestions if s not in pending],
        "may_respond": may_respond,
        "may_discuss": may_discuss,
        "response_form": response_form or (ResponseForm.for_response(answers.mine) if may_respond else None),
        "comment_form": comment_form or (CommentForm() if may_discuss else None),
    }
    return render(request, "commissioning/criteria/criterion_detail.html", context)


@login_required
@require_GET
def criterion_detail(request: AuthenticatedHttpRequest, slug: str, pk: int):
    criterion = _criterion_or_404(request.user, slug, pk)
    require(request.user, "commissioning.view_criteria", criterion.funding_round)
    return _render_detail(request, criterion)


@login_required
@require_POST
def criterion_respond(request: AuthenticatedHttpRequest, slug: str, pk: int):
    criterion = _criterion_or_404(request.user, slug, pk)
    require(request.user, "commissioning.agree_criterion", criterion)
    form = ResponseForm(request.POST)
    if form.is_valid():
        was = criterion.status
        try:
            services.respond_to_criterion(actor=request.user, criterion=criterion, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            criterion.refresh_from_db(fields=["status", "agreed_at"])
            message = "Your answer is saved."
            if was != criterion.status == Criterion.Status.AGREED:
                message += " With your answer, the group has agreed this criterion."
            elif was != criterion.status == Criterion.Status.PROPOSED:
                message += " This criterion is back under discussion until the objection is resolved."
            messages.success(request, message)
            return redirect(criterion)
    return _render_detail(request, criterion, response_form=form)


@login_required
@require_POST
def criterion_comment(request: AuthenticatedHttpRequest, slug: str, pk: int):
    criterion = _criterion_or_404(request.user, slug, pk)
    require(request.user, "commissioning.discuss_criterion", criterion)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_criterion(actor=request.user, criterion=criterion, body=form.cleaned_data["body"])
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your comment is added to the discussion.")
            return redirect(f"{criterion.get_absolute_url()}#discussion")
    return _render_detail(request, criterion, comment_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_withdraw(request: AuthenticatedHttpRequest, slug: str, pk: int):
    criterion = _criterion_or_404(request.user, slug, pk)
    require(request.user, "commissioning.withdraw_criterion", criterion)
    if request.method == "POST":
        try:
            services.withdraw_criterion(actor=request.user, criterion=criterion)
        except SERVICE_ERRORS as error:
            messages.error(request, " ".join(_problems(error)))
            return redirect(criterion)
        messages.success(
            request,
            f"You withdrew “{criterion.title}”. It stays on the list, marked as withdrawn, with its discussion.",
        )
        return redirect("commissioning:criteria_list", criterion.funding_round.slug)
    context = {"funding_round": criterion.funding_round, "criterion": criterion}
    return render(request, "commissioning/criteria/criterion_withdraw.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def wording_suggest(request: AuthenticatedHttpRequest, slug: str, pk: int):
    criterion = _criterion_or_404(request.user, slug, pk)
    require(request.user, "commissioning.suggest_wording", criterion)
    if request.POST.get("action") == "check":
        # "Check the wording first": the typed words again, with their report, unsaved and without errors.
        form = WordingSuggestionForm(
            initial={name: request.POST.get(name, "") for name in WordingSuggestionForm.base_fields}
        )
    else:
        form = WordingSuggestionForm.for_criterion(criterion, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.suggest_wording(actor=request.user, criterion=criterion, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Your suggestion is sent to {criterion.proposer}. They decide whether to use it."
            )
            return redirect(criterion)
    reports = plain_english.check_fields(form.texts())
    context = {"funding_round": criterion.funding_round, "criterion": criterion, "form": form, "reports": reports}
    return render(request, "commissioning/criteria/wording_suggest.html", context)


@login_required
@require_POST
def wording_decide(request: AuthenticatedHttpRequest, slug: str, pk: int, suggestion_pk: int):
    suggestion = _suggestion_or_404(_criterion_or_404(request.user, slug, pk), suggestion_pk)
    require(request.user, "commissioning.decide_wording", suggestion)
    criterion = suggestion.criterion
    form = WordingDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to use the new wording or keep your own.")
        return redirect(criterion)
    try:
        services.decide_wording(actor=request.user, suggestion=suggestion, accept=form.accept)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(_problems(error)))
        return redirect(criterion)
    if form.accept:
        messages.success(request, "You accepted the new wording. The criterion now uses it; the old words are kept.")
    else:
        messages.success(request, "You kept your own wording. The suggestion stays on the record as declined.")
    return redirect(criterion)


# Invitations -----------------------------------------------------------------------


class _InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The emailed invitation link: choose a password, then straight to the criteria.

    It is Django's reset link (one-time: the token covers the password, so it stops
    working once a password is set), with a welcome in place of "reset"."""

    form_class = SetPasswordForm
    template_name = "commissioning/criteria/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("validlink"):
            context["memberships"] = self.user.criteria_groups.select_related("funding_round").order_by("joined_at")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(actor=form.user, by_reset=True)
        messages.success(self.request, "Welcome. Your password is saved and you are signed in.")
        return response

    def get_success_url(self):
        membership = self.user.criteria_groups.select_related("funding_round").order_by("-joined_at").first()
        if membership is None:
            return reverse("commissioning:home")
        return reverse("commissioning:criteria_list", args=[membership.funding_round.slug])


invitation_accept = _InvitationAcceptView.as_view()


# The public round page -------------------------------------------------------------


@require_GET
def round_detail(request: HttpRequest, slug: str):
    """A round as the public sees it once published; staff and the group see it earlier."""
    funding_round = _round_or_404(request.user, slug)
    require(request.user, "commissioning.view_round", funding_round)
    # The agreed criteria and strands in one read: a strand is agreed as a criterion is.
    everything = list(funding_round.criteria.filter(status=Criterion.Status.AGREED).select_related("strand"))
    agreed = [criterion for criterion in everything if not criterion.is_strand]
    strands = [criterion.strand for criterion in everything if criterion.is_strand]
    agreed_by = (
        CriterionResponse.objects.filter(
            criterion__funding_round=funding_round,
            criterion__status=Criterion.Status.AGREED,
            member__criteria_groups__funding_round=funding_round,
        )
        .values("member")
        .distinct()
        .count()
    )
    context = {
        "funding_round": funding_round,
        "agreed_criteria": agreed,
        "strands": strands,
        "reserve": funding_round.budget - sum(strand.budget_share for strand in strands),
        "agreed_by": agreed_by,
        "agreed_on": max((criterion.agreed_at for criterion in agreed), default=None),
        "open_stage": funding_round.stage(Stage.Kind.OPEN),
        "questions": funding_round.questions.all(),
    }
    return render(request, "commissioning/round_detail.html", context)
