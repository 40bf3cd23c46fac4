"""The panel pack: a member's applications and blank scoring sheets as a PDF, for people who prefer paper.

A member prepares their own pack from the panel's page; staff prepare one for a member who asked
for paper (from the panel's staff page). A pack takes a while to lay out, so it is built in the
background: the pack's page asks for it, shows how far the build has got (refreshing that part of
itself), then offers the download. Both pages load the panel through
`visible(user, "panels.view_panel")`, so outsiders get 404, and ask `panels.view_pack`; the
download asks `panels.download_pack`, which also refuses a pack that events have overtaken.
What the pack holds follows the conflict rules: see `panels/services/pack.py`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from commissioning.http import AuthenticatedHttpRequest
from commissioning.permissions import require, visible
from commissioning.storage import open_for_download
from panels.models import PackBuild, Panel, PanelMembership
from panels.services import builds
from panels.services.pack import progress_step, record_download, request_pack


def _panel_or_404(user, pk: int) -> Panel:
    panels = visible(user, "panels.view_panel", Panel.objects.select_related("funding_round"))
    return get_object_or_404(panels.prefetch_related("funding_round__stages"), pk=pk)


def _accepted_seats(panel: Panel):
    return PanelMembership.objects.filter(panel=panel, status=PanelMembership.Status.ACCEPTED).select_related(
        "user", "invited_by"
    )


def _pack_page(request: AuthenticatedHttpRequest, membership: PanelMembership, *, for_staff: bool):
    """Prepare a pack (POST) and follow it; `?part=status` answers with the progress alone."""
    require(request.user, "panels.view_pack", membership)
    if request.method == "POST":
        build = request_pack(actor=request.user, membership=membership)
        if build.has_failed:
            messages.error(request, f"The pack could not be prepared. {build.error}")
        return redirect(request.path)
    # A build whose worker stopped is shown as failed, with "Try again".
    builds.give_up_stopped(membership.pack_builds.all())
    latest = membership.pack_builds.select_related("requested_by").first()
    if latest is not None:
        latest.membership = membership
    context = {
        "panel": membership.panel,
        "funding_round": membership.panel.funding_round,
        "membership": membership,
        "for_staff": for_staff,
        "base_template": "commissioning/staff/base_staff.html" if for_staff else "panels/member/base_member.html",
        "latest": latest,
        "step": progress_step(latest) if latest else "",
        "out_of_date": latest.why_out_of_date() if latest and latest.is_ready else "",
    }
    template = "panels/pack/pack_page.html"
    if request.GET.get("part") == "status":
        template += "#status"
    response = render(request, template, context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def member_pack(request: AuthenticatedHttpRequest, pk: int):
    """Your own pack for this panel."""
    panel = _panel_or_404(request.user, pk)
    membership = _accepted_seats(panel).filter(user=request.user).first()
    if membership is None:
        raise PermissionDenied(
            "Only the panel's members have a pack. Staff print one for a member from the panel's page."
        )
    membership.panel = panel
    return _pack_page(request, membership, for_staff=False)


@login_required
@require_http_methods(["GET", "POST"])
def staff_member_pack(request: AuthenticatedHttpRequest, pk: int, membership_pk: int):
    """Staff prepare a member's pack for them (a member may prepare their own here too)."""
    panel = _panel_or_404(request.user, pk)
    membership = get_object_or_404(_accepted_seats(panel), pk=membership_pk)
    membership.panel = panel
    return _pack_page(request, membership, for_staff=True)


@login_required
@require_GET
def pack_download(request: AuthenticatedHttpRequest, pk: int):
    """A ready pack's PDF. Its panel must be one the person may see (else 404); then only the
    member or staff may print it, and only while it is up to date (403 with the reason)."""
    panels = visible(request.user, "panels.view_panel", Panel.objects.all())
    build = get_object_or_404(
        PackBuild.objects.select_related("membership__user", "membership__panel__funding_round").filter(
            membership__panel__in=panels, status=PackBuild.Status.READY
        ),
        pk=pk,
    )
    require(request.user, "panels.download_pack", build)
    handle = open_for_download(build.file, missing="This pack's file is missing. Prepare a new pack.")
    record_download(actor=request.user, build=build)
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=build.contents.get("filename") or "panel-pack.pdf",
    )
    # A member's applications and notes: not for shared caches or the browser's history.
    patch_cache_control(response, private=True, no_store=True)
    return response
