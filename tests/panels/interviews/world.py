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
    PanelAssignment.objects.create(
        panel=world["panel"], application=application, assigned_by=world["suggestion"].suggested_by
    )
    ShortlistOutcome.objects.create(
        application=application, panel=world["panel"], outcome=ShortlistOutcome.Outcome.INCLUDED, include_votes=3
    )
    FundingRound.objects.filter(pk=world["panel"].funding_round_id).update(status=FundingRound.Status.INTERVIEWS)
    interview_slot(world)
    return application
