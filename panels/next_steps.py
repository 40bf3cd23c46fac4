""" "What I need to do next" for panel members: invitations to answer and applications to score."""

from collections.abc import Iterable

from django.db.models import Count, Q
from django.urls import reverse

from commissioning.next_steps import NextStep

from .models import Assessment, PanelMembership


def member_steps(user) -> Iterable[NextStep]:
    """One query, however many panels: each seat with its application and submission counts."""
    if not getattr(user, "is_authenticated", False):
        return
    seats = (
        PanelMembership.objects.filter(
            user=user, status__in=[PanelMembership.Status.INVITED, PanelMembership.Status.ACCEPTED]
        )
        .select_related("panel__funding_round")
        .annotate(
            applications=Count("panel__assignments", distinct=True),
            submitted=Count("assessments", filter=Q(assessments__status=Assessment.Status.SUBMITTED), distinct=True),
        )
        .order_by("panel__name")
    )
    for seat in seats:
        panel = seat.panel
        if seat.status == PanelMembership.Status.INVITED:
            yield NextStep(
                f"Answer your invitation to {panel} ({panel.funding_round})",
                reverse("panels:invitation_answer", args=[panel.pk]),
                f"{seat.applications} applications to read. See the time it asks before you say yes.",
            )
        else:
            yield NextStep(
                f"Your work on {panel} ({panel.funding_round})",
                reverse("panels:panel_detail", args=[panel.pk]),
                f"{seat.submitted} of {seat.applications} applications scored.",
            )
