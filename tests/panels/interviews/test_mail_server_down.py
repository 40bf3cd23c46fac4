"""With the mail server down, an organisation still books its interview time: the booking is
saved, the page is not an error, and the emails to both sides wait in the outbox until the mail
server is back, then go once (tests/mail.py)."""

from django.urls import reverse

from commissioning.models import OutgoingEmail
from panels.models import InterviewSlot
from tests.mail import assert_retry_sends_each_once, assert_waiting, mail_server_down


def test_an_organisation_books_a_time(
    client, applicant, member, shortlisted, slots, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("panels:interview_book", args=[shortlisted.pk]), {"slot": slots[1].pk})

    assert response.status_code == 302
    assert InterviewSlot.objects.get(application=shortlisted) == slots[1]
    count = OutgoingEmail.objects.count()
    waiting = assert_waiting(count=count)
    assert {applicant.email, member.email} <= {address for email in waiting for address in email.to}
    assert len(assert_retry_sends_each_once(count=count)) == count >= 2
