"""Staff check submitted applications against the must-have criteria.

Staff check facts here; they never score. The list shows a round's sent applications (never
drafts) with filters; the check page shows the application's answers read-only and, for each
agreed must-have criterion, met or not with a reason. `services.record_eligibility` records
it, logs it and emails the applicant the result.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from applications import services
from applications.exceptions import ApplicationError, InvalidAnswers
from applications.forms.eligibility import EligibilityFilterForm, EligibilityForm
from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import require, visible

PER_PAGE = 50


@login_required
@require_GET
def eligibility_list(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound.objects.select_related("programme"), slug=slug)
    require(request.user, "applications.list_applications", funding_round)
    sent = visible(
        request.user,
        "applications.view_application",
        Application.objects.filter(funding_round=funding_round).exclude(status=Application.Status.DRAFT),
    )
    filters = EligibilityFilterForm(request.GET or None)
    statuses = filters.fields["status"].choices[1:]
    totals = sent.aggregate(**{value: Count("pk", filter=Q(status=value)) for value, _ in statuses})
    applications = (
        filters.filter(sent)
        .select_related("funding_round", "organisation", "eligibility_checked_by")
        .order_by("reference", "pk")
    )
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/eligibility/eligibility_list.html",
        {
            "funding_round": funding_round,
            "form": filters,
            "counts": [(value, label, totals[value]) for value, label in statuses],
            "page": page,
        },
    )


def _checked_application(user, pk: int) -> Application:
    applications = visible(
        user,
        "applications.view_application",
        Application.objects.select_related(
            "funding_round__programme", "organisation__main_contact", "eligibility_checked_by"
        ),
    )
    application = get_object_or_404(applications, pk=pk)
    require(user, "applications.check_eligibility", application)
    return application


def _record(actor, application: Application, form: EligibilityForm) -> Application | None:
    """Record the check; None when the service refused it (its reasons are on the form)."""
    try:
        return services.record_eligibility(
            actor=actor,
            application=application,
            findings=form.findings(),
            reason=form.cleaned_data["reason"],
            other_ground=form.cleaned_data["other_ground"],
        )
    except InvalidAnswers as error:
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
    except ApplicationError as error:
        form.add_error(None, str(error))
    return None


def _recorded(application: Application) -> str:
    contact = application.organisation.main_contact
    who = f"{contact.full_name} ({contact.email})" if contact.full_name else contact.email
    return f"{application.reference} is recorded as {application.checked_result}. We have emailed {who}."


@login_required
@require_http_methods(["GET", "POST"])
def eligibility_check(request: AuthenticatedHttpRequest, pk: int):
    application = _checked_application(request.user, pk)
    form = EligibilityForm(
        request.POST or None,
        criteria=list(application.funding_round.criteria.agreed_must_haves()),
        checks={check.criterion_id: check for check in application.eligibility_checks.all()},
        reason=application.eligibility_reason,
        other_ground=application.other_ground,
    )
    if request.method == "POST" and form.is_valid() and (recorded := _record(request.user, application, form)):
        messages.success(request, _recorded(recorded))
        return redirect("applications:eligibility_list", recorded.funding_round.slug)
    return render(
        request,
        "applications/eligibility/eligibility_check.html",
        {
            "application": application,
            "form": form,
            "answered": application.answered_questions(),
            "attachments": application.attachments.order_by("uploaded_at", "pk"),
        },
    )
