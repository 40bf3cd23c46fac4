"""Volunteers' expenses and honoraria: a member's own claims (list, claim with a receipt, a claim's
status and staff's question, the answer), and staff's queue per programme (approve, query, mark
paid, the CSV for finance, the programme's rules, honoraria).

A member's claims are private: they are loaded through `visible(user, "panels.view_expense_claim")`,
so another member gets 404 for them, as for any of someone else's things. Staff run the queue
(`panels.review_expenses`); a volunteer never approves or pays. A member's choice to decline an
honorarium is seen by the member and staff only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import Programme
from commissioning.permissions import can, require, visible
from commissioning.storage import open_for_download
from panels import services
from panels.forms.common import attempt, attempt_or_tell
from panels.forms.expenses import ExpenseClaimForm, ExpenseQueryForm, ExpenseRulesForm, QueryAnswerForm
from panels.models import ExpenseClaim, ExpenseRules, PanelMembership

SEATS_THAT_CLAIM = (PanelMembership.Status.ACCEPTED, PanelMembership.Status.REMOVED)


def _own_seat_or_404(user, panel_pk: int) -> PanelMembership:
    """The user's own seat on the panel (now or ended): anyone else's is not found."""
    seats = PanelMembership.objects.select_related("panel__funding_round__programme__expense_rules", "honorarium")
    return get_object_or_404(seats, panel_id=panel_pk, user=user, status__in=SEATS_THAT_CLAIM)


def _claim_or_404(user, pk: int) -> ExpenseClaim:
    claims = ExpenseClaim.objects.select_related(
        "membership__user", "membership__panel__funding_round__programme", "session", "reviewed_by"
    )
    return get_object_or_404(visible(user, "panels.view_expense_claim", claims), pk=pk)


def _programme_or_404(user, pk: int) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("expense_rules"), pk=pk)
    require(user, "panels.review_expenses", programme)
    return programme


@login_required
@require_GET
def expense_list(request: AuthenticatedHttpRequest):
    """My expenses: each panel I sit (or sat) on, its rules and honorarium, and my claims."""
    seats = list(
        PanelMembership.objects.filter(user=request.user, status__in=SEATS_THAT_CLAIM)
        .select_related("panel__funding_round__programme__expense_rules", "honorarium")
        .prefetch_related(
            Prefetch("expense_claims", ExpenseClaim.objects.select_related("session").order_by("-submitted_at", "-pk"))
        )
        .order_by("panel__name", "pk")
    )
    for seat in seats:
        seat.rules = ExpenseRules.of(seat.panel.funding_round.programme)
        seat.may_claim = can(request.user, "panels.claim_expenses", seat)
        seat.may_choose_honorarium = can(request.user, "panels.choose_honorarium", seat)
    return render(request, "panels/expenses/expense_list.html", {"seats": seats})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_claim(request: AuthenticatedHttpRequest, pk: int):
    """Claim one cost for a panel, with a photo or scan of the receipt."""
    seat = _own_seat_or_404(request.user, pk)
    require(request.user, "panels.claim_expenses", seat)
    sessions = list(seat.panel.sessions.order_by("starts_at", "pk"))
    posted = request.method == "POST"
    form = ExpenseClaimForm(request.POST if posted else None, request.FILES if posted else None, sessions=sessions)
    if posted and form.is_valid():
        done, claim = attempt(
            form, lambda: services.expenses.claim_expense(actor=request.user, membership=seat, **form.claim_fields())
        )
        if done:
            messages.success(request, "Your claim is sent. Staff will check it and tell you here.")
            return redirect(claim)
    rules = ExpenseRules.of(seat.panel.funding_round.programme)
    context = {"seat": seat, "panel": seat.panel, "rules": rules, "form": form}
    return render(request, "panels/expenses/expense_claim.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_detail(request: AuthenticatedHttpRequest, pk: int):
    """A claim: what it was, where it stands, staff's question, and the member's answer."""
    claim = _claim_or_404(request.user, pk)
    require(request.user, "panels.view_expense_claim", claim)
    posted = request.method == "POST"
    form = QueryAnswerForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        require(request.user, "panels.answer_expense_query", claim)
        if form.is_valid():
            call = lambda: services.expenses.answer_query(  # noqa: E731
                actor=request.user, claim=claim, reply=form.cleaned_data["reply"], receipt=form.cleaned_data["receipt"]
            )
            if attempt(form, call)[0]:
                messages.success(request, "Your answer is sent. Staff will look at your claim again.")
                return redirect(claim)
    context = {
        "claim": claim,
        "form": form,
        "may_answer": can(request.user, "panels.answer_expense_query", claim),
        "may_review": can(request.user, "panels.review_expenses", claim),
    }
    return render(request, "panels/expenses/expense_detail.html", context)


@login_required
@require_GET
def expense_receipt(request: AuthenticatedHttpRequest, pk: int):
    """A claim's receipt, to the member and staff only, with the type we sniffed on upload."""
    claim = _claim_or_404(request.user, pk)
    require(request.user, "panels.view_expense_claim", claim)
    stored = open_for_download(claim.receipt, missing="This claim has no receipt in the store.")
    response = FileResponse(
        stored, as_attachment=True, filename=claim.receipt_download_name, content_type=claim.receipt_mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def honorarium_choose(request: AuthenticatedHttpRequest, pk: int):
    """The member declines the honorarium for a panel, or takes it up again: privately."""
    seat = _own_seat_or_404(request.user, pk)
    require(request.user, "panels.choose_honorarium", seat)
    decline = request.POST.get("decline") == "yes"
    done, _ = attempt_or_tell(
        request,
        lambda: services.expenses.choose_honorarium(actor=request.user, membership=seat, decline=decline),
    )
    if done:
        messages.success(
            request,
            "You have declined the honorarium. Only you and staff know."
            if decline
            else "You will be paid the honorarium.",
        )
    return redirect("panels:expense_list")


@login_required
@require_GET
def expense_queue(request: AuthenticatedHttpRequest, pk: int):
    """Staff's queue of a programme's claims, filtered by status, and the members' honoraria."""
    programme = _programme_or_404(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in ExpenseClaim.Status.values else ""
    rules = ExpenseRules.of(programme)
    seats = []
    if rules.offers_honorarium:
        seats = (
            PanelMembership.objects.filter(panel__funding_round__programme=programme, status__in=SEATS_THAT_CLAIM)
            .select_related("user", "panel", "honorarium")
            .order_by("panel__name", "user__full_name", "pk")
        )
    context = {
        "programme": programme,
        "rules": rules,
        "status": status,
        "statuses": ExpenseClaim.Status.choices,
        "claims": services.expenses.claims_of_programme(programme, status),
        "seats": seats,
    }
    return render(request, "panels/expenses/expense_queue.html", context)


REVIEW_ACTIONS = {
    "approve": (services.expenses.approve_claim, "The claim is approved."),
    "pay": (services.expenses.mark_claim_paid, "The claim is marked paid."),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_review(request: AuthenticatedHttpRequest, pk: int):
    """Staff look at one claim and its receipt, then approve it, ask the member about it, or mark it paid."""
    claim = _claim_or_404(request.user, pk)
    require(request.user, "panels.review_expenses", claim)
    action = request.POST.get("action", "")
    form = ExpenseQueryForm(request.POST if action == "query" else None)
    if action in REVIEW_ACTIONS:
        service, said = REVIEW_ACTIONS[action]
        if attempt_or_tell(request, lambda: service(actor=request.user, claim=claim))[0]:
            messages.success(request, said)
        return redirect("panels:expense_review", claim.pk)
    if action == "query" and form.is_valid():
        call = lambda: services.expenses.query_claim(  # noqa: E731
            actor=request.user, claim=claim, reason=form.cleaned_data["reason"]
        )
        if attempt(form, call)[0]:
            messages.success(request, "Your question is sent to the member.")
            return redirect("panels:expense_review", claim.pk)
    elif request.method == "POST" and action != "query":
        messages.error(request, "Choose approve, ask a question or mark paid.")
        return redirect("panels:expense_review", claim.pk)
    return render(request, "panels/expenses/expense_review.html", {"claim": claim, "form": form})


@login_required
@require_GET
def expense_csv(request: AuthenticatedHttpRequest, pk: int):
    """A programme's claims for finance, as a CSV file (filtered by status like the queue)."""
    programme = _programme_or_404(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in ExpenseClaim.Status.values else ""
    claims = services.expenses.claims_of_programme(programme, status)
    # Paid honoraria go with all claims, or with the paid ones.
    honoraria = services.expenses.honoraria_paid(programme) if status in ("", ExpenseClaim.Status.PAID) else ()
    body = services.expenses.expenses_csv(claims, honoraria)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"expenses-programme-{programme.pk}.csv")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_rules(request: AuthenticatedHttpRequest, pk: int):
    """What the programme pays back: taxis, the mileage rate, receipts and the honorarium."""
    programme = _programme_or_404(request.user, pk)
    form = ExpenseRulesForm(request.POST if request.method == "POST" else None, instance=ExpenseRules.of(programme))
    save = lambda: services.expenses.save_expense_rules(actor=request.user, rules=form.instance)  # noqa: E731
    if request.method == "POST" and form.is_valid() and attempt(form, save)[0]:
        messages.success(request, "The expense rules are saved.")
        return redirect("panels:expense_queue", programme.pk)
    return render(request, "panels/expenses/expense_rules.html", {"programme": programme, "form": form})


@login_required
@require_POST
def honorarium_pay(request: AuthenticatedHttpRequest, pk: int):
    """Staff record that a member's honorarium was paid."""
    seat = get_object_or_404(PanelMembership.objects.select_related("panel__funding_round"), pk=pk)
    require(request.user, "panels.review_expenses", seat)
    done, _ = attempt_or_tell(request, lambda: services.expenses.pay_honorarium(actor=request.user, membership=seat))
    if done:
        messages.success(request, f"The honorarium is marked paid to {seat.user.full_name}.")
    return redirect("panels:expense_queue", seat.panel.funding_round.programme_id)
