""" "What I need to do next" for applicants: each live application of their organisations.

Registered with `commissioning.next_steps.register(applicant_steps)` in `AppConfig.ready()`.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import Application
from applications.permissions import acts_for_any
from commissioning.models import FundingRound
from commissioning.next_steps import NextStep
from commissioning.permissions import can, visible


def _saved_at(moment) -> str:
    local = timezone.localtime(moment)
    return f"Saved at {date_format(local, 'H:i')} on {date_format(local, 'j F Y')}."


def applicant_steps(user) -> Iterable[NextStep]:
    """Drafts to continue and sent applications to follow, newest first: one query, however many."""
    if not acts_for_any(user):
        return
    applications = (
        visible(user, "applications.view_application", Application.objects.for_organisations_of(user))
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("organisation", "funding_round")
        .order_by("-updated_at", "-pk")
    )
    for application in applications:
        if application.is_draft:
            yield NextStep(
                f"Continue your application for {application.funding_round}",
                application.get_absolute_url(),
                f"{application.organisation}: {application.project_title or 'no project title yet'}. "
                + _saved_at(application.updated_at),
            )
        else:
            yield NextStep(
                f"See your application {application.reference}",
                application.get_absolute_url(),
                f"{application.organisation}, {application.funding_round}: {application.get_status_display()}.",
            )


def staff_steps(user) -> Iterable[NextStep]:
    """For staff: the rounds whose applications are arriving or being checked."""
    if not can(user, "applications.list_applications"):
        return
    rounds = FundingRound.objects.that_are_between(FundingRound.Status.OPEN, FundingRound.Status.ELIGIBILITY)
    rounds = rounds.order_by("title")
    for funding_round in rounds:
        yield NextStep(
            f"Check the applications to “{funding_round.title}”",
            reverse("applications:eligibility_list", args=[funding_round.slug]),
            "Check each sent application against the must-have criteria. Staff check facts; they do not score.",
        )
