"""Staff screens: programmes, rounds, timeline, questions, the criteria group, moving a round on.

Each view loads its object, asks the policy with `require()`, binds a form and hands the
work to a service. A domain error becomes a plain-English message on the page, and
nothing the person typed is lost.
"""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissioning import services
from commissioning.exceptions import GatesNotMet, OutboxError, RoundError, TimelineError
from commissioning.forms.staff import InviteForm, JargonForm, ProgrammeForm, QuestionForm, RoundForm, TimelineForm
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import Criterion, FundingRound, JargonTerm, OutgoingEmail, Programme, Question, RoundLocked
from commissioning.permissions import can, require
from commissioning.plain_english import check_fields

# What a service may refuse with; each carries a message a person can read.
DOMAIN_ERRORS = (RoundError, RoundLocked, PermissionDenied, ValidationError)

# "‘New projects 2018’ is now open for applications": where a round has just moved to.
MOVED_TO = {
    FundingRound.Status.CRITERIA: "is now with the criteria group, to agree its criteria",
    FundingRound.Status.OPEN: "is now open for applications",
    FundingRound.Status.ELIGIBILITY: "is now closed to applications: eligibility checks can start",
    FundingRound.Status.SHORTLISTING: "is now at the shortlisting stage",
    FundingRound.Status.INTERVIEWS: "is now at the interview stage",
    FundingRound.Status.DECISION: "is now at the decision stage",
    FundingRound.Status.FEEDBACK: "is now at the feedback stage",
    FundingRound.Status.CLOSED: "is now closed",
}


def _say(error: Exception) -> str:
    """A refusal's message, as a sentence."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _show_on_form(form, error: Exception) -> None:
    """Put a service's refusal on the form: beside its field when it names one, else at the top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, _say(error))


# Programmes and rounds -------------------------------------------------------------------


