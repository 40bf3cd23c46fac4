"""Reminders (`manage.py send_reminders`): before together sessions and interviews, and when
scoring is due; never twice for one event and person; each person's email choice honoured; a
member with a conflict hears nothing of that interview; a mail server that is down loses none."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from commissioning.models import AuditEvent, FundingRound, OutgoingEmail, Stage, User
from panels.audit import Verb
from panels.models import Assessment, InterestDeclaration, InterviewSlot, PanelMembership, ReminderSent, TogetherSession
from panels.services.reminders import send_due_reminders
from tests.applications.factories import ApplicationFactory
from tests.commissioning.factories import UserFactory
from tests.mail import mail_server_down
from tests.panels.factories import assign, seat

pytestmark = pytest.mark.django_db


def session_in(panel, facilitator, delta, **fields) -> TogetherSession:
    return TogetherSession.objects.create(
        panel=panel,
        title=fields.pop("title", "Getting to know the applications"),
        starts_at=timezone.now() + delta,
        place="Leeds Civic Hall, Room 3",
        arranged_by=facilitator,
        **fields,
    )


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the reminders; the emails stored leave once each has committed, as in production."""

    def send() -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders()

    return send


def to(kind: str) -> list[list[str]]:
    return sorted(OutgoingEmail.objects.filter(kind=f"panels/emails/reminder_{kind}").values_list("to", flat=True))


def test_members_are_reminded_of_a_session_in_the_next_two_days(
    panel, member, colleague, facilitator, mailoutbox, send
):
    session_in(panel, facilitator, timedelta(hours=30))
    assert send()["session"] == 2
    assert to("session") == [["colleague.volunteer@example.org"], ["panel@example.org"]]
    message = next(m for m in mailoutbox if m.to == ["panel@example.org"])
    assert message.subject.startswith("Reminder: Getting to know the applications, ")
    assert "Where: Leeds Civic Hall, Room 3" in message.body
    assert "Add it to your calendar: http" in message.body and "/calendar.ics" in message.body
    assert "Add to calendar</a>" in message.alternatives[0][0]
    assert "Hello Pamela," in message.body


def test_a_session_further_off_or_already_begun_is_not_reminded(panel, member, facilitator, send):
    session_in(panel, facilitator, timedelta(days=2, minutes=1))
    session_in(panel, facilitator, -timedelta(minutes=5), title="Started")
    assert send()["session"] == 0
    assert not OutgoingEmail.objects.exists()


def test_never_twice_for_one_event_and_person(panel, member, facilitator, mailoutbox, send):
    session_in(panel, facilitator, timedelta(hours=5))
    assert send()["session"] == 1
    assert send()["session"] == 0
    call_command("send_reminders", stdout=StringIO())
    assert len(mailoutbox) == 1
    assert ReminderSent.objects.get().email.to == ["panel@example.org"]


def test_a_member_who_joins_later_is_still_reminded_once(panel, member, facilitator, send):
    session_in(panel, facilitator, timedelta(hours=5))
    send()
    seat(UserFactory(email="late@example.org"), panel)
    assert send()["session"] == 1
    assert to("session") == [["late@example.org"], ["panel@example.org"]]


def test_invited_removed_and_switched_off_members_are_not_reminded(panel, member, facilitator, send):
    PanelMembership.objects.create(panel=panel, user=UserFactory(email="invited@example.org"))
    removed = seat(UserFactory(email="removed@example.org"), panel)
    PanelMembership.objects.filter(pk=removed.pk).update(status=PanelMembership.Status.REMOVED)
    seat(UserFactory(email="off@example.org", is_active=False), panel)
    session_in(panel, facilitator, timedelta(hours=5))
    send()
    assert to("session") == [["panel@example.org"]]


def test_nothing_for_a_closed_round(panel, member, facilitator, send):
    session_in(panel, facilitator, timedelta(hours=5))
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.CLOSED)
    assert send()["session"] == 0


@pytest.mark.parametrize(("choice", "reminded"), [("everything", True), ("needs_me", True), ("essentials", False)])
def test_each_persons_choice_is_honoured(panel, member, facilitator, choice, reminded, send):
    User.objects.filter(pk=member.pk).update(email_choice=choice)
    session_in(panel, facilitator, timedelta(hours=5))
    assert send()["session"] == (1 if reminded else 0)
    assert (to("session") == [["panel@example.org"]]) is reminded
    # Weighed once: it is recorded either way, so changing the choice later does not send it late.
    assert ReminderSent.objects.filter(user=member).count() == 1


