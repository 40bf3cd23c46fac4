"""Forgotten password: ask for a link by email, follow it once, choose a new password."""

import re
from datetime import datetime, timedelta

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commissioning.audit import Verb
from commissioning.models import AuditEvent
from tests.commissioning.factories import TEST_PASSWORD
from tests.helpers import assert_page_queries

RESET = reverse("commissioning:password_reset")
SENT = reverse("commissioning:password_reset_sent")
COMPLETE = reverse("commissioning:password_reset_complete")
SIGN_IN = reverse("commissioning:sign_in")
NEW_PASSWORD = "a brand new passphrase 42"
LINK_DOES_NOT_WORK = "This link does not work"


def request_link(client, email):
    return client.post(RESET, {"email": email})


def link_in(message) -> str:
    """The path of the reset link in the email's plain-text body."""
    match = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, f"No reset link in:\n{message.body}"
    return match.group(1)


def confirm_url(user, token) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("commissioning:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})


def set_new_password(client, link, password1=NEW_PASSWORD, password2=NEW_PASSWORD):
    """Follow the emailed link (Django swaps the token for a session) and post the new password."""
    opened = client.get(link)
    assert opened.status_code == 302, "a good link redirects to the set-password page"
    return client.post(opened.url, {"new_password1": password1, "new_password2": password2})


def sign_in(client, email, password):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_reset_form_page(client, db):
    response = client.get(RESET)
    assert response.status_code == 200
    assert b"Set a new password" in response.content


def test_reset_form_page_query_count(client, db):
    assert_page_queries(client, RESET, at_most=0)


def test_asking_for_a_link_sends_one_email_to_that_address(client, applicant, mailoutbox):
    response = request_link(client, "applicant@example.org")
    assert response.status_code == 302
    assert response.url == SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["applicant@example.org"]
    assert message.subject == "Set a new password for Commissioning Together"
    assert "Hello Aisha," in message.body
    link = link_in(message)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html


def test_email_typed_in_another_case_still_gets_the_link_at_the_stored_address(client, applicant, mailoutbox):
    request_link(client, "Applicant@EXAMPLE.org")
    assert [m.to for m in mailoutbox] == [["applicant@example.org"]]


def test_check_your_email_page(client, db):
    response = client.get(SENT)
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert_page_queries(client, SENT, at_most=0)


def test_full_reset_sets_the_new_password_and_the_old_one_stops_working(client, applicant, mailoutbox):
    request_link(client, "applicant@example.org")
    response = set_new_password(client, link_in(mailoutbox[0]))
    assert response.status_code == 302
    assert response.url == COMPLETE
    done = client.get(COMPLETE)
    assert done.status_code == 200
    assert b"Your password is set" in done.content

    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    assert not applicant.check_password(TEST_PASSWORD)

    old = sign_in(client, "applicant@example.org", TEST_PASSWORD)
    assert old.status_code == 200
    assert SESSION_KEY not in client.session
    new = sign_in(client, "applicant@example.org", NEW_PASSWORD)
    assert new.status_code == 302
    assert client.session[SESSION_KEY] == str(applicant.pk)


def test_reset_is_logged(client, applicant, mailoutbox):
    request_link(client, "applicant@example.org")
    set_new_password(client, link_in(mailoutbox[0]))
    event = AuditEvent.objects.get(verb=Verb.PASSWORD_RESET)
    assert event.actor == applicant
    assert event.target == applicant


def test_set_password_page_query_count(client, applicant):
    opened = client.get(confirm_url(applicant, default_token_generator.make_token(applicant)))
    assert_page_queries(client, opened.url, at_most=2)


def test_link_used_a_second_time_shows_the_kind_page(client, applicant, mailoutbox):
    request_link(client, "applicant@example.org")
    link = link_in(mailoutbox[0])
    set_new_password(client, link)
    again = client.get(link, follow=True)
    assert again.status_code == 200
    assert LINK_DOES_NOT_WORK.encode() in again.content
    assert b"Ask for a new link" in again.content
    assert b'name="new_password1"' not in again.content


def test_tampered_token_shows_the_kind_page(client, applicant):
    token = default_token_generator.make_token(applicant)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(confirm_url(applicant, tampered))
    assert response.status_code == 200
    assert LINK_DOES_NOT_WORK.encode() in response.content


def test_unknown_user_in_the_link_shows_the_kind_page(client, db):
    response = client.get(reverse("commissioning:password_reset_confirm", kwargs={"uidb64": "OTk5OTk", "token": "x-y"}))
    assert response.status_code == 200
    assert LINK_DOES_NOT_WORK.encode() in response.content


class _TokensMadeAt(PasswordResetTokenGenerator):
    """The real token generator, with its clock set to `when` (as a link sent back then)."""

    def __init__(self, when: datetime):
        super().__init__()
        self._when = when

    def _now(self):
        return self._when


def test_link_older_than_a_day_has_run_out(client, applicant):
    sent_25_hours_ago = _TokensMadeAt(datetime.now() - timedelta(hours=25)).make_token(applicant)
    response = client.get(confirm_url(applicant, sent_25_hours_ago), follow=True)
    assert response.status_code == 200
    assert LINK_DOES_NOT_WORK.encode() in response.content
    assert b'name="new_password1"' not in response.content


def test_link_from_23_hours_ago_still_works(client, applicant):
    sent_23_hours_ago = _TokensMadeAt(datetime.now() - timedelta(hours=23)).make_token(applicant)
    response = set_new_password(client, confirm_url(applicant, sent_23_hours_ago))
    assert response.status_code == 302
    assert response.url == COMPLETE


def test_unknown_email_gets_the_same_answer_and_no_email(client, applicant, mailoutbox):
    known = request_link(client, "applicant@example.org")
    unknown = request_link(client, "nobody@example.org")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url) == (302, SENT)
    assert [m.to for m in mailoutbox] == [["applicant@example.org"]]


