"""The panel pack: a member's applications and blank scoring sheets as a PDF, for people who prefer paper.

A member prints their own pack from the panel's page; staff print one for a member who asked
for paper (from the panel's staff page). Both load the panel through
`visible(user, "panels.view_panel")`, so outsiders get 404, and ask `panels.view_pack`.
What the pack holds follows the conflict rules: see `panels/services/pack.py`.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from commissioning.http import AuthenticatedHttpRequest
from commissioning.permissions import require, visible
from panels.models import Panel, PanelMembership
from panels.services.pack import print_pack


def _panel_or_404(user, pk: int) -> Panel:
    panels = visible(user, "panels.view_panel", Panel.objects.select_related("funding_round"))
    return get_object_or_404(panels.prefetch_related("funding_round__stages"), pk=pk)


def _accepted_seats(panel: Panel):
    return PanelMembership.objects.filter(panel=panel, status=PanelMembership.Status.ACCEPTED).select_related(
        "user", "invited_by"
    )


def _pdf_response(request: AuthenticatedHttpRequest, membership: PanelMembership) -> HttpResponse:
    require(request.user, "panels.view_pack", membership)
    pack, pdf = print_pack(actor=request.user, membership=membership)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, pack.filename)
    # A member's applications and notes: not for shared caches or the browser's history.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def member_pack(request: AuthenticatedHttpRequest, pk: int):
    """Your own pack for this panel."""
    panel = _panel_or_404(request.user, pk)
    membership = _accepted_seats(panel).filter(user=request.user).first()
    if membership is None:
        raise PermissionDenied(
            "Only the panel's members have a pack. Staff print one for a member from the panel's page."
        )
    membership.panel = panel
    return _pdf_response(request, membership)


@login_required
@require_GET
def staff_member_pack(request: AuthenticatedHttpRequest, pk: int, membership_pk: int):
    """Staff print a member's pack for them (a member may print their own here too)."""
    panel = _panel_or_404(request.user, pk)
    membership = get_object_or_404(_accepted_seats(panel), pk=membership_pk)
    membership.panel = panel
    return _pdf_response(request, membership)
