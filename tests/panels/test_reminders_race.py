"""Two runs of `send_reminders` at the same moment (two servers' cron, say) remind each person
once: the second waits on the first's ReminderSent row, then finds it there."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from commissioning.models import OutgoingEmail
from panels.models import Panel, TogetherSession
from panels.services import reminders
from tests.commissioning.factories import UserFactory
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
    first_inside, let_first_finish = threading.Event(), threading.Event()
    real_send = reminders.send_templated_email

    def slow_first(*args, **kwargs):
        if threading.current_thread().name == "first":
            first_inside.set()
            assert let_first_finish.wait(10)
        return real_send(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_templated_email", slow_first)
    results = {}

    def run(name):
        try:
            results[name] = reminders.send_due_reminders()["session"]
        finally:
            connection.close()

    first = threading.Thread(target=run, args=["first"], name="first")
    second = threading.Thread(target=run, args=["second"], name="second")
    first.start()
    assert first_inside.wait(10)
    second.start()
    time.sleep(0.5)  # the second run now waits on the first's row
    let_first_finish.set()
    first.join(10), second.join(10)

    assert results == {"first": 1, "second": 0}
    assert OutgoingEmail.objects.filter(kind="panels/emails/reminder_session").count() == 1
