"""Interviews: the member screens' panel and application, with the application shortlisted,
the round at its interviews, the applicant acting for the organisation, and times offered."""

from datetime import datetime

import pytest
from django.utils import timezone

from commissioning.models import FundingRound
from panels import services
from panels.models import ShortlistOutcome
from tests.applications.factories import join_organisation


def at(day: int, hour: int, minute: int = 0):
    return timezone.make_aware(datetime(2018, 3, day, hour, minute))


def shortlist(application):
    ShortlistOutcome.objects.update_or_create(
        application=application,
        defaults={
            "panel": application.panel_assignment.panel,
            "outcome": ShortlistOutcome.Outcome.INCLUDED,
            "include_votes": 3,
        },
    )
    return application


def to_interviews(funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    funding_round.refresh_from_db()


def offer(panel, by, starts_at, place="Leeds Civic Hall, Millennium Square", **fields):
    return services.interviews.offer_interview_slot(actor=by, panel=panel, starts_at=starts_at, place=place, **fields)


@pytest.fixture
def shortlisted(application, funding_round, applicant):
    shortlist(application)
    to_interviews(funding_round)
    application.refresh_from_db()
    join_organisation(applicant, application.organisation)
    return application


@pytest.fixture
def slots(panel, facilitator):
    """Tuesday 6 March 2018 at 10:00 am and 2:30 pm, and a video call on Wednesday 7 March."""
    return [
        offer(panel, facilitator, at(6, 10)),
        offer(panel, facilitator, at(6, 14, 30)),
        offer(panel, facilitator, at(7, 11), place="", video_link="https://meet.example.org/panel-a"),
    ]
