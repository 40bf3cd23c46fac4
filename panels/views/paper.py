"""Paper and phone: staff take down a member's signed paper sheet or phone vote for them, attach
the signed sheet, and the member confirms through the emailed link.

Every page asks the policy's one staff action for this, `panels.take_down` (a facilitator, for
a member who chose paper or phone, held to the member's own seat rules, until it is confirmed);
administrators are refused by it. The member's confirm page asks `panels.confirm_take_down`.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.http import AuthenticatedHttpRequest
from commissioning.permissions import can, can_each, require
from commissioning.storage import open_for_download
from panels import results, services
from panels.forms.common import attempt, attempt_or_tell
from panels.forms.paper import PaperSheetForm, PhoneDecisionVoteForm, PhoneShortlistVoteForm, SignedSheetForm
from panels.lookups import application_or_404, scored_criteria, staff_panel_or_404
from panels.models import Adjustment, Assessment, PanelMembership, TakeDown, Vote
from panels.permissions import TakeDownFor, scoring_stage

CHOOSING = set(Adjustment.FOR_SOURCE.values())


def _members_on_paper_or_phone(panel) -> list[PanelMembership]:
    """The panel's seated members who chose paper or phone, each with `chosen` (their kinds)."""
    members = list(
        PanelMembership.objects.seated()
        .filter(panel=panel, adjustments__kind__in=CHOOSING)
        .select_related("user", "panel__funding_round")
        .distinct()
        .order_by("user__full_name", "pk")
    )
    chosen: dict[int, set[str]] = {member.pk: set() for member in members}
    for membership_id, kind in Adjustment.objects.filter(membership__in=members).values_list("membership_id", "kind"):
        chosen[membership_id].add(kind)
    for member in members:
        member.chosen = chosen[member.pk]
    return members


def _take_downs(panel):
    return (
        TakeDown.objects.filter(membership__panel=panel)
        .select_related(
            "membership__user",
            "membership__panel__funding_round",
            "application__organisation",
            "application__funding_round",
            "application__panel_assignment",
            "application__shortlist_outcome",
            "taken_down_by",
            "assessment",
            "vote",
        )
        .order_by("-taken_down_at", "-pk")
    )


