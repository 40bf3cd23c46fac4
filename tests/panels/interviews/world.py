"""What the permission matrix's interview rows add to its `world` (the matrix file keeps its own
lines untouched, so its rows reach these through the module)."""

from datetime import datetime

from django.utils import timezone

from applications.models import Application
from commissioning.models import FundingRound
from panels.models import InterviewSlot, PanelAssignment, ShortlistOutcome


def interview_slot(world) -> InterviewSlot:
    return InterviewSlot.objects.create(
        panel=world["panel"], starts_at=timezone.make_aware(datetime(2018, 3, 6, 10, 0)), place="Leeds Civic Hall"
    )


def shortlisted_for_interview(world) -> Application:
    """The applicant's sent application, found eligible, given to the world's panel and
    shortlisted, with the round at its interviews and a free slot offered."""
    application = world["sent"]
    Application.objects.filter(pk=application.pk).update(status=Application.Status.ELIGIBLE)
    # Idempotent: the matrix's test that walks every URL builds every row's arguments in one world.
    PanelAssignment.objects.get_or_create(
        application=application, defaults={"panel": world["panel"], "assigned_by": world["suggestion"].suggested_by}
    )
    ShortlistOutcome.objects.get_or_create(
        application=application,
        defaults={"panel": world["panel"], "outcome": ShortlistOutcome.Outcome.INCLUDED, "include_votes": 3},
    )
    FundingRound.objects.filter(pk=world["panel"].funding_round_id).update(status=FundingRound.Status.INTERVIEWS)
    if not InterviewSlot.objects.filter(panel=world["panel"]).exists():
        interview_slot(world)
    return application


def booked_interview(world) -> InterviewSlot:
    """The applicant's shortlisted application booked into the world's interview slot."""
    application = shortlisted_for_interview(world)
    slot = InterviewSlot.objects.get(panel=world["panel"])
    slot.application, slot.booked_by, slot.booked_at = application, world["suggestion"].suggested_by, timezone.now()
    slot.save()
    return slot
