"""Organisations: registering, colleagues, and the applicant's list of applications.

Hiding or refusing: an organisation is loaded through `visible(user, "applications.view_organisation")`,
so anyone outside it gets 404 and never learns it exists; staff may look (they support applicants)
but the policy refuses them anything that acts for the organisation, with its reason (403).
"""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from applications import services
from applications.exceptions import ApplicationError
from applications.forms.organisation import (
    ColleagueInviteForm,
    InvitationSignUpForm,
    OrganisationForm,
    RegistrationForm,
    StartApplicationForm,
)
from applications.models import Application, Organisation, OrganisationInvitation
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound, User
from commissioning.permissions import can, require, visible

# What a service may refuse with; each becomes a plain-English message and nothing typed is lost.
SERVICE_ERRORS = (PermissionDenied, ApplicationError, ValidationError)
# Several backends are configured (django-axes first): say which one signed the new account in.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _add_errors(form, error: Exception) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else at the top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))


def _organisation_or_404(user, pk: int) -> Organisation:
    """The organisation, or 404 for anyone outside it (staff may see it)."""
    return get_object_or_404(visible(user, "applications.view_organisation", Organisation.objects.all()), pk=pk)


def _my_organisations(user):
    """The organisations this person acts for: staff support every organisation but belong to none."""
    return visible(user, "applications.view_organisation", Organisation.objects.filter(memberships__user=user))


def _rounds_taking_applications(user) -> list[FundingRound]:
    """Open rounds whose deadline has not passed, with their stages, in one query plus the prefetch."""
    rounds = visible(user, "commissioning.view_round", FundingRound.objects.open_for_applications())
    return [
        funding_round
        for funding_round in rounds.prefetch_related("stages").order_by("title", "pk")
        if can(user, "applications.start_application", funding_round)
    ]


def _sign_in_url(next_url: str) -> str:
    return f"{reverse('commissioning:sign_in')}?{urlencode({'next': next_url})}"


# Registering and looking after an organisation ---------------------------------------------


@require_http_methods(["GET", "POST"])
def organisation_register(request: HttpRequest):
    """A visitor registers themselves and their organisation; a signed-in applicant registers another."""
    require(request.user, "applications.register_organisation")
    signed_in = request.user.is_authenticated
    form_class = OrganisationForm if signed_in else RegistrationForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if signed_in:
                user = request.user
                organisation = services.register_organisation(actor=user, **form.organisation_fields())
            else:
                user, organisation = services.sign_up_and_register(
                    **form.account_fields(), **form.organisation_fields()
                )
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            if not signed_in:
                login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                f"{organisation} is registered. You can now apply for money and invite colleagues."
                + ("" if signed_in else f" You are signed in as {user.email}."),
            )
            return redirect(organisation)
    context = {"form": form, "sign_in_url": _sign_in_url(request.path)}
    return render(request, "applications/organisations/organisation_register.html", context)


