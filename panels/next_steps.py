""" "What I need to do next" for panel members (an invitation to answer; then, by the stage the
round is at, scoring and the shortlist vote, the interviews, the decisions) and for organisations
whose applications a panel has shortlisted or decided on."""

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from applications.models import Application
from applications.permissions import acts_for_any
from commissioning.models import FundingRound
from commissioning.next_steps import NextStep
from commissioning.permissions import visible
from panels.models import Assessment, PanelAssignment, PanelMembership, ShortlistOutcome, Vote

Status = FundingRound.Status


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _count(queryset, link: str):
    """A correlated count (`link` joins the counted rows to the seat): one query for all the seats,
    without multiplying rows the way several joined counts would."""
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def member_steps(user) -> Iterable[NextStep]:
    """One query, however many panels: each seat with its counts of applications, submitted
    assessments, votes and shortlisted applications."""
    if not getattr(user, "is_authenticated", False):
        return
    seats = (
        PanelMembership.objects.filter(
            user=user, status__in=[PanelMembership.Status.INVITED, PanelMembership.Status.ACCEPTED]
        )
        .select_related("panel__funding_round")
        .annotate(
            applications=_count(PanelAssignment.objects.all(), "panel__memberships"),
            submitted=_count(Assessment.objects.filter(status=Assessment.Status.SUBMITTED), "membership"),
            shortlist_votes=_count(Vote.objects.filter(stage=Vote.Stage.SHORTLISTING), "membership"),
            decision_votes=_count(Vote.objects.filter(stage=Vote.Stage.DECISION), "membership"),
            shortlisted=_count(
                ShortlistOutcome.objects.filter(outcome=ShortlistOutcome.Outcome.INCLUDED), "panel__memberships"
            ),
        )
        .order_by("panel__name")
    )
    for seat in seats:
        panel = seat.panel
        where = f"{panel} ({panel.funding_round})"
        status = panel.funding_round.status
        if seat.status == PanelMembership.Status.INVITED:
            yield NextStep(
                f"Answer your invitation to {where}",
                reverse("panels:invitation_answer", args=[panel.pk]),
                f"{seat.applications} applications to read. See the time it asks before you say yes.",
            )
        elif status == Status.DECISION:
            yield NextStep(
                f"Decide with {where}",
                reverse("panels:decision_list", args=[panel.pk]),
                f"You have voted on {seat.decision_votes} of {_plural(seat.shortlisted, 'shortlisted application')}.",
            )
        elif status == Status.INTERVIEWS:
            yield NextStep(
                f"The interviews of {where}",
                reverse("panels:interviews_panel", args=[panel.pk]),
                f"{_plural(seat.shortlisted, 'shortlisted organisation')} to meet: the timetable and the questions.",
            )
        else:
            yield NextStep(
                f"Your work on {where}",
                reverse("panels:panel_detail", args=[panel.pk]),
                f"{seat.submitted} of {seat.applications} applications scored.",
            )
            if status == Status.SHORTLISTING:
                yield NextStep(
                    f"Vote on the shortlist of {where}",
                    reverse("panels:shortlist", args=[panel.pk]),
                    f"You have voted on {seat.shortlist_votes} of {seat.applications} applications.",
                )


def applicant_steps(user) -> Iterable[NextStep]:
    """An interview time to choose, or a decision to read: one query, however many applications."""
    if not acts_for_any(user):
        return
    applications = (
        visible(user, "applications.view_application", Application.objects.for_organisations_of(user))
        .filter(
            Q(funding_round__status=Status.INTERVIEWS, shortlist_outcome__outcome=ShortlistOutcome.Outcome.INCLUDED)
            | Q(funding_round__status__in=Status.FEEDBACK.and_later(), funding_decision__isnull=False)
        )
        .select_related("funding_round", "interview_slot")
        .order_by("-updated_at", "-pk")
    )
    for application in applications:
        if application.funding_round.status == Status.INTERVIEWS:
            if getattr(application, "interview_slot", None) is None:
                yield NextStep(
                    f"Choose a time for your interview ({application.reference})",
                    reverse("panels:interview_book", args=[application.pk]),
                    f"The panel for {application.funding_round} would like to meet you.",
                )
        else:
            yield NextStep(
                f"Read the panel’s decision on {application.reference}",
                application.get_absolute_url() + "#decision",
                "The decision, the panel’s reasons and your feedback letter.",
            )