@login_required
@require_GET
def round_list(request: AuthenticatedHttpRequest):
    require(request.user, "commissioning.manage_rounds")
    rounds = FundingRound.objects.order_by("-created_at", "-pk").prefetch_related("stages")
    programmes = Programme.objects.order_by("name", "pk").prefetch_related(Prefetch("rounds", queryset=rounds))
    return render(request, "commissioning/staff/round_list.html", {"programmes": programmes})


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthenticatedHttpRequest):
    require(request.user, "commissioning.manage_rounds")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(actor=request.user, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            messages.success(request, f"‘{programme}’ is set up. You can now add its funding rounds.")
            return redirect("commissioning:round_list")
    return render(request, "commissioning/staff/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    require(request.user, "commissioning.manage_rounds", programme)
    form = ProgrammeForm(request.POST or None, instance=copy(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(actor=request.user, programme=programme, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            messages.success(request, f"Your changes to ‘{programme}’ are saved.")
            return redirect("commissioning:round_list")
    return render(request, "commissioning/staff/programme_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedHttpRequest, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    require(request.user, "commissioning.manage_rounds", programme)
    form = RoundForm(request.POST or None, instance=FundingRound(programme=programme))
    if request.method == "POST" and form.is_valid():
        try:
            funding_round = services.create_round(actor=request.user, programme=programme, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            # On to the next step of setting up a round, its timeline, with the plain-English
            # check's verdict on the summary (the round's edit page gives its full advice).
            summary = check_fields({"summary": funding_round.summary})["summary"]
            advice = "" if summary.is_clear else " You can make it plainer from the round's page."
            messages.success(
                request,
                f"‘{funding_round}’ is saved as a draft. Plain English check of its summary: {summary.meaning}"
                f"{advice} Next, set its timeline.",
            )
            return redirect("commissioning:round_timeline", funding_round.slug)
    return render(request, "commissioning/staff/round_form.html", {"form": form, "programme": programme})


@login_required
@require_GET
def round_manage(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(
        FundingRound.objects.select_related("programme")
        .prefetch_related("stages", "criteria", "questions")
        .annotate(group_size=Count("criteria_group")),
        slug=slug,
    )
    require(request.user, "commissioning.manage_rounds", funding_round)
    criteria = funding_round.criteria.all()
    criteria_counts = [(status.label, sum(c.status == status for c in criteria)) for status in Criterion.Status]
    return render(
        request,
        "commissioning/staff/round_manage.html",
        {
            "funding_round": funding_round,
            "criteria_counts": criteria_counts,
            "gate_failures": funding_round.gate_failures(),
            "recovery_warnings": funding_round.recovery_warnings(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound.objects.select_related("programme"), slug=slug)
    require(request.user, "commissioning.edit_round", funding_round)
    form = RoundForm(request.POST or None, instance=copy(funding_round))
    if request.method == "POST" and form.is_valid():
        try:
            funding_round = services.update_round(actor=request.user, funding_round=funding_round, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            messages.success(request, f"Your changes to ‘{funding_round}’ are saved.")
            return redirect("commissioning:round_edit", funding_round.slug)
    reports = check_fields({"summary": form["summary"].value() or ""})
    return render(
        request,
        "commissioning/staff/round_form.html",
        {"form": form, "programme": funding_round.programme, "funding_round": funding_round, "reports": reports},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_timeline(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound.objects.prefetch_related("stages"), slug=slug)
    require(request.user, "commissioning.edit_timeline", funding_round)
    form = TimelineForm(request.POST or None, funding_round=funding_round)
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.set_timeline(actor=request.user, funding_round=funding_round, dates=form.dates())
        except TimelineError as error:
            form.add_timeline_errors(error.errors)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            if warnings:
                # Back to the form, where the warning says which stages leave too little rest.
                messages.success(
                    request,
                    f"The timeline for ‘{funding_round}’ is saved. Volunteers would get less rest than this "
                    "round promises: read the warning.",
                )
                return redirect("commissioning:round_timeline", funding_round.slug)
            messages.success(request, f"The timeline for ‘{funding_round}’ is saved.")
            return redirect("commissioning:round_manage", funding_round.slug)
    return render(
        request,
        "commissioning/staff/round_timeline.html",
        {"form": form, "funding_round": funding_round, "recovery_warnings": funding_round.recovery_warnings()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_advance(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(
        FundingRound.objects.prefetch_related("stages", "criteria", "questions"), slug=slug
    )
    require(request.user, "commissioning.advance_round", funding_round)
    if request.method == "POST":
        try:
            moved = services.advance_round(actor=request.user, funding_round=funding_round)
        except GatesNotMet as error:
            messages.error(
                request,
                f"‘{funding_round}’ cannot move to ‘{funding_round.next_status.label}’ yet. "
                + " ".join(error.failures),
            )
            return redirect("commissioning:round_advance", funding_round.slug)
        except DOMAIN_ERRORS as error:
            messages.error(request, _say(error))
            return redirect("commissioning:round_advance", funding_round.slug)
        messages.success(request, f"‘{moved}’ {MOVED_TO[moved.status]}")
        return redirect("commissioning:round_manage", moved.slug)
    return render(
        request,
        "commissioning/staff/round_advance.html",
        {"funding_round": funding_round, "gate_failures": funding_round.gate_failures()},
    )


# Questions on the application form -----------------------------------------------------


@login_required
@require_GET
def question_list(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    require(request.user, "commissioning.manage_rounds", funding_round)
    questions = funding_round.questions.select_related("criterion").order_by(
        "criterion__position", "criterion_id", "position", "pk"
    )
    return render(
        request,
        "commissioning/staff/question_list.html",
        {
            "funding_round": funding_round,
            "questions": questions,
            "may_edit": can(request.user, "commissioning.edit_round", funding_round),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    require(request.user, "commissioning.edit_round", funding_round)
    form = QuestionForm(
        request.POST or None, funding_round=funding_round, instance=Question(funding_round=funding_round)
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(actor=request.user, funding_round=funding_round, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            messages.success(request, "The question is added. Read the plain-English check of its words.")
            return redirect("commissioning:question_edit", funding_round.slug, question.pk)
    return render(request, "commissioning/staff/question_form.html", {"form": form, "funding_round": funding_round})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedHttpRequest, slug: str, pk: int):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    question = get_object_or_404(funding_round.questions.select_related("criterion"), pk=pk)
    require(request.user, "commissioning.edit_round", funding_round)
    form = QuestionForm(request.POST or None, funding_round=funding_round, instance=copy(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(actor=request.user, question=question, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            messages.success(request, "Your changes to the question are saved.")
            return redirect("commissioning:question_edit", funding_round.slug, question.pk)
    reports = check_fields({"text": form["text"].value() or "", "help_text": form["help_text"].value() or ""})
    return render(
        request,
        "commissioning/staff/question_form.html",
        {"form": form, "funding_round": funding_round, "question": question, "reports": reports},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_remove(request: AuthenticatedHttpRequest, slug: str, pk: int):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    question = get_object_or_404(funding_round.questions.select_related("criterion"), pk=pk)
    require(request.user, "commissioning.edit_round", funding_round)
    if request.method == "POST":
        try:
            services.remove_question(actor=request.user, question=question)
        except DOMAIN_ERRORS as error:
            messages.error(request, _say(error))
            return redirect("commissioning:question_list", funding_round.slug)
        messages.success(request, f"The question “{question.text}” is removed.")
        return redirect("commissioning:question_list", funding_round.slug)
    return render(
        request, "commissioning/staff/question_remove.html", {"funding_round": funding_round, "question": question}
    )


# The criteria group -----------------------------------------------------------------------


def _invite_error_field(error: RoundError) -> str:
    """The invitation field a refusal is about: the name when it asks for one, else the email."""
    return "full_name" if "full name" in str(error) else "email"


@login_required
@require_http_methods(["GET", "POST"])
def criteria_group(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    require(request.user, "commissioning.manage_rounds", funding_round)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "commissioning.manage_criteria_group", funding_round)
        if form.is_valid():
            try:
                membership = services.add_criteria_group_member(
                    actor=request.user, funding_round=funding_round, **form.cleaned_data
                )
            except RoundError as error:
                form.add_error(_invite_error_field(error), str(error))
            except DOMAIN_ERRORS as error:
                _show_on_form(form, error)
            else:
                messages.success(request, f"{membership.user} is in the criteria group. We have sent them an email.")
                return redirect("commissioning:criteria_group", funding_round.slug)
    progress = services.criteria_response_progress(funding_round)
    return render(
        request,
        "commissioning/staff/criteria_group.html",
        {
            "form": form,
            "funding_round": funding_round,
            "progress": progress,
            "behind": [member for member, answered, total in progress if answered < total],
            "may_manage": can(request.user, "commissioning.manage_criteria_group", funding_round),
        },
    )


@login_required
@require_POST
def criteria_group_remind(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    require(request.user, "commissioning.manage_criteria_group", funding_round)
    try:
        count = services.remind_criteria_group(actor=request.user, funding_round=funding_round)
    except DOMAIN_ERRORS as error:
        messages.error(request, _say(error))
        return redirect("commissioning:criteria_group", funding_round.slug)
    if count:
        messages.success(request, f"Reminder sent to {count} {'person' if count == 1 else 'people'}")
    else:
        messages.success(request, "Nobody needed a reminder: everyone has responded to every criterion")
    return redirect("commissioning:criteria_group", funding_round.slug)


# The plain-English word list ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def jargon_list(request: AuthenticatedHttpRequest):
    require(request.user, "commissioning.edit_jargon")
    form = JargonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jargon = services.add_jargon_term(actor=request.user, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            _show_on_form(form, error)
        else:
            messages.success(
                request, f"“{jargon.term}” is on the list. The plain-English check will suggest “{jargon.plainer}”."
            )
            return redirect("commissioning:jargon_list")
    return render(request, "commissioning/staff/jargon_list.html", {"form": form, "terms": JargonTerm.objects.all()})


@login_required
@require_POST
def jargon_remove(request: AuthenticatedHttpRequest, pk: int):
    jargon = get_object_or_404(JargonTerm, pk=pk)
    require(request.user, "commissioning.edit_jargon", jargon)
    try:
        services.remove_jargon_term(actor=request.user, jargon=jargon)
    except DOMAIN_ERRORS as error:
        messages.error(request, _say(error))
    else:
        messages.success(request, f"“{jargon.term}” is no longer on the list.")
    return redirect("commissioning:jargon_list")


# The outbox -----------------------------------------------------------------------------


@login_required
@require_GET
def outbox(request: AuthenticatedHttpRequest):
    require(request.user, "commissioning.view_outbox")
    stuck = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).order_by("-created_at", "-pk")
    page = Paginator(stuck, 50).get_page(request.GET.get("page"))
    return render(request, "commissioning/staff/outbox.html", {"page": page})


@login_required
@require_POST
def outbox_send_again(request: AuthenticatedHttpRequest, pk: int):
    email = get_object_or_404(OutgoingEmail, pk=pk)
    require(request.user, "commissioning.send_email_again", email)
    try:
        services.send_email_again(actor=request.user, email=email)
    except OutboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The email “{email.subject}” to {', '.join(email.to)} is being sent again.")
    return redirect("commissioning:outbox")
