"""An application: its task list, sections, answers, check, submit and withdraw.

Hiding or refusing: every screen loads its application through
`visible(user, "applications.view_application")`, so another organisation's application
(and, for staff, anyone's draft) answers 404. Changing it then asks the policy, which
answers 403 with its reason once the application is sent or the round has closed.

Saving a draft never loses what was typed: refused answers are shown again on the form, and
a save based on an older version is set aside by the service for the person to compare.
The section and project screens also answer the page's autosave (a `fetch` with
`X-Requested-With: XMLHttpRequest`) with JSON instead of a page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import progress, services
from applications.exceptions import ApplicationError, DraftConflict, InvalidAnswers
from applications.forms.application import DeclarationForm, ProjectForm, SectionForm, question_field_name
from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import Criterion, Question
from commissioning.permissions import can, require, visible
from commissioning.plain_english import word_count
from commissioning.templatetags.money import money

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"

# What every screen of an application shows: the round (with its stages, for the deadline),
# the organisation and who saved last.
RELATIONS = ("funding_round__programme", "organisation", "updated_by", "strand__proposal")
# The round's questions with their criteria, and the answers: a whole application in two queries.
QUESTIONS_AND_ANSWERS = (
    Prefetch("funding_round__questions", queryset=Question.objects.select_related("criterion")),
    "answers",
)


def _application_or_404(user, pk: int, *prefetch) -> Application:
    """The application, or 404 for someone who may not know it exists."""
    applications = visible(user, "applications.view_application", Application.objects.select_related(*RELATIONS))
    return get_object_or_404(applications.prefetch_related("funding_round__stages", *prefetch), pk=pk)


def _is_autosave(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


# The task list, built from rows already loaded ------------------------------------------


@dataclass
class Section:
    """The questions serving one criterion, each with the answer saved so far."""

    criterion: Criterion
    items: list[tuple[Question, str]]

    @property
    def questions(self) -> list[Question]:
        return [question for question, _ in self.items]

    @property
    def status(self) -> str:
        if not any(text.strip() for _, text in self.items):
            return NOT_STARTED
        finished = all(
            (text.strip() or not question.is_required) and word_count(text) <= question.word_limit
            for question, text in self.items
        )
        return COMPLETED if finished else IN_PROGRESS

    def get_absolute_url(self, application: Application) -> str:
        return reverse("applications:application_section", args=[application.pk, self.criterion.pk])


def _sections(application: Application) -> list[Section]:
    """One section per criterion that has questions, in the criteria's order (needs QUESTIONS_AND_ANSWERS)."""
    answers = {answer.question_id: answer.text for answer in application.answers.all()}
    sections: dict[int, Section] = {}
    for question in application.funding_round.questions.all():
        if not question.is_asked_in(application.strand_id):
            continue
        section = sections.setdefault(question.criterion_id, Section(question.criterion, []))
        section.items.append((question, answers.get(question.pk, "")))
    return sorted(sections.values(), key=lambda section: (section.criterion.position, section.criterion.pk))


def _project_status(application: Application) -> str:
    filled = [bool(application.project_title.strip()), application.amount_requested is not None]
    return COMPLETED if all(filled) else IN_PROGRESS if any(filled) else NOT_STARTED


def _missing(application: Application, sections: list[Section]) -> list[tuple[str, str]]:
    """What still stops the draft being sent, each with a link to the place to put it right."""
    project_url = reverse("applications:application_project", args=[application.pk])
    section_of = {question.pk: section for section in sections for question in section.questions}

    def place(question) -> str:
        if question is None or question.pk not in section_of:
            return project_url
        return f"{section_of[question.pk].get_absolute_url(application)}#id_{question_field_name(question)}"

    return [(message, place(question)) for message, question in services.missing_for_submission(application)]


# Saving a draft ---------------------------------------------------------------------------


def _save(request, application: Application, form, **fields) -> Application | None:
    """Save what the form holds. On a refusal, return None with the reasons on the form:
    each answer's on its own field, a conflict on `form.conflict` with the version set aside."""
    form.conflict = None
    try:
        return services.save_draft(
            actor=request.user, application=application, based_on_version=form.cleaned_data["version"], **fields
        )
    except DraftConflict as error:
        form.conflict = error
    except InvalidAnswers as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
    return None