@login_required
@require_GET
def organisation_detail(request: AuthenticatedHttpRequest, pk: int):
    organisation = _organisation_or_404(request.user, pk)
    require(request.user, "applications.view_organisation", organisation)
    may_manage = can(request.user, "applications.manage_organisation", organisation)
    applications = list(
        visible(request.user, "applications.view_application", organisation.applications.all())
        .select_related("funding_round")
        .order_by("-created_at", "-pk")
    )
    applied_to = {
        application.funding_round_id
        for application in applications
        if application.status != Application.Status.WITHDRAWN
    }
    rounds = [r for r in _rounds_taking_applications(request.user) if r.pk not in applied_to] if may_manage else []
    # The funder's own prefix is only needed (and only known) for groups without a number.
    has_number = bool(organisation.charity_number or organisation.company_number)
    context = {
        "organisation": organisation,
        "identifier": organisation.org_identifier("") if has_number else "",
        "may_manage": may_manage,
        "members": organisation.memberships.select_related("user").order_by("user__full_name", "pk"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True).order_by("-created_at", "-pk"),
        "applications": applications,
        "rounds": rounds,
    }
    return render(request, "applications/organisations/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, pk: int):
    organisation = _organisation_or_404(request.user, pk)
    require(request.user, "applications.manage_organisation", organisation)
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=copy.copy(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(actor=request.user, organisation=organisation, **form.organisation_fields())
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The details of {organisation} are saved.")
            return redirect(organisation)
    context = {"organisation": organisation, "form": form}
    return render(request, "applications/organisations/organisation_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def colleague_invite(request: AuthenticatedHttpRequest, pk: int):
    organisation = _organisation_or_404(request.user, pk)
    require(request.user, "applications.manage_organisation", organisation)
    form = ColleagueInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_colleague(
                actor=request.user, organisation=organisation, email=form.cleaned_data["email"]
            )
        except ApplicationError as error:
            form.add_error("email", str(error))
        except SERVICE_ERRORS as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"We have emailed an invitation to {invitation.email}. The link works once.")
            return redirect(organisation)
    context = {"organisation": organisation, "form": form}
    return render(request, "applications/organisations/colleague_invite.html", context)


# Joining an organisation from an emailed invitation -----------------------------------------


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str):
    """The emailed link: a visitor opens an account and joins; a signed-in person joins. It works once."""
    invitation = get_object_or_404(
        OrganisationInvitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if invitation.is_used:
        return render(request, "applications/organisations/invitation_used.html", {"invitation": invitation})
    if request.user.is_authenticated:
        return _join(request, invitation)
    return _sign_up_and_join(request, invitation)


def _joined(request, invitation: OrganisationInvitation):
    messages.success(
        request, f"You have joined {invitation.organisation}. You can now see and work on its applications."
    )
    return redirect(invitation.organisation)


def _join(request: AuthenticatedHttpRequest, invitation: OrganisationInvitation):
    if request.method == "POST":
        try:
            services.accept_invitation(actor=request.user, invitation=invitation)
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect(invitation.get_absolute_url())
        return _joined(request, invitation)
    return render(request, "applications/organisations/invitation_accept.html", {"invitation": invitation})


def _sign_up_and_join(request: HttpRequest, invitation: OrganisationInvitation):
    form = InvitationSignUpForm(request.POST if request.method == "POST" else None, invited_email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user, _ = services.sign_up_and_join(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect(invitation.get_absolute_url())
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            return _joined(request, invitation)
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
        "sign_in_url": _sign_in_url(request.path),
    }
    return render(request, "applications/organisations/invitation_accept.html", context)


# The applicant's applications -----------------------------------------------------------------


@login_required
@require_GET
def application_list(request: AuthenticatedHttpRequest):
    """Every application of every organisation this person belongs to, and what they could start."""
    user = request.user
    applications = list(
        visible(user, "applications.view_application", Application.objects.for_organisations_of(user))
        .select_related("organisation", "funding_round")
        .order_by("-updated_at", "-pk")
    )
    organisations = list(_my_organisations(user).order_by("name", "pk"))
    rounds = _rounds_taking_applications(user) if organisations else []
    live = {(a.organisation_id, a.funding_round_id) for a in applications if a.status != Application.Status.WITHDRAWN}
    starts = [
        (organisation, funding_round)
        for organisation in organisations
        for funding_round in rounds
        if (organisation.pk, funding_round.pk) not in live
    ]
    context = {"applications": applications, "organisations": organisations, "starts": starts}
    return render(request, "applications/application_list.html", context)


def _start(request: AuthenticatedHttpRequest, form: StartApplicationForm, funding_round: FundingRound):
    """Start the draft and go to it. Refusals become a message on the start page, which then
    shows why (for example the organisation's existing application, with a link)."""
    try:
        if not form.is_valid():
            # A hidden confirmation has nothing to correct on the page: its organisation was not
            # one of this person's, or applied meanwhile.
            raise ApplicationError(" ".join(form.errors["organisation"]))
        application = services.start_application(
            actor=request.user, organisation=form.chosen, funding_round=funding_round
        )
    except (ApplicationError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("applications:application_start", funding_round.slug)
    return redirect(application)


def _organisations_and_applications(user, funding_round):
    """The person's organisations, the applications they already have in this round, and the
    organisations still free to apply (one standing application per organisation and round)."""
    organisations = list(_my_organisations(user).order_by("name", "pk"))
    existing = list(
        Application.objects.filter(funding_round=funding_round, organisation__in=organisations)
        .not_withdrawn()
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    applied = {application.organisation_id for application in existing}
    return organisations, existing, [organisation for organisation in organisations if organisation.pk not in applied]


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request: AuthenticatedHttpRequest, slug: str):
    rounds = visible(request.user, "commissioning.view_round", FundingRound.objects.select_related("programme"))
    funding_round = get_object_or_404(rounds.prefetch_related("stages"), slug=slug)
    decision = can(request.user, "applications.start_application", funding_round)
    if not decision:
        deadline = funding_round.application_deadline
        has_closed = deadline is not None and timezone.now() >= deadline
        context = {"funding_round": funding_round, "reason": decision.reason, "has_closed": has_closed}
        return render(request, "applications/organisations/application_start_refused.html", context, status=403)
    organisations, existing, free = _organisations_and_applications(request.user, funding_round)
    form = StartApplicationForm(
        request.POST if request.method == "POST" else None,
        organisations=free,
        initial={"organisation": request.GET.get("organisation")},
    )
    if request.method == "POST" and free and (form.is_valid() or form.is_confirmation):
        return _start(request, form, funding_round)
    questions = funding_round.questions.select_related("criterion").order_by(
        "criterion__position", "criterion__pk", "position", "pk"
    )
    context = {"funding_round": funding_round, "form": form, "questions": questions}
    context.update(organisations=organisations, existing=existing, free=free)
    return render(request, "applications/organisations/application_start.html", context)
