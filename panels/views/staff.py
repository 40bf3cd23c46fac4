"""Staff set up panels: create them, invite members, give them applications, follow progress.

Staff see each member's progress in words ("7 of 19 submitted"), never their scores: the
policy (`panels.view_assessments`) keeps scores from staff until the panel closes the stage.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound, Strand, User
from commissioning.permissions import can_each, require
from panels import results, services
from panels.forms.common import attempt, attempt_or_tell
from panels.forms.staff import AdjustmentForm, AssignForm, KnownConflictForm, MemberInviteForm, PanelForm
from panels.lookups import (
    below_quorum,
    staff_panel_or_404,
    with_members_who_can_take_part,
    with_progress,
)
from panels.models import Adjustment, InductionModule, InterestDeclaration, Panel, PanelMembership


def fair_share(counts: list[int], index: int, unassigned: int) -> int:
    """How many of `unassigned` applications panel `index` should take so the panels' counts
    (`counts`, one per panel) end up as even as they can: each application in turn goes to the
    panel with the fewest, the earliest panel on a tie."""
    if not counts or unassigned <= 0:
        return 0
    totals = list(counts)
    for _ in range(unassigned):
        smallest = min(range(len(totals)), key=lambda i: (totals[i], i))
        totals[smallest] += 1
    return totals[index] - counts[index]


def _eligible_unassigned(funding_round):
    return (
        Application.objects.filter(
            funding_round=funding_round, status=Application.Status.ELIGIBLE, panel_assignment__isnull=True
        )
        .select_related("organisation")
        .order_by("reference", "pk")
    )


def _hours(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g}" if hours == int(hours) else f"{hours:.1f}"


@login_required
@require_http_methods(["GET", "POST"])
def panel_setup(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound.objects.annotate(has_strands=_has_strands()), slug=slug)
    require(request.user, "panels.manage_panels", funding_round)
    strands = Strand.objects.filter(funding_round=funding_round).agreed() if funding_round.has_strands else ()
    form = PanelForm(
        request.POST if request.method == "POST" else None,
        instance=Panel(funding_round=funding_round),
        strands=list(strands),
    )
    if request.method == "POST" and form.is_valid():
        done, panel = attempt(
            form,
            lambda: services.membership.create_panel(
                actor=request.user, funding_round=funding_round, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, f"‘{panel}’ is set up. Now invite its members and give it applications.")
            return redirect("panels:panel_manage", panel.pk)
    panels, unassigned = _panels_with_workload(funding_round)
    return render(
        request,
        "panels/staff/panel_setup.html",
        {"funding_round": funding_round, "form": form, "panels": panels, "unassigned": unassigned},
    )


def _has_strands() -> Exists:
    """Whether the round's money is shared between agreed strands, asked with the round itself."""
    return Exists(Strand.objects.filter(funding_round=OuterRef("pk")).agreed())


def _panels_with_workload(funding_round) -> tuple[list[Panel], int]:
    """The round's panels, each with its members, applications, hours of reading and fair share
    of the applications not given to a panel yet (how many that is): two queries."""
    panels = list(
        funding_round.panels.annotate(
            member_count=Count(
                "memberships",
                filter=~Q(memberships__status__in=[PanelMembership.Status.DECLINED, PanelMembership.Status.REMOVED]),
                distinct=True,
            ),
            application_count=Count("assignments", distinct=True),
        )
        .select_related("strand__proposal")
        .order_by("name", "pk")
    )
    unassigned = _eligible_unassigned(funding_round).count()
    counts = [panel.application_count for panel in panels]
    for index, panel in enumerate(panels):
        panel.hours = _hours(funding_round.minutes_per_application * panel.application_count)
        panel.fair_share = fair_share(counts, index, unassigned)
    return panels, unassigned


