"""The outbox (commissioning/emails.py): an email is stored with the action that causes it and
sent by a background task after the commit; with the mail server down it waits and is tried
again with a growing wait, until a day has gone and staff can send it again. One email is
never sent twice. Staff see what has not gone yet."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commissioning import emails
from commissioning.audit import Verb
from commissioning.models import AuditEvent, OutgoingEmail, User
from tests.commissioning.factories import FundingRoundFactory
from tests.helpers import assert_page_queries
from tests.mail import (
    MailServerRefuses,
    assert_retry_sends_each_once,
    assert_waiting,
    mail_server_down,
    time_passes,
)

pytestmark = pytest.mark.django_db

OUTBOX = reverse("commissioning:outbox")


def store(**changes) -> OutgoingEmail:
    fields = {
        "kind": "test",
        "to": ["pamela@example.org"],
        "subject": "Your panel meets on\nTuesday",
        "text": "Hello Pamela",
        "html": "<p>Hello Pamela</p>",
    }
    return emails.store_email(**{**fields, **changes})


def send_waiting() -> str:
    out = StringIO()
    call_command("send_waiting_emails", stdout=out)
    return out.getvalue()


# Stored, then sent after the commit -----------------------------------------------------------


def test_an_email_is_stored_with_the_action_and_sent_once_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = store(reply_to=["staff@example.org"])
        assert mail.outbox == [], "nothing goes before the action has committed"
        assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.WAITING

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutgoingEmail.Status.SENT, 0, "")
    assert email.sent_at is not None
    [message] = mail.outbox
    assert message.to == ["pamela@example.org"]
    assert message.subject == "Your panel meets on Tuesday"
    assert message.body == "Hello Pamela"
    assert message.alternatives[0].content == "<p>Hello Pamela</p>"
    assert message.reply_to == ["staff@example.org"]
    assert message.from_email == email.from_email


def test_an_action_rolled_back_leaves_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        store()
        raise RuntimeError("the action failed")
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_a_queue_that_cannot_take_the_task_does_not_break_the_action(monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionError("the task queue is down")

    monkeypatch.setattr(emails.send_outgoing_email.get_backend(), "enqueue", broken)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        store()
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.WAITING  # for send_waiting_emails


# The mail server down: waiting, trying again, giving up ---------------------------------------


def test_with_the_mail_server_down_the_email_waits_longer_each_time():
    with mail_server_down():
        email = store()
        assert_waiting()
        email.refresh_from_db()
        waits = [email.next_attempt_at - timezone.now()]
        assert "Connection refused" in email.last_error

        assert "0 sent, 0 still waiting" in send_waiting(), "not due yet: nothing is tried"
        email.refresh_from_db()
        assert email.attempts == 1

        for _ in range(8):
            time_passes(email.next_attempt_at - timezone.now() + timedelta(seconds=1))
            assert "0 sent, 1 still waiting" in send_waiting()
            email.refresh_from_db()
            waits.append(email.next_attempt_at - timezone.now())

    assert email.attempts == 9
    assert [round(wait.total_seconds() / 60) for wait in waits] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert_retry_sends_each_once()


def test_after_a_day_of_tries_the_outbox_gives_up():
    with mail_server_down():
        email = store()
        time_passes(timedelta(hours=24))
        assert "1 given up" in send_waiting()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 2)
    time_passes(timedelta(days=1))
    assert "0 sent" in send_waiting(), "a given-up email waits for staff"
    assert mail.outbox == []


def test_what_went_wrong_is_said_in_plain_words():
    with mail_server_down(MailServerRefuses):
        email = store()
    email.refresh_from_db()
    assert email.last_error == "The mail server would not take the email. (451 Try again later)"


def test_a_queue_that_can_wait_books_the_next_try_for_later():
    """With django-tasks-db (production), a failure enqueues the task again to run after the wait."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        email = store()  # enqueued for a worker, not sent yet
        [first] = DBTaskResult.objects.all()
        assert first.args_kwargs == {"args": [email.pk], "kwargs": {}}
        with mail_server_down():
            assert emails.send_now(email.pk) == OutgoingEmail.Status.WAITING
    email.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.run_after == email.next_attempt_at
    assert retry.task_path == "commissioning.emails.send_outgoing_email"


# Never twice --------------------------------------------------------------------------------


def test_two_claims_of_one_email_send_it_once():
    with mail_server_down():
        email = store()
    time_passes()
    results = [emails.send_now(email.pk), emails.send_now(email.pk)]
    assert results == [OutgoingEmail.Status.SENT, "skipped"]
    assert len(mail.outbox) == 1
    assert send_waiting().startswith("0 sent")
    assert len(mail.outbox) == 1


