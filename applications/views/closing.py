"""Staff close an open round's applications before its deadline: a warning page (how many
drafts are still unsent, and that their organisations will be emailed), then the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from applications import services
from applications.models import Application
from commissioning.exceptions import RoundError
from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def applications_close(request: AuthenticatedHttpRequest, slug: str):
    funding_round = get_object_or_404(FundingRound.objects.prefetch_related("stages"), slug=slug)
    require(request.user, "applications.close_applications", funding_round)
    if request.method == "POST":
        try:
            services.close_applications_now(actor=request.user, funding_round=funding_round)
        except (RoundError, PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("applications:applications_close", funding_round.slug)
        messages.success(
            request, f"‘{funding_round}’ is closed for applications. Everyone with an unsent draft is being emailed."
        )
        return redirect("commissioning:round_manage", funding_round.slug)
    drafts = Application.objects.filter(funding_round=funding_round).drafts().count()
    context = {"funding_round": funding_round, "drafts": drafts}
    return render(request, "applications/staff/applications_close.html", context)
