"""Every email goes through the outbox: it is stored with the action that causes it, then sent
by a background task once that action has committed.

Templates are `<app>/emails/<name>_subject.txt`, `_body.txt` and `_body.html`.

Why an outbox: sending inside a request meant that with the mail server down, an action whose
data was already saved answered with an error page, and the email was lost. Now the request
only writes a row (`OutgoingEmail`); `send_outgoing_email` sends it, tries again with a growing
wait when the mail server fails, and gives up after a day so that staff can see it on the
outbox page and send it again.
"""

import logging
import smtplib
import socket
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from commissioning.models import OutgoingEmail, User

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=1)


_importance: dict[str, str] = {}

_ESSENTIAL, _NEEDS_ME, _NEWS = (
    OutgoingEmail.Importance.ESSENTIAL,
    OutgoingEmail.Importance.NEEDS_ME,
    OutgoingEmail.Importance.NEWS,
)
# The core's kinds of email and how much each matters.
CORE_KINDS = {
    "commissioning/emails/sign_in_link": _ESSENTIAL,
    "registration/password_reset": _ESSENTIAL,
    # Someone's sign-in address changed: they must hear of it, whatever they chose.
    "commissioning/emails/email_changed": _ESSENTIAL,
    "commissioning/emails/criteria_invitation": _NEEDS_ME,
    "commissioning/emails/criteria_reminder": _NEEDS_ME,
    # A proposer is asked to accept or decline new wording for their criterion.
    "commissioning/emails/wording_suggested": _NEEDS_ME,
    "commissioning/emails/criteria_added": _NEWS,
}


def register_kinds(app_label: str, importance: dict[str, str]) -> None:
    """Register how much each of `app_label`'s kinds of email matters (OutgoingEmail.Importance),
    so each person's email choice can be honoured. Called in the app's `ready()`."""
    for kind, level in importance.items():
        if not kind.startswith((f"{app_label}/", "registration/")) or level not in OutgoingEmail.Importance.values:
            raise ImproperlyConfigured(f"{app_label} cannot register the email kind {kind!r} as {level!r}.")
        _importance[kind] = level


def importance_of(kind: str) -> str:
    """How much an email of `kind` matters; a kind nobody registered counts as essential (the
    tests check every email template is registered)."""
    return _importance.get(kind, OutgoingEmail.Importance.ESSENTIAL)


def registered_kinds() -> dict[str, str]:
    return dict(_importance)


def wanted_by(kind: str, to) -> list[str]:
    """The addresses in `to` that want an email of `kind`: everyone whose email choice takes it,
    and every address without an account (someone invited, say), in one query."""
    importance = importance_of(kind)
    addresses = list(to)
    if importance == OutgoingEmail.Importance.ESSENTIAL:
        return addresses
    choices = dict(User.objects.filter(email__in=addresses).values_list("email", "email_choice"))
    return [
        address
        for address in addresses
        if address not in choices or User(email_choice=choices[address]).wants_email(importance)
    ]


def send_templated_email(template: str, *, to: list[str], context: dict, reply_to=()) -> OutgoingEmail | None:
    """Store `template` ("commissioning/emails/criteria_invitation") for the addresses in `to`;
    it is sent once the caller's transaction commits. Addresses whose owner chose fewer emails
    than this kind of email are left out; None when nobody is left."""
    to = wanted_by(template, to)
    if not to:
        return None
    context = {"site_url": settings.SITE_URL, **context}
    return store_email(
        kind=template,
        to=to,
        subject=render_to_string(f"{template}_subject.txt", context),
        text=render_to_string(f"{template}_body.txt", context),
        html=render_to_string(f"{template}_body.html", context),
        reply_to=reply_to,
    )


def store_email(*, kind: str, to, subject: str, text: str, html: str = "", reply_to=()) -> OutgoingEmail:
    """Put an email already written in the outbox, and send it after the commit. (Written
    already: `send_templated_email` has honoured the recipients' email choices.)"""
    email = OutgoingEmail.objects.create(
        kind=kind,
        to=list(to),
        reply_to=list(reply_to),
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.split()),  # a subject is one line
        text_body=text,
        html_body=html,
    )
    send_after_commit(email.pk)
    return email