def _compare_url(application: Application, conflict: DraftConflict) -> str:
    return reverse("applications:draft_compare", args=[application.pk, conflict.set_aside.pk])


def _autosave_answer(application: Application, saved: Application | None, form) -> JsonResponse:
    """The page's autosave: when it was saved and the new version, or why not."""
    if saved is not None:
        saved_at = timezone.localtime(saved.updated_at).strftime("%H:%M")
        return JsonResponse({"saved_at": saved_at, "version": saved.version})
    if getattr(form, "conflict", None) is not None:
        return JsonResponse(
            {"conflict": _compare_url(application, form.conflict), "message": str(form.conflict)}, status=409
        )
    errors = {name: " ".join(problems) for name, problems in form.errors.items()}
    return JsonResponse({"errors": errors}, status=422)


def _editing_context(application: Application, form) -> dict:
    conflict = getattr(form, "conflict", None)
    return {
        "application": application,
        "funding_round": application.funding_round,
        "conflict": conflict,
        "compare_url": _compare_url(application, conflict) if conflict else None,
    }


def _status(context: dict) -> int:
    # A conflict is not a success: the page says so, with the way to both versions.
    return 409 if context["conflict"] else 200


# The screens -----------------------------------------------------------------------------------


@login_required
@require_GET
def application_detail(request: AuthenticatedHttpRequest, pk: int):
    """A draft's task list; once sent, the applicant's status page."""
    application = _application_or_404(request.user, pk, *QUESTIONS_AND_ANSWERS, "attachments")
    require(request.user, "applications.view_application", application)
    sections = _sections(application)
    context = {
        "application": application,
        "funding_round": application.funding_round,
        "sections": sections,
        "project_status": _project_status(application),
        "attachments": application.attachments.all(),
        "is_complete": not services.missing_for_submission(application),
        "steps": progress.steps_for(application),
    }
    return render(request, "applications/application/application_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_project(request: AuthenticatedHttpRequest, pk: int):
    application = _application_or_404(request.user, pk)
    require(request.user, "applications.edit_application", application)
    form = ProjectForm.for_application(application, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = _save(request, application, form, **form.project_fields()) if form.is_valid() else None
        if _is_autosave(request):
            return _autosave_answer(application, saved, form)
        if saved:
            messages.success(request, "Your project title and amount are saved.")
            return redirect(application)
    context = _editing_context(application, form)
    # After a conflict what they typed is kept aside; the boxes show the draft as it is now saved.
    context["form"] = ProjectForm.for_application(application) if context["conflict"] else form
    return render(request, "applications/application/application_project.html", context, status=_status(context))


@login_required
@require_http_methods(["GET", "POST"])
def application_section(request: AuthenticatedHttpRequest, pk: int, criterion_pk: int):
    application = _application_or_404(request.user, pk, *QUESTIONS_AND_ANSWERS)
    require(request.user, "applications.edit_application", application)
    sections = _sections(application)
    position = next((i for i, section in enumerate(sections) if section.criterion.pk == criterion_pk), None)
    if position is None:
        raise Http404("This application has no section for that criterion.")
    section = sections[position]
    form = SectionForm.for_section(section, application.version, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = _save(request, application, form, answers=form.answers()) if form.is_valid() else None
        if _is_autosave(request):
            return _autosave_answer(application, saved, form)
        if saved:
            messages.success(request, f"Your answers for “{section.criterion.title}” are saved.")
            if request.POST.get("action") == "continue" and position + 1 < len(sections):
                return redirect(sections[position + 1].get_absolute_url(application))
            return redirect(application)
    context = _editing_context(application, form)
    context.update(
        section=section,
        position=position + 1,
        section_count=len(sections),
        form=SectionForm.for_section(section, application.version) if context["conflict"] else form,
    )
    return render(request, "applications/application/application_section.html", context, status=_status(context))


def _render_check(request, application: Application, form: DeclarationForm):
    sections = _sections(application)
    context = {
        "application": application,
        "funding_round": application.funding_round,
        "sections": sections,
        "attachments": application.attachments.all(),
        "missing": _missing(application, sections),
        "form": form,
    }
    return render(request, "applications/application/application_check.html", context)


@login_required
@require_GET
def application_check(request: AuthenticatedHttpRequest, pk: int):
    application = _application_or_404(request.user, pk, *QUESTIONS_AND_ANSWERS, "attachments")
    require(request.user, "applications.edit_application", application)
    return _render_check(request, application, DeclarationForm())


@login_required
@require_POST
def application_submit(request: AuthenticatedHttpRequest, pk: int):
    application = _application_or_404(request.user, pk, *QUESTIONS_AND_ANSWERS, "attachments")
    if not application.is_draft:
        # A second press of "Send", or the back button: it went the first time.
        messages.info(request, f"This application was already sent, with the reference {application.reference}.")
        return redirect(application)
    require(request.user, "applications.edit_application", application)
    form = DeclarationForm(request.POST)
    form.is_valid()
    try:
        services.submit_application(
            actor=request.user, application=application, declaration=form.cleaned_data["declaration"]
        )
    except InvalidAnswers as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _render_check(request, application, form)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:application_check", application.pk)
    return redirect("applications:application_confirmation", application.pk)


@login_required
@require_GET
def application_confirmation(request: AuthenticatedHttpRequest, pk: int):
    application = _application_or_404(request.user, pk)
    require(request.user, "applications.view_application", application)
    if application.is_draft or application.status == Application.Status.WITHDRAWN:
        return redirect(application)
    submitter = application.updated_by or application.created_by
    recipients = sorted({submitter.email, application.organisation.main_contact.email})
    context = {"application": application, "funding_round": application.funding_round, "recipients": recipients}
    return render(request, "applications/application/application_confirmation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: AuthenticatedHttpRequest, pk: int):
    application = _application_or_404(request.user, pk)
    require(request.user, "applications.withdraw_application", application)
    if request.method == "POST":
        services.withdraw_application(actor=request.user, application=application)
        messages.success(
            request,
            f"You withdrew your application {application.reference}. The panel will not see it, "
            "and nothing more will happen to it.",
        )
        return redirect(application)
    context = {"application": application, "funding_round": application.funding_round}
    return render(request, "applications/application/application_withdraw.html", context)


@dataclass
class ComparedField:
    label: str
    set_aside: str
    saved: str
    url: str

    @property
    def is_different(self) -> bool:
        return self.set_aside.strip() != self.saved.strip()


def _compared_fields(application: Application, content: dict) -> list[ComparedField]:
    """The set-aside version beside the saved draft, for each field that was in the set-aside save."""
    project_url = reverse("applications:application_project", args=[application.pk])
    rows = []
    if "project_title" in content:
        rows.append(
            ComparedField("Project title", content["project_title"] or "", application.project_title, project_url)
        )
    if "amount_requested" in content:
        amount = content["amount_requested"]
        rows.append(
            ComparedField(
                "Amount asked for",
                money(Decimal(amount)) if amount is not None else "",
                money(application.amount_requested),
                project_url,
            )
        )
    typed = content.get("answers", {})
    for section in _sections(application):
        for question, text in section.items:
            if str(question.pk) in typed:
                url = f"{section.get_absolute_url(application)}#id_{question_field_name(question)}"
                rows.append(ComparedField(question.text, typed[str(question.pk)], text, url))
    return rows


@login_required
@require_GET
def draft_compare(request: AuthenticatedHttpRequest, pk: int, version_pk: int):
    """A version set aside in a conflict, beside the saved draft: only the organisation's members."""
    application = _application_or_404(request.user, pk, *QUESTIONS_AND_ANSWERS)
    if not can(request.user, "applications.manage_organisation", application.organisation):
        raise Http404("Only the organisation's own members can see its set-aside versions.")
    version = get_object_or_404(application.set_aside_versions.select_related("saved_by"), pk=version_pk)
    context = {
        "application": application,
        "funding_round": application.funding_round,
        "version": version,
        "rows": _compared_fields(application, version.content),
    }
    return render(request, "applications/application/draft_compare.html", context)