def test_switched_off_account_gets_no_email(client, applicant, mailoutbox):
    applicant.is_active = False
    applicant.save()
    response = request_link(client, "applicant@example.org")
    assert response.url == SENT
    assert mailoutbox == []


def test_empty_email_is_explained(client, db, mailoutbox):
    response = request_link(client, "")
    assert response.status_code == 200
    assert b"Enter your email address" in response.content
    assert b"There is a problem" in response.content
    assert mailoutbox == []


def test_email_without_an_at_sign_is_explained_and_kept(client, db, mailoutbox):
    response = request_link(client, "applicant.example.org")
    assert response.status_code == 200
    assert b"Enter an email address like name@example.org" in response.content
    assert b'value="applicant.example.org"' in response.content
    assert mailoutbox == []


def test_empty_new_password_is_explained_and_nothing_changes(client, applicant):
    response = set_new_password(client, confirm_url(applicant, default_token_generator.make_token(applicant)), "", "")
    assert response.status_code == 200
    assert b"Enter a new password" in response.content
    assert b"Type the new password again" in response.content
    applicant.refresh_from_db()
    assert applicant.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.filter(verb=Verb.PASSWORD_RESET).exists()


def test_mismatched_new_passwords_are_explained_and_nothing_changes(client, applicant):
    link = confirm_url(applicant, default_token_generator.make_token(applicant))
    response = set_new_password(client, link, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert "The two new passwords are different. Type the same password in both boxes." in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.check_password(TEST_PASSWORD)


def test_too_common_new_password_is_refused(client, applicant):
    link = confirm_url(applicant, default_token_generator.make_token(applicant))
    response = set_new_password(client, link, "password123", "password123")
    assert response.status_code == 200
    assert b"This password is too common." in response.content
    applicant.refresh_from_db()
    assert applicant.check_password(TEST_PASSWORD)
