"""The decision report (built in the background) and the closing of a round.

Staff build a round's report from its report page, which shows the build's progress (and
refreshes that part of itself while the build runs) and lists earlier builds. A finished report
is downloaded from its own address: by staff at any time, and by anyone once the round reaches
feedback to applicants, for accountability. A round the person may not see gives 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import can, require, visible
from commissioning.storage import open_for_download
from panels.exceptions import PanelError
from panels.models import DecisionReport
from panels.services import builds
from panels.services.reports import progress_step, request_report

BUILDING = (DecisionReport.Status.QUEUED, DecisionReport.Status.BUILDING)
# How many earlier builds the page lists.
EARLIER_BUILDS = 10


def _request_build(request, funding_round) -> None:
    """Ask for a build and say what happened: ready at once (in development), failed, or queued."""
    try:
        report = request_report(actor=request.user, funding_round=funding_round)
    except (PanelError, PermissionDenied) as error:
        messages.error(request, str(error))
        return
    if report.status == DecisionReport.Status.READY:
        messages.success(request, "The decision report is ready to download.")
    elif report.status == DecisionReport.Status.FAILED:
        messages.error(request, f"The decision report could not be built. {report.error}")
    else:
        messages.success(request, "The decision report is being built. This page shows how far it has got.")


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: AuthenticatedHttpRequest, slug: str):
    """Build the report, follow its progress and download it. `?part=status` answers with the
    progress panel alone, which the page's script fetches every few seconds while building."""
    funding_round = get_object_or_404(FundingRound.objects.select_related("programme"), slug=slug)
    require(request.user, "panels.view_reports", funding_round)
    if request.method == "POST":
        _request_build(request, funding_round)
        return redirect("panels:report_page", funding_round.slug)
    # A build whose worker stopped is shown as failed, with "Try again".
    builds.give_up_stopped(funding_round.decision_reports.all())
    reports = list(funding_round.decision_reports.select_related("requested_by")[: EARLIER_BUILDS + 1])
    latest = reports[0] if reports else None
    context = {
        "funding_round": funding_round,
        "latest": latest,
        "building": latest is not None and latest.status in BUILDING,
        "step": progress_step(latest) if latest else "",
        "earlier": reports[1:],
        "may_build": can(request.user, "panels.build_report", funding_round),
    }
    template = "panels/report/report_page.html"
    if request.GET.get("part") == "status":
        template += "#status"
    return render(request, template, context)


@require_GET
def report_download(request, pk: int):
    """The finished PDF. The round must be one the person may see (else 404); before feedback
    to applicants only staff may read it (403 with the reason)."""
    rounds = visible(request.user, "commissioning.view_round", FundingRound.objects.all())
    report = get_object_or_404(
        DecisionReport.objects.select_related("funding_round").filter(
            funding_round__in=rounds, status=DecisionReport.Status.READY
        ),
        pk=pk,
    )
    require(request.user, "panels.download_report", report)
    handle = open_for_download(report.file, missing="This report's file is missing. Staff can build it again.")
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"decision-report-{report.funding_round.slug}.pdf",
    )
    patch_cache_control(response, private=True)
    return response
