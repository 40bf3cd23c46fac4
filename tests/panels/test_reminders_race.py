"""Two runs of `send_reminders` at the same moment (two servers' cron, say) remind each person
once: the second waits on the first's ReminderSent row, then finds it there."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from commissioning.models import OutgoingEmail
from panels.models import Panel, TogetherSession
from panels.services import reminders
from tests.commissioning.factories import UserFactory
from tests.helpers import at_the_same_moment
from tests.panels.factories import seat, shortlisting_round


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_remind_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Waiting on another transaction's row needs PostgreSQL")
    staff = UserFactory(facilitator=True)
    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel A")
    seat(UserFactory(email="pat@example.org"), panel)
    TogetherSession.objects.create(
        panel=panel, title="Together", starts_at=timezone.now() + timedelta(hours=3), place="Room 2", arranged_by=staff
    )
    # The first run holds its ReminderSent row (uncommitted) while it writes the email.
    results = at_the_same_moment(
        monkeypatch, reminders, "send_templated_email", lambda: reminders.send_due_reminders()["session"]
    )
    assert results == {"first": 1, "second": 0}
    assert OutgoingEmail.objects.filter(kind="panels/emails/reminder_session").count() == 1