# The applications table on a panel's staff page shows this many at a time.
APPLICATIONS_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "HEAD"])
def panel_manage(request: AuthenticatedHttpRequest, pk: int):
    """Members with their progress in words at the stage the round is at (never scores), the
    applications, where conflicts leave too few members, conflicts and support arranged."""
    panel = staff_panel_or_404(request.user, pk)
    stage = results.stage_of(panel.funding_round)
    assignments = _assignments_by_reference(panel)
    in_this_stage = [assignment for assignment in assignments if results.is_assessed_at(assignment.application, stage)]
    memberships = list(_members_with_progress(panel, stage, in_this_stage))
    may_send_link = can_each(request.user, "panels.send_sign_in_link", memberships)
    for membership in memberships:
        membership.may_send_sign_in_link = may_send_link[membership.pk].allowed
    return render(
        request,
        "panels/staff/panel_manage.html",
        {
            "panel": panel,
            "funding_round": panel.funding_round,
            "stage": stage,
            "memberships": memberships,
            "assignments": assignments,
            # A large panel's applications, a page at a time (the counts above are of them all).
            "assignment_page": Paginator(assignments, APPLICATIONS_PER_PAGE).get_page(request.GET.get("applications")),
            "stage_count": len(in_this_stage),
            "below_quorum": below_quorum(panel, in_this_stage),
            "conflicts": _conflicts(panel),
            "adjustments": _adjustments(panel),
            "module_count": len(InductionModule),
            "hours": _hours(panel.funding_round.minutes_per_application * len(assignments)),
        },
    )


def _assignments_by_reference(panel: Panel) -> list:
    assignments = panel.assignments.select_related("application__organisation", "application__shortlist_outcome")
    return list(with_members_who_can_take_part(assignments).order_by("application__reference", "pk"))


def _members_with_progress(panel: Panel, stage: str, in_this_stage: list):
    return with_progress(
        panel.memberships.select_related("user").annotate(induction_count=Count("inductions", distinct=True)),
        stage,
        in_this_stage,
    ).order_by("-is_chair", "user__full_name", "pk")


def _conflicts(panel: Panel):
    return (
        InterestDeclaration.objects.filter(membership__panel=panel, has_conflict=True)
        .select_related("membership__user", "application__organisation", "recorded_by")
        .order_by("declared_at", "pk")
    )


