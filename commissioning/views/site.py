from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissioning import idle, next_steps, services
from commissioning.exceptions import SignInLinkError
from commissioning.forms import (
    AccountForm,
    EmailChoiceForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInForm,
    SignInLinkForm,
)
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import AuditEvent, FundingRound
from commissioning.permissions import require, visible


@require_GET
def home(request: HttpRequest):
    steps = next_steps.for_user(request.user) if request.user.is_authenticated else []
    open_rounds = (
        visible(request.user, "commissioning.view_round", FundingRound.objects.open_for_applications())
        .prefetch_related("stages")
        .order_by("title")
    )
    return render(request, "commissioning/home.html", {"steps": steps, "open_rounds": open_rounds})


@require_GET
@never_cache
def healthz(request: HttpRequest):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "not answering"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def accessibility_statement(request: HttpRequest):
    return render(request, "commissioning/accessibility_statement.html")


@require_GET
def privacy_notice(request: HttpRequest):
    return render(request, "commissioning/privacy_notice.html")


@login_required
@require_http_methods(["GET", "POST"])
def account(request: AuthenticatedHttpRequest):
    form = AccountForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.update_account(actor=request.user, **form.cleaned_data)
        messages.success(request, "Your changes are saved.")
        return redirect("commissioning:account")
    return render(request, "commissioning/account.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def email_choice(request: AuthenticatedHttpRequest):
    form = EmailChoiceForm(request.POST or None, initial={"email_choice": request.user.email_choice})
    if request.method == "POST" and form.is_valid():
        services.choose_emails(actor=request.user, email_choice=form.cleaned_data["email_choice"])
        messages.success(request, f"Your choice is saved: {request.user.get_email_choice_display().lower()}.")
        return redirect("commissioning:account")
    return render(request, "commissioning/email_choice.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        services.record_password_change(actor=user, by_reset=False)
        messages.success(request, "Your password is changed.")
        return redirect("commissioning:account")
    return render(request, "commissioning/password_change.html", {"form": form})


@login_required
@require_POST
@never_cache
def session_extend(request: AuthenticatedHttpRequest):
    """ "Stay signed in" on the timeout warning: the session's clock starts again, and the page is
    told how long it now has (in seconds), so it needs no reload."""
    idle.mark_active(request.session, force=True)
    limits = idle.limits()
    return JsonResponse(
        {"seconds_left": limits.timeout, "warn_after": limits.warn_after, "end_after": limits.end_after}
    )


@login_required
@require_GET
def activity(request: AuthenticatedHttpRequest):
    require(request.user, "commissioning.view_activity")
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-pk")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "commissioning/activity.html", {"page": page})


# Django's own authentication views, with our forms and templates.

sign_in = auth_views.LoginView.as_view(
    template_name="registration/sign_in.html", authentication_form=SignInForm, redirect_authenticated_user=True
)
sign_out = auth_views.LogoutView.as_view()

password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="registration/password_reset_form.html",
    email_template_name="registration/password_reset_email.txt",
    html_email_template_name="registration/password_reset_email.html",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("commissioning:password_reset_sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html")


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("commissioning:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(actor=form.user, by_reset=True)
        return response


password_reset_confirm = _PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)


# Sign-in by emailed link: ask for one, check your email, open it and press the button.


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link_request(request: HttpRequest):
    """The same answer whether or not the address has an account: "check your email"."""
    if request.user.is_authenticated:
        return redirect("commissioning:home")
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_sign_in_link(email=form.cleaned_data["email"], ip_address=get_client_ip_address(request))
        except SignInLinkError as error:
            form.add_error("email", str(error))
            return render(request, "registration/sign_in_link_form.html", {"form": form}, status=429)
        return redirect("commissioning:sign_in_link_sent")
    return render(request, "registration/sign_in_link_form.html", {"form": form})


@require_GET
def sign_in_link_sent(request: HttpRequest):
    return render(request, "registration/sign_in_link_sent.html")


@never_cache
@sensitive_variables("token")
@require_http_methods(["GET", "POST"])
def sign_in_link_open(request: HttpRequest, token: str):
    """Opening the link only shows a button (mail scanners open links); pressing it signs in."""
    if request.method == "POST":
        user = services.use_sign_in_link(token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"You are signed in as {user.email}.")
            return redirect("commissioning:home")
    else:
        user = services.sign_in_link_user(token)
    if user is None:
        return render(request, "registration/sign_in_link_refused.html", status=410)
    return render(request, "registration/sign_in_link_open.html", {"link_user": user})