class _SlowServer(LocmemBackend):
    """Holds the first message until told to go on, so that a second worker tries meanwhile."""

    arrived = threading.Event()
    go_on = threading.Event()

    def send_messages(self, messages):
        type(self).arrived.set()
        assert type(self).go_on.wait(10)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    with mail_server_down():
        email = store()
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    _SlowServer.arrived.clear(), _SlowServer.go_on.clear()
    results = []

    def first_worker():
        try:
            results.append(emails.send_now(email.pk))
        finally:
            connection.close()

    with override_settings(MAILERS={"default": {"BACKEND": f"{__name__}._SlowServer"}}):
        worker = threading.Thread(target=first_worker)
        worker.start()
        assert _SlowServer.arrived.wait(10)
        second = emails.send_now(email.pk)  # while the first is still talking to the mail server
        _SlowServer.go_on.set()
        worker.join(10)

    assert (results, second) == ([OutgoingEmail.Status.SENT], "skipped")
    assert len(mail.outbox) == 1


# The staff page and Send again ----------------------------------------------------------------


def on_the_14th_of_july_2020(email: OutgoingEmail, **fields) -> OutgoingEmail:
    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2020, 7, 14, 9, 30)), **fields
    )
    email.refresh_from_db()
    return email


@pytest.fixture
def stuck():
    """One email given up on, one still waiting, one sent."""
    with mail_server_down():
        failed = store(to=["ben@example.org"], subject="Your interview")
        waiting = store(to=["cara@example.org"], subject="Your receipt")
    on_the_14th_of_july_2020(failed, status=OutgoingEmail.Status.FAILED, attempts=29)
    store(to=["dan@example.org"], subject="Already gone")
    mail.outbox.clear()  # the tests count what goes after this
    return failed, waiting


def test_staff_see_the_emails_not_sent_yet(client, facilitator, stuck):
    client.force_login(facilitator)
    page = client.get(OUTBOX).content.decode()

    assert "2 emails not sent yet" in page
    assert "ben@example.org" in page and "Your interview" in page and "14 July 2020" in page
    assert '<td class="govuk-table__cell">29</td>' in page
    assert "The mail server could not be reached. ([Errno 111] Connection refused)" in page
    assert "cara@example.org" in page and "Your receipt" in page
    assert "dan@example.org" not in page
    failed, waiting = stuck
    assert reverse("commissioning:outbox_send_again", args=[failed.pk]) in page
    assert reverse("commissioning:outbox_send_again", args=[waiting.pk]) not in page, "only a given-up email"


def test_the_outbox_page_query_count(client, facilitator, stuck):
    client.force_login(facilitator)
    assert_page_queries(client, OUTBOX, at_most=4, add_data=lambda: store(to=["eve@example.org"]))


def test_the_outbox_is_in_the_staff_menu_only(client, facilitator, applicant):
    client.force_login(facilitator)
    assert f'href="{OUTBOX}"' in client.get(reverse("commissioning:home")).content.decode()
    assert f'href="{OUTBOX}"' in client.get(reverse("commissioning:round_list")).content.decode()
    client.force_login(applicant)
    assert f'href="{OUTBOX}"' not in client.get(reverse("commissioning:home")).content.decode()


def test_send_again_sends_a_given_up_email_once_and_logs_it(
    client, facilitator, stuck, django_capture_on_commit_callbacks
):
    failed, _ = stuck
    client.force_login(facilitator)
    send_again = reverse("commissioning:outbox_send_again", args=[failed.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_again, follow=True)

    assert response.redirect_chain[-1][0] == OUTBOX
    assert "The email “Your interview” to ben@example.org is being sent again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [["ben@example.org"]]
    event = AuditEvent.objects.get(verb=Verb.EMAIL_SENT_AGAIN)
    assert (event.actor, event.target) == (facilitator, failed)

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(send_again, follow=True)
    assert "nothing to send again" in again.content.decode()
    assert len(mail.outbox) == 1


def test_send_again_with_the_server_still_down_waits_another_day(
    client, facilitator, stuck, django_capture_on_commit_callbacks
):
    failed, _ = stuck
    client.force_login(facilitator)
    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commissioning:outbox_send_again", args=[failed.pk]))
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.WAITING, 30)
    assert timezone.now() - failed.waiting_since < timedelta(minutes=1)


# Actions of the core with the mail server down ------------------------------------------------


def test_password_reset_with_the_mail_server_down_keeps_the_link_for_later(client, applicant):
    with mail_server_down():
        response = client.post(reverse("commissioning:password_reset"), {"email": "applicant@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("commissioning:password_reset_sent")
    [email] = assert_waiting()
    assert email.to == ["applicant@example.org"] and email.kind == "registration/password_reset"
    [message] = assert_retry_sends_each_once()
    assert message.subject == "Set a new password for Commissioning Together"
    assert "/password-reset/" in message.body and message.alternatives[0].mimetype == "text/html"


def test_inviting_to_the_criteria_group_with_the_mail_server_down(
    client, facilitator, django_capture_on_commit_callbacks
):
    funding_round = FundingRoundFactory(criteria=True)
    client.force_login(facilitator)

    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("commissioning:criteria_group", args=[funding_round.slug]),
            {"email": "nora@example.org", "full_name": "Nora New"},
        )

    assert response.status_code == 302
    nora = User.objects.get(email="nora@example.org")
    assert funding_round.criteria_group.filter(user=nora).exists()
    [email] = assert_waiting()
    assert email.to == ["nora@example.org"]
    [message] = assert_retry_sends_each_once()
    assert message.to == ["nora@example.org"]