def _render_list(request, panel, *, sheet_forms=None, status=200):
    members = _members_on_paper_or_phone(panel)
    assignments = list(
        panel.assignments.select_related("application__organisation", "application__shortlist_outcome").order_by(
            "application__organisation__name", "pk"
        )
    )
    applications = [assignment.application for assignment in assignments]
    for assignment in assignments:
        assignment.application.funding_round = panel.funding_round
        assignment.application.panel_assignment = assignment
    asked = [
        TakeDownFor(member, application, entry)
        for member in members
        for application in applications
        for entry in ("scores", "vote")
    ]
    answers = can_each(request.user, "panels.take_down", asked)
    rows = [
        {
            "member": member,
            "applications": [
                (app, answers[(member.pk, app.pk, "scores")], answers[(member.pk, app.pk, "vote")])
                for app in applications
            ],
        }
        for member in members
    ]
    take_downs = list(_take_downs(panel))
    may_attach = can_each(request.user, "panels.take_down", take_downs)
    sheet_forms = sheet_forms or {}
    for take_down in take_downs:
        take_down.may_attach = may_attach[take_down.pk].allowed
        take_down.sheet_form = sheet_forms.get(take_down.pk) or SignedSheetForm(prefix=f"sheet{take_down.pk}")
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "rows": rows,
        "take_downs": take_downs,
        "error_form": next((form for form in sheet_forms.values() if form.errors), None),
    }
    return render(request, "panels/staff/take_down_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def take_down_list(request: AuthenticatedHttpRequest, pk: int):
    """Members who chose paper or phone, what can be taken down for them now, and what was."""
    panel = staff_panel_or_404(request.user, pk)
    return _render_list(request, panel)


def _member_and_application(panel, membership_pk: int, application_pk: int):
    membership = get_object_or_404(
        PanelMembership.objects.select_related("user", "panel__funding_round"), pk=membership_pk, panel=panel
    )
    application = application_or_404(panel, application_pk)
    application.funding_round = panel.funding_round
    return membership, application


def _chosen(membership) -> set[str]:
    return set(membership.adjustments.values_list("kind", flat=True))


def _paper_sheet_form(panel, membership, application, data) -> PaperSheetForm:
    existing = (
        Assessment.objects.filter(membership=membership, application=application, stage=scoring_stage(application))
        .prefetch_related("scores")
        .first()
    )
    initial = PaperSheetForm.initial_for(existing)
    return PaperSheetForm(scored_criteria(panel), _chosen(membership), data, initial=initial)


def _save_sheet(request, form: PaperSheetForm, membership, application) -> bool:
    """Take the sheet down through the service; its refusal goes on the form."""
    done, _ = attempt(
        form,
        lambda: services.paper.take_down_scores(
            actor=request.user,
            membership=membership,
            application=application,
            source=form.source,
            scores=form.scores(),
            overall_comment=form.cleaned_data["overall_comment"],
        ),
    )
    if done:
        messages.success(
            request,
            f"{membership.user.full_name}’s scores for {application.organisation.name} are written down. "
            "They count once the member confirms them: we have emailed them a link.",
        )
    return done


@login_required
@require_http_methods(["GET", "POST"])
def take_down_scores(request: AuthenticatedHttpRequest, pk: int, membership_pk: int, application_pk: int):
    """Write down a member's scores and comments from their signed paper sheet."""
    panel = staff_panel_or_404(request.user, pk)
    membership, application = _member_and_application(panel, membership_pk, application_pk)
    require(request.user, "panels.take_down", TakeDownFor(membership, application, "scores"))
    form = _paper_sheet_form(panel, membership, application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _save_sheet(request, form, membership, application):
        return redirect("panels:take_down_list", panel.pk)
    context = {"panel": panel, "funding_round": panel.funding_round, "membership": membership}
    return render(request, "panels/staff/take_down_scores.html", {**context, "application": application, "form": form})


def _vote_form(panel, membership, application, data):
    """The vote form for the stage: include or not (shortlisting), or fund or not (decision)."""
    deciding = panel.funding_round.is_at(panel.funding_round.Status.DECISION)
    stage = Vote.Stage.DECISION if deciding else Vote.Stage.SHORTLISTING
    existing = Vote.objects.filter(membership=membership, application=application, stage=stage).first()
    if deciding:
        return PhoneDecisionVoteForm(_chosen(membership), data, initial=PhoneDecisionVoteForm.initial_for(existing))
    return PhoneShortlistVoteForm(_chosen(membership), data, initial={"choice": existing and existing.choice})


def _save_vote(request, form, membership, application) -> bool:
    """Take the vote down through the service; its refusal goes on the form."""
    extra = {}
    if isinstance(form, PhoneDecisionVoteForm):
        extra = {"amount": form.cleaned_data["amount"], "conditions": form.cleaned_data["conditions"]}
    done, _ = attempt(
        form,
        lambda: services.paper.take_down_vote(
            actor=request.user,
            membership=membership,
            application=application,
            source=form.source,
            choice=form.cleaned_data["choice"],
            **extra,
        ),
    )
    if done:
        messages.success(
            request,
            f"{membership.user.full_name}’s vote on {application.organisation.name} is written down. "
            "It counts once the member confirms it: we have emailed them a link.",
        )
    return done


@login_required
@require_http_methods(["GET", "POST"])
def take_down_vote(request: AuthenticatedHttpRequest, pk: int, membership_pk: int, application_pk: int):
    """Write down a member's vote from a phone call (or their paper sheet)."""
    panel = staff_panel_or_404(request.user, pk)
    membership, application = _member_and_application(panel, membership_pk, application_pk)
    require(request.user, "panels.take_down", TakeDownFor(membership, application, "vote"))
    form = _vote_form(panel, membership, application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _save_vote(request, form, membership, application):
        return redirect("panels:take_down_list", panel.pk)
    deciding = isinstance(form, PhoneDecisionVoteForm)
    context = {"panel": panel, "funding_round": panel.funding_round, "membership": membership, "deciding": deciding}
    return render(request, "panels/staff/take_down_vote.html", {**context, "application": application, "form": form})


@login_required
@require_POST
def signed_sheet_attach(request: AuthenticatedHttpRequest, pk: int):
    """Attach the member's signed sheet: that confirms the entry taken down from it."""
    take_down = get_object_or_404(
        TakeDown.objects.select_related("membership__panel__funding_round", "membership__user", "application"), pk=pk
    )
    panel = staff_panel_or_404(request.user, take_down.membership.panel_id)
    require(request.user, "panels.take_down", take_down)
    form = SignedSheetForm(request.POST, request.FILES, prefix=f"sheet{take_down.pk}")
    if form.is_valid():
        done, _ = attempt(
            form,
            lambda: services.paper.attach_signed_sheet(
                actor=request.user, take_down=take_down, uploaded=form.cleaned_data["sheet"]
            ),
            field="sheet",
        )
        if done:
            messages.success(
                request, f"{take_down.membership.user.full_name}’s signed sheet is attached: the entry now counts."
            )
            return redirect("panels:take_down_list", panel.pk)
    return _render_list(request, panel, sheet_forms={take_down.pk: form})


@login_required
@require_http_methods(["GET", "HEAD"])
def signed_sheet_download(request: AuthenticatedHttpRequest, pk: int):
    """The member's signed sheet, for the staff who support the panel (and an auditor's questions)."""
    take_down = get_object_or_404(TakeDown.objects.select_related("membership__user"), pk=pk)
    staff_panel_or_404(request.user, take_down.membership.panel_id)
    stored = open_for_download(
        take_down.signed_sheet, missing="The signed sheet is missing from the store. Ask the member to sign another."
    )
    extension = take_down.signed_sheet.name.rsplit(".", 1)[-1]
    name = f"Signed sheet, {take_down.membership.user.full_name}.{extension}"
    response = FileResponse(stored, as_attachment=True, filename=name, content_type=take_down.sheet_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _entry_of(take_down: TakeDown):
    """What was taken down, ready to show: the assessment with its scores, or the vote."""
    if take_down.entry == "scores":
        assessment = take_down.assessment
        return assessment, list(assessment.scores.select_related("criterion").order_by("criterion__position", "pk"))
    return take_down.vote, []


def _members_take_down_or_404(user, pk: int, token: str) -> TakeDown:
    """The entry taken down for `user`, when `token` is its current link; any other is 404."""
    take_down = get_object_or_404(
        TakeDown.objects.select_related(
            "membership__user",
            "membership__panel__funding_round",
            "application__organisation",
            "application__funding_round",
            "taken_down_by",
            "assessment",
            "vote",
        ),
        pk=pk,
        membership__user=user,
    )
    if not take_down.token_is_valid(token):
        raise Http404("This link no longer works. Ask the staff who support your panel to send a new one.")
    return take_down


def _confirm_context(take_down: TakeDown, decision) -> dict:
    entry, scores = _entry_of(take_down)
    words = results.taken_down_words(
        what="Your scores" if take_down.entry == "scores" else "Your vote",
        staff=take_down.taken_down_by.full_name,
        member=take_down.membership.user.full_name,
        source=take_down.source,
        on=take_down.taken_down_at,
    )
    return {
        "take_down": take_down,
        "entry": entry,
        "scores": scores,
        "decision": decision,
        "panel": take_down.membership.panel,
        "application": take_down.application,
        "words": words,
    }


@login_required
@require_http_methods(["GET", "POST"])
def take_down_confirm(request: AuthenticatedHttpRequest, pk: int, token: str):
    """The member's page from the emailed link: what staff wrote down, and a button to confirm
    it. Nobody else may know it exists; a link that was changed, used up or is too old is 404."""
    take_down = _members_take_down_or_404(request.user, pk, token)
    decision = can(request.user, "panels.confirm_take_down", take_down)
    if request.method == "POST":
        if not decision.allowed:
            raise PermissionDenied(decision.reason)
        confirm = partial(services.paper.confirm_take_down, actor=request.user, take_down=take_down, token=token)
        if attempt_or_tell(request, confirm)[0]:
            messages.success(request, "Thank you. You have confirmed it, and it now counts.")
        return redirect(take_down.membership.panel.get_absolute_url())
    return render(request, "panels/member/take_down_confirm.html", _confirm_context(take_down, decision))
