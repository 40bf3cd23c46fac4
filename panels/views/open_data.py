"""Feedback letters and the 360Giving open data of awarded grants.

The letter is the applicant's own: its organisation's members read it once the round reaches
feedback, and staff as soon as the decision is recorded (`panels.view_feedback_letter`).
Everyone else gets 404, as for any organisation's things. The open data is public from the
feedback stage (`panels.view_open_data`); before that, the files are not found.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from commissioning.http import AuthenticatedHttpRequest
from commissioning.models import FundingRound
from commissioning.permissions import can, visible
from panels import open_data, services


def _wants_large_print(request) -> bool:
    """Large print for people who chose larger text in their account, or who ask for it here."""
    chosen = request.GET.get("print")
    if chosen in ("large", "standard"):
        return chosen == "large"
    return request.user.prefers_larger_text


@login_required
@require_GET
def feedback_letter(request: AuthenticatedHttpRequest, application_pk: int):
    """The feedback letter (PDF) for one decided application."""
    applications = visible(request.user, "applications.view_application", services.letters.letter_applications())
    application = get_object_or_404(applications, pk=application_pk)
    decision = can(request.user, "panels.view_feedback_letter", application)
    if not decision:
        # Before feedback, even the applicant may not know a decision exists.
        raise Http404(decision.reason)
    letter, pdf = services.letters.print_feedback_letter(
        application=application, large_print=_wants_large_print(request)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, letter.filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _published_round(user, slug: str) -> FundingRound:
    rounds = visible(user, "commissioning.view_round", FundingRound.objects.select_related("programme"))
    funding_round = get_object_or_404(rounds, slug=slug)
    decision = can(user, "panels.view_open_data", funding_round)
    if not decision:
        raise Http404(decision.reason)
    return funding_round


def _grants(request, funding_round: FundingRound) -> list[dict]:
    data_source = request.build_absolute_uri(funding_round.get_absolute_url())
    return open_data.awarded_grants(funding_round, data_source=data_source)


@require_GET
def grants_csv(request, slug: str):
    """The round's awarded grants as a 360Giving CSV file."""
    funding_round = _published_round(request.user, slug)
    body = open_data.grants_csv(_grants(request, funding_round))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{funding_round.slug}-grants.csv")
    return response


@require_GET
def grants_json(request, slug: str):
    """The round's awarded grants in the 360Giving JSON shape: {"grants": [...]}."""
    funding_round = _published_round(request.user, slug)
    body = json.dumps({"grants": _grants(request, funding_round)}, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, f"{funding_round.slug}-grants.json")
    return response