def declare(user, application, *, conflict: bool) -> None:
    InterestDeclaration.objects.create(
        membership=PanelMembership.objects.get(user=user),
        application=application,
        has_conflict=conflict,
        nature="My sister runs it." if conflict else "",
        recorded_by=user,
    )


def booked_slot(panel, application, facilitator, delta) -> InterviewSlot:
    return InterviewSlot.objects.create(
        panel=panel,
        starts_at=timezone.now() + delta,
        video_link="https://meet.example.org/panel-b",
        application=application,
        booked_by=facilitator,
        booked_at=timezone.now(),
    )


def test_interview_reminder_leaves_out_a_member_with_a_conflict(
    panel, member, colleague, application, facilitator, mailoutbox, send
):
    declare(member, application, conflict=False)
    declare(colleague, application, conflict=True)
    slot = booked_slot(panel, application, facilitator, timedelta(hours=20))
    assert send()["interview"] == 1
    assert to("interview") == [["panel@example.org"]]
    [message] = mailoutbox
    assert f"will meet {application.organisation.name} soon" in message.body
    assert f"/panels/interviews/{slot.pk}/calendar.ics" in message.body


def test_a_free_interview_time_reminds_nobody(panel, member, facilitator, send):
    InterviewSlot.objects.create(panel=panel, starts_at=timezone.now() + timedelta(hours=3), place="Leeds")
    assert send()["interview"] == 0


def scoring_ends_in(funding_round, days: int) -> None:
    Stage.objects.filter(funding_round=funding_round, kind=Stage.Kind.SHORTLISTING).update(
        starts_on=timezone.localdate() - timedelta(days=20), ends_on=timezone.localdate() + timedelta(days=days)
    )


def test_members_with_scoring_left_are_reminded_near_the_last_day(
    panel, member, colleague, application, facilitator, funding_round, mailoutbox, send
):
    second = ApplicationFactory(funding_round=funding_round, submitted=True, status="eligible")
    assign(panel, second, facilitator)
    Assessment.objects.create(
        membership=PanelMembership.objects.get(user=colleague),
        application=application,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Assessment.objects.create(
        membership=PanelMembership.objects.get(user=colleague),
        application=second,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    scoring_ends_in(funding_round, 2)
    assert send()["scoring"] == 1
    [message] = mailoutbox
    assert message.to == ["panel@example.org"]  # the colleague has submitted both
    assert message.subject == "Reminder: 2 applications still to score for Panel A"
    ends_on = timezone.localdate() + timedelta(days=2)
    assert f"ends on {ends_on:%A} {ends_on.day} {ends_on:%B %Y}" in message.body
    assert "2 of your 2 applications are still to score." in message.body
    assert send()["scoring"] == 0


def test_an_application_with_a_conflict_is_not_counted_as_left_to_score(
    panel, member, application, funding_round, mailoutbox, send
):
    declare(member, application, conflict=True)
    scoring_ends_in(funding_round, 1)
    assert send()["scoring"] == 0
    assert mailoutbox == []


def test_no_scoring_reminder_while_the_last_day_is_far_off_or_past(panel, member, application, funding_round, send):
    scoring_ends_in(funding_round, 4)
    assert send()["scoring"] == 0
    scoring_ends_in(funding_round, -1)
    assert send()["scoring"] == 0
    scoring_ends_in(funding_round, 0)
    assert send()["scoring"] == 1


def test_a_run_that_sends_is_logged(panel, member, facilitator, send):
    session_in(panel, facilitator, timedelta(hours=5))
    send()
    event = AuditEvent.objects.get(verb=Verb.REMINDERS_SENT)
    assert event.actor is None and event.data == {"session": 1, "interview": 0, "scoring": 0}
    send()
    assert AuditEvent.objects.filter(verb=Verb.REMINDERS_SENT).count() == 1


def test_a_mail_server_down_keeps_the_reminder_waiting_and_sends_it_once(panel, member, facilitator, mailoutbox, send):
    session_in(panel, facilitator, timedelta(hours=5))
    with mail_server_down():
        assert send()["session"] == 1
        assert send()["session"] == 0
    stored = OutgoingEmail.objects.get()
    assert stored.status == OutgoingEmail.Status.WAITING and mailoutbox == []


def test_the_command_says_what_it_stored(panel, member, facilitator):
    session_in(panel, facilitator, timedelta(hours=5))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminders stored: 1 for together sessions, 0 for interviews, 0 for scoring."