def _adjustments(panel: Panel):
    return (
        Adjustment.objects.filter(membership__panel=panel)
        .select_related("membership__user")
        .order_by("membership__user__full_name", "recorded_at", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_record(request: AuthenticatedHttpRequest, pk: int):
    """Staff record a conflict they know of; from then on the member takes no part (logged)."""
    panel = staff_panel_or_404(request.user, pk)
    form = KnownConflictForm(panel, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        membership, application = form.cleaned_data["membership"], form.cleaned_data["application"]
        done, _ = attempt(
            form,
            lambda: services.membership.record_known_conflict(
                actor=request.user, membership=membership, application=application, nature=form.cleaned_data["nature"]
            ),
        )
        if done:
            messages.success(
                request,
                f"The conflict between {membership.user.full_name} and {application.organisation.name} is recorded. "
                "They take no part in its decision.",
            )
            return redirect("panels:panel_manage", panel.pk)
    return render(
        request,
        "panels/staff/conflict_record.html",
        {"panel": panel, "funding_round": panel.funding_round, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_add(request: AuthenticatedHttpRequest, pk: int):
    """Support arranged for a member: a paper pack, large print, extra time, a person to call."""
    panel = staff_panel_or_404(request.user, pk)
    form = AdjustmentForm(panel, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        done, adjustment = attempt(
            form,
            lambda: services.membership.record_adjustment(
                actor=request.user,
                membership=membership,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
            ),
        )
        if done:
            messages.success(request, f"{adjustment} is arranged for {membership.user.full_name}.")
            return redirect("panels:panel_manage", panel.pk)
    return render(
        request,
        "panels/staff/adjustment_add.html",
        {"panel": panel, "funding_round": panel.funding_round, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_remove(request: AuthenticatedHttpRequest, pk: int, adjustment_pk: int):
    """Asks first, then removes the support (logged). Another panel's support is not found here."""
    panel = staff_panel_or_404(request.user, pk)
    adjustment = get_object_or_404(
        Adjustment.objects.select_related("membership__user", "membership__panel"),
        pk=adjustment_pk,
        membership__panel=panel,
    )
    if request.method == "POST":
        name = adjustment.membership.user.full_name
        done, _ = attempt_or_tell(
            request, lambda: services.membership.remove_adjustment(actor=request.user, adjustment=adjustment)
        )
        if done:
            messages.success(request, f"{adjustment} for {name} is removed.")
        return redirect("panels:panel_manage", panel.pk)
    return render(
        request,
        "panels/staff/adjustment_remove.html",
        {"panel": panel, "funding_round": panel.funding_round, "adjustment": adjustment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: AuthenticatedHttpRequest, pk: int, membership_pk: int):
    """Ends someone's seat or invitation, after asking (GET). Logged; the grant goes too."""
    panel = staff_panel_or_404(request.user, pk)
    membership = get_object_or_404(PanelMembership.objects.select_related("user"), pk=membership_pk, panel=panel)
    if request.method == "GET":
        if not membership.is_seated_or_invited:
            messages.info(request, f"{membership.user} is no longer on ‘{panel}’.")
            return redirect("panels:panel_manage", panel.pk)
        context = {"panel": panel, "funding_round": panel.funding_round, "membership": membership}
        return render(request, "panels/staff/member_remove.html", context)
    done, _ = attempt_or_tell(
        request, lambda: services.membership.remove_member(actor=request.user, membership=membership)
    )
    if done:
        messages.success(request, f"{membership.user} is no longer on ‘{panel}’.")
    return redirect("panels:panel_manage", panel.pk)


@login_required
@require_POST
def member_sign_in_link(request: AuthenticatedHttpRequest, pk: int, membership_pk: int):
    """Emails the member a sign-in link (a button on the panel's page)."""
    panel = staff_panel_or_404(request.user, pk)
    membership = get_object_or_404(PanelMembership.objects.select_related("user"), pk=membership_pk, panel=panel)
    done, _ = attempt_or_tell(
        request, lambda: services.membership.send_sign_in_link(actor=request.user, membership=membership)
    )
    if done:
        messages.success(request, f"A sign-in link is on its way to {membership.user} ({membership.user.email}).")
    return redirect("panels:panel_manage", panel.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: AuthenticatedHttpRequest, pk: int):
    panel = staff_panel_or_404(request.user, pk)
    form = MemberInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", "Nobody has an account with this email address. Check it, or ask them to register.")
        else:
            done, _ = attempt(
                form,
                lambda: services.membership.invite_member(
                    actor=request.user, panel=panel, user=person, is_chair=form.cleaned_data["is_chair"]
                ),
                field="email",
            )
            if done:
                messages.success(request, f"{person} is invited to ‘{panel}’.")
                return redirect("panels:panel_manage", panel.pk)
    return render(
        request,
        "panels/staff/member_invite.html",
        {"panel": panel, "funding_round": panel.funding_round, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def applications_assign(request: AuthenticatedHttpRequest, pk: int):
    panel = staff_panel_or_404(request.user, pk)
    funding_round = panel.funding_round
    form = AssignForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["applications"].select_related("organisation").order_by("reference", "pk")
        errors = services.membership.assign_applications(actor=request.user, panel=panel, applications=chosen)
        if not errors:
            messages.success(request, f"{len(chosen)} application{'s' if len(chosen) != 1 else ''} given to ‘{panel}’.")
            return redirect("panels:panel_manage", panel.pk)
    candidates = list(_eligible_unassigned(funding_round))
    panels = list(funding_round.panels.annotate(application_count=Count("assignments")).order_by("name", "pk"))
    ticked, suggested = _ticked(request, panel, panels, candidates)
    return render(
        request,
        "panels/staff/applications_assign.html",
        {
            "panel": panel,
            "funding_round": funding_round,
            "form": form,
            "errors": errors,
            "candidates": candidates,
            "panels": panels,
            "ticked": ticked,
            "suggested": suggested,
            "suggesting": "suggest" in request.GET,
        },
    )


def _ticked(request, panel: Panel, panels: list, candidates: list) -> tuple[set[str], int]:
    """Which boxes start ticked: what was sent, or on "suggest" this panel's fair share of the
    applications not given yet (and how many that is), else none."""
    if request.method == "POST":
        return set(request.POST.getlist("applications")), 0
    if "suggest" not in request.GET:
        return set(), 0
    index = next(i for i, other in enumerate(panels) if other.pk == panel.pk)
    suggested = fair_share([other.application_count for other in panels], index, len(candidates))
    return {str(application.pk) for application in candidates[:suggested]}, suggested
