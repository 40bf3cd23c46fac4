"""A mail server that is down, and what the outbox's tests check with it.

`mail_server_down()` swaps Django's mail backend for one that refuses every message, the way
SMTP does when the server cannot be reached; outside it the tests' own locmem backend (which
fills `django.core.mail.outbox`) is back.
"""

import re
import smtplib
from datetime import timedelta
from io import StringIO

import textstat
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings

from commissioning.models import OutgoingEmail


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class MailServerRefuses(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 Try again later")


def mail_server_down(backend=MailServerDown):
    return override_settings(MAILERS={"default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"}})


def time_passes(delta=timedelta(minutes=1, seconds=1)) -> None:
    """As if `delta` had gone by: every stored email's times move that much into the past."""
    for email in OutgoingEmail.objects.all():
        email.created_at -= delta
        email.waiting_since -= delta
        email.next_attempt_at -= delta
        email.save(update_fields=["created_at", "waiting_since", "next_attempt_at"])


def assert_waiting(*, count=1) -> list[OutgoingEmail]:
    """Nothing reached the mail server; the emails are stored, waiting, after one failed try."""
    assert mail.outbox == []
    emails = list(OutgoingEmail.objects.order_by("pk"))
    assert len(emails) == count, [email.subject for email in emails]
    for email in emails:
        assert email.status == OutgoingEmail.Status.WAITING
        assert email.attempts == 1
        assert email.last_error.startswith("The mail server could not be reached.")
        assert email.next_attempt_at > email.created_at
    return emails


def assert_retry_sends_each_once(*, count=1) -> list:
    """With the mail server back, the retry sends each stored email once; a second run sends none."""
    time_passes(timedelta(hours=1, seconds=1))  # the longest wait between tries
    call_command("send_waiting_emails", stdout=StringIO())
    assert len(mail.outbox) == count
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
    time_passes(timedelta(hours=2))
    call_command("send_waiting_emails", stdout=StringIO())
    assert len(mail.outbox) == count
    return list(mail.outbox)


# Emails are read by older volunteers and small charities: "Plain English" on the Flesch scale
# (60 or more), the same measure the plain-English check gives staff.
PLAIN_ENGLISH = 60
LINK = re.compile(r"https?://\S+")


def reading_ease(text: str) -> float:
    """The Flesch reading ease of an email's words. Web addresses are left out: nobody reads
    one aloud, and textstat would count each as one very long word."""
    return textstat.flesch_reading_ease(LINK.sub("", text))


def email_problems(email: OutgoingEmail) -> list[str]:
    """What is wrong with an email the code wrote from its templates (a test's own made-up
    emails, whose kind names no template, are not checked)."""
    if "/" not in email.kind:
        return []
    problems = []
    if not email.subject.strip():
        problems.append(f"{email.kind} has no subject")
    if not email.text_body.strip():
        problems.append(f"{email.kind} has no plain-text body")
    elif (score := reading_ease(email.text_body)) < PLAIN_ENGLISH:
        problems.append(f"{email.kind} reads at {score:.1f} on the Flesch scale (under {PLAIN_ENGLISH})")
    return problems