def send_after_commit(email_id: int) -> None:
    # After the commit, so that a worker in another process finds the row, and an action rolled
    # back sends nothing. Robust: the action has committed by then, so a queue that cannot take
    # the task must not turn it into an error page; the email waits for `send_waiting_emails`.
    transaction.on_commit(partial(_enqueue, email_id), robust=True)


def _enqueue(email_id: int, run_after=None) -> None:
    queued = send_outgoing_email
    if run_after is not None:
        if not queued.get_backend().supports_defer:
            # The immediate backend (development, tests) cannot wait: the email stays waiting
            # until `manage.py send_waiting_emails` runs.
            return
        queued = queued.using(run_after=run_after)
    queued.enqueue(email_id)


@task
def send_outgoing_email(email_id: int) -> str:
    """The background task: send one stored email. Returns what became of it."""
    return send_now(email_id)


def send_now(email_id: int) -> str:
    """Send the stored email if it is waiting and due; never raises for the mail server's sake.

    Returns its status afterwards, or "skipped" when it was not ours to send (already sent,
    given up, not due yet, or another worker is sending it at this moment)."""
    with transaction.atomic():
        # The row stays locked while we send: a second worker skips it rather than sending it
        # again, and once it is marked sent nobody sends it again.
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.WAITING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if email is None:
            return "skipped"
        try:
            _message(email).send()
        except Exception as error:  # noqa: BLE001  (whatever the mail server says, we try again later)
            logger.warning("Email %s to %s could not be sent: %s", email.pk, email.to, error)
            _record_failure(email, error)
        else:
            email.status, email.sent_at, email.last_error = OutgoingEmail.Status.SENT, timezone.now(), ""
            email.save(update_fields=["status", "sent_at", "last_error"])
    if email.status == OutgoingEmail.Status.WAITING:
        _enqueue(email.pk, run_after=email.next_attempt_at)
    return email.status


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email.subject,
        email.text_body,
        email.from_email,
        email.to,
        reply_to=email.reply_to or None,
        # One Message-ID per stored email, the same on every try: a copy that did go out before a
        # failure was recorded is the same message to the reader's mail server, not a second one.
        headers={"Message-ID": message_id(email)},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def message_id(email: OutgoingEmail) -> str:
    domain = email.from_email.rpartition("@")[2].strip(" >") or "commissioning.example"
    return f"<outbox-{email.pk}.{int(email.created_at.timestamp())}@{domain}>"


def retry_wait(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: a minute, doubling, at most an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def _record_failure(email: OutgoingEmail, error: Exception) -> None:
    now = timezone.now()
    email.attempts += 1
    email.last_error = plain_error(error)
    if now - email.waiting_since >= GIVE_UP_AFTER:
        email.status = OutgoingEmail.Status.FAILED
    else:
        email.next_attempt_at = now + retry_wait(email.attempts)
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def plain_error(error: Exception) -> str:
    """What went wrong, in words staff can act on, with the mail server's own words after."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        words = "The mail server refused the address."
    elif isinstance(error, smtplib.SMTPAuthenticationError):
        words = "The mail server did not accept our username and password."
    elif isinstance(error, (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPServerDisconnected)):
        words = "The mail server could not be reached."
    elif isinstance(error, smtplib.SMTPException):
        words = "The mail server would not take the email."
    else:
        words = "The email could not be sent."
    detail = str(error).strip()
    return f"{words} ({detail})"[:1000] if detail else words


def send_again(email: OutgoingEmail) -> OutgoingEmail:
    """Staff put an email the outbox gave up on back in the queue, for another day of tries."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if not email.is_failed:
            return email
        now = timezone.now()
        email.status, email.next_attempt_at, email.waiting_since = OutgoingEmail.Status.WAITING, now, now
        email.save(update_fields=["status", "next_attempt_at", "waiting_since"])
        send_after_commit(email.pk)
    return email


def send_waiting_emails() -> dict[str, int]:
    """Send every waiting email that is due (for cron, and when the task queue cannot wait).
    Returns how many ended sent, still waiting, given up, or skipped."""
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.WAITING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    counts = {"sent": 0, "waiting": 0, "failed": 0, "skipped": 0}
    for email_id in list(due):
        counts[send_now(email_id)] += 1
    return counts
